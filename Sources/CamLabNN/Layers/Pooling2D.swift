import CamLabCore

/// What `MaxPooling2D` and `AveragePooling2D` share: Keras' window settings (strides default to the pool size),
/// their checks and the geometry `build` makes of them. A subclass names itself and does the pooling; this class
/// alone is no layer (its passes stop with a precondition failure).
public class Pooling2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let poolSize: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    /// Side-by-side padding (from an ONNX file) in place of `padding`'s rule.
    public let explicitPadding: ExplicitPadding?
    public var typeName: String { "Pooling2D" }
    public var namePrefix: String { "pooling2d" }
    public private(set) var outputShape: [Int] = []
    private var geometry: WindowGeometry?

    /// Required so that a copy of a layer (`type(of: pool).init(…)`) is the same kind of pooling.
    public required init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid,
                         explicitPadding: ExplicitPadding? = nil) throws {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        self.explicitPadding = explicitPadding
        try require(poolSize.0 > 0 && poolSize.1 > 0 && self.strides.0 > 0 && self.strides.1 > 0,
                    "\(typeName) needs a positive pool size and strides, got pool "
                    + "\(poolSize.0)x\(poolSize.1), strides \(self.strides.0)x\(self.strides.1)")
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let g = try WindowGeometry(input: inputShape, kernel: poolSize, strides: strides, padding: padding,
                                   explicit: explicitPadding, layer: "\(typeName) '\(name)'")
        geometry = g
        outputShape = [g.outputHeight, g.outputWidth, g.channels]
        return outputShape
    }

    /// The geometry `build` made, for the subclass's kernels.
    var built: WindowGeometry {
        guard let geometry else { preconditionFailure("\(typeName) '\(name)' used before build") }
        return geometry
    }

    /// Overridden by each kind of pooling (declared here so that the subclasses' declarations are the ones called).
    public var backwardReads: BackwardReads { .everything }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        preconditionFailure("\(typeName) does not define its forward pass")
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        preconditionFailure("\(typeName) does not define its backward pass")
    }

    public var configurationDescription: String {
        "pool_size: (\(poolSize.0), \(poolSize.1)), strides: (\(strides.0), \(strides.1)), "
            + "padding: \(paddingDescription)"
    }

    private var paddingDescription: String { explicitPadding?.description ?? "\"\(padding.rawValue)\"" }
}
