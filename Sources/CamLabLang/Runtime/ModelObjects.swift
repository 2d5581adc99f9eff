import CamLabCore
import CamLabNN

/// A layer described by `conv2d(32, 3, …)`, created fresh each time a model is built from it, so one
/// description can be used in several models.
public final class LayerSpec: CamLabObject {
    public let typeName = "layer"
    let kind: String
    let inputShape: [Int]?
    let make: () throws -> any Layer
    let settings: String
    let footprint: LayerFootprint

    init(kind: String, inputShape: [Int]?, settings: String, footprint: @escaping LayerFootprint,
         make: @escaping () throws -> any Layer) {
        self.kind = kind
        self.inputShape = inputShape
        self.settings = settings
        self.footprint = footprint
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

    init(_ model: Model) { self.model = model }

    public var memberNames: [String] {
        ["name", "layers", "layer_names", "input_shape", "output_shape", "parameter_count", "history", "compiled"]
    }

    public func member(_ name: String) -> Value? {
        switch name {
        case "name": return .string(model.name)
        case "layers": return .list(model.layers.map { layerRecord($0) })
        case "layer_names": return .list(model.layers.map { .string($0.name) })
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
        label == "layer" ? model.layers.map(\.name) : []
    }

    private func layerRecord(_ layer: any Layer) -> Value {
        .object(Record("layer", [
            ("name", .string(layer.name)), ("type", .string(layer.typeName)),
            ("output_shape", shapeValue(layer.outputShape)), ("parameter_count", .number(Double(layer.parameterCount))),
        ], summary: "<layer \(layer.name) (\(layer.typeName)) → \(layer.outputShape.shapeDescription)>"))
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
