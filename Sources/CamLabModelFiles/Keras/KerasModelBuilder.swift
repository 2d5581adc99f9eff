import CamLabCore
import CamLabData
import CamLabNN

/// Builds the CamLab model a Keras config describes, then fills its weights from a Keras weights file.
struct KerasModelBuilder {
    let architecture: KerasArchitecture
    let source: String
    /// The model's layers in the config's order (Keras' `model.layers`, the order its weights are stored in).
    private(set) var layersInConfigOrder: [any Layer] = []
    private(set) var model: Model

    init(config: JSON, source: String) throws {
        let architecture = try KerasArchitecture(config, source: source)
        self.architecture = architecture
        self.source = source
        let ordered = try architecture.topologicalOrder(source: source)
        var nodeOf = [architecture.inputName: 0], rankOf = [architecture.inputName: architecture.inputShape.count]
        var byName: [String: any Layer] = [:]
        var nodes: [(layer: any Layer, inputs: [Int])] = []
        for (index, node) in ordered.enumerated() {
            let rank = node.inputs.first.flatMap { rankOf[$0] } ?? 1
            let layer = try KerasLayers.make(node, rank: rank, source: source)
            if let arity = Self.arityError(layer, node) { throw ModelFileError("\(source): \(arity)") }
            nodes.append((layer, node.inputs.compactMap { nodeOf[$0] }))
            nodeOf[node.name] = index + 1
            rankOf[node.name] = layer is Flatten || layer is GlobalAveragePooling2D || layer is GlobalMaxPooling2D
                || layer is Dense && rank == 1 ? 1 : rank
            byName[node.name] = layer
        }
        guard ordered.last?.name == architecture.output else {
            let unused = ordered.filter { node in node.name != architecture.output
                && !ordered.contains { $0.inputs.contains(node.name) } }.map(\.name)
            throw ModelFileError("\(source): the model's output is '\(architecture.output)', but "
                                 + (unused.isEmpty ? "it is not its last layer" : "layers " + unused.map { "'\($0)'" }
                                    .joined(separator: ", ") + " lead nowhere")
                                 + "; CamLab models end in their one output layer")
        }
        do {
            if architecture.isSequential {
                model = try Model(inputShape: architecture.inputShape, layers: nodes.map(\.layer), name: architecture.modelName)
            } else {
                model = try Model(inputShape: architecture.inputShape, nodes: nodes, name: architecture.modelName)
            }
        } catch let error as ModelError {
            throw ModelFileError("\(source): \(error.message)")
        }
        model.inputName = architecture.inputName
        layersInConfigOrder = architecture.nodes.compactMap { byName[$0.name] }
    }

    private static func arityError(_ layer: any Layer, _ node: KerasArchitecture.Node) -> String? {
        switch layer.inputArity {
        case .one where node.inputs.count != 1:
            "layer '\(node.name)' (\(node.className)) reads \(node.inputs.count) tensors; it takes one"
        case .atLeast(let n) where node.inputs.count < n:
            "layer '\(node.name)' (\(node.className)) merges \(node.inputs.count) tensor; it needs at least \(n)"
        default: nil
        }
    }

    /// Puts `weights[i]` (one list per layer with weights, in the config's order) into the model, after checking
    /// every count and shape: a file that does not fit is an error naming the first misfit, and nothing changes.
    func assign(_ weights: [(layer: String, values: [(name: String, shape: [Int], values: [Float])])]) throws {
        let layers = layersInConfigOrder.filter { !$0.parameters.isEmpty }
        guard weights.count == layers.count else {
            throw ModelFileError("\(source) holds weights for \(weights.count) layers, but its model has \(layers.count) "
                                 + "layers with weights (" + layers.map(\.name).joined(separator: ", ") + ")")
        }
        for (layer, stored) in zip(layers, weights) {
            let parameters = layer.parameters
            guard parameters.count == stored.values.count else {
                throw ModelFileError("\(source): layer '\(layer.name)' (\(layer.typeName)) has \(parameters.count) "
                                     + "weights (" + parameters.map(\.name).joined(separator: ", ") + "), the file holds "
                                     + "\(stored.values.count) for '\(stored.layer)'")
            }
            for (parameter, value) in zip(parameters, stored.values) where parameter.value.shape != value.shape {
                throw ModelFileError("\(source): weight '\(value.name)' has shape \(value.shape.shapeDescription), but "
                                     + "\(layer.name)/\(parameter.name) needs \(parameter.value.shape.shapeDescription)")
            }
        }
        for (layer, stored) in zip(layers, weights) {
            for (parameter, value) in zip(layer.parameters, stored.values) {
                parameter.value = Tensor(shape: value.shape, scalars: value.values)
            }
        }
    }
}
