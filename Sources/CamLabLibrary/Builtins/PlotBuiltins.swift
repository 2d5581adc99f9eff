import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabLang
import CamLabNN
import CamLabPlot

/// Plot builtins for scripts: `plot(history)`, `plot(confusion_matrix(…))`, `plot(classification_report(…))`
/// and `plot_misclassified(model, x, y_true, y_pred)`. Each plot is displayed as a `.picture` event: a report or
/// notebook shows it as SVG, a terminal draws it with text. `path:` also saves it as an SVG file, and so does
/// `save(p, "x.svg")` with the plot value they return.
///
/// They read the language's objects through their members (`history.loss`, `matrix.counts`, …), so they need
/// nothing beyond the language's public object protocol.
public enum PlotBuiltins {
    public static func register(in r: BuiltinRegistry) {
        r.register([PlotBuiltin.self, PlotMisclassified.self])
    }

    struct PlotBuiltin: BuiltinFunction {
        static let configuration = BuiltinConfiguration("plot", topic: "plots",
            "Plots a training history (loss and accuracy per epoch), a confusion matrix, or a classification "
            + "report (precision, recall and f1 per class); path: also saves it as .svg.")
        @Positional var value: Value
        @Labelled var path: FilePath? = nil

        func run(_ call: BuiltinCall) throws -> Value {
            try emit(try makePlot(value), path: path?.path, builtin: "plot", interpreter: call.interpreter)
        }
    }

    struct PlotMisclassified: BuiltinFunction {
        static let configuration = BuiltinConfiguration("plot_misclassified", topic: "plots",
            "Shows the first count misclassified images, each with its Grad-CAM overlay and its true and "
            + "predicted class; path: also saves the gallery as .svg.")
        @Positional var model: Model
        @Positional var x: Tensor
        @Positional var yTrue: Tensor
        @Positional var yPred: Tensor
        @Labelled var names: [Value]? = nil
        @Labelled(.positive) var count = 6
        @Labelled var path: FilePath? = nil

        func run(_ call: BuiltinCall) throws -> Value {
            try emit(try misclassified(self, call), path: path?.path, builtin: "plot_misclassified",
                     interpreter: call.interpreter)
        }
    }

    static func makePlot(_ value: Value) throws -> any Plot {
        guard case .object(let object) = value else {
            throw Problem("plot: cannot plot a \(value.typeName)", argument: "value",
                               help: "plot a history (from fit), a confusion_matrix(…) or a classification_report(…)")
        }
        if let chart = value.chart as? PlotChart { return chart.plot }
        func numbers(_ member: String) throws -> [Double] { try doubles(object.member(member), what: member) }
        func names() -> [String] {
            guard case .list(let items)? = object.member("class_names") else { return [] }
            return items.map { if case .string(let s) = $0 { return s } else { return "\($0)" } }
        }
        switch object.typeName {
        case "history":
            return try TrainingHistoryPlot(loss: numbers("loss"), valLoss: numbers("val_loss"),
                                           accuracy: numbers("accuracy"), valAccuracy: numbers("val_accuracy"))
        case "confusion_matrix":
            guard case .tensor(let counts)? = object.member("counts"), counts.shape.count == 2 else {
                throw Problem("plot: the confusion matrix has no counts table")
            }
            let n = counts.shape[1]
            let rows = (0..<counts.shape[0]).map { row in (0..<n).map { Int(counts.scalars[row * n + $0]) } }
            return try ConfusionMatrixPlot(counts: rows, labels: names())
        case "classification_report":
            let classes = names()
            return try GroupedBarChart.classificationReport(
                classes: classes.isEmpty ? (0..<(try numbers("f1").count)).map(String.init) : classes,
                precision: numbers("precision"), recall: numbers("recall"), f1: numbers("f1"))
        default:
            throw Problem("plot: cannot plot a \(object.typeName)", argument: "value",
                               help: "plot a history (from fit), a confusion_matrix(…) or a classification_report(…)")
        }
    }

    static func misclassified(_ arguments: PlotMisclassified, _ call: BuiltinCall) throws -> ImageGallery {
        let (model, x, count) = (arguments.model, arguments.x, arguments.count)
        // A label that is not a whole number (nan, 1e300) matches no class rather than trapping in Int(_:).
        func label(_ value: Float) -> Int { value.isFinite && abs(value) < 1e9 ? Int(value) : Int.min }
        let truth = arguments.yTrue.scalars.map(label)
        let predicted = arguments.yPred.scalars.map(label)
        let names: [String] = (arguments.names ?? []).map {
            if case .string(let s) = $0 { return s } else { return "\($0)" }
        }
        guard x.shape.count == 4, x.shape[0] == truth.count, truth.count == predicted.count else {
            throw Problem("plot_misclassified: x has shape \(x.shape.shapeDescription) but there are "
                + "\(truth.count) true and \(predicted.count) predicted labels",
                help: "pass images (N, H, W, C) with one true and one predicted label each")
        }
        func name(_ label: Int) -> String { label >= 0 && label < names.count ? names[label] : String(label) }
        let perImage = x.shape[1] * x.shape[2] * x.shape[3]
        var entries: [(image: GalleryImage, overlay: GalleryImage, trueLabel: String, predictedLabel: String)] = []
        for index in truth.indices where truth[index] != predicted[index] && entries.count < count {
            try call.interruption.check()
            let single = Tensor(shape: [1] + Array(x.shape.dropFirst()),
                                scalars: Array(x.scalars[(index * perImage)..<((index + 1) * perImage)]))
            let explanation = try explain(model: model, x: single)
            entries.append((try GalleryImage(explanation.image), try GalleryImage(formatAsImage(explanation)),
                            name(truth[index]), name(predicted[index])))
        }
        guard !entries.isEmpty else {
            throw Problem("plot_misclassified: every prediction is right, so there is nothing to show")
        }
        return try ImageGallery.misclassified(entries: entries)
    }

    /// Saves the plot when asked, displays it, and returns it as a value; each receiver draws it its own way.
    static func emit(_ plot: any Plot, path: String?, builtin: String, interpreter: Interpreter) throws -> Value {
        let object = PlotObject(plot)
        if let path {
            _ = try Value.object(object).save(to: path, budget: interpreter.memoryBudget, builtin: builtin,
                                              argument: "path")
        }
        interpreter.output.receive(.picture(.plot(plot.chart)))
        interpreter.displayedObject = ObjectIdentifier(object)
        return .object(object)
    }

    private static func doubles(_ value: Value?, what: String) throws -> [Double] {
        switch value {
        case .list(let items)?:
            return try items.map {
                guard case .number(let n) = $0 else { throw Problem("plot: \(what) holds a \($0.typeName)") }
                return n
            }
        case .tensor(let t)?: return t.scalars.map { Double($0) }
        case .none?, nil: return []
        default:
            throw Problem("plot: \(what) is a \(value?.typeName ?? "missing value"), not a list of numbers")
        }
    }
}

/// A plot as a language value: what `plot(…)` returns, savable with `save(p, "x.svg")`.
public final class PlotObject: CamLabObject {
    public let typeName = "plot"
    public let plot: any Plot
    init(_ plot: any Plot) { self.plot = plot }
    public var memberNames: [String] { ["title"] }
    public func member(_ name: String) -> Value? { name == "title" ? .string(plot.title) : nil }
    public var summary: String { "<plot: \(plot.title)>" }
}
