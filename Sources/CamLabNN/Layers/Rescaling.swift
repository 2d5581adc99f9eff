import CamLabCore

/// y = x·scale + offset, like Keras' `Rescaling` (e.g. scale 1/255 to bring pixels to [0, 1]). As in Keras, scale
/// and offset may also be one value per channel (the last axis): an ONNX graph's per-channel Mul, Div, Add and Sub
/// by constants (an input normalisation) become this layer.
public final class Rescaling: UnaryLayer {
    public var name = ""
    public var trainable = true
    /// One value, or one per channel.
    public let scales: [Float]
    public let offsets: [Float]
    public var typeName: String { "Rescaling" }
    public var namePrefix: String { "rescaling" }
    public private(set) var outputShape: [Int] = []

    public init(scale: Float, offset: Float = 0) {
        scales = [scale]
        offsets = [offset]
    }

    /// Per-channel values; a list of one applies to every channel.
    public init(scales: [Float], offsets: [Float]) {
        self.scales = scales
        self.offsets = offsets
    }

    /// The scale when it is one value for every channel (the first channel's otherwise).
    public var scale: Float { scales.first ?? 1 }
    public var offset: Float { offsets.first ?? 0 }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let channels = inputShape.last ?? 1
        for (what, values) in [("scale", scales), ("offset", offsets)] where values.count != 1 && values.count != channels {
            throw Problem("Rescaling '\(name)' has \(values.count) \(what) values for \(channels) channels; give "
                             + "one value or one per channel")
        }
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        if scales.count == 1 && offsets.count == 1 {
            return LayerOutput(ElementwiseKernels.scaled(input, by: scales[0], plus: offsets[0]))
        }
        return LayerOutput(Self.perChannel(input, scales, offsets))
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients else { return nil }
        if scales.count == 1 { return ElementwiseKernels.scaled(step.gradient, by: scales[0]) }
        return Self.perChannel(step.gradient, scales, [0])
    }

    /// x·scales[c] + offsets[c] along the last axis, a list of one standing for every channel.
    private static func perChannel(_ x: Tensor, _ scales: [Float], _ offsets: [Float]) -> Tensor {
        let channels = max(scales.count, offsets.count)
        var y = x.scalars
        for i in y.indices {
            let c = i % channels
            y[i] = y[i] * scales[scales.count == 1 ? 0 : c] + offsets[offsets.count == 1 ? 0 : c]
        }
        return Tensor(shape: x.shape, scalars: y)
    }

    public var configurationDescription: String {
        func text(_ values: [Float]) -> String {
            values.count == 1 ? "\(values[0])" : "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
        }
        return "scale: \(text(scales)), offset: \(text(offsets))"
    }
}
