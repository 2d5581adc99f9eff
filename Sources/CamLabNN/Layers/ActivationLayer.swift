import CamLabCore

/// A layer that only applies an activation, like Keras' `Activation("relu")`. The engine treats its activation as
/// the fused one of any layer: its values "before activation" are its input. Not final: `Softmax` is this layer
/// under Keras' other class name, so the engine's rule for it (`layer is ActivationLayer`) stays one rule.
public class ActivationLayer: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let activation: Activation
    public var typeName: String { "Activation" }
    public var namePrefix: String { "activation" }
    public private(set) var outputShape: [Int] = []

    public init(_ activation: Activation) { self.activation = activation }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(call.applyActivation ? activation.applied(to: input) : input)
    }

    /// Every activation's derivative follows from its output.
    public var backwardReads: BackwardReads { [.output] }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        step.isPreActivation ? step.gradient : activation.backward(step.gradient, output: step.output)
    }

    public var configurationDescription: String { "activation: \(activation.rawValue)" }
}
