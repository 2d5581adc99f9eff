import CamLabCore

/// One batch's trip forward through a model, as a value: every node's output and each layer's memo for the
/// backward step. Layers keep nothing of it, so passes may live side by side (an explanation during training, two
/// methods in a row) and each can be run backward, several times over, by `backward`.
public struct ForwardPass {
    /// What a pass keeps of the values it computes; the model's output and the values asked for before their
    /// activation are always kept.
    public enum Keeping: Sendable {
        /// Every node's output and memo: explanations read any value, and walk backward to any, many times.
        case everything
        /// What the layers' backward steps read (`Layer.backwardReads`): training, whose one walk for the weights'
        /// gradients (`backwardReleasing`) reads nothing else.
        case whatBackwardReads
        /// Nothing: inference, which is never walked backward; each value goes once its last reader ran.
        case nothing
    }

    public let model: Model
    public let training: Bool
    public let keeping: Keeping
    /// Node outputs by node number (0 is the input); nil once released (see `Keeping`) or not computed.
    private(set) var outputs: [Tensor?]
    /// The shapes of the outputs computed, kept when their values are released.
    private(set) var shapes: [[Int]?]
    /// Values before the fused activation, for the nodes asked for.
    private(set) var preActivations: [Int: Tensor] = [:]
    private(set) var memos: [(any LayerMemo)?]
    /// What committing the pass does to non-trainable weights (batch normalization's moving statistics).
    public private(set) var stateUpdates: [StateUpdate] = []
    /// The ReLU nodes the layer below applied in its own loop (`Model.foldableReLUs`): their output is that layer's.
    private(set) var foldedReLUs: Set<Int> = []
    /// The batch normalization nodes folded into the convolution below them (`Model.foldableNormalizations`).
    private(set) var foldedNormalizations: Set<Int> = []

    /// Runs `input` (a batch of the model's inputs) through the model. `keepingBeforeActivation` names nodes whose
    /// values before their fused activation should be kept as well (the logits of a softmax layer, a
    /// pre-activation an explanation reads). Any other output is dropped once its last reader ran unless `keeping`
    /// keeps it.
    public init(model: Model, input: Tensor, training: Bool = false, keepingBeforeActivation: Set<Int> = [],
                keeping: Keeping = .everything, random: RandomStream? = nil,
                profile: PhaseProfile? = nil) {
        self.init(model: model, training: training, seeds: [0: input], rows: nil, base: nil,
                  keepingBeforeActivation: keepingBeforeActivation, keeping: keeping,
                  random: random ?? RandomStream(seed: 0), profile: profile)
    }

    /// Runs the model from `node` on, as if that node had output `values`: every node that does not depend on it
    /// takes its output from `base`, at the rows `rows` (one per row of `values`). Ablation-CAM replaces a layer's
    /// output this way.
    public init(model: Model, replacing node: Int, with values: Tensor, base: ForwardPass, rows: [Int],
                keepingBeforeActivation: Set<Int> = []) {
        self.init(model: model, training: false, seeds: [node: values], rows: rows, base: base,
                  keepingBeforeActivation: keepingBeforeActivation, keeping: .everything,
                  random: RandomStream(seed: 0), profile: nil)
    }

    private init(model: Model, training: Bool, seeds: [Int: Tensor], rows: [Int]?, base: ForwardPass?,
                 keepingBeforeActivation: Set<Int>, keeping: Keeping, random: RandomStream,
                 profile: PhaseProfile?) {
        self.model = model
        self.training = training
        self.keeping = keeping
        let count = model.layers.count + 1
        outputs = Array(repeating: nil, count: count)
        shapes = Array(repeating: nil, count: count)
        memos = Array(repeating: nil, count: count)
        var remainingReaders = [Int](repeating: 0, count: count)
        for inputs in model.inputNodes { for node in inputs { remainingReaders[node] += 1 } }
        // A node is recomputed when it is a seed's descendant; otherwise it comes from `base` (or is the seed).
        var dependsOnSeed = [Bool](repeating: base == nil, count: count)
        for (node, value) in seeds { outputs[node] = value; shapes[node] = value.shape; dependsOnSeed[node] = true }
        for index in model.layers.indices where base != nil {
            dependsOnSeed[index + 1] = seeds[index + 1] != nil || model.inputNodes[index].contains { dependsOnSeed[$0] }
        }
        func value(_ node: Int) -> Tensor {
            if let v = outputs[node] { return v }
            guard let base, let rows, let v = base.outputs[node] else {
                preconditionFailure("node \(node) of model '\(model.name)' was not computed")
            }
            return v.gatherRows(rows)
        }
        // A training pass reads no value between a folded layer and its ReLU, and neither does inference that keeps
        // nothing; an explanation's pass keeps every value as it is.
        let folded = base == nil && (training || keeping != .everything) ? model.foldableReLUs : []
        foldedReLUs = folded
        // Inference that keeps nothing reads no value between a convolution and the normalization that alone reads
        // it: the convolution applies that map (and its folded ReLU) with its weights, and no pass over memory does.
        let absorbed = base == nil && keeping == .nothing
            ? model.foldableNormalizations(training: training).filter {
                !keepingBeforeActivation.contains($0.key) && !keepingBeforeActivation.contains($0.value)
            } : [:]
        let absorbing = Dictionary(uniqueKeysWithValues: absorbed.map { ($0.value, $0.key) })
        foldedNormalizations = Set(absorbed.keys)
        // Batch statistics from the layer below, summed as it wrote its output: one pass over memory fewer.
        let summing = base == nil ? model.channelSummingNodes(training: training) : []
        var channelSums: [Int: ChannelSums] = [:]
        let kept = model.nodesKept(keeping, folded: folded)
        func release(inputsOf index: Int) {
            for input in model.inputNodes[index] {
                remainingReaders[input] -= 1
                if remainingReaders[input] == 0 && !kept[input] { outputs[input] = nil }
            }
        }
        for (index, layer) in model.layers.enumerated() {
            let node = index + 1
            guard seeds[node] == nil, dependsOnSeed[node] || base == nil else { continue }
            if folded.contains(node) || absorbed[node] != nil {
                // The layer below applied this ReLU, or this normalization, in its own loop: its output is this
                // node's output.
                outputs[node] = outputs[model.inputNodes[index][0]]
                shapes[node] = outputs[node]?.shape
                release(inputsOf: index)
                profile?.lap(.forward(layer: index))
                continue
            }
            let inputs = model.inputNodes[index].map(value)
            let keepBefore = keepingBeforeActivation.contains(node) && layer.activation != .linear
            var call = LayerCall(training: training, applyActivation: !keepBefore, random: random)
            call.thenReLU = folded.contains(where: { model.inputNodes[$0 - 1] == [node] })
            call.summingChannels = summing.contains(node)
            call.inputChannelSums = model.inputNodes[index].count == 1
                ? channelSums.removeValue(forKey: model.inputNodes[index][0]) : nil
            if let normalization = absorbing[node] {
                call.channelAffine = (model.layers[normalization - 1] as! InferenceChannelAffine).inferenceChannelAffine
                call.thenReLU = folded.contains(where: { model.inputNodes[$0 - 1] == [normalization] })
            }
            call.keepsMemo = keeping == .everything
                || keeping == .whatBackwardReads && layer.backwardReads.contains(.memo)
            var result = layer.forward(inputs, call)
            if keepBefore {
                preActivations[node] = result.output
                layer.activation.apply(&result.output)
            }
            outputs[node] = result.output
            shapes[node] = result.output.shape
            if let sums = result.channelSums { channelSums[node] = sums }
            if call.keepsMemo { memos[node] = result.memo }
            stateUpdates += result.updates
            release(inputsOf: index)
            profile?.lap(.forward(layer: index))
        }
        if outputs[model.outputNode] == nil { outputs[model.outputNode] = value(model.outputNode) }
    }

    /// The model's output for the batch.
    public var output: Tensor { outputs[model.outputNode]! }

    /// The batch size.
    public var count: Int { output.shape[0] }

    /// A value of the pass: a node's output, or its values before the fused activation when they were kept.
    public func value(_ v: NodeValue) -> Tensor? {
        if v.beforeActivation {
            if let kept = preActivations[v.node] { return kept }
            // A node without a fused activation has the same values before and after it.
            return v.node > 0 && model.layers[v.node - 1].activation == .linear ? outputs[v.node] : nil
        }
        return outputs[v.node]
    }

    /// The shape of a node's output, also once its values were released.
    func shape(ofNode node: Int) -> [Int] { shapes[node] ?? [count] + model.shape(ofNode: node) }

    /// The output of layer `index` (of `model.layers`).
    public func output(ofLayer index: Int) -> Tensor { outputs[index + 1]! }

    /// Drops a node's output and memo: the backward walk that read them last (`backwardReleasing`).
    mutating func release(_ node: Int) {
        outputs[node] = nil
        memos[node] = nil
    }

    /// Applies the pass's state updates (training commits the statistics of the batch it trained on).
    public func commitStateUpdates() {
        for update in stateUpdates { update.parameter.value = update.value }
    }
}

extension Model {
    /// The model's output for a batch, as Keras' `model(x, training=…)`. A training-mode call computes what
    /// training would (dropout's masks, the batch's statistics) but moves no weight or statistic.
    public func forward(_ x: Tensor, training: Bool = false) throws -> Tensor {
        try validateInput(x)
        return ForwardPass(model: self, input: x, training: training, keeping: .nothing).output
    }

    /// The logits of a batch (the values the last activation turns into the output), in inference mode.
    public func logits(_ x: Tensor) throws -> Tensor {
        try validateInput(x)
        return ForwardPass(model: self, input: x, keepingBeforeActivation: [logitsValue.node]).value(logitsValue)!
    }
}

extension Model {
    /// Which nodes' outputs a pass keeping `keeping` holds to its end: the output node, and what `keeping` asks
    /// for. A folded ReLU's output is the layer's below it, and neither reads it.
    func nodesKept(_ keeping: ForwardPass.Keeping, folded: Set<Int>) -> [Bool] {
        var kept = [Bool](repeating: keeping == .everything, count: layers.count + 1)
        kept[outputNode] = true
        guard keeping == .whatBackwardReads else { return kept }
        for (index, layer) in layers.enumerated() where !folded.contains(index + 1) {
            let reads = layer.backwardReads
            if reads.contains(.output) { kept[index + 1] = true }
            if reads.contains(.inputs) { for input in inputNodes[index] { kept[input] = true } }
        }
        return kept
    }
}
