import CamLabCore
import CamLabLang
import CamLabNN

/// Refuses a layer whose weights, or one example's output, exceed what CamLab allows: the weights before the
/// layer creates them (`dense(1e9, input_shape: (1e9,))` would otherwise abort asking for 4 EB), the output once
/// the layer has said what shape it makes. The layer owns both answers; this only compares them with the limits.
enum LayerSize {
    /// Throws when building `layer` on `inputShapes` would create too many weights; `what` names the layer.
    static func checkWeights(of layer: any Layer, inputShapes: [[Int]], what: String, argument: String? = nil,
                             budget: MemoryBudget) throws {
        let weights = layer.weightCount(inputShapes: inputShapes)
        let on = inputShapes.map(\.shapeDescription).joined(separator: " and ")
        if let failure = Limits.tooMany(weights, for: "\(what) on inputs of shape \(on) has "
                                        + "\(formatNumber(weights)) weights, which", budget: budget) {
            throw Problem(failure.message, argument: argument, help: failure.help)
        }
    }

    /// Throws when one example's output of `shape` is too large; `what` names the layer.
    static func checkOutput(_ shape: [Int], what: String, argument: String? = nil, budget: MemoryBudget) throws {
        if let failure = Limits.tooMany(Limits.elementCount(shape),
                                        for: "\(what)'s output of shape \(shape.shapeDescription)", budget: budget) {
            throw Problem(failure.message, argument: argument, help: failure.help)
        }
    }
}
