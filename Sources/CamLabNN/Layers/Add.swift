import CamLabCore

/// The element-wise sum of its inputs, like Keras' `Add` (a residual connection's join).
public final class Add: MergeLayer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Add" }
    public var namePrefix: String { "add" }
    public private(set) var outputShape: [Int] = []

    public init() {}

    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = try commonShape(inputShapes)
        return outputShape
    }

    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(ElementwiseKernels.weightedSum(inputs, weights: inputs.map { _ in 1 }))
    }

    /// Every input receives the output's gradient unchanged (shared, not copied).
    public func backward(_ step: BackwardStep) -> [Tensor?] {
        step.inputs.map { _ in step.needsInputGradients ? step.gradient : nil }
    }
}
