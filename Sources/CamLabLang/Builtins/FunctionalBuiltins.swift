import CamLabCore
import CamLabNN

/// Keras' functional API: `x = input(shape: …)`, layers called on symbolic tensors, merges, `functional(x, y)`,
/// and the ways into a built model (`get_layer`, `set_trainable`).
func registerFunctionalBuiltins(in r: BuiltinRegistry) {
    r.define("input(shape, name: none)", topic: "models",
             "The input of a functional model, a symbolic tensor: x = input(shape: (28, 28, 1)).") { args, _ in
        let name = args.isNone("name") ? nil : try layerName(args)
        return .object(SymbolicTensor.input(shape: try shape(args, "shape"), name: name))
    }
    defineMerge("add", "The element-wise sum of symbolic tensors of one shape: add([x, skip]).", in: r) { _ in Add() }
    defineMerge("subtract", "The first symbolic tensor minus the second: subtract([a, b]).", in: r) { _ in Subtract() }
    defineMerge("multiply", "The element-wise product of symbolic tensors of one shape: multiply([a, b]).",
                in: r) { _ in Multiply() }
    defineMerge("average", "The element-wise mean of symbolic tensors of one shape: average([a, b]).",
                in: r) { _ in Average() }
    defineMerge("concatenate", "Symbolic tensors joined along an axis (-1, the channels, by default): "
                + "concatenate([a, b], axis: -1).", axis: true, in: r) { axis in Concatenate(axis: axis) }
    r.define("functional(inputs, outputs, seed: 0, name: \"model\")", topic: "models",
             "The model computing `outputs` from `inputs`, as Keras' Model(inputs, outputs); layers taken from "
             + "another model keep (and share) their weights.") { args, _ in
        let input = try single(args, "inputs"), output = try single(args, "outputs")
        let seed = UInt64(truncatingIfNeeded: try args.int("seed"))
        return .object(try FunctionalGraph.model(input: input, output: output, seed: seed, name: try args.string("name")))
    }
    r.define("get_layer(model, name)", topic: "models",
             "A model's layer by name, with its output to build on: m.get_layer(\"gap\").output.") { args, _ in
        let m = try args.object("model", as: ModelObject.self, expected: "a model")
        do {
            return .object(m.layerObject(try m.model.layerIndex(named: try args.string("name"))))
        } catch let failure as ModelError {
            throw BuiltinError("get_layer: " + failure.message, argument: "name")
        }
    }
    r.define("set_trainable(layer, trainable)", topic: "models",
             "Freezes (false) or unfreezes (true) a model's layer for fit: set_trainable(m.get_layer(\"stem\"), false).") { args, _ in
        let layer = try args.object("layer", as: LayerObject.self,
                                    expected: "a layer of a model, such as m.get_layer(\"stem\")")
        layer.layer.trainable = try args.bool("trainable")
        return .none
    }
}

/// A merge builtin `kind(tensors, name: none, trainable: true)` (and `axis:` for concatenate).
private func defineMerge(_ kind: String, _ doc: String, axis: Bool = false, in r: BuiltinRegistry,
                         _ make: @escaping (Int) -> any Layer) {
    let signature = "\(kind)(inputs\(axis ? ", axis: -1" : ""), name: none, trainable: true)"
    r.define(signature, topic: "models", doc) { args, interpreter in
        let inputs = try args.items("inputs").map { item -> SymbolicTensor in
            guard case .object(let t as SymbolicTensor) = item else {
                throw BuiltinError("\(kind): every item of 'inputs' must be a symbolic tensor (a layer's output), got "
                                   + item.described, argument: "inputs",
                                   help: "to combine tensors of values use +, - or *; merges describe models")
            }
            return t
        }
        guard inputs.count >= 2 else {
            throw BuiltinError("\(kind): merges at least 2 symbolic tensors, got \(inputs.count)", argument: "inputs")
        }
        let axisValue = axis ? try args.int("axis") : -1
        guard case .object(let spec as LayerSpec) = try layerSpec(kind, args, settings: axis ? "axis: \(axisValue)" : "",
                                                                 { make(axisValue) })
        else { preconditionFailure("layerSpec makes a LayerSpec") }
        return .object(try spec.apply(to: inputs, budget: args.budget))
    }
}

/// One symbolic tensor, also accepted as a list of one; several are refused.
private func single(_ args: Arguments, _ name: String) throws -> SymbolicTensor {
    var value = args[name]
    if case .list(let items) = value, items.count == 1 { value = items[0] }
    if case .tuple(let items) = value, items.count == 1 { value = items[0] }
    if case .list(let items) = value, items.count > 1 {
        throw BuiltinError("functional: models with several \(name) are not supported (got \(items.count))",
                           argument: name, help: "give one symbolic tensor; merge branches with add or concatenate")
    }
    guard case .object(let t as SymbolicTensor) = value else {
        throw args.fail(name, expected: "a symbolic tensor, from input(shape: …) or a layer called on one")
    }
    return t
}

/// A layer's `name:` argument: a non-empty string.
func layerName(_ args: Arguments) throws -> String {
    let name = try args.string("name")
    guard !name.isEmpty else { throw args.fail("name", expected: "a non-empty name") }
    return name
}
