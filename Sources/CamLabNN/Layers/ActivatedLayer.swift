import CamLabCore

/// A layer whose output passes through an activation, so a loss can hand it the gradient with respect to the
/// pre-activation directly (softmax + cross-entropy fuse to `p - onehot`, which stays exact when p underflows).
public protocol ActivatedLayer: Layer {
    var activation: Activation { get }
    /// Back-propagates a gradient that is already with respect to the pre-activation values.
    func backward(preActivationGradient: Tensor, needsInputGradient: Bool) -> Tensor
}
