import CamLabCore

/// Max pooling over NHWC windows, like Keras' `MaxPooling2D` (strides default to the pool size).
/// Backward routes each gradient to the input that won its window (the first one on ties).
public final class MaxPooling2D: Pooling2D {
    override public var typeName: String { "MaxPooling2D" }
    override public var namePrefix: String { "max_pooling2d" }

    /// For every output element, the flat input index it was taken from.
    struct Winners: LayerMemo { let indices: [Int32] }

    /// The winners alone: neither the input nor the output.
    override public var backwardReads: BackwardReads { [.memo] }

    override public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        let (output, winners) = PoolingKernels.maxPool(input, built, recordingWinners: call.keepsMemo)
        return LayerOutput(output, memo: winners.map(Winners.init(indices:)))
    }

    override public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients, let winners = step.memo as? Winners else { return nil }
        return PoolingKernels.maxPoolBackward(step.gradient, winners: winners.indices, inputShape: step.inputShapes[0])
    }
}
