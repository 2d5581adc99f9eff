import CamLabCore
import CamLabNN

/// A confusion matrix as a language value; it prints as scikit-learn-style table.
public final class ConfusionMatrixObject: CamLabObject {
    public let typeName = "confusion_matrix"
    public let matrix: ConfusionMatrix
    init(_ matrix: ConfusionMatrix) { self.matrix = matrix }
    public var memberNames: [String] { ["counts", "class_names", "support"] }
    public func member(_ name: String) -> Value? {
        switch name {
        case "counts":
            return .tensor(Tensor(shape: [matrix.classCount, matrix.classCount],
                                  scalars: matrix.counts.flatMap { $0.map(Float.init) }))
        case "class_names": return .list(matrix.classNames.map { .string($0) })
        case "support": return .list(matrix.support.map { .number(Double($0)) })
        default: return nil
        }
    }
    public var summary: String { matrix.table }
}

/// A classification report as a language value; it prints as scikit-learn prints it.
public final class ClassificationReportObject: CamLabObject {
    public let typeName = "classification_report"
    public let report: ClassificationReport
    let digits: Int
    init(_ report: ClassificationReport, digits: Int) {
        self.report = report
        self.digits = digits
    }
    public var memberNames: [String] { ["accuracy", "precision", "recall", "f1", "support", "class_names"] }
    public func member(_ name: String) -> Value? {
        func column(_ values: [Double]) -> Value { .list(values.map { .number($0) }) }
        switch name {
        case "accuracy": return .number(report.accuracy)
        case "precision": return column(report.classes.map(\.precision))
        case "recall": return column(report.classes.map(\.recall))
        case "f1": return column(report.classes.map(\.f1))
        case "support": return .list(report.classes.map { .number(Double($0.support)) })
        case "class_names": return .list(report.classes.map { .string($0.name) })
        default: return nil
        }
    }
    /// The table, then scikit-learn's zero-division notes (it sends those to stderr as warnings).
    public var summary: String {
        ([report.text(digits: digits)] + report.warnings.map { "note: " + $0 }).joined(separator: "\n")
    }
}

/// scikit-learn's metrics over CamLabNN.Metrics.
func registerMetricsBuiltins(in r: BuiltinRegistry) {
    r.register(AccuracyScore.self)
    r.register(ConfusionMatrixBuiltin.self)
    r.register(ClassificationReportBuiltin.self)
}

struct AccuracyScore: BuiltinFunction {
    static let configuration = BuiltinConfiguration("accuracy_score", topic: "evaluation",
        "The fraction of predictions equal to the labels; y_pred may be class ids or class scores.")
    @Positional var yTrue: Tensor
    @Positional var yPred: Tensor
    func run(_ call: BuiltinCall) throws -> Value { .number(try Metrics.accuracy(labels: yTrue, predictions: yPred)) }
}

struct ConfusionMatrixBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("confusion_matrix", topic: "evaluation",
        "Counts of (true class, predicted class) pairs, printed as a table; names labels the classes.")
    @Positional var yTrue: Tensor
    @Positional var yPred: Tensor
    @Labelled var names: [Value]? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        .object(ConfusionMatrixObject(try ConfusionMatrix(labels: yTrue, predictions: yPred,
                                                          classNames: names?.map(\.printed))))
    }
}

struct ClassificationReportBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("classification_report", topic: "evaluation",
        "Precision, recall, F1 and support per class with their averages, printed as scikit-learn prints them.")
    @Positional var yTrue: Tensor
    @Positional var yPred: Tensor
    @Labelled var names: [Value]? = nil
    @Labelled(.within(.whole(from: 0, to: 17))) var digits = 2.0

    func run(_ call: BuiltinCall) throws -> Value {
        .object(ClassificationReportObject(try ClassificationReport(labels: yTrue, predictions: yPred,
                                                                    classNames: names?.map(\.printed)),
                                           digits: Int(digits)))
    }
}
