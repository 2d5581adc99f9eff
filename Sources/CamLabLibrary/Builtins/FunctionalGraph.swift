import CamLabCore
import CamLabLang
import CamLabNN

/// Turns symbolic tensors into a CamLabNN `Model`: walks back from the output to the input, orders the layers
/// as they were called (which is a topological order, and the order Keras names them in), names the unnamed
/// ones Keras style, and lets `Model` build the layers that are not built yet from the seed.
enum FunctionalGraph {
    static func model(input: SymbolicTensor, output: SymbolicTensor, seed: UInt64,
                      name: String) throws -> ModelObject {
        guard input.isInput else {
            throw Problem("functional: 'inputs' must be made by input(shape: …), got the output of "
                               + "\(input.origin)", argument: "inputs",
                               help: "to cut a model, keep its input: functional(base.input, outputs)")
        }
        let tensors = try reachable(from: output, input: input)
        guard tensors.count > 1 else {
            throw Problem("functional: the model has no layers between its input and output", argument: "outputs")
        }
        let layerTensors = tensors.dropFirst()
        var nodeOf: [ObjectIdentifier: Int] = [ObjectIdentifier(input): 0]
        for (i, t) in layerTensors.enumerated() { nodeOf[ObjectIdentifier(t)] = i + 1 }
        let nodes = layerTensors.map { t in (layer: t.layer!, inputs: t.inputs.map { nodeOf[ObjectIdentifier($0)]! }) }

        let named = assignNames(nodes.map(\.layer))
        do {
            let model = try Model(inputShape: input.shape, nodes: nodes, seed: seed, name: name)
            model.inputName = input.inputName ?? "input_1"
            return ModelObject(model, nodeTensors: Array(tensors))
        } catch {
            for layer in named { layer.name = "" }  // the layers stay free for another attempt
            throw error
        }
    }

    /// `output` and everything it is computed from, in the order they were made; the input first.
    private static func reachable(from output: SymbolicTensor, input: SymbolicTensor) throws -> [SymbolicTensor] {
        var done: Set<ObjectIdentifier> = [], onPath: Set<ObjectIdentifier> = []
        var found: [SymbolicTensor] = []
        func visit(_ t: SymbolicTensor) throws {
            let id = ObjectIdentifier(t)
            if done.contains(id) { return }
            guard onPath.insert(id).inserted else {
                throw Problem("functional: the graph has a cycle through \(t.origin); a model's layers must "
                                   + "lead from its input to its output", argument: "outputs")
            }
            if t.isInput && t !== input {
                throw Problem("functional: the output is computed from "
                                   + (t.inputName.map { "input '\($0)'" } ?? "another input")
                                   + " of shape \(t.kerasShape), not from 'inputs'; models with several inputs are "
                                   + "not supported",
                                   argument: "outputs",
                                   help: "build every branch from the same x = input(shape: …)")
            }
            for source in t.inputs { try visit(source) }
            onPath.remove(id)
            done.insert(id)
            found.append(t)
        }
        try visit(output)
        if !done.contains(ObjectIdentifier(input)) {  // unreachable while every path ends at an input; kept as a guard
            throw Problem("functional: the output is not computed from 'inputs'", argument: "outputs")
        }
        return found.sorted { $0.serial < $1.serial }
    }

    /// Names the unnamed layers prefix, prefix_1, … in order, skipping every name already given; returns them.
    private static func assignNames(_ layers: [any Layer]) -> [any Layer] {
        var taken = Set(layers.map(\.name).filter { !$0.isEmpty })
        var named: [any Layer] = []
        for layer in layers where layer.name.isEmpty {
            var candidate = layer.namePrefix, n = 0
            while taken.contains(candidate) { n += 1; candidate = "\(layer.namePrefix)_\(n)" }
            layer.name = candidate
            taken.insert(candidate)
            named.append(layer)
        }
        return named
    }
}
