import CamLabCore
import CamLabImaging
import CamLabNN

/// The two causal metrics of Petsiuk et al. 2018 (RISE).
public enum CausalMetric: String, Sendable, CaseIterable {
    /// Remove pixels from the most important down and watch the class's score fall: a faithful map makes it
    /// fall at once, so a small area under the curve is good.
    case deletion
    /// Put pixels back, most important first, onto a blurred copy and watch the score rise: a faithful map
    /// makes it rise at once, so a large area is good.
    case insertion

    /// RISE's substrates: black for deletion, the blurred image for insertion.
    public var defaultSubstrate: Substrate { self == .deletion ? .zeros : .riseBlur }
    /// Which way is better, for tables: "lower is better" or "higher is better".
    public var better: String { self == .deletion ? "lower is better" : "higher is better" }
}

/// A deletion or insertion curve: the target class's score as pixels change in the order a map ranks them.
public struct CausalCurve: Sendable {
    public let metric: CausalMetric
    /// Share of the pixels changed at each point: i / steps for i = 0 … steps.
    public let fractions: [Double]
    /// The target's score at each point, averaged over the images.
    public let scores: [Double]
    /// Area under the curve over [0, 1] by the trapezoid rule, as RISE's `auc`, averaged over the images.
    public let auc: Double
    /// Each image's own area.
    public let imageAUCs: [Double]
    /// Pixels changed per step.
    public let step: Int
    public let substrate: Substrate
}

/// RISE's `auc`: the trapezoid rule over evenly spaced points spanning [0, 1].
func trapezoidArea(_ values: [Double]) -> Double {
    guard values.count > 1 else { return values.first ?? 0 }
    return (values.reduce(0, +) - values[0] / 2 - values[values.count - 1] / 2) / Double(values.count - 1)
}

/// Deletion or insertion, as RISE's `CausalMetric.single_run` computes it, for each image of `images`
/// (N, height, width, channels) with its map and target class.
///
/// Pixels are ranked by the map (brought to the image's size by bilinear interpolation when it is smaller;
/// equal values in an order fixed by `seed`). Deletion starts from the image and replaces `step` pixels per
/// step, most important first, by the substrate (black by default); insertion starts from the substrate (the
/// blurred image by default) and puts the image's pixels back in the same order. After every step the model
/// scores the target class; all steps of all images go through the model as one batch. `step` defaults to
/// the image's width (RISE uses 224 on 224 × 224 images), so a 28 × 28 picture takes 28 steps.
public func causalCurve(_ metric: CausalMetric, model: Model, images: Tensor, maps: [Heatmap], targets: [Int],
                        step: Int? = nil, substrate: Substrate? = nil, seed: UInt64 = 0,
                        budget: MemoryBudget = .standard) throws -> CausalCurve {
    try model.checkJudged(images, maps: maps, targets: targets, by: metric.rawValue)
    let (count, height, width, channels) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
    let pixels = height * width
    let step = step ?? width
    guard (1...pixels).contains(step) else {
        throw Problem("\(metric.rawValue): step must be between 1 and the \(pixels) pixels of an image, got \(step)")
    }
    let substrate = substrate ?? metric.defaultSubstrate
    let steps = (pixels + step - 1) / step
    let perImage = pixels * channels

    try budget.check(bytes: Double(count) * Double(steps + 1) * Double(perImage) * 4,
                     for: "\(metric.rawValue) of \(count) images in \(steps) steps")
    var batch: [Float] = []
    batch.reserveCapacity(count * (steps + 1) * perImage)
    for n in 0..<count {
        let image = images.scalars[(n * perImage)..<((n + 1) * perImage)]
        let filled = substrate.fill(image, height: height, width: width, channels: channels)
        var current = metric == .deletion ? Array(image) : filled
        let replacement = metric == .deletion ? filled : Array(image)
        let order = rankedPixels(maps[n].resampled(width: width, height: height), seed: seed &+ UInt64(n))
        for i in 0...steps {
            batch += current
            for p in order[min(i * step, pixels)..<min((i + 1) * step, pixels)] {
                for c in 0..<channels { current[p * channels + c] = replacement[p * channels + c] }
            }
        }
    }
    let scores = try model.targetScores(Tensor(shape: [count * (steps + 1), height, width, channels], scalars: batch),
                                        targets: targets.flatMap { Array(repeating: $0, count: steps + 1) })
    let curves = (0..<count).map { n in scores[(n * (steps + 1))..<((n + 1) * (steps + 1))].map(Double.init) }
    let mean = (0...steps).map { i in curves.reduce(0) { $0 + $1[i] } / Double(count) }
    let areas = curves.map(trapezoidArea)
    return CausalCurve(metric: metric, fractions: (0...steps).map { Double($0) / Double(steps) }, scores: mean,
                       auc: areas.reduce(0, +) / Double(count), imageAUCs: areas, step: step, substrate: substrate)
}
