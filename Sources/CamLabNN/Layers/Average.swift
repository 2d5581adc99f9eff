import CamLabCore

/// The element-wise mean of its inputs, like Keras' `Average`.
public final class Average: MergeLayer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Average" }
    public var namePrefix: String { "average" }
    public private(set) var outputShape: [Int] = []

    public init() {}

    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = try commonShape(inputShapes)
        return outputShape
    }

    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        let weight = 1 / Float(inputs.count)
        return LayerOutput(ElementwiseKernels.weightedSum(inputs, weights: inputs.map { _ in weight }))
    }

    /// Every input receives the output's gradient divided by the input count (one tensor, shared).
    public func backward(_ step: BackwardStep) -> [Tensor?] {
        guard step.needsInputGradients else { return step.inputs.map { _ in nil } }
        let share = ElementwiseKernels.scaled(step.gradient, by: 1 / Float(step.inputs.count))
        return step.inputs.map { _ in share }
    }
}
