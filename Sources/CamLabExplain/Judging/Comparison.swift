import CamLabCore
import CamLabImaging
import CamLabNN

/// Several methods on several layers for one image, each map with its faithfulness scores: what `compare`
/// draws as a labelled grid.
public struct Comparison: Sendable {
    public struct Cell: Sendable {
        public let map: Heatmap
        /// One value per metric of the comparison, in its order.
        public let scores: [Double]
    }

    public let methods: [String]
    /// The layers compared, top to bottom in the grid; methods that read no layer appear in the first row only.
    public let layers: [String]
    public let metrics: [FaithfulnessMetric]
    /// [layer][method]; nil where a method reads no layer (below the first row).
    public let cells: [[Cell?]]
    public let image: Image
    /// The class explained and the model's score for it.
    public let target: Int
    public let score: Float

    /// The cell with the best value of metric `m` across the grid, as (row, column); nil when it is shared.
    public func best(_ m: Int) -> (Int, Int)? {
        let places = cells.indices.flatMap { row in cells[row].indices.compactMap { column in
            cells[row][column].map { (row, column, $0.scores[m]) }
        } }
        return uniqueBest(places.map(\.2), higherIsBetter: metrics[m].higherIsBetter).map { (places[$0].0, places[$0].1) }
    }
}

/// Explains one image (1, height, width, channels) with every method on every layer (methods that read no
/// layer once) and scores each map with `metrics`. `layers` empty means each method's default layer.
/// `target` nil explains the predicted class.
public func compare(model: Model, image x: Tensor, methods: [MapMethod], layers: [LayerReference] = [],
                    metrics: [FaithfulnessMetric] = [.deletion, .insertion], target: Int? = nil,
                    seed: UInt64 = 0) throws -> Comparison {
    let batch = try singleImageBatch(x, model: model)
    try model.checkBatch(batch)
    guard !methods.isEmpty else { throw Problem("compare needs at least one method") }
    let predicted = try model.predictedClasses(batch)[0]
    let target = target ?? predicted
    try model.checkTargets([target], images: 1)
    let score = try model.targetScores(batch, targets: [target])[0]
    let rows: [LayerReference?] = layers.isEmpty ? [nil] : layers
    // Resolve every layer first, so a wrong name fails before any work.
    let names = try rows.map { reference -> String in
        if methods.contains(where: \.readsLayer) || reference != nil {
            let reader = methods.first(where: \.readsLayer)?.name ?? "a CAM method"
            return model.layers[try model.spatialLayerIndex(reference, for: reader)].name
        }
        return "input"
    }
    let cells = try rows.enumerated().map { row, layer in
        try methods.map { method -> Comparison.Cell? in
            guard method.readsLayer || row == 0 else { return nil }
            let map = try method.maps(model: model, batch: batch, targets: [target], layer: layer)[0]
            let scores = try metrics.map {
                try $0.evaluate(model: model, images: batch, maps: [map], targets: [target], seed: seed)
            }
            return Comparison.Cell(map: map, scores: scores)
        }
    }
    return Comparison(methods: methods.map(\.name), layers: names, metrics: metrics, cells: cells,
                      image: try firstImage(batch), target: target, score: score)
}

/// A map ready to look at, as Adebayo et al. show maps (PAIR saliency's `VisualizeImageGrayscale`): absolute
/// values stretched from their minimum to their 99th percentile and clipped, so that a few extreme pixels (a
/// product of two maps, as Guided Grad-CAM's, has them) do not leave the rest black. When the 99th percentile
/// is the minimum the largest value is the top instead; a flat map stays black. Only pictures use this.
public func displayable(_ map: Heatmap) throws -> Heatmap {
    let magnitudes = map.values.map { $0.isFinite ? abs($0) : 0 }
    let sorted = magnitudes.sorted()
    let low = sorted.first ?? 0
    var high = percentile(sorted, 99)
    if high <= low { high = sorted.last ?? 0 }
    return try Heatmap(width: map.width, height: map.height, values: magnitudes.map { value in
        high > low ? min(max((value - low) / (high - low), 0), 1) : 0
    })
}

/// NumPy's `percentile` (linear interpolation between the two nearest ranks) of values sorted ascending.
func percentile(_ sorted: [Float], _ p: Double) -> Float {
    guard !sorted.isEmpty else { return 0 }
    let position = Double(sorted.count - 1) * p / 100
    let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
    let fraction = Float(position - Double(below))
    return sorted[below] + (sorted[above] - sorted[below]) * fraction
}
