import CamLabCore
import CamLabNN

/// The layers real CNNs use besides convolutions and dense layers, named and set up as Keras' are: batch
/// normalization, activations as layers, rescaling and the other poolings. Each also takes `name:` and
/// `trainable:` (see `layerSpec`).
func registerLayerBuiltins(in r: BuiltinRegistry) {
    r.define("batch_normalization(axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true, "
             + "input_shape: none, name: none, trainable: true)", topic: "models",
             "Normalises each channel, as Keras' BatchNormalization: by the batch's mean and variance in fit, by "
             + "their moving averages everywhere else; gamma and beta learn, the moving statistics follow the "
             + "batches (momentum). A frozen one (trainable: false) always uses the moving statistics.") { args, _ in
        let axis = try args.int("axis")
        let momentum = try args.float("momentum"), epsilon = try args.float("epsilon")
        guard momentum.isFinite, (0...1).contains(momentum) else {
            throw args.fail("momentum", expected: "a number from 0 to 1 (Keras' default is 0.99)")
        }
        guard epsilon.isFinite, epsilon > 0 else {
            throw args.fail("epsilon", expected: "a small positive number (Keras' default is 0.001)")
        }
        let (center, scale) = (try args.bool("center"), try args.bool("scale"))
        return try layerSpec("batch_normalization", args, settings: "momentum: \(formatNumber(momentum))") {
            try BatchNormalization(axis: axis, momentum: momentum, epsilon: epsilon, center: center, scale: scale)
        }
    }
    r.define("activation(activation, input_shape: none, name: none, trainable: true)", topic: "models",
             "An activation as a layer of its own, as Keras' Activation: activation(relu).") { args, _ in
        let activation = try activationArgument(args)
        return try layerSpec("activation", args, settings: activation.rawValue) { ActivationLayer(activation) }
    }
    r.define("softmax(input_shape: none, name: none, trainable: true)", topic: "models",
             "Softmax over the last axis as a layer, as Keras' Softmax(); as a value, softmax also names the "
             + "activation: dense(10, activation: softmax).") { args, _ in
        try layerSpec("softmax", args, settings: "") { Softmax() }
    }
    r.define("leaky_relu(negative_slope: 0.3, input_shape: none, name: none, trainable: true)", topic: "models",
             "max(x, negative_slope · x), as Keras' LeakyReLU (alpha in Keras 2).") { args, _ in
        let slope = try args.float("negative_slope")
        guard slope.isFinite else { throw args.fail("negative_slope", expected: "a finite number") }
        return try layerSpec("leaky_relu", args, settings: formatNumber(slope)) { try LeakyReLU(negativeSlope: slope) }
    }
    r.define("rescaling(scale, offset: 0, input_shape: none, name: none, trainable: true)", topic: "models",
             "x · scale + offset, as Keras' Rescaling: rescaling(1 / 255) takes pixels in 0–255.") { args, _ in
        let (scale, offset) = (try args.float("scale"), try args.float("offset"))
        guard scale.isFinite else { throw args.fail("scale", expected: "a finite number") }
        guard offset.isFinite else { throw args.fail("offset", expected: "a finite number") }
        return try layerSpec("rescaling", args, settings: "\(formatNumber(scale)), offset: \(formatNumber(offset))") {
            Rescaling(scale: scale, offset: offset)
        }
    }
    r.define("average_pooling2d(pool_size = 2, strides: none, padding: valid, input_shape: none, name: none, "
             + "trainable: true)", topic: "models",
             "An average-pooling layer over windows of pool_size × pool_size; with padding: same, the windows at the "
             + "border average only the pixels inside, as Keras does.") { args, _ in
        let (size, strides, padding) = try poolingArguments(args)
        return try layerSpec("average_pooling2d", args, settings: "\(size.0)×\(size.1)") {
            try AveragePooling2D(poolSize: size, strides: strides, padding: padding)
        }
    }
    r.define("global_average_pooling2d(input_shape: none, name: none, trainable: true)", topic: "models",
             "Each channel's mean over the picture: (height, width, channels) → (channels,), the head CAM needs.") { args, _ in
        try layerSpec("global_average_pooling2d", args, settings: "") { GlobalAveragePooling2D() }
    }
    r.define("global_max_pooling2d(input_shape: none, name: none, trainable: true)", topic: "models",
             "Each channel's largest value over the picture: (height, width, channels) → (channels,).") { args, _ in
        try layerSpec("global_max_pooling2d", args, settings: "") { GlobalMaxPooling2D() }
    }
}
