import CamLabCore
import CamLabImaging
import CamLabNN

/// Adebayo et al. 2018's cascading model-parameter randomisation test: destroy the model's weights layer by
/// layer from the top down and see whether a method's map changes. A map that still looks the same when the
/// model knows nothing is explaining the picture, not the model — it fails the test.
public struct CascadingRandomization: Sendable {
    public let methods: [String]
    /// The layers with weights, top down: step k has layers[0 … k] randomised (and the rest trained).
    public let layers: [String]
    /// [method][step]: Spearman's rank correlation between the map from the trained model and from the model
    /// randomised down to that step, over the maps' absolute values, averaged over the images.
    public let correlations: [[Double]]
    /// The first image's maps, [method][0] from the trained model, then one per step.
    public let maps: [[Heatmap]]
    /// The first image, for pictures.
    public let image: Image
    /// The classes explained, one per image: the trained model's predictions unless given, the same for every step.
    public let targets: [Int]
    /// A method passes when its correlation once every layer is randomised lies below this.
    public let threshold: Double

    /// Passes when the fully randomised model's map is unlike the trained one's (or flat: nothing left of it).
    public func passes(_ method: Int) -> Bool {
        guard let last = correlations[method].last, !last.isNaN else { return true }
        return abs(last) < threshold
    }
}

/// Runs the cascading randomisation test for each method on each image of `images` (N, height, width,
/// channels). Every randomised model is a copy (`Model.copy`); the user's model is only read.
///
/// - Parameters:
///   - layer: the layer CAM methods read (the same layer in every copy); `nil` lets each choose its default.
///   - targets: one class per image, or `nil` for the trained model's predictions.
///   - threshold: the |correlation| under which a fully randomised map counts as changed (0.5 by default:
///     Adebayo et al. set no line; at 0.5 less than a quarter of the rank variance is shared).
///   - seed: fixes the random weights.
public func cascadingRandomization(model: Model, images: Tensor, methods: [MapMethod],
                                   layer: LayerReference? = nil, targets: [Int]? = nil, threshold: Double = 0.5,
                                   seed: UInt64 = 0) throws -> CascadingRandomization {
    try model.checkBatch(images)
    guard !methods.isEmpty else { throw Problem("the sanity check needs at least one method") }
    let targets = try targets ?? model.predictedClasses(images)
    try model.checkTargets(targets, images: images.shape[0])
    let steps = model.weightedLayersTopDown
    guard !steps.isEmpty else { throw Problem("model '\(model.name)' has no weights to randomise") }
    let randomised = try steps.indices.map { k in try model.copy(reinitializing: Set(steps[0...k]), seed: seed) }

    var correlations: [[Double]] = [], pictures: [[Heatmap]] = []
    for method in methods {
        let original = try method.maps(model: model, batch: images, targets: targets, layer: layer)
        var row: [Double] = [], shown = [original[0]]
        for copy in randomised {
            let maps = try method.maps(model: copy, batch: images, targets: targets, layer: layer)
            row.append(meanCorrelation(original, maps))
            shown.append(maps[0])
        }
        correlations.append(row)
        pictures.append(shown)
    }
    return CascadingRandomization(methods: methods.map(\.name), layers: steps.map { model.layers[$0].name },
                                  correlations: correlations, maps: pictures, image: try firstImage(images),
                                  targets: targets, threshold: threshold)
}

/// The randomised-logit check (Sixt et al. 2020, "When explanations lie"): explain the predicted class and a
/// random other class. A map that depends on the class looks different for the two; a method whose maps
/// barely change is showing the picture's edges, whatever is asked.
public struct RandomLogitCheck: Sendable {
    public let methods: [String]
    public let predicted: [Int]
    public let other: [Int]
    /// [method]: Spearman's correlation of the two maps' absolute values, averaged over the images.
    public let correlations: [Double]
    /// The first image's maps, [method] → (predicted, other).
    public let maps: [[Heatmap]]
    public let image: Image
    public let threshold: Double

    public func passes(_ method: Int) -> Bool {
        let value = correlations[method]
        return value.isNaN || abs(value) < threshold
    }
}

/// Runs the randomised-logit check on each image of `images`, the other class drawn with `seed`.
public func randomLogitCheck(model: Model, images: Tensor, methods: [MapMethod], layer: LayerReference? = nil,
                             threshold: Double = 0.5, seed: UInt64 = 0) throws -> RandomLogitCheck {
    try model.checkBatch(images)
    guard !methods.isEmpty else { throw Problem("the random-logit check needs at least one method") }
    let classes = model.outputShape[0]
    guard classes > 1 else { throw Problem("model '\(model.name)' has one class; there is no other class to explain") }
    let predicted = try model.predictedClasses(images)
    var generator = SeededGenerator(seed: seed)
    let other = predicted.map { p in (p + 1 + Int(generator.next() % UInt64(classes - 1))) % classes }
    var correlations: [Double] = [], pictures: [[Heatmap]] = []
    for method in methods {
        let first = try method.maps(model: model, batch: images, targets: predicted, layer: layer)
        let second = try method.maps(model: model, batch: images, targets: other, layer: layer)
        correlations.append(meanCorrelation(first, second))
        pictures.append([first[0], second[0]])
    }
    return RandomLogitCheck(methods: methods.map(\.name), predicted: predicted, other: other,
                            correlations: correlations, maps: pictures, image: try firstImage(images),
                            threshold: threshold)
}

/// Spearman's correlation of each pair of maps' absolute values (as Adebayo et al.'s figures show maps),
/// averaged over the pairs whose correlation is defined; NaN when none is (every map flat).
func meanCorrelation(_ a: [Heatmap], _ b: [Heatmap]) -> Double {
    let values = zip(a, b).map { spearmanCorrelation($0.values.map(abs), $1.values.map(abs)) }.filter { !$0.isNaN }
    return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
}

/// The first image of a batch as a picture (min–max to 0–255, as `explain` shows its input).
func firstImage(_ images: Tensor) throws -> Image {
    do { return try Image(rescaling: images.images[0]) } catch let error as Problem {
        throw Problem("cannot show the input as an image: \(error.message)")
    }
}
