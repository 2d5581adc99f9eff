import CamLabCore

/// Scores that need nothing but the labels and the predictions.
public enum Metrics {
    /// The fraction of predictions equal to the labels, in 0...1.
    public static func accuracy(labels: [Int], predictions: [Int]) throws -> Double {
        _ = try LabelInput.classCount(labels: labels, predictions: predictions, classNames: nil)
        let correct = zip(labels, predictions).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(labels.count)
    }

    /// Accuracy from tensors: labels `[N]` of class ids; predictions `[N]` of class ids or `[N, C]` of scores.
    public static func accuracy(labels: Tensor, predictions: Tensor) throws -> Double {
        try accuracy(labels: LabelInput.classIDs(labels, role: "labels"),
                     predictions: LabelInput.classIDs(predictions, role: "predictions"))
    }
}
