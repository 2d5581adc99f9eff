import CamLabCore
import CamLabData
import CamLabNN

/// Builds the CamLab model a Keras config describes, then fills its weights from a Keras weights file.
struct KerasModelBuilder {
    /// One weight as a file stores it: its name there, shape and values.
    typealias StoredWeight = (name: String, shape: [Int], values: [Float])
    /// A layer's weights as a file stores them, in Keras' order.
    typealias StoredLayer = (layer: String, values: [StoredWeight])

    let architecture: KerasArchitecture
    let source: String
    /// The model's layers in the config's order (Keras' `model.layers`, the order its weights are stored in).
    private(set) var layersInConfigOrder: [any Layer] = []
    private(set) var model: Model

    init(config: JSON, source: String, budget: MemoryBudget = .standard) throws {
        let architecture = try KerasArchitecture(config, source: source)
        self.architecture = architecture
        self.source = source
        let ordered = try architecture.topologicalOrder(source: source)
        // Each layer is built here first, in order, so a config asking for more weights than the memory budget, or
        // for an absurd activation, is refused before anything large is allocated (Model's build keeps the weights).
        var nodeOf = [architecture.inputName: 0], shapeOf = [architecture.inputName: architecture.inputShape]
        var byName: [String: any Layer] = [:]
        var nodes: [(layer: any Layer, inputs: [Int])] = []
        var generator = SeededGenerator(seed: 0), weights = 0.0
        guard Self.elementCount(architecture.inputShape) <= 1 << 32 else {
            throw Problem("\(source): the model's input shape \(architecture.inputShape.shapeDescription) is "
                                 + "more than CamLab can hold")
        }
        for (index, node) in ordered.enumerated() {
            let inputShapes = node.inputs.compactMap { shapeOf[$0] }
            let layer = try KerasLayers.make(node, rank: inputShapes.first?.count ?? 1, source: source)
            if let arity = Self.arityError(layer, node) { throw Problem("\(source): \(arity)") }
            weights += layer.weightCount(inputShapes: inputShapes)
            guard weights * 4 <= Double(budget.bytes) else {
                throw Problem("\(source): the model needs more than \(MemoryBudget.text(weights * 4)) of "
                                     + "weights by layer '\(node.name)', more than the memory budget of "
                                     + MemoryBudget.text(Double(budget.bytes)))
            }
            let output: [Int]
            do {
                output = try layer.build(inputShapes: inputShapes, generator: &generator)
            } catch let error as Problem {
                throw Problem("\(source): \(error.message)")
            }
            guard Self.elementCount(output) <= 1 << 32 else {
                throw Problem("\(source): layer '\(node.name)' (\(node.className)) outputs "
                                     + "\(output.shapeDescription) per example, more than CamLab can hold")
            }
            nodes.append((layer, node.inputs.compactMap { nodeOf[$0] }))
            nodeOf[node.name] = index + 1
            shapeOf[node.name] = output
            byName[node.name] = layer
        }
        guard ordered.last?.name == architecture.output else {
            let unused = ordered.filter { node in node.name != architecture.output
                && !ordered.contains { $0.inputs.contains(node.name) } }.map(\.name)
            throw Problem("\(source): the model's output is '\(architecture.output)', but "
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
        } catch let error as Problem {
            throw Problem("\(source): \(error.message)")
        }
        model.inputName = architecture.inputName
        layersInConfigOrder = architecture.nodes.compactMap { byName[$0.name] }
    }

    /// The element count of a shape, saturating instead of overflowing.
    private static func elementCount(_ shape: [Int]) -> Int {
        shape.reduce(1) { count, extent in
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            return overflow ? .max : product
        }
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
    func assign(_ weights: [StoredLayer]) throws {
        let layers = layersInConfigOrder.filter { !$0.parameters.isEmpty }
        guard weights.count == layers.count else {
            throw Problem("\(source) holds weights for \(weights.count) layers, but its model has \(layers.count) "
                                 + "layers with weights (" + layers.map(\.name).joined(separator: ", ") + ")")
        }
        for (layer, stored) in zip(layers, weights) {
            let parameters = layer.parameters
            guard parameters.count == stored.values.count else {
                throw Problem("\(source): layer '\(layer.name)' (\(layer.typeName)) has \(parameters.count) "
                                     + "weights (" + parameters.map(\.name).joined(separator: ", ") + "), the file holds "
                                     + "\(stored.values.count) for '\(stored.layer)'")
            }
            for (parameter, value) in zip(parameters, stored.values) where parameter.value.shape != value.shape {
                throw Problem("\(source): weight '\(value.name)' has shape \(value.shape.shapeDescription), but "
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
