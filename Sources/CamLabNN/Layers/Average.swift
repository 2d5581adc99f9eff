import CamLabCore

/// The element-wise mean of its inputs, like Keras' `Average`.
public final class Average: ElementwiseMerge {
    override public var typeName: String { "Average" }
    override public var namePrefix: String { "average" }

    override public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        let weight = 1 / Float(inputs.count)
        return LayerOutput(ElementwiseKernels.weightedSum(inputs, weights: inputs.map { _ in weight }))
    }

    /// Every input receives the output's gradient divided by the input count (one tensor, shared).
    override public func backward(_ step: BackwardStep) -> [Tensor?] {
        guard step.needsInputGradients else { return step.inputs.map { _ in nil } }
        let share = ElementwiseKernels.scaled(step.gradient, by: 1 / Float(step.inputs.count))
        return step.inputs.map { _ in share }
    }
}
