import CamLabCore

/// Per-class precision, recall, F1 and support with their averages, computed and printed the way scikit-learn's
/// `classification_report(y_true, y_pred, labels=range(C), target_names=names)` does, zero-division default
/// included: a ratio with a zero denominator is 0.0 and a note in `warnings` says so and names the classes.
public struct ClassificationReport: Equatable, Sendable, CustomStringConvertible {
    /// The scores of one class.
    public struct ClassScores: Equatable, Sendable {
        public let name: String
        /// Correct predictions of this class ÷ all predictions of it.
        public let precision: Double
        /// Correct predictions of this class ÷ all examples of it.
        public let recall: Double
        /// Harmonic mean of precision and recall, computed as 2·tp / (examples + predictions).
        public let f1: Double
        /// How many examples of this class there are.
        public let support: Int
    }

    /// An average of the per-class scores.
    public struct Averages: Equatable, Sendable {
        public let precision: Double
        public let recall: Double
        public let f1: Double
    }

    public let classes: [ClassScores]
    public let accuracy: Double
    /// Unweighted mean over classes.
    public let macroAverage: Averages
    /// Mean over classes weighted by support.
    public let weightedAverage: Averages
    /// The number of examples.
    public let support: Int
    /// scikit-learn's UndefinedMetricWarning texts for the ratios that were set to 0.0.
    public let warnings: [String]

    /// Scores labels against predictions (class ids). Without `classNames` the classes are 0...max(id).
    public init(labels: [Int], predictions: [Int], classNames: [String]? = nil) throws {
        self.init(try ConfusionMatrix(labels: labels, predictions: predictions, classNames: classNames))
    }

    /// Labels `[N]` of class ids; predictions `[N]` of class ids or `[N, C]` of scores (argmax is taken).
    public init(labels: Tensor, predictions: Tensor, classNames: [String]? = nil) throws {
        self.init(try ConfusionMatrix(labels: labels, predictions: predictions, classNames: classNames))
    }

    public init(_ matrix: ConfusionMatrix) {
        let truePositives = matrix.truePositives.map(Double.init)
        let predicted = matrix.predictedCounts.map(Double.init)
        let actual = matrix.support.map(Double.init)
        // A zero denominator gives 0.0, the default zero_division="warn" behaviour.
        func ratio(_ numerator: Double, _ denominator: Double) -> Double {
            denominator == 0 ? 0 : numerator / denominator
        }
        let precision = zip(truePositives, predicted).map(ratio)
        let recall = zip(truePositives, actual).map(ratio)
        let f1 = (0..<matrix.classCount).map { ratio(2 * truePositives[$0], actual[$0] + predicted[$0]) }
        classes = (0..<matrix.classCount).map {
            ClassScores(name: matrix.classNames[$0], precision: precision[$0], recall: recall[$0], f1: f1[$0],
                        support: matrix.support[$0])
        }
        support = matrix.total
        accuracy = PythonNumerics.numpySum(truePositives[...]) / Double(support)

        // numpy.mean and numpy.average, in NumPy's summation order.
        func mean(_ values: [Double]) -> Double { PythonNumerics.numpySum(values[...]) / Double(values.count) }
        func weighted(_ values: [Double]) -> Double {
            PythonNumerics.numpySum(zip(values, actual).map(*)[...]) / PythonNumerics.numpySum(actual[...])
        }
        macroAverage = Averages(precision: mean(precision), recall: mean(recall), f1: mean(f1))
        weightedAverage = Averages(precision: weighted(precision), recall: weighted(recall), f1: weighted(f1))

        // scikit-learn's zero-division warnings, naming the classes concerned.
        func namesOfClasses(where condition: (Int) -> Bool) -> String {
            (0..<matrix.classCount).filter(condition).map { matrix.classNames[$0] }.joined(separator: ", ")
        }
        var warnings: [String] = []
        if predicted.contains(0) {
            warnings.append("precision is ill-defined and set to 0.0 for classes never predicted: "
                            + namesOfClasses { predicted[$0] == 0 })
        }
        if actual.contains(0) {
            warnings.append("recall is ill-defined and set to 0.0 for classes with no examples: "
                            + namesOfClasses { actual[$0] == 0 })
        }
        if zip(actual, predicted).contains(where: { $0 == 0 && $1 == 0 }) {
            warnings.append("f1-score is ill-defined and set to 0.0 for classes neither present nor predicted: "
                            + namesOfClasses { actual[$0] == 0 && predicted[$0] == 0 })
        }
        self.warnings = warnings
    }

    /// The report as scikit-learn prints it, with `digits` decimals (its default is 2):
    ///
    ///                   precision    recall  f1-score   support
    ///
    ///              cat       0.71      0.83      0.77         6
    ///     …
    ///         accuracy                           0.75        16
    ///        macro avg       0.75      0.74      0.74        16
    ///     weighted avg       0.76      0.75      0.75        16
    public func text(digits: Int = 2) -> String {
        let width = max(classes.map(\.name.count).max() ?? 0, "weighted avg".count, digits)
        func cell(_ value: Double) -> String {
            " " + PythonNumerics.rightAligned(value.fixed(decimals: digits), 9)
        }
        func count(_ value: Int) -> String { " " + PythonNumerics.rightAligned(String(value), 9) }
        func row(_ name: String, _ p: Double, _ r: Double, _ f: Double, _ s: Int) -> String {
            PythonNumerics.rightAligned(name, width) + " " + cell(p) + cell(r) + cell(f) + count(s) + "\n"
        }
        var text = PythonNumerics.rightAligned("", width) + " "
            + ["precision", "recall", "f1-score", "support"].map { " " + PythonNumerics.rightAligned($0, 9) }.joined()
            + "\n\n"
        for scores in classes {
            text += row(scores.name, scores.precision, scores.recall, scores.f1, scores.support)
        }
        text += "\n"
        text += PythonNumerics.rightAligned("accuracy", width) + " " + String(repeating: " ", count: 20)
            + cell(accuracy) + count(support) + "\n"
        for (name, average) in [("macro avg", macroAverage), ("weighted avg", weightedAverage)] {
            text += row(name, average.precision, average.recall, average.f1, support)
        }
        return text
    }

    public var description: String { text() }
}
