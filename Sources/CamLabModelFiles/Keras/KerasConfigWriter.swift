import CamLabCore
import CamLabData
import CamLabNN

/// A CamLab model's Keras config, written as tf.keras 2.15 writes it (dtype strings, `batch_input_shape`, inbound
/// nodes as [name, 0, 0, {}] lists, LeakyReLU's `alpha`): the form both TensorFlow 2.15 and Keras 3 read.
/// Only the settings a layer has are written; Keras fills in its defaults for the rest.
enum KerasConfigWriter {
    static func number(_ n: Int) -> JSON { .number(String(n)) }
    static func number(_ x: Float) -> JSON { .number(x.isFinite ? "\(x)" : "0.0") }
    static func pair(_ p: (Int, Int)) -> JSON { .array([number(p.0), number(p.1)]) }
    static func batchShape(_ shape: [Int]) -> JSON { .array([.null] + shape.map(number)) }

    /// The Keras class name and settings of `layer`; a layer CamLab has but Keras could not rebuild is an error.
    static func layerConfig(_ layer: any Layer) throws -> (className: String, config: [(String, JSON)]) {
        var config: [(String, JSON)] = [("name", .string(layer.name)), ("trainable", .bool(layer.trainable)),
                                        ("dtype", .string("float32"))]
        let channelsLast: (String, JSON) = ("data_format", .string("channels_last"))
        switch layer {
        case let conv as Conv2D:
            config += [("filters", number(conv.filters)), ("kernel_size", pair(conv.window.size)),
                       ("strides", pair(conv.window.strides)), ("padding", .string(conv.window.padding.rawValue)),
                       channelsLast, ("dilation_rate", pair(conv.window.dilation)), ("groups", number(1)),
                       ("activation", .string(conv.activation.rawValue)), ("use_bias", .bool(conv.useBias))]
        case let dense as Dense:
            config += [("units", number(dense.units)), ("activation", .string(dense.activation.rawValue)),
                       ("use_bias", .bool(dense.useBias))]
        case let bn as BatchNormalization:
            config += [("axis", number(-1)), ("momentum", number(bn.momentum)), ("epsilon", number(bn.epsilon)),
                       ("center", .bool(bn.center)), ("scale", .bool(bn.scale))]
        case let pool as Pooling2D:
            config += [("pool_size", pair(pool.window.size)), ("padding", .string(pool.window.padding.rawValue)),
                       ("strides", pair(pool.window.strides)), channelsLast]
        case is GlobalAveragePooling2D, is GlobalMaxPooling2D:
            config += [channelsLast, ("keepdims", .bool(false))]
        case is Flatten:
            config += [channelsLast]
        case let dropout as Dropout:
            config += [("rate", number(dropout.rate)), ("noise_shape", .null), ("seed", .null)]
        case is Softmax:
            config += [("axis", number(-1))]
        case let activation as ActivationLayer:
            config += [("activation", .string(activation.activation.rawValue))]
        case let leaky as LeakyReLU:
            config += [("alpha", number(leaky.negativeSlope))]
        case let rescaling as Rescaling:
            config += [("scale", number(rescaling.scale)), ("offset", number(rescaling.offset))]
        case is Concatenate:
            config += [("axis", number(-1))]
        case is ElementwiseMerge:
            break
        default:
            throw Problem("layer '\(layer.name)' (\(layer.typeName)) has no Keras counterpart CamLab can write")
        }
        return (layer.typeName, config)
    }

    /// The model's config. `archive` adds what a `.keras` config carries (modules, build configs).
    static func modelConfig(_ model: Model, archive: Bool) throws -> JSON {
        func inputName(_ node: Int) -> String { node == 0 ? model.inputName : model.layers[node - 1].name }
        let inputEntry: [(String, JSON)] = [
            ("class_name", .string("InputLayer")),
            ("config", .object([("batch_input_shape", batchShape(model.inputShape)), ("dtype", .string("float32")),
                                ("sparse", .bool(false)), ("ragged", .bool(false)), ("name", .string(model.inputName))])),
        ] + (archive ? [("module", .string("keras.layers")), ("registered_name", .null)] : [])
        var layers: [JSON] = [.object(inputEntry + (model.isSequential ? [] : [("name", .string(model.inputName)),
                                                                              ("inbound_nodes", .array([]))]))]
        for (index, layer) in model.layers.enumerated() {
            let (className, config) = try layerConfig(layer)
            var entry: [(String, JSON)] = [("class_name", .string(className)), ("config", .object(config))]
            let inputs = model.inputNodes[index]
            if archive {
                let shapes = inputs.map { batchShape(model.shape(ofNode: $0)) }
                entry += [("module", .string("keras.layers")), ("registered_name", .null),
                          ("build_config", .object([("input_shape", shapes.count == 1 ? shapes[0] : .array(shapes))]))]
            }
            if !model.isSequential {
                let node = inputs.map { JSON.array([.string(inputName($0)), number(0), number(0), .object([])]) }
                entry += [("name", .string(layer.name)), ("inbound_nodes", .array([.array(node)]))]
            }
            layers.append(.object(entry))
        }
        var config: [(String, JSON)] = [("name", .string(model.name)), ("trainable", .bool(true)),
                                        ("layers", .array(layers))]
        if !model.isSequential {
            let tensor = { (name: String) in JSON.array([.array([.string(name), number(0), number(0)])]) }
            config += [("input_layers", tensor(model.inputName)), ("output_layers", tensor(inputName(model.outputNode)))]
        }
        // In a .keras archive, "keras.Model" is the one name for a functional model both Keras versions resolve.
        let className = model.isSequential ? "Sequential" : archive ? "Model" : "Functional"
        var top: [(String, JSON)] = [("class_name", .string(className)), ("config", .object(config))]
        if archive {
            top = [("module", .string("keras"))] + top + [("registered_name", .null),
                   ("build_config", .object([("input_shape", batchShape(model.inputShape))]))]
        } else {
            top += [("keras_version", .string(KerasWriter.kerasVersion)), ("backend", .string("tensorflow"))]
        }
        return .object(top)
    }
}
