import CamLabCore

/// The element-wise sum of its inputs, like Keras' `Add` (a residual connection's join).
public final class Add: ElementwiseMerge {
    override public var typeName: String { "Add" }
    override public var namePrefix: String { "add" }

    override public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(ElementwiseKernels.weightedSum(inputs, weights: inputs.map { _ in 1 }))
    }

    /// Every input receives the output's gradient unchanged (shared, not copied).
    override public func backward(_ step: BackwardStep) -> [Tensor?] {
        step.inputs.map { _ in step.needsInputGradients ? step.gradient : nil }
    }
}
