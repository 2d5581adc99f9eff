import CamLabCore
import CamLabImaging
import CamLabNN

/// ROAD, "remove and debias" (Rong et al. 2022), as pytorch-grad-cam's `ROADMostRelevantFirstAverage`,
/// `ROADLeastRelevantFirstAverage` and `ROADCombined` compute it: remove a share of the pixels, impute them
/// with noisy linear imputation, and score the target class again. Removing the *most* relevant pixels first
/// (MoRF) should make the score fall; removing the *least* relevant first (LeRF) should leave it. The
/// combined score rewards both.
public struct ROADResult: Sendable {
    /// The shares of pixels removed, e.g. 0.1 … 0.9.
    public let fractions: [Double]
    /// The target's score for each image as it is.
    public let before: [Float]
    /// The target's score after removing each share of the most relevant pixels, averaged over the images.
    public let mostRelevantFirst: [Double]
    /// The same after removing the least relevant pixels.
    public let leastRelevantFirst: [Double]
    /// Per image: (mean LeRF change − mean MoRF change) / 2, each change being the score after removal minus the
    /// score before, averaged over the fractions (pytorch-grad-cam's `ROADCombined`).
    public let imageScores: [Double]
    /// The mean of `imageScores`: higher is better; a map no better than chance scores about 0.
    public var score: Double { imageScores.reduce(0, +) / Double(max(imageScores.count, 1)) }
}

/// The fractions pytorch-grad-cam averages over: its percentiles 10 … 90.
public let roadDefaultFractions: [Double] = (1...9).map { Double($0) / 10 }

/// ROAD for each image of `images` (N, height, width, channels) with its map and target.
///
/// CamLab removes exactly ⌊fraction · pixels⌋ pixels, ranked by the map (bilinearly resized to the image),
/// with ties in an order fixed by `seed`, as tleemann/road_evaluation's `ImputedDataset` does (it breaks
/// ties with 1e-4 noise); pytorch-grad-cam thresholds at a percentile instead, which removes every pixel tied
/// at the threshold — with a ReLU'd map, often far more than the share asked for. The imputation noise is
/// drawn from a generator seeded with `seed`, so results repeat.
public func road(model: Model, images: Tensor, maps: [Heatmap], targets: [Int],
                 fractions: [Double] = roadDefaultFractions, noise: Float = 0.01, seed: UInt64 = 0,
                 budget: MemoryBudget = .standard) throws -> ROADResult {
    try model.checkJudged(images, maps: maps, targets: targets, by: "road")
    guard !fractions.isEmpty, fractions.allSatisfy({ $0 > 0 && $0 < 1 }) else {
        throw Problem("road: the fractions of pixels to remove must lie strictly between 0 and 1, got "
                           + "\(fractions.map { "\($0)" }.joined(separator: ", "))")
    }
    guard noise >= 0, noise.isFinite else { throw Problem("road: noise must be 0 or more, got \(noise)") }
    let (count, height, width, channels) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
    let pixels = height * width, perImage = pixels * channels
    // Per image: every MoRF fraction, then every LeRF fraction.
    let variants = 2 * fractions.count
    try budget.check(bytes: Double(count) * Double(variants) * Double(perImage) * 4,
                     for: "road of \(count) images at \(fractions.count) fractions")
    let source = images.scalars
    // Each image is imputed on its own, so the images are shared among the cores.
    let batch = Parallel.map(count) { n -> [Float] in
        let image = Array(source[(n * perImage)..<((n + 1) * perImage)])
        let order = rankedPixels(maps[n].resampled(width: width, height: height), seed: seed &+ UInt64(n))
        var generator = SeededGenerator(seed: seed &+ 0x9E37_79B9 &+ UInt64(n))
        var variantsOfImage: [Float] = []
        variantsOfImage.reserveCapacity(variants * perImage)
        for (v, fraction) in (fractions + fractions).enumerated() {
            let removed = Int(Double(pixels) * fraction)
            var kept = [Bool](repeating: true, count: pixels)
            let chosen = v < fractions.count ? order.prefix(removed) : order.suffix(removed)
            for p in chosen { kept[p] = false }
            variantsOfImage += noisyLinearImputation(image, height: height, width: width, channels: channels,
                                                     kept: kept, noise: noise, generator: &generator)
        }
        return variantsOfImage
    }.flatMap { $0 }
    let before = try model.targetScores(images, targets: targets)
    let after = try model.targetScores(Tensor(shape: [count * variants, height, width, channels], scalars: batch),
                                       targets: targets.flatMap { Array(repeating: $0, count: variants) })
    let k = fractions.count
    func mean(_ values: some Collection<Float>) -> Double { values.reduce(0.0) { $0 + Double($1) } / Double(values.count) }
    let imageScores = (0..<count).map { n -> Double in
        let morf = mean(after[(n * variants)..<(n * variants + k)]) - Double(before[n])
        let lerf = mean(after[(n * variants + k)..<((n + 1) * variants)]) - Double(before[n])
        return (lerf - morf) / 2
    }
    func curve(_ offset: Int) -> [Double] {
        (0..<k).map { f in (0..<count).reduce(0.0) { $0 + Double(after[$1 * variants + offset + f]) } / Double(count) }
    }
    return ROADResult(fractions: fractions, before: before, mostRelevantFirst: curve(0), leastRelevantFirst: curve(k),
                      imageScores: imageScores)
}
