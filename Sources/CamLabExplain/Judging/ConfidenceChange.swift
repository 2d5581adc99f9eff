import CamLabCore
import CamLabImaging
import CamLabNN

/// How the target's score changes when the image is multiplied by its own map (Chattopadhay et al. 2018,
/// "Grad-CAM++"), as pytorch-grad-cam's `CamMultImageConfidenceChange`, `DropInConfidence` and
/// `IncreaseInConfidence` compute it. A faithful map keeps what the model needs, so the score barely drops;
/// a map that also cuts away clutter may even raise it.
public struct ConfidenceChange: Sendable {
    /// The target's score for each image as it is, and for the image multiplied by its map.
    public let before: [Float]
    public let after: [Float]

    /// pytorch-grad-cam's `DropInConfidence` per image: max(0, before − after), in score units.
    public var drops: [Double] { zip(before, after).map { max(0, Double($0) - Double($1)) } }
    /// pytorch-grad-cam's `IncreaseInConfidence` per image: 1 when after > before, else 0.
    public var increases: [Double] { zip(before, after).map { $1 > $0 ? 1 : 0 } }
    /// The mean drop (lower is better).
    public var drop: Double { drops.reduce(0, +) / Double(max(drops.count, 1)) }
    /// The share of images whose score rose (higher is better).
    public var increase: Double { increases.reduce(0, +) / Double(max(increases.count, 1)) }
}

/// Multiplies each image of `images` (N, height, width, channels) by its map — brought to the image's size
/// by bilinear interpolation and scaled to [0, 1) as pytorch-grad-cam's `scale_cam_image` does — and scores
/// the target class before and after.
public func confidenceChange(model: Model, images: Tensor, maps: [Heatmap],
                             targets: [Int]) throws -> ConfidenceChange {
    try model.checkJudged(images, maps: maps, targets: targets, by: "confidence change")
    let (count, height, width, channels) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
    let perImage = height * width * channels
    var multiplied = images.scalars
    for n in 0..<count {
        let weights = minMaxScaled(maps[n].resampled(width: width, height: height))
        for p in 0..<height * width {
            for c in 0..<channels { multiplied[n * perImage + p * channels + c] *= weights[p] }
        }
    }
    return ConfidenceChange(before: try model.targetScores(images, targets: targets),
                            after: try model.targetScores(Tensor(shape: images.shape, scalars: multiplied),
                                                          targets: targets))
}
