import CamLabCore

extension ExplanationMethod {
    /// XGrad-CAM (Fu et al. 2020): channel weights from gradients weighted by the normalised activations.
    public static let xgradcam = ExplanationMethod(
        name: "xgradcam", title: "XGrad-CAM",
        summary: "channels weighted by their gradients averaged with the activations as weights",
        description: "XGrad-CAM weighs each channel of a convolutional layer by its gradients averaged with the "
            + "channel's own activations as weights (where the channel is active counts most), chosen so that "
            + "the map is sensitive to the score and conserves it. It sums the weighted channels and keeps the "
            + "positive part. Bright areas raised the score.",
        reference: "Fu et al., Axiom-based Grad-CAM, BMVC 2020. As pytorch-grad-cam's XGradCAM: "
            + "w_k = Σ g·A / (Σ A + 1e-7), the logit as the score.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let (activations, gradients) = request.activationsAndGradients()
        return (0..<activations.count).map { image in
            let sums = channelSums(activations, image: image)
            let g = gradients.image(image), a = activations.image(image), channels = gradients.channels
            var weights = [Double](repeating: 0, count: channels)
            for offset in 0..<g.count {
                weights[offset % channels] += Double(g[g.startIndex + offset]) * Double(a[a.startIndex + offset])
            }
            return weightedChannelSum(activations, image: image,
                                      weights: (0..<channels).map { Float(weights[$0] / (sums[$0] + 1e-7)) })
        }
    }
}
