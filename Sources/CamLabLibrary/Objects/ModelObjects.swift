import CamLabCore
import CamLabLang
import CamLabNN

/// A layer described by `conv2d(32, 3, …)`, created fresh each time `sequential` builds a model from it, so one
/// description can be used in several models. Called on a symbolic tensor (`conv2d(16, 3)(x)`) it becomes one
/// layer of a functional graph, which is why it can be called only once.
public final class LayerSpec: CamLabObject {
    public let typeName = "layer"
    let kind: String
    let inputShape: [Int]?
    let make: () throws -> any Layer
    let settings: String
    /// Set by the first call on a symbolic tensor: Keras' shared layers (one layer at two places) are not supported.
    var wasCalled = false

    init(kind: String, inputShape: [Int]?, settings: String, make: @escaping () throws -> any Layer) {
        self.kind = kind
        self.inputShape = inputShape
        self.settings = settings
        self.make = make
    }

    public var memberNames: [String] { ["kind"] }
    public func member(_ name: String) -> Value? { name == "kind" ? .string(kind) : nil }
    public var summary: String { "\(kind)(\(settings))" }
}

/// A model as a language value. `model.layers`, `model.history`, … are its members.
public final class ModelObject: TabulatedMembers {
    public let typeName = "model"
    public let model: Model
    /// The symbolic tensor of each node (node 0 the input): those `functional` was given, or made on first use,
    /// so `m.input` and `m.get_layer("x").output` are the same values each time and a new head can be attached.
    private var tensors: [SymbolicTensor]?

    init(_ model: Model, nodeTensors: [SymbolicTensor]? = nil) {
        self.model = model
        self.tensors = nodeTensors
    }

    var nodeTensors: [SymbolicTensor] {
        if let tensors { return tensors }
        var made = [SymbolicTensor.input(shape: model.inputShape, name: model.inputName)]
        for (layer, inputs) in zip(model.layers, model.inputNodes) {
            made.append(.output(of: layer, shape: layer.outputShape, kind: layer.namePrefix,
                                reading: inputs.map { made[$0] }))
        }
        tensors = made
        return made
    }

    func layerObject(_ index: Int) -> LayerObject { LayerObject(model: self, index: index) }

    public static let members = MemberTable<ModelObject>([
        "name": { .string($0.model.name) },
        "layers": { m in .list(m.model.layers.indices.map { .object(m.layerObject($0)) }) },
        "layer_names": { .list($0.model.layers.map { .string($0.name) }) },
        "input": { .object($0.nodeTensors[0]) },
        "output": { .object($0.nodeTensors[$0.model.outputNode]) },
        "input_shape": { shapeValue($0.model.inputShape) },
        "output_shape": { shapeValue($0.model.outputShape) },
        "parameter_count": { .number(Double($0.model.parameterCount)) },
        "history": { .object(HistoryObject($0.model.history)) },
        "compiled": { .bool($0.model.optimizer != nil && $0.model.loss != nil) },
    ])

    public var summary: String {
        "<model '\(model.name)': \(model.layers.count) layers, \(model.parameterCount) parameters, "
            + "input \(model.inputShape.shapeDescription) → output \(model.outputShape.shapeDescription)>"
    }

    /// Layer names for `layer: "…"` arguments.
    public func stringCompletions(forLabel label: String) -> [String] {
        label == "layer" || label == "name" ? model.layers.map(\.name) : []
    }
}

/// One layer of a model, as `m.layers[0]` or `m.get_layer("stem")` give it: its settings, weights and the
/// symbolic tensors it reads and computes in that model.
public final class LayerObject: TabulatedMembers {
    public let typeName = "layer"
    let model: ModelObject
    let index: Int
    var layer: any Layer { model.model.layers[index] }

    init(model: ModelObject, index: Int) {
        self.model = model
        self.index = index
    }

    public static let members = MemberTable<LayerObject>([
        "name": { .string($0.layer.name) },
        "type": { .string($0.layer.typeName) },
        "input": { l in
            let inputs = l.model.model.inputNodes[l.index].map { Value.object(l.model.nodeTensors[$0]) }
            return inputs.count == 1 ? inputs[0] : .list(inputs)
        },
        "output": { .object($0.model.nodeTensors[$0.index + 1]) },
        "output_shape": { shapeValue($0.layer.outputShape) },
        "parameter_count": { .number(Double($0.layer.parameterCount)) },
        "trainable": { .bool($0.layer.trainable) },
        "weights": { .list($0.layer.parameters.map { .tensor($0.value) }) },
    ])

    public var summary: String { "<layer \(layer.name) (\(layer.typeName)) → \(layer.outputShape.shapeDescription)>" }
}

extension LayerObject: SettableMembers {
    public var settableMemberNames: [String] { ["trainable"] }

    /// `layer.trainable = false` freezes the layer for the next fit, as in Keras.
    public func setMember(_ name: String, to value: Value) throws {
        guard case .bool(let flag) = value else {
            throw Problem("a layer's 'trainable' is true or false, got \(value.described)")
        }
        layer.trainable = flag
    }
}

/// What `fit` recorded, epoch by epoch: `history.loss`, `history.val_accuracy`, ….
public final class HistoryObject: TabulatedMembers {
    public let typeName = "history"
    public let history: History

    init(_ history: History) { self.history = history }

    public static let members = MemberTable<HistoryObject>([
        "epochs": { .number(Double($0.history.epochs.count)) },
        "loss": { floats($0.history.loss) },
        "accuracy": { floats($0.history.accuracy) },
        "val_loss": { floats($0.history.validationLoss) },
        "val_accuracy": { floats($0.history.validationAccuracy) },
        "seconds": { .list($0.history.epochs.map { .number($0.seconds) }) },
    ])

    public var summary: String {
        guard let last = history.epochs.last else { return "<history: no epochs>" }
        var text = "<history: \(history.epochs.count) epoch\(history.epochs.count == 1 ? "" : "s"), last loss "
            + "\(Value.number(last.loss)), accuracy \(Value.number(last.accuracy))"
        if let v = last.validationAccuracy { text += ", val_accuracy \(Value.number(v))" }
        return text + ">"
    }
}

func shapeValue(_ shape: [Int]) -> Value { .tuple(shape.map { .number(Double($0)) }) }

private func floats(_ values: [Float]) -> Value { .list(values.map { Value.number($0) }) }
