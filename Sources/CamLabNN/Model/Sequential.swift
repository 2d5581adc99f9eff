import CamLabCore

/// A stack of layers applied in order, like Keras' `Sequential`. Layers are named on insertion the way Keras
/// names them (`conv2d`, `conv2d_1`, …, counted per model), and weights are created from one seed, so the same
/// script builds the same model every time.
public final class Sequential {
    public let name: String
    /// The per-example input shape, e.g. (28, 28, 1).
    public let inputShape: [Int]
    public private(set) var layers: [any Layer] = []
    /// Set by `compile`; `fit` and `evaluate` need them.
    public var optimizer: (any Optimizer)?
    public var loss: Loss?
    /// What the latest `fit` recorded, epoch by epoch (Keras' `model.history`).
    public var history = History()
    var generator: SeededGenerator

    public init(inputShape: [Int], layers: [any Layer] = [], seed: UInt64 = 0, name: String = "sequential") throws {
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw ModelError("input shape must have positive extents, got \(inputShape.shapeDescription)")
        }
        self.name = name
        self.inputShape = inputShape
        self.generator = SeededGenerator(seed: seed)
        for layer in layers { try add(layer) }
    }

    /// The per-example output shape of the whole model.
    public var outputShape: [Int] { layers.last?.outputShape ?? inputShape }

    /// Appends a layer: names it, checks it fits the current output shape and creates its weights.
    public func add(_ layer: any Layer) throws {
        if layer.name.isEmpty {
            let taken = Set(layers.map(\.name))
            var candidate = layer.namePrefix, n = 0
            while taken.contains(candidate) { n += 1; candidate = "\(layer.namePrefix)_\(n)" }
            layer.name = candidate
        } else if layers.contains(where: { $0.name == layer.name }) {
            throw ModelError("the model already has a layer named '\(layer.name)'; layer names must be unique")
        }
        _ = try layer.build(inputShape: outputShape, generator: &generator)
        layers.append(layer)
    }

    /// The index of the layer with this name; the error lists the names there are and the closest one.
    public func layerIndex(named name: String) throws -> Int {
        if let index = layers.firstIndex(where: { $0.name == name }) { return index }
        let names = layers.map(\.name)
        var message = "model '\(self.name)' has no layer named '\(name)'"
        message += Suggestions.closest(to: name, among: names, limit: 1).first.map { "; did you mean '\($0)'?" } ?? "."
        throw ModelError(message + " Its layers are: " + names.joined(separator: ", "))
    }

    public func layer(named name: String) throws -> any Layer { layers[try layerIndex(named: name)] }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Checks that `x` is a batch of this model's inputs, with a hint when it is one reshape away.
    public func validateInput(_ x: Tensor) throws {
        guard x.rank == inputShape.count + 1, Array(x.shape.dropFirst()) == inputShape else {
            var message = "model '\(name)' expects input of shape \((["None"] + inputShape.map(String.init)).joined(separator: ", ").parenthesized), "
                + "got \(x.shape.shapeDescription)"
            if x.count % inputShape.elementCount == 0 && x.count > 0 {
                message += "; reshape it with x.reshape(\(([-1] + inputShape).map(String.init).joined(separator: ", ")))"
            }
            throw ModelError(message)
        }
    }

    /// Runs a batch through every layer.
    public func forward(_ x: Tensor, training: Bool = false) throws -> Tensor {
        try validateInput(x)
        return layers.reduce(x) { $1.forward($0, training: training) }
    }

    /// Back-propagates d loss / d output through every layer (after a forward pass), accumulating parameter
    /// gradients. The first layer's input gradient is skipped: nothing consumes it while training.
    func backward(_ outputGradient: Tensor, preActivation: Bool, profile: PhaseProfile? = nil) {
        var gradient = outputGradient
        for index in layers.indices.reversed() {
            let needsInput = index > 0
            if preActivation && index == layers.count - 1, let top = layers[index] as? any ActivatedLayer {
                gradient = top.backward(preActivationGradient: gradient, needsInputGradient: needsInput)
            } else {
                gradient = layers[index].backward(gradient, needsInputGradient: needsInput)
            }
            profile?.lap(.backward(layer: index))
        }
    }

    /// Runs one example batch forward in inference mode and returns the model's output together with the
    /// output of layer `index` — the activations Grad-CAM weighs.
    public func forward(_ x: Tensor, recordingOutputOf index: Int) throws -> (output: Tensor, layerOutput: Tensor) {
        try validateInput(x)
        guard layers.indices.contains(index) else {
            throw ModelError("layer index \(index) is out of range; model '\(name)' has \(layers.count) layers")
        }
        var recorded = x
        var value = x
        for (i, layer) in layers.enumerated() {
            value = layer.forward(value, training: false)
            if i == index { recorded = value }
        }
        return (value, recorded)
    }

    /// After `forward(_:recordingOutputOf:)`, back-propagates d score / d output from the top down to the
    /// output of layer `index` and returns d score / d (that output). Parameter gradients are left zeroed.
    public func gradient(ofOutput outputGradient: Tensor, withRespectToOutputOf index: Int) -> Tensor {
        var gradient = outputGradient
        for layer in layers[(index + 1)...].reversed() { gradient = layer.backward(gradient, needsInputGradient: true) }
        for parameter in parameters { parameter.zeroGradient() }
        return gradient
    }
}

extension String {
    var parenthesized: String { "(" + self + ")" }
}
