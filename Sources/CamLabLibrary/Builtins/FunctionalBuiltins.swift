import CamLabCore
import CamLabLang
import CamLabNN

/// Keras' functional API: `x = input(shape: …)`, layers called on symbolic tensors, merges, `functional(x, y)`,
/// and the ways into a built model (`get_layer`, `set_trainable`).
func registerFunctionalBuiltins(in r: BuiltinRegistry) {
    r.register(InputBuiltin.self)
    let merges: [(String, String, Bool, @Sendable (Int) -> any Layer)] = [
        ("add", "The element-wise sum of symbolic tensors of one shape: add([x, skip]).", false, { _ in Add() }),
        ("subtract", "The first symbolic tensor minus the second: subtract([a, b]).", false, { _ in Subtract() }),
        ("multiply", "The element-wise product of symbolic tensors of one shape: multiply([a, b]).", false,
         { _ in Multiply() }),
        ("average", "The element-wise mean of symbolic tensors of one shape: average([a, b]).", false,
         { _ in Average() }),
        ("concatenate", "Symbolic tensors joined along an axis (-1, the channels, by default): "
         + "concatenate([a, b], axis: -1).", true, { axis in Concatenate(axis: axis) }),
    ]
    for (kind, doc, takesAxis, make) in merges {
        let configuration = BuiltinConfiguration(kind, topic: "models", doc)
        if takesAxis {
            r.register(configuration) { var merge = MergeAlongAxis(); merge.kind = kind; merge.make = make; return merge }
        } else {
            r.register(configuration) { var merge = Merge(); merge.kind = kind; merge.make = make; return merge }
        }
    }
    r.register([Functional.self, GetLayer.self, SetTrainable.self])
}

struct InputBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("input", topic: "models",
        "The input of a functional model, a symbolic tensor: x = input(shape: (28, 28, 1)).")
    @Positional var shape: Extents
    @Labelled var name: LayerName? = nil
    func run(_ call: BuiltinCall) throws -> Value {
        .object(SymbolicTensor.input(shape: shape.extents, name: name?.text))
    }
}

/// A merge builtin `kind(inputs, name: none, trainable: true)`.
struct Merge: BuiltinFunction {
    static let configuration = BuiltinConfiguration("merge", topic: "models", "")
    var kind = ""
    var make: @Sendable (Int) -> any Layer = { _ in Add() }
    @Positional var inputs: [Value]
    @Labelled var name: LayerName? = nil
    @Labelled var trainable = true

    func run(_ call: BuiltinCall) throws -> Value {
        try merge(kind, make, $inputs, inputs, axis: nil, name: name, trainable: trainable, call)
    }
}

/// `concatenate(inputs, axis: -1, name: none, trainable: true)`: a merge along an axis.
struct MergeAlongAxis: BuiltinFunction {
    static let configuration = Merge.configuration
    var kind = ""
    var make: @Sendable (Int) -> any Layer = { _ in Add() }
    @Positional var inputs: [Value]
    @Labelled var axis = -1
    @Labelled var name: LayerName? = nil
    @Labelled var trainable = true

    func run(_ call: BuiltinCall) throws -> Value {
        try merge(kind, make, $inputs, inputs, axis: axis, name: name, trainable: trainable, call)
    }
}

private func merge(_ kind: String, _ make: @escaping @Sendable (Int) -> any Layer, _ slot: ParameterSlot,
                   _ inputs: [Value], axis: Int?, name: LayerName?, trainable: Bool, _ call: BuiltinCall) throws -> Value {
    let tensors = try inputs.map { item -> SymbolicTensor in
        guard case .object(let t as SymbolicTensor) = item else {
            throw slot.error("\(kind): every item of 'inputs' must be a symbolic tensor (a layer's output), got "
                             + item.described, help: "to combine tensors of values use +, - or *; merges describe models")
        }
        return t
    }
    guard tensors.count >= 2 else {
        throw slot.error("\(kind): merges at least 2 symbolic tensors, got \(tensors.count)")
    }
    let axisValue = axis ?? -1
    guard case .object(let spec as LayerSpec) = try layerSpec(kind, inputShape: nil, name: name, trainable: trainable,
                                                               settings: axis.map { "axis: \($0)" } ?? "",
                                                               { make(axisValue) })
    else { preconditionFailure("layerSpec makes a LayerSpec") }
    return .object(try spec.apply(to: tensors, budget: call.budget))
}

struct Functional: BuiltinFunction {
    static let configuration = BuiltinConfiguration("functional", topic: "models",
        "The model computing `outputs` from `inputs`, as Keras' Model(inputs, outputs); layers taken from "
        + "another model keep (and share) their weights.")
    @Positional var inputs: Value
    @Positional var outputs: Value
    @Labelled var seed = 0
    @Labelled var name = "model"

    func run(_ call: BuiltinCall) throws -> Value {
        let input = try single($inputs), output = try single($outputs)
        return .object(try FunctionalGraph.model(input: input, output: output, seed: UInt64(truncatingIfNeeded: seed),
                                                 name: name))
    }
}

struct GetLayer: BuiltinFunction {
    static let configuration = BuiltinConfiguration("get_layer", topic: "models",
        "A model's layer by name, with its output to build on: m.get_layer(\"gap\").output.")
    @Positional var model: ModelObject
    @Positional var name: String

    func run(_ call: BuiltinCall) throws -> Value {
        .object(model.layerObject(try $name.attributing { try model.model.layerIndex(named: name) }))
    }
}

struct SetTrainable: BuiltinFunction {
    static let configuration = BuiltinConfiguration("set_trainable", topic: "models",
        "Freezes (false) or unfreezes (true) a model's layer for fit: set_trainable(m.get_layer(\"stem\"), false).")
    @Positional var layer: LayerObject
    @Positional var trainable: Bool

    func run(_ call: BuiltinCall) throws -> Value {
        layer.layer.trainable = trainable
        return .none
    }
}

extension ModelObject: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> ModelObject {
        try slot.object(ModelObject.self, expected: "a model")
    }
    public var shownAsDefault: String { model.name }
}

extension LayerObject: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> LayerObject {
        try slot.object(LayerObject.self, expected: "a layer of a model, such as m.get_layer(\"stem\")")
    }
    public var shownAsDefault: String { layer.name }
}

/// One symbolic tensor, also accepted as a list of one; several are refused.
private func single(_ slot: ParameterSlot) throws -> SymbolicTensor {
    var value = slot.value
    if case .list(let items) = value, items.count == 1 { value = items[0] }
    if case .tuple(let items) = value, items.count == 1 { value = items[0] }
    if case .list(let items) = value, items.count > 1 {
        throw slot.error("functional: models with several \(slot.name) are not supported (got \(items.count))",
                         help: "give one symbolic tensor; merge branches with add or concatenate")
    }
    guard case .object(let t as SymbolicTensor) = value else {
        throw slot.fail(expected: "a symbolic tensor, from input(shape: …) or a layer called on one")
    }
    return t
}
