import CamLabCore
import CamLabNN

/// Which layer Grad-CAM reads, by Keras name (`"conv2d_1"`) or by position in `model.layers` (negative positions
/// count from the end, as in Python).
public enum LayerReference: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case name(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .name(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

extension Sequential {
    /// The index of the layer Grad-CAM should use: `reference` resolved and checked, or, when `nil`, the last
    /// layer whose output has an image's rank, (height, width, channels) per example, as eli5 chooses it for
    /// image models.
    func gradcamLayerIndex(_ reference: LayerReference?) throws -> Int {
        let suitable = layers.indices.filter { layers[$0].outputShape.count == 3 }
        guard let reference else {
            guard let last = suitable.last else {
                throw ExplainError("model '\(name)' has no layer with a (height, width, channels) output to compute "
                                   + "Grad-CAM on; Grad-CAM needs a convolutional or pooling layer")
            }
            return last
        }
        let index: Int
        switch reference {
        case .name(let layerName):
            do { index = try layerIndex(named: layerName) } catch let error as ModelError {
                throw ExplainError(error.message)
            }
        case .index(let position):
            let resolved = position < 0 ? layers.count + position : position
            guard layers.indices.contains(resolved) else {
                throw ExplainError("layer index \(position) is out of range; model '\(name)' has \(layers.count) "
                                   + "layers (0 to \(layers.count - 1), or -1 for the last)")
            }
            index = resolved
        }
        guard suitable.contains(index) else {
            let layer = layers[index]
            let shape = (["None"] + layer.outputShape.map(String.init)).joined(separator: ", ")
            let names = suitable.map { "'\(layers[$0].name)'" }.joined(separator: ", ")
            throw ExplainError("cannot compute Grad-CAM on layer '\(layer.name)' (\(layer.typeName), output shape "
                               + "(\(shape))): it needs a 4-D output (batch, height, width, channels); "
                               + (suitable.isEmpty ? "this model has no such layer"
                                                   : "layers that work: \(names)"))
        }
        return index
    }
}
