import CamLabCore

/// How gradients pass back through a ReLU: the ordinary derivative, or Guided Backpropagation's rule (Springenberg
/// et al. 2015), which also stops negative gradients.
public enum ReLURule: Sendable {
    case standard
    case guided
}

extension ForwardPass {
    /// Walks the pass backward from `seed`, d score / d `from` (the output node, or its values before the fused
    /// activation), and returns d score / d each value in `reading`. With `parameterGradients`, the trainable weights'
    /// gradients are added into it; otherwise the layers skip that work. The walk goes down to the lowest node
    /// asked for (to the input when weight gradients are wanted). A pass can be walked backward many times.
    public func backward(from: NodeValue, seed: Tensor, reading: Set<NodeValue> = [], rule: ReLURule = .standard,
                         parameterGradients: Gradients? = nil, profile: PhaseProfile? = nil) -> [NodeValue: Tensor] {
        var walk = self  // releases nothing, so shares every value with this pass
        return walk.walkBackward(from: from, seed: seed, reading: reading, rule: rule,
                                 parameterGradients: parameterGradients, profile: profile, releasing: false)
    }

    /// Training's one walk backward from `seed` for the weights' gradients, reading no value: each node's output and
    /// memo go as soon as no step left reads them, so the pass holds less and less on the way down, and cannot be
    /// walked again.
    public mutating func backwardReleasing(from: NodeValue, seed: Tensor, parameterGradients: Gradients,
                                           profile: PhaseProfile? = nil) {
        _ = walkBackward(from: from, seed: seed, reading: [], rule: .standard,
                         parameterGradients: parameterGradients, profile: profile, releasing: true)
    }

    private mutating func walkBackward(from: NodeValue, seed: Tensor, reading: Set<NodeValue>, rule: ReLURule,
                                       parameterGradients: Gradients?, profile: PhaseProfile?,
                                       releasing: Bool) -> [NodeValue: Tensor] {
        var pending: [Int: Tensor] = [:]
        // Gradients left as recipes by the layer above, for a node's layer to form itself (`formsOwnOutputGradient`).
        var recipes: [Int: ChannelGradient] = [:]
        if !from.beforeActivation { pending[from.node] = seed }
        var result: [NodeValue: Tensor] = [:]
        let lowest = parameterGradients != nil ? 1 : (reading.map(\.node).min() ?? from.node)
        // Layers below a folded ReLU whose gradient arrives from above that ReLU: they apply its derivative.
        var throughReLU: Set<Int> = []
        var node = from.node
        while node >= max(lowest, 1) {
            // Every step that reads a node's values is at or above it: once there, the walk is their last reader.
            defer {
                if releasing { release(node) }
                node -= 1
            }
            let index = node - 1, layer = model.layers[index]
            let before = NodeValue(node: node, beforeActivation: true)
            let step: (upstream: BackwardStep.Upstream, isPreActivation: Bool)
            if node == from.node && from.beforeActivation {
                step = (.tensor(seed), true)
            } else if let recipe = recipes.removeValue(forKey: node) {
                step = (.recipe(recipe), false)
            } else {
                guard let gradient = pending.removeValue(forKey: node) else { continue }
                if reading.contains(NodeValue(node: node)) { result[NodeValue(node: node)] = gradient }
                let below = model.inputNodes[index][0]
                let betweenRead = reading.contains(before) || reading.contains(NodeValue(node: below))
                    || reading.contains(NodeValue(node: below, beforeActivation: true))
                if foldedReLUs.contains(node) && rule == .standard && !betweenRead {
                    // Its forward step ran in the layer below, and so does its backward step: one pass over
                    // memory and one tensor fewer.
                    pending[below] = gradient
                    throughReLU.insert(below)
                    profile?.lap(.backward(layer: index))
                    continue
                }
                // Through the activation here, from the output (every activation's derivative follows from it),
                // when the gradient in between is read or the guided rule applies; otherwise the layer fuses it
                // into its own backward step.
                if layer.activation != .linear && (reading.contains(before) || rule == .guided) {
                    step = (.tensor(activationBackward(layer.activation, gradient, output: kept(node), rule: rule)),
                            true)
                } else {
                    step = (.tensor(gradient), false)
                }
            }
            let inputNodes = model.inputNodes[index]
            let needsInputs = inputNodes.contains { $0 >= lowest && ($0 > 0 || reading.contains(NodeValue(node: 0))) }
            let inputGradients: [Tensor?]
            if step.isPreActivation && layer is ActivationLayer {
                guard case .tensor(let gradient) = step.upstream else { preconditionFailure("an activation's recipe") }
                if reading.contains(before) { result[before] = gradient }
                inputGradients = [gradient]  // the activation was the layer's whole work
            } else {
                let reads = layer.backwardReads
                let backwardStep = BackwardStep(
                    upstream: step.upstream, isPreActivation: step.isPreActivation,
                    inputs: inputNodes.map { reads.contains(.inputs) ? kept($0) : .unread },
                    inputShapes: inputNodes.map(shape(ofNode:)), output: reads.contains(.output) ? kept(node) : .unread,
                    memo: reads.contains(.memo) ? memos[node] : nil, needsInputGradients: needsInputs,
                    parameterGradients: parameterGradients, training: training,
                    throughFoldedReLU: throughReLU.contains(node))
                if step.isPreActivation && reading.contains(before) { result[before] = backwardStep.gradient }
                // The step holds what it reads: the pass's values need not outlive it.
                if releasing { release(node) }
                if let layer = layer as? LeavesInputGradientAsRecipe, needsInputs,
                   let below = recipeNode(belowLayer: index, reading: reading) {
                    // The layer below forms this gradient where it reads it: it is never written out.
                    recipes[below] = layer.inputGradientRecipe(backwardStep, input: backwardStep.inputs[0])
                    inputGradients = [nil]
                } else {
                    inputGradients = layer.backward(backwardStep)
                }
            }
            profile?.lap(.backward(layer: index))
            for (input, g) in zip(inputNodes, inputGradients) {
                guard let g else { continue }
                pending[input] = pending[input].map { $0.adding(g) } ?? g
            }
        }
        if let g = pending[0], reading.contains(NodeValue(node: 0)) { result[NodeValue(node: 0)] = g }
        return result
    }

    /// The node at which layer `index` may leave its input gradient as a recipe: the one it alone reads, whose
    /// layer forms recipes, and whose gradient no one asked for.
    private func recipeNode(belowLayer index: Int, reading: Set<NodeValue>) -> Int? {
        guard let below = model.soleInputLayerNode(ofLayer: index), model.layers[below - 1].formsOwnOutputGradient,
              !reading.contains(NodeValue(node: below)),
              !reading.contains(NodeValue(node: below, beforeActivation: true)) else { return nil }
        return below
    }

    /// A node's output, which the walk reads.
    private func kept(_ node: Int) -> Tensor {
        guard let value = outputs[node] else {
            preconditionFailure("walking backward through node \(node) of model '\(model.name)', whose output the "
                                + "pass did not keep (keeping: \(keeping))")
        }
        return value
    }
}

/// d score / d (values before `activation`) from d score / d its output and the output; under the guided rule, a
/// ReLU passes only positive gradients.
func activationBackward(_ activation: Activation, _ gradient: Tensor, output: Tensor, rule: ReLURule) -> Tensor {
    guard activation == .relu && rule == .guided else { return activation.backward(gradient, output: output) }
    var g = gradient
    Elementwise.guidedReLU(&g.scalars, output: output.scalars)
    return g
}

extension Tensor {
    /// Element-wise sum of two tensors of one shape: gradients meeting at a node read by several layers.
    func adding(_ other: Tensor) -> Tensor {
        precondition(shape == other.shape, "adding gradients of shapes \(shape) and \(other.shape)")
        var sum = self
        Elementwise.add(&sum.scalars, other.scalars)
        return sum
    }
}
