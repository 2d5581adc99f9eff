#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

extension ExplanationMethod {
    /// Score-CAM (Wang et al. 2020): each channel weighted by the score the image earns when masked by it.
    public static let scorecam = ExplanationMethod(
        name: "scorecam", title: "Score-CAM",
        summary: "channels weighted by the score the image keeps when masked by each channel",
        description: "Score-CAM uses no gradients: it masks the image with each channel of a convolutional layer "
            + "in turn (stretched to the image and scaled to [0, 1]), runs the masked image through the model, "
            + "and weighs the channel by how much the class's probability rises above that of a blank image. It "
            + "sums the weighted channels and keeps the positive part. Bright areas are where the channels that "
            + "alone convince the model are active. It costs one forward pass per channel.",
        reference: "Wang et al., Score-CAM, CVPR workshops 2020: weights C(A_k) = f(X ∘ H_k) − f(X_b), the increase "
            + "in softmax score over the blank (zero) image. Masks scaled as pytorch-grad-cam's ScoreCAM, "
            + "(A − min) / (max − min + 1e-8), but upsampled with half-pixel centres (OpenCV's bilinear, as CamLab "
            + "upsamples every map) where pytorch-grad-cam aligns the corners; pytorch-grad-cam also softmaxes the "
            + "masked logits over the channels (weights: pytorch_grad_cam, with score: logit for a model that outputs "
            + "logits, as PyTorch models do), and the paper's own code weighs by the masked image's softmax score "
            + "without subtracting the blank image's (weights: official).",
        family: .cam, needsSpatialLayer: true, defaultScore: .probability, defaultStyle: .reluMinmax,
        options: ["weights"]
    ) { request in
        let activations = SpatialBatch(request.activations)
        let channels = activations.channels
        let geometry = request.inputGeometry
        let masks = (0..<activations.count).map { scoreCAMMasks(activations, image: $0, geometry: geometry) }
        let masked = try request.expanded(copies: channels) { image, k, values, out in
            let mask = masks[image][k]
            for p in 0..<mask.count {
                for c in 0..<geometry.channels {
                    out[p * geometry.channels + c] = values[p * geometry.channels + c] * mask[p]
                }
            }
        }
        let scores = try request.scores(of: masked, targets: request.repeatedTargets(channels))
        let rule = request.options.scoreCAMWeights
        let blank = rule == .paper
            ? try request.scores(of: Tensor.zeros(request.batch.shape), targets: request.targets) : []
        return (0..<activations.count).map { image in
            let masked = Array(scores[(image * channels)..<((image + 1) * channels)])
            return weightedChannelSum(activations, image: image,
                                      weights: scoreCAMWeights(masked, blank: rule == .paper ? blank[image] : 0, rule: rule))
        }
    }
}

/// One image's channel weights from its masked images' scores (and, for the paper's rule, the blank image's).
func scoreCAMWeights(_ scores: [Float], blank: Float, rule: ScoreCAMWeights) -> [Float] {
    switch rule {
    case .paper: return scores.map { $0 - blank }
    case .official: return scores
    case .pytorchGradCAM:
        // torch.nn.Softmax(dim=-1), shifted by the maximum so large scores cannot overflow.
        let peak = scores.max() ?? 0
        let exponentials = scores.map { Double(expf($0 - peak)) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { Float($0 / total) }
    }
}

/// Score-CAM's masks for image `i`: every channel of the layer stretched to the input's size (bilinear) and
/// scaled min–max to [0, 1] with pytorch-grad-cam's 1e-8; a constant channel masks everything out.
func scoreCAMMasks(_ activations: SpatialBatch, image i: Int,
                   geometry: (height: Int, width: Int, channels: Int)) -> [[Float]] {
    let values = activations.image(i), channels = activations.channels
    return (0..<channels).map { k in
        let channel = Tensor(shape: [activations.height, activations.width],
                             scalars: stride(from: k, to: values.count, by: channels).map { values[values.startIndex + $0] })
        let upsampled = bilinearResized(channel, height: geometry.height, width: geometry.width).scalars
        let low = upsampled.min() ?? 0, high = upsampled.max() ?? 0
        return upsampled.map { ($0 - low) / (high - low + 1e-8) }
    }
}
