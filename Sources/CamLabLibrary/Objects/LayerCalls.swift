import CamLabCore
import CamLabLang
import CamLabNN

/// `layer(x)`: calling a layer value on a symbolic tensor records one step of a functional model, as Keras does.
/// The layer is built for its input shape at once (on a throwaway copy, so weights are still made from the
/// model's seed by `functional`), so a layer that does not fit its input is reported at the call.
extension LayerSpec: CallableObject {
    public func call(_ arguments: [ObjectArgument], budget: MemoryBudget) throws -> Value {
        let input = try symbolicInput(of: arguments)
        return .object(try apply(to: [input], budget: budget))
    }
}

/// A layer of a model cannot be called again: shared layers are not supported.
extension LayerObject: CallableObject {
    public func call(_ arguments: [ObjectArgument], budget: MemoryBudget) throws -> Value {
        try checkOneTensorArgument(arguments)
        let name = layer.name
        throw Problem("layer '\(name)' is already part of a model, and shared layers (one layer called twice) are "
                      + "not supported", help: "make a new layer, or use its output: m.get_layer(\"\(name)\").output")
    }
}

/// A layer is called on one unlabelled argument.
private func checkOneTensorArgument(_ arguments: [ObjectArgument]) throws {
    guard arguments.count == 1, arguments[0].label == nil else {
        throw Problem("a layer is called on one symbolic tensor, like conv2d(16, 3)(x)")
    }
}

/// The one symbolic tensor a layer is called on.
private func symbolicInput(of arguments: [ObjectArgument]) throws -> SymbolicTensor {
    try checkOneTensorArgument(arguments)
    guard case .object(let input as SymbolicTensor) = arguments[0].value else {
        throw ArgumentProblem(index: 0, Problem(
            "a layer is called on a symbolic tensor to describe a model, not on " + arguments[0].value.described,
            help: "start a model with x = input(shape: (28, 28, 1)); to run a model on data, use predict(model, x)"))
    }
    return input
}

extension LayerSpec {
    /// The symbolic tensor this layer computes from `inputs`; throws what is wrong as a sentence.
    func apply(to inputs: [SymbolicTensor], budget: MemoryBudget) throws -> SymbolicTensor {
        guard !wasCalled else {
            throw Problem("this \(kind) layer was already called on a tensor, and shared layers (one layer "
                               + "called twice) are not supported", help: "make a new one: \(kind)(…)(x)")
        }
        let shapes = inputs.map(\.shape)
        let layer = try make()
        if !layer.name.isEmpty,
           let clash = inputs.flatMap(\.ancestry).first(where: { $0.layer?.name == layer.name }) {
            throw Problem("\(kind): the name '\(layer.name)' is already taken by the \(clash.kind) layer with "
                               + "output \(clash.kerasShape) that this one reads from; layer names must be unique "
                               + "within a model")
        }
        // The probe answers the shape question; `layer` stays unbuilt until `functional` builds it from the seed.
        let probe = try make()
        probe.name = layer.name.isEmpty ? kind : layer.name
        // Two branches may each hold a layer of one name; merging them would put both in one model.
        var owners: [String: SymbolicTensor] = [:]
        for t in inputs.flatMap(\.ancestry) {
            guard let other = t.layer, !other.name.isEmpty else { continue }
            if let first = owners[other.name], first.layer! !== other {
                throw Problem("\(kind): its inputs hold two layers named '\(other.name)' (a \(first.kind) with "
                                   + "output \(first.kerasShape) and a \(t.kind) with output \(t.kerasShape)); layer "
                                   + "names must be unique within a model")
            }
            owners[other.name] = t
        }
        var scratch = SeededGenerator(seed: 0)
        let shape: [Int]
        try LayerSize.checkWeights(of: probe, inputShapes: shapes, what: kind, budget: budget)
        do {
            shape = try probe.build(inputShapes: shapes, generator: &scratch)
        } catch let failure as Problem {
            throw Problem(mismatch(inputs) ?? "\(kind): \(failure.message)")
        }
        try LayerSize.checkOutput(shape, what: kind, budget: budget)
        wasCalled = true
        return .output(of: layer, shape: shape, kind: kind, reading: inputs)
    }

    /// For a merge: which inputs do not fit together, naming the layers they come from.
    private func mismatch(_ inputs: [SymbolicTensor]) -> String? {
        // Inputs of one shape that still do not merge fail for another reason (concatenate's axis): the layer says.
        guard inputs.count >= 2, inputs.contains(where: { $0.shape != inputs[0].shape }) else { return nil }
        let rule = kind == "concatenate" ? "shapes that match except along the joined axis" : "inputs of one shape"
        let listed = inputs.map { "\($0.kerasShape) from \($0.origin)" }
        return "\(kind): cannot merge " + listed.dropLast().joined(separator: ", ") + " and " + listed.last!
            + "; \(kind) needs \(rule)"
    }
}
