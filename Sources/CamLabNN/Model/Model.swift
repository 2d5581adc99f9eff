import CamLabCore

/// A model: a directed acyclic graph of layers from one input to one output, as Keras' functional `Model`.
/// Keras' `Sequential` models are the chain-shaped case. Layers are named on insertion the way Keras names them
/// (`conv2d`, `conv2d_1`, …, counted per model), and weights are created from one seed, so the same script builds
/// the same model every time.
///
/// Nodes are numbered in a topological order: node 0 is the input, node i + 1 is `layers[i]`, whose inputs are
/// nodes `inputNodes[i]`, all of lower numbers. A layer appears once.
public final class Model {
    public let name: String
    /// The per-example input shape, e.g. (28, 28, 1).
    public let inputShape: [Int]
    /// The input's name, as Keras' `InputLayer` is named (shown by `summary`).
    public var inputName = "input_1"
    public private(set) var layers: [any Layer] = []
    /// The nodes each layer reads, by node number.
    public private(set) var inputNodes: [[Int]] = []
    /// The node the model outputs: the last layer's.
    public var outputNode: Int { layers.count }
    /// Whether the model was made by `sequential` (Keras prints the two kinds differently).
    public let isSequential: Bool
    /// Other names a layer answers to, mapped to its name: an ONNX model's layers are named by their nodes and
    /// answer to their outputs' names too (and a node folded away, as Identity, to the layer it passes on).
    public var layerAliases: [String: String] = [:]
    /// Set by `compile`; `fit` and `evaluate` need them.
    public var optimizer: (any Optimizer)?
    public var loss: Loss?
    /// What the latest `fit` recorded, epoch by epoch (Keras' `model.history`).
    public var history = History()
    var generator: SeededGenerator

    /// A chain of layers, as Keras' `Sequential`.
    public init(inputShape: [Int], layers: [any Layer] = [], seed: UInt64 = 0, name: String = "sequential") throws {
        try Self.checkInputShape(inputShape)
        self.name = name
        self.inputShape = inputShape
        self.isSequential = true
        self.generator = SeededGenerator(seed: seed)
        for layer in layers { try add(layer) }
    }

    /// A graph: `nodes` lists each layer with the nodes it reads (0 the input, i + 1 the i-th layer listed), in
    /// an order where every layer comes after the nodes it reads; the last is the output. Layers already built
    /// (taken from another model) keep their weights; the others are built here from the model's seed.
    public init(inputShape: [Int], nodes: [(layer: any Layer, inputs: [Int])], seed: UInt64 = 0,
                name: String = "model") throws {
        try Self.checkInputShape(inputShape)
        guard !nodes.isEmpty else { throw Problem("model '\(name)' has no layers between its input and output") }
        self.name = name
        self.inputShape = inputShape
        self.isSequential = false
        self.generator = SeededGenerator(seed: seed)
        // Names given anywhere in the graph are taken before the unnamed layers are named, in order.
        var taken = Set(nodes.map(\.layer.name).filter { !$0.isEmpty })
        for node in nodes where node.layer.name.isEmpty {
            node.layer.name = Self.uniqueName(prefix: node.layer.namePrefix, avoiding: taken)
            taken.insert(node.layer.name)
        }
        for node in nodes { try add(node.layer, inputs: node.inputs) }
    }

    private static func checkInputShape(_ shape: [Int]) throws {
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
            throw Problem("input shape must have positive extents, got \(shape.shapeDescription)")
        }
    }

    /// The per-example output shape of the whole model.
    public var outputShape: [Int] { layers.last?.outputShape ?? inputShape }

    /// The per-example shape of node `node`'s output.
    public func shape(ofNode node: Int) -> [Int] { node == 0 ? inputShape : layers[node - 1].outputShape }

    /// Appends a layer reading `inputs` (by default the last node, making a chain): names it, checks it fits
    /// the shapes it reads and creates its weights.
    public func add(_ layer: any Layer, inputs: [Int]? = nil) throws {
        let inputs = inputs ?? [outputNode]
        if layers.contains(where: { $0 === layer }) {
            throw Problem("layer '\(layer.name)' is already in model '\(name)'; a layer can be used once")
        }
        if layer.name.isEmpty {
            layer.name = Self.uniqueName(prefix: layer.namePrefix, avoiding: Set(layers.map(\.name)))
        } else if layers.contains(where: { $0.name == layer.name }) {
            throw Problem("the model already has a layer named '\(layer.name)'; layer names must be unique")
        }
        if let bad = inputs.first(where: { !(0...outputNode).contains($0) }) {
            throw Problem("layer '\(layer.name)' reads node \(bad), which does not come before it")
        }
        switch layer.inputArity {
        case .one where inputs.count != 1:
            throw Problem("\(layer.typeName) '\(layer.name)' takes one input, got \(inputs.count)")
        case .atLeast(let n) where inputs.count < n:
            throw Problem("\(layer.typeName) '\(layer.name)' merges at least \(n) inputs, got \(inputs.count)")
        default: break
        }
        _ = try layer.build(inputShapes: inputs.map(shape(ofNode:)), generator: &generator)
        layers.append(layer)
        inputNodes.append(inputs)
    }

    /// Keras' automatic name: the prefix, then prefix_1, prefix_2, … until one is free.
    private static func uniqueName(prefix: String, avoiding taken: Set<String>) -> String {
        var candidate = prefix, n = 0
        while taken.contains(candidate) { n += 1; candidate = "\(prefix)_\(n)" }
        return candidate
    }

    /// The index of the layer with this name; the error lists the names there are and the closest one.
    public func layerIndex(named name: String) throws -> Int {
        if let index = layers.firstIndex(where: { $0.name == name }) { return index }
        if let alias = layerAliases[name], let index = layers.firstIndex(where: { $0.name == alias }) { return index }
        let names = layers.map(\.name)
        var message = "model '\(self.name)' has no layer named '\(name)'"
        message += Suggestions.closest(to: name, among: names, limit: 1).first.map { "; did you mean '\($0)'?" } ?? "."
        throw Problem(message + " Its layers are: " + DisplayText.list(names, limit: 40))
    }

    public func layer(named name: String) throws -> any Layer { layers[try layerIndex(named: name)] }

    /// The layers whose output node `node` feeds.
    public func consumers(ofNode node: Int) -> [Int] {
        inputNodes.indices.filter { inputNodes[$0].contains(node) }
    }

    /// The node that layer `index` reads as its one input when it is another layer's output and no other layer
    /// reads it: where a pass may fuse the two layers' work.
    func soleInputLayerNode(ofLayer index: Int) -> Int? {
        guard inputNodes[index].count == 1, inputNodes[index][0] > 0 else { return nil }
        let below = inputNodes[index][0]
        return consumers(ofNode: below) == [index] ? below : nil
    }

    /// The inference-mode batch normalizations (by node) an inference pass folds into the convolution below them,
    /// with that convolution's node: a fixed per-channel affine map after a convolution without an activation that
    /// it alone reads is the convolution with scaled filters and a shifted bias.
    func foldableNormalizations(training: Bool) -> [Int: Int] {
        var nodes: [Int: Int] = [:]
        for (index, layer) in layers.enumerated()
        where layer is InferenceChannelAffine && !layer.couplesExamples(training: training) {
            guard let below = soleInputLayerNode(ofLayer: index), layers[below - 1].absorbsChannelAffine,
                  below != outputNode else { continue }
            nodes[index + 1] = below
        }
        return nodes
    }

    /// The layers (by node) whose output's per-channel sums a pass asks for: each alone read by a layer that takes
    /// them for its batch statistics (a batch normalization in training mode).
    func channelSummingNodes(training: Bool) -> Set<Int> {
        Set(layers.indices.compactMap { index -> Int? in
            guard layers[index] is ReadsInputChannelSums, layers[index].couplesExamples(training: training),
                  let below = soleInputLayerNode(ofLayer: index), layers[below - 1].sumsOutputChannels else { return nil }
            return below
        })
    }

    /// The ReLU layers (by node) a training or inference pass folds into the layer below them: the only reader of a
    /// layer that can apply a ReLU in its own loop (batch normalization), and not the model's output. That layer's
    /// output in such a pass is then already ReLU'd; its backward step does not read it, and takes the gradient above
    /// the ReLU unless a value in between is read.
    var foldableReLUs: Set<Int> {
        Set(layers.indices.compactMap { index -> Int? in
            guard let relu = layers[index] as? ActivationLayer, relu.activation == .relu,
                  type(of: relu) == ActivationLayer.self, index + 1 != outputNode,
                  let below = soleInputLayerNode(ofLayer: index), layers[below - 1].fusesFollowingReLU else { return nil }
            return index + 1
        })
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    public var trainableParameters: [Parameter] { layers.flatMap(\.trainableParameters) }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Checks that `x` is a batch of this model's inputs, with a hint when it is one reshape away.
    public func validateInput(_ x: Tensor) throws {
        guard x.rank == inputShape.count + 1, Array(x.shape.dropFirst()) == inputShape else {
            var message = "model '\(name)' expects input of shape \((["None"] + inputShape.map(String.init)).joined(separator: ", ").parenthesized), "
                + "got \(x.shape.shapeDescription)"
            if x.count % inputShape.elementCount == 0 && x.count > 0 {
                message += "; reshape it with x.reshape(\(([-1] + inputShape).map(String.init).joined(separator: ", ")))"
            }
            throw Problem(message)
        }
    }

    /// The activation the model's output passes through last: `softmax` for the usual classifier (fused into its
    /// last Dense or a layer of its own), `linear` when the model outputs its logits directly.
    public var outputActivation: Activation { layers.last?.activation ?? .linear }

    /// Where a classifier's logits — the values its last activation turns into the output — are in a pass: the
    /// output layer's values before its activation (for an activation layer, its input).
    public var logitsValue: NodeValue { NodeValue(node: outputNode, beforeActivation: outputActivation != .linear) }
}

/// One value a pass computes: a node's output or, for a layer with a fused activation, the values before it.
public struct NodeValue: Hashable, Sendable {
    public let node: Int
    public let beforeActivation: Bool
    public init(node: Int, beforeActivation: Bool = false) {
        self.node = node
        self.beforeActivation = beforeActivation
    }
}
