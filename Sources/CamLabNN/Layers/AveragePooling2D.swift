import CamLabCore

/// Average pooling over NHWC windows, like Keras' `AveragePooling2D` (strides default to the pool size). With
/// padding "same", each window is divided by the number of its positions inside the image, as Keras does: the
/// padding is not counted.
public final class AveragePooling2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let poolSize: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    /// Side-by-side padding (from an ONNX file) in place of `padding`'s rule.
    public let explicitPadding: ExplicitPadding?
    public var typeName: String { "AveragePooling2D" }
    public var namePrefix: String { "average_pooling2d" }
    public private(set) var outputShape: [Int] = []
    private var geometry: WindowGeometry?

    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid,
                explicitPadding: ExplicitPadding? = nil) throws {
        let strides = strides ?? poolSize
        guard poolSize.0 > 0, poolSize.1 > 0, strides.0 > 0, strides.1 > 0 else {
            throw Problem("AveragePooling2D needs a positive pool size and strides, got pool "
                             + "\(poolSize.0)x\(poolSize.1), strides \(strides.0)x\(strides.1)")
        }
        self.poolSize = poolSize
        self.strides = strides
        self.padding = padding
        self.explicitPadding = explicitPadding
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let g = try WindowGeometry(input: inputShape, kernel: poolSize, strides: strides, padding: padding,
                                   explicit: explicitPadding, layer: "AveragePooling2D '\(name)'")
        geometry = g
        outputShape = [g.outputHeight, g.outputWidth, g.channels]
        return outputShape
    }

    private var built: WindowGeometry {
        guard let geometry else { preconditionFailure("AveragePooling2D '\(name)' used before build") }
        return geometry
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(PoolingKernels.averagePool(input, built))
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        step.needsInputGradients ? PoolingKernels.averagePoolBackward(step.gradient, built) : nil
    }

    public var configurationDescription: String {
        "pool_size: (\(poolSize.0), \(poolSize.1)), strides: (\(strides.0), \(strides.1)), "
            + "padding: \(paddingDescription)"
    }

    private var paddingDescription: String { explicitPadding?.description ?? "\"\(padding.rawValue)\"" }
}
