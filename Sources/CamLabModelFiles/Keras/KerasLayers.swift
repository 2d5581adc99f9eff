import CamLabCore
import CamLabData
import CamLabNN

/// Keras layer classes → CamLab layers, named as Keras named them. Each case reads the settings CamLab has and
/// refuses the ones it cannot honour.
enum KerasLayers {
    static let supported = ["Activation", "Add", "Average", "AveragePooling2D", "BatchNormalization", "Concatenate",
                            "Conv2D", "Dense", "Dropout", "Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
                            "LeakyReLU", "MaxPooling2D", "Multiply", "ReLU", "Rescaling", "Softmax", "Subtract"]

    static func make(_ node: KerasArchitecture.Node, rank: Int, source: String) throws -> any Layer {
        let c = KerasLayerConfig(config: node.config, name: node.name, className: node.className, source: source)
        try c.float32()
        let layer: any Layer
        do {
            layer = try make(c, rank: rank)
        } catch let error as Problem where !error.message.hasPrefix(source) {
            // A CamLab layer refusing its settings; the config's own problems already name the file and layer.
            throw c.fail("cannot be built: \(error.message)")
        }
        layer.name = node.name
        layer.trainable = try c.bool("trainable", default: true)
        return layer
    }

    private static func make(_ c: KerasLayerConfig, rank: Int) throws -> any Layer {
        // Keras names the channel axis -1 or, for a batch of rank `rank` + 1, `rank`.
        let channelAxis: [JSON] = [.number("-1"), .number("\(rank)"), .array([.number("-1")]), .array([.number("\(rank)")])]
        switch c.className {
        case "Conv2D", "Convolution2D":
            try c.channelsLast()
            try c.require("groups", in: [.number("1")], "CamLab supports groups: 1")
            return try Conv2D(filters: c.int("filters"), kernelSize: c.pair("kernel_size"),
                              strides: c.pair("strides", default: (1, 1)), padding: c.padding(),
                              activation: c.activation(), useBias: c.bool("use_bias", default: true),
                              dilationRate: c.pair("dilation_rate", default: (1, 1)))
        case "Dense":
            return try Dense(units: c.int("units"), activation: c.activation(), useBias: c.bool("use_bias", default: true))
        case "BatchNormalization":
            try c.require("axis", in: channelAxis, "CamLab normalises over the channel axis (axis: -1) only")
            try c.require("renorm", in: [.bool(false)], "CamLab supports renorm: false")
            try c.require("synchronized", in: [.bool(false)], "CamLab supports synchronized: false")
            return try BatchNormalization(momentum: c.float("momentum", default: 0.99),
                                          epsilon: c.float("epsilon", default: 0.001),
                                          center: c.bool("center", default: true), scale: c.bool("scale", default: true))
        case "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D":
            try c.channelsLast()
            let size = try c.pair("pool_size", default: (2, 2))
            let strides = try c.pair("strides", default: size)
            return c.className.hasPrefix("Max")
                ? try MaxPooling2D(poolSize: size, strides: strides, padding: c.padding())
                : try AveragePooling2D(poolSize: size, strides: strides, padding: c.padding())
        case "GlobalAveragePooling2D", "GlobalAvgPool2D", "GlobalMaxPooling2D", "GlobalMaxPool2D":
            try c.channelsLast()
            try c.require("keepdims", in: [.bool(false)], "CamLab supports keepdims: false")
            return c.className.hasPrefix("GlobalMax") ? GlobalMaxPooling2D() : GlobalAveragePooling2D()
        case "Flatten":
            try c.channelsLast()
            return Flatten()
        case "Dropout":
            try c.require("noise_shape", in: [], "CamLab drops single values (noise_shape: null)")
            return try Dropout(rate: c.float("rate"))
        case "Activation":
            return ActivationLayer(try c.activation())
        case "ReLU":
            try c.require("max_value", in: [], "CamLab's ReLU has no upper limit (max_value: null)")
            try c.require("negative_slope", in: [.number("0"), .number("0.0")], "use LeakyReLU for a slope")
            try c.require("threshold", in: [.number("0"), .number("0.0")], "CamLab supports threshold: 0")
            return ActivationLayer(.relu)
        case "LeakyReLU":
            // tf.keras 2 calls the slope alpha, Keras 3 negative_slope; both default to 0.3.
            let slope = c.config["negative_slope"] != nil ? try c.float("negative_slope") : try c.float("alpha", default: 0.3)
            return try LeakyReLU(negativeSlope: slope)
        case "Softmax":
            try c.require("axis", in: channelAxis, "CamLab's Softmax works on the last axis (axis: -1)")
            return Softmax()
        case "Rescaling":
            return Rescaling(scale: try c.float("scale"), offset: try c.float("offset", default: 0))
        case "Add": return Add()
        case "Subtract": return Subtract()
        case "Multiply": return Multiply()
        case "Average": return Average()
        case "Concatenate":
            try c.require("axis", in: channelAxis, "CamLab concatenates along the last axis (axis: -1) only")
            return Concatenate()
        case "Sequential", "Functional", "Model":
            throw c.fail("is a model inside the model; CamLab reads flat models (rebuild it with the inner model's "
                         + "layers called directly)")
        default:
            throw c.fail("is not a layer CamLab has; it reads " + supported.joined(separator: ", "))
        }
    }
}
