import CamLabCore

extension ExplanationMethod {
    /// LayerCAM (Jiang et al. 2021): positive gradients times activations, element by element.
    public static let layercam = ExplanationMethod(
        name: "layercam", title: "LayerCAM",
        summary: "positive gradients times activations, position by position",
        description: "LayerCAM weighs every activation of a convolutional layer by the positive part of the "
            + "gradient at that position and channel, and sums over the channels. Because each position keeps "
            + "its own weight, it works on early layers too, whose maps are sharp; averaging the maps of several "
            + "layers (layers: [...]) combines fine and coarse evidence. Bright areas raised the score.",
        reference: "Jiang et al., LayerCAM, IEEE TIP 2021. As pytorch-grad-cam's LayerCAM: Σ_k relu(g) ⊙ A, "
            + "the logit as the score.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let (activations, gradients) = request.activationsAndGradients()
        return (0..<activations.count).map { image in
            elementwiseChannelSum(gradients, activations, image: image) { g, a in max(g, 0) * a }
        }
    }
}
