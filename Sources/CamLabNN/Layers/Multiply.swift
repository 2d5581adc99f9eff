import CamLabCore

/// The element-wise product of its inputs, like Keras' `Multiply` (gating, attention masks).
public final class Multiply: ElementwiseMerge {
    override public var typeName: String { "Multiply" }
    override public var namePrefix: String { "multiply" }

    override public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(ElementwiseKernels.product(inputs))
    }

    /// d/d xᵢ = dy · Πⱼ≠ᵢ xⱼ, formed from the other inputs (no division, so zeros are fine).
    override public func backward(_ step: BackwardStep) -> [Tensor?] {
        guard step.needsInputGradients else { return step.inputs.map { _ in nil } }
        return step.inputs.indices.map { i in
            ElementwiseKernels.product([step.gradient] + step.inputs.indices.filter { $0 != i }.map { step.inputs[$0] })
        }
    }
}
