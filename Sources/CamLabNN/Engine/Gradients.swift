import CamLabCore

/// The gradients of a loss with respect to trainable weights, accumulated over the backward passes of one batch.
/// It belongs to the training run, not to the layers: an explanation's backward pass, which reads no weight
/// gradients, leaves it alone.
public final class Gradients {
    private var storage: [ObjectIdentifier: Tensor] = [:]

    /// Zeroed gradients for `parameters`.
    public init(for parameters: [Parameter]) {
        for p in parameters { storage[ObjectIdentifier(p)] = Tensor.zeros(p.value.shape) }
    }

    /// Whether the gradient of `parameter` is wanted.
    public func wants(_ parameter: Parameter) -> Bool { storage[ObjectIdentifier(parameter)] != nil }

    /// The gradient of `parameter` (zeros when it is not tracked).
    public subscript(_ parameter: Parameter) -> Tensor {
        storage[ObjectIdentifier(parameter)] ?? Tensor.zeros(parameter.value.shape)
    }

    /// Adds `values` (laid out as the parameter) into the gradient of `parameter`, if it is tracked.
    public func add(_ values: [Float], to parameter: Parameter) {
        guard var g = storage.removeValue(forKey: ObjectIdentifier(parameter)) else { return }
        Elementwise.add(&g.scalars, values)
        storage[ObjectIdentifier(parameter)] = g
    }

    /// Zeroes every gradient in place: batch after batch, the buffers stay where they are, and no small block is
    /// left between the large ones a training step frees (which would keep them from joining).
    public func zero() {
        for key in Array(storage.keys) {
            storage[key]!.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }
}
