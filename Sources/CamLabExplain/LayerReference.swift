import CamLabCore
import CamLabNN

/// Which layer a CAM method reads, by Keras name (`"conv2d_1"`) or by position in `model.layers` (negative
/// positions count from the end, as in Python).
public enum LayerReference: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case name(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .name(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

extension Model {
    /// The layers whose output has an image's rank, (height, width, channels) per example: the convolutions and
    /// pooling layers a CAM method can read.
    public var spatialLayerIndices: [Int] { layers.indices.filter { layers[$0].outputShape.count == 3 } }

    /// The index of the layer `title` should read: `reference` resolved and checked, or, when `nil`, the last
    /// layer with a (height, width, channels) output, as eli5 and pytorch-grad-cam's examples choose it.
    func spatialLayerIndex(_ reference: LayerReference?, for title: String = "Grad-CAM") throws -> Int {
        let suitable = spatialLayerIndices
        guard let reference else {
            guard let last = suitable.last else {
                throw Problem("model '\(name)' has no layer with a (height, width, channels) output to compute "
                                   + "\(title) on; \(title) needs a convolutional or pooling layer. "
                                   + "Methods that work on any classifier: "
                                   + ExplanationMethod.all.filter { !$0.needsSpatialLayer }.map(\.name)
                                       .joined(separator: ", "))
            }
            return last
        }
        let index: Int
        switch reference {
        case .name(let layerName):
            index = try layerIndex(named: layerName)
        case .index(let position):
            let resolved = position < 0 ? layers.count + position : position
            guard layers.indices.contains(resolved) else {
                throw Problem("layer index \(position) is out of range; model '\(name)' has \(layers.count) "
                                   + "layers (0 to \(layers.count - 1), or -1 for the last)")
            }
            index = resolved
        }
        guard suitable.contains(index) else {
            let layer = layers[index]
            let shape = (["None"] + layer.outputShape.map(String.init)).joined(separator: ", ")
            let names = suitable.map { "'\(layers[$0].name)'" }.joined(separator: ", ")
            throw Problem("cannot compute \(title) on layer '\(layer.name)' (\(layer.typeName), output shape "
                               + "(\(shape))): it needs a 4-D output (batch, height, width, channels); "
                               + (suitable.isEmpty ? "this model has no such layer"
                                                   : "layers that work: \(names)"))
        }
        return index
    }

    /// `gradcamLayerIndex` under its first name, for eli5's single-layer API.
    func gradcamLayerIndex(_ reference: LayerReference?) throws -> Int { try spatialLayerIndex(reference) }
}
