import CamLabCore

/// Counts of (true class, predicted class) pairs: `counts[t][p]` is how many examples of class `t` were
/// predicted as class `p`, so the diagonal holds the correct predictions (the layout of scikit-learn's
/// `confusion_matrix`).
public struct ConfusionMatrix: Equatable, Sendable, CustomStringConvertible {
    public let classNames: [String]
    public let counts: [[Int]]

    /// Counts the pairs. Without `classNames` the classes are 0...max(id), named "0", "1", ….
    public init(labels: [Int], predictions: [Int], classNames: [String]? = nil) throws {
        let classCount = try LabelInput.classCount(labels: labels, predictions: predictions, classNames: classNames)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (truth, predicted) in zip(labels, predictions) { counts[truth][predicted] += 1 }
        self.classNames = classNames ?? (0..<classCount).map(String.init)
        self.counts = counts
    }

    /// Labels `[N]` of class ids; predictions `[N]` of class ids or `[N, C]` of scores (argmax is taken).
    public init(labels: Tensor, predictions: Tensor, classNames: [String]? = nil) throws {
        try self.init(labels: LabelInput.classIDs(labels, role: "labels"),
                      predictions: LabelInput.classIDs(predictions, role: "predictions"), classNames: classNames)
    }

    public var classCount: Int { counts.count }
    /// How many examples of each class there are (row sums).
    public var support: [Int] { counts.map { $0.reduce(0, +) } }
    /// How many times each class was predicted (column sums).
    public var predictedCounts: [Int] { (0..<classCount).map { p in counts.reduce(0) { $0 + $1[p] } } }
    /// Correct predictions per class (the diagonal).
    public var truePositives: [Int] { (0..<classCount).map { counts[$0][$0] } }
    public var total: Int { support.reduce(0, +) }

    /// The matrix as an aligned text table, class names along both axes:
    ///
    ///     true \ predicted  cat  dog
    ///                  cat    5    1
    ///                  dog    2    7
    public var table: String {
        let corner = "true \\ predicted"
        let rowWidth = max(corner.count, classNames.map(\.count).max() ?? 0)
        let widths = (0..<classCount).map { p in
            max(classNames[p].count, counts.map { String($0[p]).count }.max() ?? 1)
        }
        func line(_ head: String, _ cells: [String]) -> String {
            var text = PythonNumerics.rightAligned(head, rowWidth)
            for (cell, width) in zip(cells, widths) { text += "  " + PythonNumerics.rightAligned(cell, width) }
            return text
        }
        return ([line(corner, classNames)] + zip(classNames, counts).map { name, row in
            line(name, row.map(String.init))
        }).joined(separator: "\n")
    }

    public var description: String { table }
}
