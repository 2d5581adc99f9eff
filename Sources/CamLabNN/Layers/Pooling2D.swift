import CamLabCore

/// What `MaxPooling2D` and `AveragePooling2D` share: Keras' window settings (strides default to the pool size)
/// and the geometry `build` makes of them. A subclass names itself and does the pooling; this class
/// alone is no layer (its passes stop with a precondition failure).
public class Pooling2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    /// The pool's size, strides and padding.
    public let window: SlidingWindow
    public var typeName: String { "Pooling2D" }
    public var namePrefix: String { "pooling2d" }
    public private(set) var outputShape: [Int] = []
    private var geometry: WindowGeometry?

    public required convenience init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil,
                                     padding: Padding = .valid, explicitPadding: ExplicitPadding? = nil) throws {
        // The class's name is its typeName, which cannot be asked before the layer exists.
        self.init(window: try SlidingWindow(size: poolSize, strides: strides ?? poolSize, padding: padding,
                                            explicitPadding: explicitPadding, layer: "\(Self.self)", sizeName: "pool"))
    }

    /// Required so that a copy of a layer (`type(of: pool).init(window: pool.window)`) is the same kind of pooling.
    public required init(window: SlidingWindow) {
        self.window = window
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let g = try window.geometry(input: inputShape, layer: "\(typeName) '\(name)'")
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

    public var configurationDescription: String { window.description(sizeName: "pool_size") }
}
