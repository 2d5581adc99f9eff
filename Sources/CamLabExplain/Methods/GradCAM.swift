import CamLabCore

extension ExplanationMethod {
    /// Grad-CAM (Selvaraju et al. 2017) as graph-mode eli5 0.13 computes it: the default method.
    public static let gradcam = ExplanationMethod(
        name: "gradcam", title: "Grad-CAM",
        summary: "channels weighted by their average gradient (eli5's default method)",
        description: gradcamDescription,
        reference: "Selvaraju et al., Grad-CAM, ICCV 2017. CamLab follows graph-mode eli5 0.13: the model's output "
            + "(the probability) as the score, gradients L2-normalised per image, the map ReLU'd over its maximum "
            + "at the layer's resolution. normalize_gradients: false, score: logit, map: relu_minmax and "
            + "upsample: true give pytorch-grad-cam's GradCAM.",
        family: .cam, needsSpatialLayer: true, defaultScore: nil, defaultStyle: .reluMax, upsamplesByDefault: false,
        options: ["normalize_gradients"]
    ) { request in
        let (activations, gradients) = request.activationsAndGradients()
        return (0..<activations.count).map { image in
            let weights = gradcamWeights(gradients, image: image, normalize: request.options.normalizeGradients)
            return weightedChannelSum(activations, image: image, weights: weights.weights)
        }
    }
}

/// The explanation text, in the spirit of eli5's, saying how to read the map.
public let gradcamDescription = """
Grad-CAM (gradient-weighted class activation mapping) shows which parts of the image drove the model's score \
for the target class. It weighs each channel of a convolutional layer's output by the average gradient of the \
score with respect to that channel, sums the weighted channels, keeps the positive part and scales it to [0, 1]. \
Bright areas of the heatmap raised the score; dark areas did not. The map has the layer's resolution and is \
stretched over the image, so its detail is coarse.
"""

/// Grad-CAM's channel weights α_k for image `i`: the gradients averaged over the positions, after L2-normalising
/// the image's gradients when `normalize` (as graph-mode eli5 does; see `l2Normalized`). Also returns the
/// gradients averaged (normalised or raw).
func gradcamWeights(_ gradients: SpatialBatch, image i: Int, normalize: Bool) -> (weights: [Float], gradients: [Float]) {
    let raw = Array(gradients.image(i))
    let used = normalize ? l2Normalized(raw) : raw
    var sums = [Double](repeating: 0, count: gradients.channels)
    for (offset, g) in used.enumerated() { sums[offset % gradients.channels] += Double(g) }
    return (sums.map { Float($0 / Double(gradients.positions)) }, used)
}
