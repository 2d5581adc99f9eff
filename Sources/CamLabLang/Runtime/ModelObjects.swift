import CamLabCore
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
public final class ModelObject: CamLabObject {
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

    public var memberNames: [String] {
        ["name", "layers", "layer_names", "input", "output", "input_shape", "output_shape", "parameter_count",
         "history", "compiled"]
    }

    public func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(model.name)
        case "layers": return .list(model.layers.indices.map { .object(layerObject($0)) })
        case "layer_names": return .list(model.layers.map { .string($0.name) })
        case "input": return .object(nodeTensors[0])
        case "output": return .object(nodeTensors[model.outputNode])
        case "input_shape": return shapeValue(model.inputShape)
        case "output_shape": return shapeValue(model.outputShape)
        case "parameter_count": return .number(Double(model.parameterCount))
        case "history": return .object(HistoryObject(model.history))
        case "compiled": return .bool(model.optimizer != nil && model.loss != nil)
        default: return nil
        }
    }

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
public final class LayerObject: CamLabObject {
    public let typeName = "layer"
    let model: ModelObject
    let index: Int
    var layer: any Layer { model.model.layers[index] }

    init(model: ModelObject, index: Int) {
        self.model = model
        self.index = index
    }

    public var memberNames: [String] {
        ["name", "type", "input", "output", "output_shape", "parameter_count", "trainable", "weights"]
    }

    public func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(layer.name)
        case "type": return .string(layer.typeName)
        case "input":
            let inputs = model.model.inputNodes[index].map { Value.object(model.nodeTensors[$0]) }
            return inputs.count == 1 ? inputs[0] : .list(inputs)
        case "output": return .object(model.nodeTensors[index + 1])
        case "output_shape": return shapeValue(layer.outputShape)
        case "parameter_count": return .number(Double(layer.parameterCount))
        case "trainable": return .bool(layer.trainable)
        case "weights": return .list(layer.parameters.map { .tensor($0.value) })
        default: return nil
        }
    }

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
public final class HistoryObject: CamLabObject {
    public let typeName = "history"
    public let history: History

    init(_ history: History) { self.history = history }

    public var memberNames: [String] { ["epochs", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"] }

    public func member(_ name: String) -> Value? {
        func floats(_ values: [Float]) -> Value { .list(values.map { Value.number($0) }) }
        switch name {
        case "epochs": return .number(Double(history.epochs.count))
        case "loss": return floats(history.loss)
        case "accuracy": return floats(history.accuracy)
        case "val_loss": return floats(history.validationLoss)
        case "val_accuracy": return floats(history.validationAccuracy)
        case "seconds": return .list(history.epochs.map { .number($0.seconds) })
        default: return nil
        }
    }

    public var summary: String {
        guard let last = history.epochs.last else { return "<history: no epochs>" }
        var text = "<history: \(history.epochs.count) epoch\(history.epochs.count == 1 ? "" : "s"), last loss "
            + "\(Value.number(last.loss)), accuracy \(Value.number(last.accuracy))"
        if let v = last.validationAccuracy { text += ", val_accuracy \(Value.number(v))" }
        return text + ">"
    }
}

func shapeValue(_ shape: [Int]) -> Value { .tuple(shape.map { .number(Double($0)) }) }
