import CamLabCore

/// Each channel's mean over the image, like Keras' `GlobalAveragePooling2D`: (h, w, c) → (c).
public final class GlobalAveragePooling2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "GlobalAveragePooling2D" }
    public var namePrefix: String { "global_average_pooling2d" }
    public private(set) var outputShape: [Int] = []

    public init() {}

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        try checkImageShape(inputShape, layer: "GlobalAveragePooling2D '\(name)'")
        outputShape = [inputShape[2]]
        return outputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(PoolingKernels.globalAverage(input, pixels: input.shape[1] * input.shape[2],
                                                 channels: input.shape[3]))
    }

    /// Only the input's shape.
    public var backwardReads: BackwardReads { [] }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients else { return nil }
        let shape = step.inputShapes[0]
        return PoolingKernels.globalAverageBackward(step.gradient, shape: shape, pixels: shape[1] * shape[2],
                                                    channels: shape[3])
    }

    public var configurationDescription: String { "" }
}

/// Global pooling reads (height, width, channels) images.
func checkImageShape(_ shape: [Int], layer: String) throws {
    guard shape.count == 3 else {
        throw Problem("\(layer) expects inputs of shape (height, width, channels), got \(shape.shapeDescription)")
    }
}
