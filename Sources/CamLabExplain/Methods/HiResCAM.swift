import CamLabCore

extension ExplanationMethod {
    /// HiResCAM (Draelos and Carin 2020): gradients times activations, element by element.
    public static let hirescam = ExplanationMethod(
        name: "hirescam", title: "HiResCAM",
        summary: "gradients times activations, position by position, summed over channels",
        description: "HiResCAM multiplies every activation of a convolutional layer by the gradient of the score "
            + "at that same position and channel, and sums over the channels, instead of averaging the gradients "
            + "first as Grad-CAM does. For a model whose layers above are linear in this layer, the map shows "
            + "exactly where the score came from. Bright areas raised the score.",
        reference: "Draelos and Carin, Use HiResCAM instead of Grad-CAM for faithful explanations, 2020. As "
            + "pytorch-grad-cam's HiResCAM: Σ_k g ⊙ A, the logit as the score.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let (activations, gradients) = request.activationsAndGradients()
        return (0..<activations.count).map { image in
            elementwiseChannelSum(gradients, activations, image: image) { g, a in g * a }
        }
    }
}
