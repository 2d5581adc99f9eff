import CamLabCore
import CamLabNN

/// A layer's weight count and per-example output shape for a per-example input shape, worked out from its
/// settings alone so that `sequential` can refuse a model too large to allocate before building it
/// (`dense(1e9, input_shape: (1e9,))` would otherwise abort asking for 4 EB). nil when the shapes do not fit;
/// building the model then says why.
typealias LayerFootprint = ([Int]) -> (weights: Double, output: [Int])?

enum Footprints {
    /// Kernel kh×kw×channels×filters plus one bias per filter, over NHWC images.
    static func conv2d(filters: Int, kernel: (Int, Int), strides: (Int, Int), padding: Padding) -> LayerFootprint {
        { input in
            guard input.count == 3,
                  let h = extent(input[0], window: kernel.0, stride: strides.0, padding),
                  let w = extent(input[1], window: kernel.1, stride: strides.1, padding) else { return nil }
            let weights = Double(kernel.0) * Double(kernel.1) * Double(input[2]) * Double(filters) + Double(filters)
            return (weights, [h, w, filters])
        }
    }

    /// A units×features matrix plus one bias per unit, applied along the last axis.
    static func dense(units: Int) -> LayerFootprint {
        { input in
            guard let features = input.last else { return nil }
            return (Double(features) * Double(units) + Double(units), input.dropLast() + [units])
        }
    }

    static func maxPooling2d(size: (Int, Int), strides: (Int, Int)?, padding: Padding) -> LayerFootprint {
        { input in
            let strides = strides ?? size
            guard input.count == 3,
                  let h = extent(input[0], window: size.0, stride: strides.0, padding),
                  let w = extent(input[1], window: size.1, stride: strides.1, padding) else { return nil }
            return (0, [h, w, input[2]])
        }
    }

    /// The input's product cannot overflow: `check` already refused every shape above the element limit.
    static func flatten() -> LayerFootprint { { input in (0, [input.reduce(1, *)]) } }
    static func unchanged() -> LayerFootprint { { input in (0, input) } }

    /// Output positions along one axis, as Keras counts them.
    private static func extent(_ size: Int, window: Int, stride: Int, _ padding: Padding) -> Int? {
        switch padding {
        case .valid: return size >= window ? (size - window) / stride + 1 : nil
        case .same: return (size + stride - 1) / stride
        }
    }

    /// Refuses a model whose weights, or one example's activations after some layer, exceed CamLab's limit.
    static func check(_ specs: [LayerSpec], inputShape: [Int], budget: MemoryBudget) throws {
        var shape = inputShape
        for (index, spec) in specs.enumerated() {
            guard let (weights, output) = spec.footprint(shape) else { return }
            let what = "sequential: layer \(index + 1) (\(spec.kind))"
            if let failure = Limits.tooMany(weights, for: "\(what) on inputs of shape \(shape.shapeDescription) has "
                                            + "\(formatNumber(weights)) weights, which", budget: budget) {
                throw BuiltinError(failure.message, argument: "layers", help: failure.help)
            }
            if let failure = Limits.tooMany(Limits.elementCount(output),
                                            for: "\(what)'s output of shape \(output.shapeDescription)", budget: budget) {
                throw BuiltinError(failure.message, argument: "layers", help: failure.help)
            }
            shape = output
        }
    }
}
