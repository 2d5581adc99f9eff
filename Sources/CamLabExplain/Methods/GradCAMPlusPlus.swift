import CamLabCore

extension ExplanationMethod {
    /// Grad-CAM++ (Chattopadhay et al. 2018) in the closed form of an exponential score.
    public static let gradcamPlusPlus = ExplanationMethod(
        name: "gradcam_plus_plus", title: "Grad-CAM++",
        summary: "channels weighted by their positive gradients, each position weighted by alpha",
        description: "Grad-CAM++ weighs each channel of a convolutional layer by the sum of its positive "
            + "gradients, each position counted with a weight alpha that grows where the gradient is strong and "
            + "the channel is weak, so that several separate parts of the evidence each count, not only the "
            + "largest. It then sums the weighted channels and keeps the positive part. Bright areas raised the "
            + "score; it tends to cover more of the object than Grad-CAM.",
        reference: "Chattopadhay et al., Grad-CAM++, WACV 2018, equation 19: with the score Y = exp(S) of the logit "
            + "S, alpha = g² / (2g² + Σ_ab A_ab · g³) for g = dS/dA. As pytorch-grad-cam's GradCAMPlusPlus: "
            + "eps 1e-6 in the denominator, alpha 0 where g is 0, weights Σ relu(g) · alpha, the logit as the "
            + "score.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let (activations, gradients) = request.activationsAndGradients()
        return (0..<activations.count).map { image in
            let sums = channelSums(activations, image: image)
            let g = gradients.image(image), channels = gradients.channels
            var weights = [Double](repeating: 0, count: channels)
            for (offset, value) in g.enumerated() where value != 0 {
                let k = offset % channels
                let g2 = Double(value) * Double(value), g3 = g2 * Double(value)
                let alpha = g2 / (2 * g2 + sums[k] * g3 + 1e-6)
                weights[k] += max(Double(value), 0) * alpha
            }
            return weightedChannelSum(activations, image: image, weights: weights.map { Float($0) })
        }
    }
}
