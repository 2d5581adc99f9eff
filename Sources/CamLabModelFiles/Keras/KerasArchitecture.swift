import CamLabCore
import CamLabData

/// A Keras model's config, Sequential or functional, written by tf.keras 2 or Keras 3, reduced to what CamLab
/// builds from: one input, then each layer with its class, settings and the layers it reads, in the config's order.
struct KerasArchitecture {
    struct Node {
        let name: String
        let className: String
        let config: JSON
        /// The layers (or the input) this one reads, by name.
        let inputs: [String]
    }

    let modelName: String
    let isSequential: Bool
    let inputName: String
    let inputShape: [Int]
    /// Every layer but the input, in the config's order (the order Keras stores their weights in).
    let nodes: [Node]
    /// The layer the model outputs.
    let output: String
    /// Whether the config listed an InputLayer among its layers (a .keras archive stores its weights too).
    let listsInputLayer: Bool

    /// Reads `json`, the value of a file's `model_config` or `config.json`; `source` names the file in errors.
    init(_ json: JSON, source: String) throws {
        func fail(_ message: String) -> Problem { Problem("\(source): \(message)") }
        guard let className = json["class_name"]?.string else {
            throw fail("the model config has no class_name; it is not a Keras model config")
        }
        let config = json["config"] ?? .object([])
        switch className {
        case "Sequential":
            isSequential = true
            // Keras 2.0–2.2 wrote a Sequential config as the bare list of layers.
            let layers = config.array ?? config["layers"]?.array ?? []
            modelName = config["name"]?.string ?? "sequential"
            var nodes: [Node] = [], shape: [Int]? = nil, inputName = "input_1", previous: String? = nil
            var listsInput = false
            for (index, layer) in layers.enumerated() {
                let (name, layerClass, layerConfig) = try Self.describe(layer, index: index, fail)
                if layerClass == "InputLayer" {
                    guard index == 0 else { throw fail("Sequential model '\(modelName)' has an InputLayer after its first layer") }
                    shape = try Self.batchShape(layerConfig, layer: name, fail)
                    inputName = name
                    listsInput = true
                    continue
                }
                if shape == nil, nodes.isEmpty {
                    shape = try Self.batchShape(layerConfig, layer: name, fail, required: false)
                }
                nodes.append(Node(name: name, className: layerClass, config: layerConfig, inputs: [previous ?? inputName]))
                previous = name
            }
            if shape == nil, let build = config["build_input_shape"] {
                shape = try Self.shape(build, what: "the build_input_shape of '\(modelName)'", fail)
            }
            guard let shape else {
                throw fail("Sequential model '\(modelName)' does not say its input shape (no InputLayer, "
                           + "batch_input_shape or build_input_shape); build the model on an input before saving it")
            }
            guard let last = nodes.last else { throw fail("Sequential model '\(modelName)' has no layers") }
            inputShape = shape
            self.inputName = inputName
            self.nodes = nodes
            output = last.name
            listsInputLayer = listsInput
        case "Functional", "Model":
            isSequential = false
            modelName = config["name"]?.string ?? "model"
            var nodes: [Node] = [], inputs: [(name: String, shape: [Int])] = []
            for (index, layer) in (config["layers"]?.array ?? []).enumerated() {
                let (name, layerClass, layerConfig) = try Self.describe(layer, index: index, fail)
                if layerClass == "InputLayer" {
                    inputs.append((name, try Self.batchShape(layerConfig, layer: name, fail) ?? []))
                    continue
                }
                let reads = try Self.inboundLayers(layer["inbound_nodes"], layer: name, className: layerClass, fail)
                nodes.append(Node(name: name, className: layerClass, config: layerConfig, inputs: reads))
            }
            let inputNames = Self.tensorNames(config["input_layers"]), outputNames = Self.tensorNames(config["output_layers"])
            guard inputs.count == 1, inputNames.count <= 1 else {
                throw fail("model '\(modelName)' has \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", "))); "
                           + "CamLab models take one input")
            }
            guard outputNames.count == 1, let output = outputNames.first else {
                throw fail("model '\(modelName)' has \(outputNames.count) outputs (\(outputNames.joined(separator: ", "))); "
                           + "CamLab models have one output")
            }
            inputName = inputs[0].name
            inputShape = inputs[0].shape
            self.nodes = nodes
            self.output = output
            listsInputLayer = true
        default:
            throw fail("the model config's class is \(className); CamLab reads Sequential and functional (Functional) models")
        }
        guard (1...4).contains(inputShape.count) else {
            throw fail("model '\(modelName)' has inputs of rank \(inputShape.count) per example; CamLab takes 1 to 4")
        }
    }

    /// A layer entry's name, class and settings.
    private static func describe(_ layer: JSON, index: Int,
                                 _ fail: (String) -> Problem) throws -> (String, String, JSON) {
        guard let className = layer["class_name"]?.string, let config = layer["config"], case .object = config else {
            throw fail("layer \(index + 1) of the model config has no class_name or config")
        }
        guard let name = config["name"]?.string ?? layer["name"]?.string, !name.isEmpty else {
            throw fail("layer \(index + 1) (\(className)) of the model config has no name")
        }
        return (name, className, config)
    }

    /// The per-example input shape from `batch_shape` (Keras 3) or `batch_input_shape` (tf.keras 2).
    private static func batchShape(_ config: JSON, layer: String, _ fail: (String) -> Problem,
                                   required: Bool = true) throws -> [Int]? {
        guard let value = config["batch_shape"] ?? config["batch_input_shape"] else {
            if required { throw fail("InputLayer '\(layer)' has neither batch_shape nor batch_input_shape") }
            return nil
        }
        if let dtype = config["dtype"], let name = KerasLayerConfig.dtypeName(dtype), name != "float32" {
            throw fail("InputLayer '\(layer)' takes \(name) inputs; CamLab models take float32")
        }
        return try shape(value, what: "the input shape of '\(layer)'", fail)
    }

    /// A batch shape [null, h, w, c] without its batch axis; a missing axis (null) is an error.
    static func shape(_ value: JSON, what: String, _ fail: (String) -> Problem) throws -> [Int] {
        guard let items = value.array, !items.isEmpty else { throw fail("\(what) is not a list of sizes") }
        return try items.dropFirst().map { item in
            guard let extent = item.integer, (1...(1 << 24)).contains(extent) else {
                throw fail("\(what) is \(value.text): CamLab needs every axis but the batch given, e.g. "
                           + "Input((28, 28, 1)) rather than Input((None, None, 1))")
            }
            return extent
        }
    }

    /// The layers one layer reads: tf.keras 2 lists [[name, node, tensor, kwargs], …] per call, Keras 3 a call's
    /// args holding `__keras_tensor__` values with a keras_history [name, node, tensor].
    private static func inboundLayers(_ value: JSON?, layer: String, className: String,
                                      _ fail: (String) -> Problem) throws -> [String] {
        let calls = value?.array ?? []
        guard calls.count == 1 else {
            throw fail(calls.isEmpty ? "layer '\(layer)' (\(className)) reads nothing: it is not connected to the model"
                       : "layer '\(layer)' (\(className)) is called \(calls.count) times (a shared layer); CamLab uses each layer once")
        }
        var histories: [[JSON]] = []
        if let entries = calls[0].array {
            histories = entries.compactMap(\.array)
        } else {
            func collect(_ value: JSON, depth: Int) {
                guard depth < 8 else { return }
                if let history = value["config"]?["keras_history"]?.array { histories.append(history); return }
                for item in value.array ?? [] { collect(item, depth: depth + 1) }
            }
            collect(calls[0]["args"] ?? .null, depth: 0)
        }
        guard !histories.isEmpty else { throw fail("layer '\(layer)' (\(className)) has an inbound node naming no layer") }
        return try histories.map { history in
            guard let name = history.first?.string else {
                throw fail("layer '\(layer)' (\(className)) has an inbound node without a layer name")
            }
            guard history.count > 2, history[1].integer == 0, history[2].integer == 0 else {
                throw fail("layer '\(layer)' (\(className)) reads a second call or second output of '\(name)'; CamLab "
                           + "layers are called once and have one output")
            }
            return name
        }
    }

    /// Names from `input_layers`/`output_layers`: [[name, 0, 0], …] or, for one tensor in Keras 3, [name, 0, 0].
    private static func tensorNames(_ value: JSON?) -> [String] {
        guard let items = value?.array else { return [] }
        if let first = items.first?.string { return [first] }
        return items.compactMap { $0.array?.first?.string }
    }

    /// The nodes in an order where each comes after what it reads (the config's order where it already is).
    func topologicalOrder(source: String) throws -> [Node] {
        var placed: Set<String> = [inputName], order: [Node] = [], remaining = nodes
        let known = Set(nodes.map(\.name)).union([inputName])
        for node in nodes {
            if let missing = node.inputs.first(where: { !known.contains($0) }) {
                throw Problem("\(source): layer '\(node.name)' reads '\(missing)', which the model config does not have")
            }
        }
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { $0.inputs.allSatisfy(placed.contains) }) else {
                throw Problem("\(source): the layers " + remaining.map { "'\($0.name)'" }.joined(separator: ", ")
                                     + " read each other in a cycle")
            }
            let node = remaining.remove(at: next)
            guard placed.insert(node.name).inserted else {
                throw Problem("\(source): the model config has two layers named '\(node.name)'")
            }
            order.append(node)
        }
        return order
    }
}
