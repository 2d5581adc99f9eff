import CamLabCore

/// Softmax over the last axis as a layer of its own, like Keras' `Softmax()`.
///
/// It is an `ActivationLayer` with Keras' other class name, not a layer with its own arithmetic: the engine
/// has one rule for "a layer whose activation is the layer's whole work" (`layer is ActivationLayer`: its
/// values before activation are its input), and so a Softmax layer's logits are found below it by explanations
/// and by the fused softmax + cross-entropy gradient exactly as for `Activation("softmax")`.
public final class Softmax: ActivationLayer {
    public init() { super.init(.softmax) }
    override public var typeName: String { "Softmax" }
    override public var namePrefix: String { "softmax" }
    override public var configurationDescription: String { "axis: -1" }
}
