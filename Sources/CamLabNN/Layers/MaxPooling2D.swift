import CamLabCore

/// Max pooling over NHWC windows, like Keras' `MaxPooling2D` (strides default to the pool size).
/// Backward routes each gradient to the input that won its window (the first one on ties).
public final class MaxPooling2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let poolSize: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    /// Side-by-side padding (from an ONNX file) in place of `padding`'s rule.
    public let explicitPadding: ExplicitPadding?
    public var typeName: String { "MaxPooling2D" }
    public var namePrefix: String { "max_pooling2d" }
    public private(set) var outputShape: [Int] = []
    private var geometry: WindowGeometry?

    /// For every output element, the flat input index it was taken from.
    struct Winners: LayerMemo { let indices: [Int32] }

    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid,
                explicitPadding: ExplicitPadding? = nil) throws {
        guard poolSize.0 > 0, poolSize.1 > 0 else {
            throw Problem("MaxPooling2D needs a positive pool size, got \(poolSize.0)x\(poolSize.1)")
        }
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        self.explicitPadding = explicitPadding
        guard self.strides.0 > 0, self.strides.1 > 0 else {
            throw Problem("MaxPooling2D needs positive strides, got \(self.strides.0)x\(self.strides.1)")
        }
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let g = try WindowGeometry(input: inputShape, kernel: poolSize, strides: strides, padding: padding,
                                   explicit: explicitPadding, layer: "MaxPooling2D '\(name)'")
        geometry = g
        outputShape = [g.outputHeight, g.outputWidth, g.channels]
        return outputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        guard let g = geometry else { preconditionFailure("MaxPooling2D '\(name)' used before build") }
        let (output, winners) = PoolingKernels.maxPool(input, g)
        return LayerOutput(output, memo: Winners(indices: winners))
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients, let winners = step.memo as? Winners else { return nil }
        return PoolingKernels.maxPoolBackward(step.gradient, winners: winners.indices, inputShape: input.shape)
    }

    public var configurationDescription: String {
        "pool_size: (\(poolSize.0), \(poolSize.1)), strides: (\(strides.0), \(strides.1)), "
            + "padding: \(paddingDescription)"
    }

    private var paddingDescription: String { explicitPadding?.description ?? "\"\(padding.rawValue)\"" }
}
