import CamLabCore
import CamLabLang
import CamLabNN

/// The layers real CNNs use besides convolutions and dense layers, named and set up as Keras' are: batch
/// normalization, activations as layers, rescaling and the other poolings. Each also takes `input_shape:`,
/// `name:` and `trainable:` (see `LayerOptions`).
func registerLayerBuiltins(in r: BuiltinRegistry) {
    r.register([
        BatchNormalizationBuiltin.self, ActivationBuiltin.self, LeakyReLUBuiltin.self, RescalingBuiltin.self,
    ])
    r.register(BuiltinConfiguration("average_pooling2d", topic: "models",
        "An average-pooling layer over windows of pool_size × pool_size; with padding: same, the windows at the "
        + "border average only the pixels inside, as Keras does.")) {
        Pooling2DBuiltin(kind: "average_pooling2d") { try AveragePooling2D(poolSize: $0, strides: $1, padding: $2) }
    }
    let plainLayers: [(String, String, @Sendable () -> any Layer)] = [
        ("softmax", "Softmax over the last axis as a layer, as Keras' Softmax(); as a value, softmax also names the "
         + "activation: dense(10, activation: softmax).", { Softmax() }),
        ("global_average_pooling2d", "Each channel's mean over the picture: (height, width, channels) → (channels,), "
         + "the head CAM needs.", { GlobalAveragePooling2D() }),
        ("global_max_pooling2d", "Each channel's largest value over the picture: (height, width, channels) → "
         + "(channels,).", { GlobalMaxPooling2D() }),
    ]
    for (kind, doc, make) in plainLayers {
        r.register(BuiltinConfiguration(kind, topic: "models", doc)) { PlainLayerBuiltin(kind: kind, make: make) }
    }
}

/// A layer without settings of its own: `softmax()`, `global_average_pooling2d()`.
struct PlainLayerBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("softmax", topic: "models", "")
    var kind = ""
    var make: @Sendable () -> any Layer = { Softmax() }
    @Group var layer: LayerOptions

    var settings: String { "" }
    func makeLayer() -> any Layer { make() }
}

struct BatchNormalizationBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("batch_normalization", topic: "models",
        "Normalises each channel, as Keras' BatchNormalization: by the batch's mean and variance in fit, by "
        + "their moving averages everywhere else; gamma and beta learn, the moving statistics follow the "
        + "batches (momentum). A frozen one (trainable: false) always uses the moving statistics.")
    @Labelled var axis = -1
    @Labelled var momentum: Float = 0.99
    @Labelled var epsilon: Float = 0.001
    @Labelled var center = true
    @Labelled var scale = true
    @Group var layer: LayerOptions

    var settings: String { "momentum: \(formatNumber(momentum))" }

    func makeLayer() throws -> any Layer {
        guard momentum.isFinite, (0...1).contains(momentum) else {
            throw $momentum.fail(expected: "a number from 0 to 1 (Keras' default is 0.99)")
        }
        guard epsilon.isFinite, epsilon > 0 else {
            throw $epsilon.fail(expected: "a small positive number (Keras' default is 0.001)")
        }
        return try BatchNormalization(axis: axis, momentum: momentum, epsilon: epsilon, center: center, scale: scale)
    }
}

struct ActivationBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("activation", topic: "models",
        "An activation as a layer of its own, as Keras' Activation: activation(relu).")
    @Positional var activation: Activation
    @Group var layer: LayerOptions

    var settings: String { activation.rawValue }
    func makeLayer() -> any Layer { ActivationLayer(activation) }
}

struct LeakyReLUBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("leaky_relu", topic: "models",
        "max(x, negative_slope · x), as Keras' LeakyReLU (alpha in Keras 2).")
    @Labelled var negativeSlope: Float = 0.3
    @Group var layer: LayerOptions

    var settings: String { formatNumber(negativeSlope) }

    func makeLayer() throws -> any Layer {
        guard negativeSlope.isFinite else { throw $negativeSlope.fail(expected: "a finite number") }
        return try LeakyReLU(negativeSlope: negativeSlope)
    }
}

struct RescalingBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("rescaling", topic: "models",
        "x · scale + offset, as Keras' Rescaling: rescaling(1 / 255) takes pixels in 0–255.")
    @Positional var scale: Float
    @Labelled var offset: Float = 0
    @Group var layer: LayerOptions

    var settings: String { "\(formatNumber(scale)), offset: \(formatNumber(offset))" }

    func makeLayer() throws -> any Layer {
        guard scale.isFinite else { throw $scale.fail(expected: "a finite number") }
        guard offset.isFinite else { throw $offset.fail(expected: "a finite number") }
        return Rescaling(scale: scale, offset: offset)
    }
}
