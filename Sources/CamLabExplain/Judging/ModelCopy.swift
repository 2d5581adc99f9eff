import CamLabCore
import CamLabNN

extension Model {
    /// A new model with the same layers and names, holding copies of this model's weights except in the layers
    /// at `reinitializing`, whose weights are drawn afresh — exactly as a new layer of that kind draws them
    /// (Keras' Glorot-uniform kernels, zero biases), from a generator seeded with `seed`. This model is only
    /// read: the sanity checks randomise the copy, never the user's model.
    func copy(reinitializing: Set<Int> = [], seed: UInt64 = 0) throws -> Model {
        let fresh = try layers.map { layer -> any Layer in
            let copy = try freshLayer(like: layer)
            copy.name = layer.name
            return copy
        }
        let model = isSequential
            ? try Model(inputShape: inputShape, layers: fresh, seed: seed, name: name)
            : try Model(inputShape: inputShape, nodes: zip(fresh, inputNodes).map { (layer: $0, inputs: $1) },
                        seed: seed, name: name)
        model.inputName = inputName
        model.layerAliases = layerAliases
        for (index, (original, copy)) in zip(layers, model.layers).enumerated() where !reinitializing.contains(index) {
            for (source, target) in zip(original.parameters, copy.parameters) { target.value = source.value }
        }
        return model
    }

    /// The indices of the layers that have weights, from the top (output) layer down: the order in which
    /// Adebayo et al.'s cascading randomisation destroys them.
    var weightedLayersTopDown: [Int] { layers.indices.reversed().filter { !layers[$0].parameters.isEmpty } }
}

/// An unbuilt layer of the same kind and settings as `layer`.
private func freshLayer(like layer: any Layer) throws -> any Layer {
    switch layer {
    case let conv as Conv2D:
        return try Conv2D(filters: conv.filters, window: conv.window, activation: conv.activation,
                          useBias: conv.useBias)
    case let dense as Dense:
        return try Dense(units: dense.units, activation: dense.activation, useBias: dense.useBias)
    case let pool as Pooling2D:
        return type(of: pool).init(window: pool.window)
    case let dropout as Dropout:
        return try Dropout(rate: dropout.rate)
    case is Flatten:
        return Flatten()
    case is Softmax:
        return Softmax()
    case let activation as ActivationLayer:
        return ActivationLayer(activation.activation)
    case let bn as BatchNormalization:
        // Fresh as a new layer: gamma 1, beta 0, moving mean 0, moving variance 1.
        return try BatchNormalization(axis: bn.axis, momentum: bn.momentum, epsilon: bn.epsilon, center: bn.center,
                                      scale: bn.scale)
    case is GlobalAveragePooling2D:
        return GlobalAveragePooling2D()
    case is GlobalMaxPooling2D:
        return GlobalMaxPooling2D()
    case let leaky as LeakyReLU:
        return try LeakyReLU(negativeSlope: leaky.negativeSlope)
    case let rescaling as Rescaling:
        return Rescaling(scales: rescaling.scales, offsets: rescaling.offsets)
    case let relu as ReLU:
        return try ReLU(maxValue: relu.maxValue)
    case let merge as ElementwiseMerge:
        return type(of: merge).init()
    case let concatenate as Concatenate:
        return Concatenate(axis: concatenate.axis)
    default:
        throw Problem("cannot copy layer '\(layer.name)' (\(layer.typeName)) to randomise it; the sanity "
                           + "checks know the layers CamLabNN defines, not this one")
    }
}
