import CamLabCore

/// The first input minus the second, like Keras' `Subtract` (exactly two inputs).
public final class Subtract: ElementwiseMerge {
    override public var typeName: String { "Subtract" }
    override public var namePrefix: String { "subtract" }

    override public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        guard inputShapes.count == 2 else {
            throw Problem("Subtract '\(name)' takes exactly 2 inputs, got \(inputShapes.count)")
        }
        return try super.build(inputShapes: inputShapes, generator: &generator)
    }

    override public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(ElementwiseKernels.weightedSum(inputs, weights: [1, -1]))
    }

    override public func backward(_ step: BackwardStep) -> [Tensor?] {
        guard step.needsInputGradients else { return [nil, nil] }
        return [step.gradient, ElementwiseKernels.scaled(step.gradient, by: -1)]
    }
}
