import CamLabCore
import CamLabData
import CamLabNN

/// Keras model files out: the legacy `.h5` and the `.keras` archive, each laid out as tf.keras 2.15 lays it out,
/// which TensorFlow 2.15 and Keras 3 both load (Scripts/fixtures and Tests/CamLabModelFilesTests/keras_roundtrip.py
/// check both). A compiled model's optimizer and loss go with it, and the optimizer's state (KerasOptimizer).
enum KerasWriter {
    static let kerasVersion = "2.15.0"

    /// `model.save("m.h5")`: model_config, and each layer's weights under model_weights/<layer>/<layer>/<weight>:0.
    static func h5(_ model: Model, optimizerFor form: KerasOptimizer.Form = .tfKeras2) throws -> [UInt8] {
        let root = HDF5Writer.Group()
        root.attributes = [("model_config", .string(try KerasConfigWriter.modelConfig(model, archive: false).text)),
                           ("keras_version", .string(kerasVersion)), ("backend", .string("tensorflow"))]
        if let training = KerasOptimizer.trainingConfig(model, form: form) { root.attributes.append(("training_config", .string(training.text))) }
        let weights = root.group("model_weights")
        let names = (model.isSequential ? [] : [model.inputName]) + model.layers.map(\.name)
        // Keras splits a list attribute beyond an object header message's 64 KB; 16 bytes a name here.
        let chunks = stride(from: 0, to: max(names.count, 1), by: 4_000).map { Array(names[$0..<min(names.count, $0 + 4_000)]) }
        weights.attributes = chunks.count == 1 ? [("layer_names", .strings(names))]
            : chunks.enumerated().map { ("layer_names\($0.offset)", .strings($0.element)) }
        weights.attributes += [("backend", .string("tensorflow")), ("keras_version", .string(kerasVersion))]
        if !model.isSequential { weights.group(model.inputName).attributes = [("weight_names", .strings([]))] }
        for layer in model.layers {
            let group = weights.group(layer.name)
            group.attributes = [("weight_names", .strings(layer.parameters.map { "\(layer.name)/\($0.name):0" }))]
            for parameter in layer.parameters {
                group.group(layer.name).dataset("\(parameter.name):0", shape: parameter.value.shape,
                                                values: parameter.value.scalars)
            }
        }
        KerasOptimizer.writeH5Variables(model, into: root, form: form)
        return HDF5Writer.write(root)
    }

    /// `model.save("m.keras")`: config.json, metadata.json and model.weights.h5 (layers/<class_name>/vars/<i>).
    static func archive(_ model: Model, date: String, optimizerFor form: KerasOptimizer.Form = .keras3) throws -> [UInt8] {
        var config = try KerasConfigWriter.modelConfig(model, archive: true)
        if let compile = KerasOptimizer.compileConfig(model), case .object(let entries) = config {
            config = .object(entries + [("compile_config", compile)])
        }
        let root = HDF5Writer.Group()
        let layers = root.group("layers")
        var used: [String: Int] = [:]
        func groupName(_ className: String) -> String {
            let base = KerasFiles.snakeCase(className)
            defer { used[base, default: -1] += 1 }
            return used[base].map { "\(base)_\($0 + 1)" } ?? base
        }
        if !model.isSequential { _ = layers.group(groupName("InputLayer")).group("vars") }
        for layer in model.layers {
            let vars = layers.group(groupName(layer.typeName)).group("vars")
            for (index, parameter) in layer.parameters.enumerated() {
                vars.dataset(String(index), shape: parameter.value.shape, values: parameter.value.scalars)
            }
        }
        KerasOptimizer.writeArchiveVariables(model, into: root.group("optimizer").group("vars"), form: form)
        _ = root.group("vars")
        let metadata = JSON.object([("keras_version", .string(kerasVersion)), ("date_saved", .string(date))])
        return ZipArchive.write([("metadata.json", Array(metadata.text.utf8)), ("config.json", Array(config.text.utf8)),
                                 ("model.weights.h5", HDF5Writer.write(root))])
    }
}
