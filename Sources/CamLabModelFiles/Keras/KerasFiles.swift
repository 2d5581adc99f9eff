import CamLabCore
import CamLabData
import CamLabNN

/// Keras model files in: the legacy HDF5 file (`model.save("m.h5")`, tf.keras 2 and Keras 3) and the `.keras`
/// archive (config.json + model.weights.h5, tf.keras 2.13–2.15 and Keras 3).
enum KerasFiles {
    /// A model from a legacy `.h5` file: the architecture from the root's `model_config`, the weights from
    /// `model_weights`, layer by layer in `layer_names` order and weight by weight in `weight_names` order.
    static func readH5(_ bytes: [UInt8], source: String, budget: MemoryBudget, warnings: inout [String]) throws -> Model {
        let file = try HDF5File(bytes: bytes, source: source)
        let root = try file.root
        guard let configText = try root.stringAttribute("model_config") else {
            throw Problem("\(source) holds no model_config: it is a weights-only file (save_weights) or not "
                                 + "a Keras model; save it with model.save(\"….h5\")")
        }
        let builder = try KerasModelBuilder(config: try parse(configText, source: source, what: "model_config"),
                                            source: source, budget: budget)
        let group = try root.childNames().contains("model_weights") ? try root.child("model_weights") : root
        guard let layerNames = try group.stringList("layer_names") else {
            throw Problem("\(source): '\(group.path)' has no layer_names attribute")
        }
        var weights: [KerasModelBuilder.StoredLayer] = []
        let layerGroups = try HDF5Object.Children(group)
        for name in layerNames {
            let layerGroup = try layerGroups.child(name)
            let weightNames = try layerGroup.stringList("weight_names") ?? []
            guard !weightNames.isEmpty else { continue }
            weights.append((name, try weightNames.map { weightName in
                var object = layerGroup
                for part in weightName.split(separator: "/") { object = try object.child(String(part)) }
                let (shape, values) = try object.readFloats()
                return (weightName, shape, values)
            }))
        }
        try builder.assign(weights)
        // The optimizer: `training_config` and the `optimizer_weights` its `weight_names` list, in order.
        var training: JSON?
        do {
            training = try root.stringAttribute("training_config").map { try parse($0, source: source, what: "training_config") }
        } catch {
            warnings.append("\(error); the model loads uncompiled (compile it before fit)")
        }
        warnings += KerasOptimizer.restore(builder.model, config: training, optimizerKey: "optimizer_config", variables: {
            guard try root.childNames().contains("optimizer_weights") else { return [] }
            let group = try root.child("optimizer_weights")
            return try (group.stringList("weight_names") ?? []).map { name in
                var object = group
                for part in name.split(separator: "/") { object = try object.child(String(part)) }
                let (shape, values) = try object.readFloats()
                return (name, shape, values)
            }
        }, parameters: builder.layersInConfigOrder.flatMap(\.trainableParameters), source: source)
        return builder.model
    }

    /// A model from a `.keras` archive. Its weights file names each layer's group after the layer's class in
    /// snake case, numbered in `model.layers` order (conv2d, conv2d_1, …; the InputLayer counts in functional
    /// models), and numbers each layer's variables 0, 1, … in the layer's weight order.
    static func readKeras(_ bytes: [UInt8], source: String, budget: MemoryBudget, warnings: inout [String]) throws -> Model {
        let archive = try ZipArchive(bytes: bytes, source: source, budget: budget)
        let config = try parse(String(decoding: try archive.read("config.json"), as: UTF8.self), source: source,
                               what: "config.json")
        let builder = try KerasModelBuilder(config: config, source: source, budget: budget)
        let file = try HDF5File(bytes: try archive.read("model.weights.h5"), source: "\(source) (model.weights.h5)")
        let layersGroup = try HDF5Object.Children(try file.root.child("layers"))
        var used: [String: Int] = [:]
        func groupName(_ className: String) -> String {
            let base = snakeCase(className)
            defer { used[base, default: -1] += 1 }
            return used[base].map { "\(base)_\($0 + 1)" } ?? base
        }
        if builder.architecture.listsInputLayer && !builder.architecture.isSequential { _ = groupName("InputLayer") }
        var weights: [KerasModelBuilder.StoredLayer] = []
        for (node, layer) in zip(builder.architecture.nodes, builder.layersInConfigOrder) {
            let name = groupName(node.className)
            guard !layer.parameters.isEmpty else { continue }
            let vars = try HDF5Object.Children(try layersGroup.child(name).child("vars"))
            let count = vars.names.count
            weights.append((name, try (0..<count).map { index in
                let (shape, values) = try vars.child(String(index)).readFloats()
                return ("layers/\(name)/vars/\(index)", shape, values)
            }))
        }
        try builder.assign(weights)
        // The optimizer: config.json's `compile_config` and the weights file's `optimizer/vars/0…N`.
        warnings += KerasOptimizer.restore(builder.model, config: config["compile_config"].flatMap { $0 == .null ? nil : $0 },
                                           optimizerKey: "optimizer", variables: {
            guard try file.root.childNames().contains("optimizer") else { return [] }
            let vars = try HDF5Object.Children(try file.root.child("optimizer").child("vars"))
            return try (0..<vars.names.count).map { index in
                let (shape, values) = try vars.child(String(index)).readFloats()
                return ("optimizer/vars/\(index)", shape, values)
            }
        }, parameters: builder.layersInConfigOrder.flatMap(\.trainableParameters), source: source)
        return builder.model
    }

    static func parse(_ text: String, source: String, what: String) throws -> JSON {
        do {
            return try JSON.parse(ArraySlice(text.utf8))
        } catch {
            throw Problem("\(source): its \(what) is not valid JSON (\(error.message))")
        }
    }

    /// Keras' `to_snake_case`: "BatchNormalization" → "batch_normalization", "LeakyReLU" → "leaky_re_lu".
    static func snakeCase(_ name: String) -> String {
        let s = Array(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        // (.)([A-Z][a-z]+) → \1_\2, left to right without overlaps.
        var first: [Character] = [], i = 0
        while i < s.count {
            if i + 2 < s.count, s[i + 1].isUppercase, s[i + 2].isLowercase {
                first += [s[i], "_", s[i + 1]]
                i += 2
                while i < s.count, s[i].isLowercase { first.append(s[i]); i += 1 }
            } else {
                first.append(s[i])
                i += 1
            }
        }
        // ([a-z])([A-Z]) → \1_\2.
        var out = "", j = 0
        while j < first.count {
            if j + 1 < first.count, first[j].isLowercase, first[j + 1].isUppercase {
                out += "\(first[j])_\(first[j + 1])"
                j += 2
            } else {
                out.append(first[j])
                j += 1
            }
        }
        return out.lowercased()
    }
}
