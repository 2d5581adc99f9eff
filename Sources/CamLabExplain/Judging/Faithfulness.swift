import CamLabCore
import CamLabImaging
import CamLabNN

/// The faithfulness metrics, each summarised as one number per method: does the map point at what the model
/// actually uses?
public enum FaithfulnessMetric: String, Sendable, CaseIterable {
    case deletion, insertion, drop, increase, road

    public var higherIsBetter: Bool { self == .insertion || self == .increase || self == .road }

    /// What the number is, for `help` and the prose of tables.
    public var summary: String {
        switch self {
        case .deletion: "area under the deletion curve (Petsiuk et al. 2018): the class's score as the most "
            + "important pixels are blacked out first; lower is better"
        case .insertion: "area under the insertion curve (Petsiuk et al. 2018): the score as the most important "
            + "pixels are put back first onto a blurred copy; higher is better"
        case .drop: "mean drop in confidence when the image is multiplied by its map (pytorch-grad-cam's "
            + "DropInConfidence); lower is better"
        case .increase: "share of images whose confidence rises when multiplied by their map (pytorch-grad-cam's "
            + "IncreaseInConfidence); higher is better"
        case .road: "ROAD (Rong et al. 2022): least- minus most-relevant-first score change over noisy linear "
            + "imputation, halved (pytorch-grad-cam's ROADCombined); higher is better"
        }
    }

    /// The number as a caption shows it: "deletion 0.083", "increase 40%".
    public func caption(_ value: Double) -> String { "\(rawValue) \(formatted(value))" }

    /// The value alone: three decimals, or a percentage for `increase`.
    public func formatted(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        if self == .increase { return "\(Int((value * 100).rounded()))%" }
        return value.fixed(decimals: 3)
    }

    /// The metric over a batch of images with their maps and targets.
    public func evaluate(model: Model, images: Tensor, maps: [Heatmap], targets: [Int],
                         seed: UInt64 = 0) throws -> Double {
        switch self {
        case .deletion, .insertion:
            return try causalCurve(self == .deletion ? .deletion : .insertion, model: model, images: images,
                                   maps: maps, targets: targets, seed: seed).auc
        case .drop:
            return try confidenceChange(model: model, images: images, maps: maps, targets: targets).drop
        case .increase:
            return try confidenceChange(model: model, images: images, maps: maps, targets: targets).increase
        case .road:
            return try CamLabExplain.road(model: model, images: images, maps: maps, targets: targets, seed: seed).score
        }
    }
}

/// The index of the single best finite value; nil when there is none or two share it.
func uniqueBest(_ values: [Double], higherIsBetter: Bool) -> Int? {
    let sign = higherIsBetter ? 1.0 : -1.0
    let finite = values.indices.filter { values[$0].isFinite }
    guard let best = finite.max(by: { sign * values[$0] < sign * values[$1] }) else { return nil }
    return finite.filter({ values[$0] == values[best] }).count == 1 ? best : nil
}

/// Every method's faithfulness on a batch of images, one number per method and metric.
public struct FaithfulnessTable: Sendable {
    public let methods: [String]
    public let metrics: [FaithfulnessMetric]
    /// [method][metric].
    public let values: [[Double]]
    public let imageCount: Int
    /// The layer CAM methods read, when one was named.
    public let layer: String?

    /// The row holding the best value of `metric`; nil when no value is defined or the best is shared.
    public func best(_ metric: Int) -> Int? {
        uniqueBest(values.map { $0[metric] }, higherIsBetter: metrics[metric].higherIsBetter)
    }
}

/// Computes each method's maps for the batch (for each image's predicted class unless `targets` are given)
/// and scores them with every metric. Add `MapMethod.random()` to see what chance scores.
public func faithfulnessTable(model: Model, images: Tensor, methods: [MapMethod], layer: LayerReference? = nil,
                              metrics: [FaithfulnessMetric] = FaithfulnessMetric.allCases, targets: [Int]? = nil,
                              seed: UInt64 = 0) throws -> FaithfulnessTable {
    try model.checkBatch(images)
    guard !methods.isEmpty else { throw Problem("the faithfulness table needs at least one method") }
    let targets = try targets ?? model.predictedClasses(images)
    let values = try methods.map { method in
        let maps = try method.maps(model: model, batch: images, targets: targets, layer: layer)
        return try metrics.map { try $0.evaluate(model: model, images: images, maps: maps, targets: targets, seed: seed) }
    }
    let layerName = try layer.map { model.layers[try model.gradcamLayerIndex($0)].name }
    return FaithfulnessTable(methods: methods.map(\.name), metrics: metrics, values: values,
                             imageCount: images.shape[0], layer: layerName)
}
