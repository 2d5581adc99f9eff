import CamLabCore
import CamLabLang
import CamLabNN

/// A confusion matrix as a language value; it prints as scikit-learn-style table.
public final class ConfusionMatrixObject: TabulatedMembers {
    public let typeName = "confusion_matrix"
    public let matrix: ConfusionMatrix
    init(_ matrix: ConfusionMatrix) { self.matrix = matrix }
    public static let members = MemberTable<ConfusionMatrixObject>([
        "counts": { o in .tensor(Tensor(shape: [o.matrix.classCount, o.matrix.classCount],
                                        scalars: o.matrix.counts.flatMap { $0.map(Float.init) })) },
        "class_names": { .list($0.matrix.classNames.map { .string($0) }) },
        "support": { .list($0.matrix.support.map { .number(Double($0)) }) },
    ])
    public var summary: String { matrix.table }
}

/// A classification report as a language value; it prints as scikit-learn prints it.
public final class ClassificationReportObject: TabulatedMembers {
    public let typeName = "classification_report"
    public let report: ClassificationReport
    let digits: Int
    init(_ report: ClassificationReport, digits: Int) {
        self.report = report
        self.digits = digits
    }
    public static let members = MemberTable<ClassificationReportObject>([
        "accuracy": { .number($0.report.accuracy) },
        "precision": { column($0.report.classes.map(\.precision)) },
        "recall": { column($0.report.classes.map(\.recall)) },
        "f1": { column($0.report.classes.map(\.f1)) },
        "support": { .list($0.report.classes.map { .number(Double($0.support)) }) },
        "class_names": { .list($0.report.classes.map { .string($0.name) }) },
    ])
    /// The table, then scikit-learn's zero-division notes (it sends those to stderr as warnings).
    public var summary: String {
        ([report.text(digits: digits)] + report.warnings.map { "note: " + $0 }).joined(separator: "\n")
    }
}

private func column(_ values: [Double]) -> Value { .list(values.map { .number($0) }) }

/// scikit-learn's metrics over CamLabNN.Metrics.
func registerMetricsBuiltins(in r: BuiltinRegistry) {
    r.register([AccuracyScore.self, ConfusionMatrixBuiltin.self, ClassificationReportBuiltin.self])
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
    @Group var classes: ClassPredictions

    func run(_ call: BuiltinCall) throws -> Value {
        .object(ConfusionMatrixObject(try ConfusionMatrix(labels: classes.yTrue, predictions: classes.yPred,
                                                          classNames: classes.classNames)))
    }
}

struct ClassificationReportBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("classification_report", topic: "evaluation",
        "Precision, recall, F1 and support per class with their averages, printed as scikit-learn prints them.")
    @Group var classes: ClassPredictions
    @Labelled(.within(.whole(from: 0, to: 17))) var digits = 2.0

    func run(_ call: BuiltinCall) throws -> Value {
        .object(ClassificationReportObject(try ClassificationReport(labels: classes.yTrue, predictions: classes.yPred,
                                                                    classNames: classes.classNames),
                                           digits: Int(digits)))
    }
}

/// What the per-class metrics read: the labels, the predictions (class ids or class scores) and, with `names:`,
/// what to call the classes.
struct ClassPredictions: ParameterGroup {
    @Positional var yTrue: Tensor
    @Positional var yPred: Tensor
    @Labelled var names: [Value]? = nil
    var classNames: [String]? { names?.map(\.printed) }
}
