import CamLabCore

/// A classifier's scores before its last activation — the logits a softmax turns into probabilities — which
/// explanations read: the gradient of a saturated probability vanishes, the logit's does not.
extension Sequential {
    /// The activation the last layer applies to its pre-activation values: `softmax` for the usual classifier,
    /// `linear` when the model outputs its logits directly (a last layer without an activation).
    public var outputActivation: Activation {
        switch layers.last {
        case let top as any ActivatedLayer: return top.activation
        case let top as ActivationLayer: return top.activation
        default: return .linear
        }
    }

    /// Runs the last layer forward on `input` (the output of the layer below it), recording what its backward
    /// pass needs as `forward` does, and returns its values before and after the activation. For a last layer
    /// without an activation the two are the same tensor.
    public func topForward(_ input: Tensor) -> (logits: Tensor, output: Tensor) {
        guard let top = layers.last else { return (input, input) }
        let output = top.forward(input, training: false)
        switch top {
        case let dense as Dense where dense.activation != .linear: return (dense.preActivation(input), output)
        case let activation as ActivationLayer where activation.activation != .linear: return (input, output)
        default: return (output, output)
        }
    }

    /// After `topForward`, back-propagates d score / d logits through the last layer and returns d score / d (its
    /// input). Parameter gradients accumulate as in any backward pass.
    public func topBackward(logitGradient: Tensor) -> Tensor {
        switch layers.last {
        case let top as any ActivatedLayer:
            return top.backward(preActivationGradient: logitGradient, needsInputGradient: true)
        case is ActivationLayer: return logitGradient
        case let top?: return top.backward(logitGradient, needsInputGradient: true)
        case nil: return logitGradient
        }
    }

    /// The logits of a batch (the last layer's values before its activation), in inference mode.
    public func logits(_ x: Tensor) throws -> Tensor {
        try validateInput(x)
        let below = layers.dropLast().reduce(x) { $1.forward($0, training: false) }
        return topForward(below).logits
    }
}
