import CamLabCore

/// Its inputs joined along the channel axis, like Keras' `Concatenate(axis=-1)`; the inputs agree on every
/// other axis. Only the last axis is supported.
public final class Concatenate: MergeLayer {
    public var name = ""
    public var trainable = true
    public let axis: Int
    public var typeName: String { "Concatenate" }
    public var namePrefix: String { "concatenate" }
    public private(set) var outputShape: [Int] = []

    public init(axis: Int = -1) { self.axis = axis }

    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        let rank = inputShapes.first?.count ?? 0
        guard axis == -1 || axis == rank else {
            throw Problem("Concatenate '\(name)' supports only the last axis (axis: -1), got axis: \(axis)")
        }
        let leading = inputShapes.map { Array($0.dropLast()) }
        if let other = inputShapes.first(where: { $0.count != rank || Array($0.dropLast()) != leading[0] }) {
            throw Problem("Concatenate '\(name)' needs inputs that differ only in the last axis, got "
                             + "\(inputShapes[0].shapeDescription) and \(other.shapeDescription)")
        }
        outputShape = leading[0] + [inputShapes.reduce(0) { $0 + $1.last! }]
        return outputShape
    }

    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(ElementwiseKernels.concatenateLast(inputs))
    }

    public func backward(_ step: BackwardStep) -> [Tensor?] {
        guard step.needsInputGradients else { return step.inputs.map { _ in nil } }
        return ElementwiseKernels.splitLast(step.gradient, widths: step.inputs.map { $0.shape.last! }).map { $0 }
    }

    public var configurationDescription: String { "axis: \(axis)" }
}
