import CamLabCore

/// Each channel's maximum over the image, like Keras' `GlobalMaxPooling2D`: (h, w, c) → (c). Backward routes
/// each gradient to the pixel that won (the first one on ties, as MaxPooling2D).
public final class GlobalMaxPooling2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "GlobalMaxPooling2D" }
    public var namePrefix: String { "global_max_pooling2d" }
    public private(set) var outputShape: [Int] = []

    /// For every output element, the flat input index it was taken from.
    struct Winners: LayerMemo { let indices: [Int32] }

    public init() {}

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        try checkImageShape(inputShape, layer: "GlobalMaxPooling2D '\(name)'")
        outputShape = [inputShape[2]]
        return outputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        let (output, winners) = PoolingKernels.globalMax(input, pixels: input.shape[1] * input.shape[2],
                                                         channels: input.shape[3])
        return LayerOutput(output, memo: Winners(indices: winners))
    }

    /// The winners and the input's shape.
    public var backwardReads: BackwardReads { [.memo] }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients, let winners = step.memo as? Winners else { return nil }
        // The winners are flat indices into the batch, as max pooling's: the same scatter serves both.
        return PoolingKernels.maxPoolBackward(step.gradient, winners: winners.indices, inputShape: step.inputShapes[0])
    }

    public var configurationDescription: String { "" }
}
