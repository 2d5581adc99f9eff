import CamLabCore

/// Turns the ways users hold labels and predictions into class ids, checking them on the way.
enum LabelInput {
    /// Class ids from a tensor: `[N]` (or `[N, 1]`) of whole numbers, or `[N, C]` scores, probabilities or one-hot
    /// rows, whose argmax along the last axis is taken (the first maximum wins, as in NumPy).
    static func classIDs(_ tensor: Tensor, role: String) throws -> [Int] {
        if tensor.rank == 2, tensor.shape[1] > 1 {
            let (n, c) = (tensor.shape[0], tensor.shape[1])
            return try (0..<n).map { row in
                if tensor.scalars[(row * c)..<(row * c + c)].contains(where: \.isNaN) {
                    throw Problem("\(role) row \(row) contains NaN scores, so it names no class; check the "
                                       + "model for diverged training")
                }
                var best = 0
                for k in 1..<c where tensor.scalars[row * c + k] > tensor.scalars[row * c + best] { best = k }
                return best
            }
        }
        guard tensor.rank == 1 || (tensor.rank == 2 && tensor.shape[1] == 1) else {
            throw Problem("\(role) must have shape (N,) of class ids or (N, classes) of scores, got "
                               + "\(tensor.shape.shapeDescription)")
        }
        return try tensor.scalars.enumerated().map { index, value in
            guard value >= 0, value == value.rounded(), value < 1e9 else {
                throw Problem("\(role)[\(index)] is \(value), not a class id (a whole number 0, 1, 2, …)")
            }
            return Int(value)
        }
    }

    /// Checks that labels and predictions pair up and fit the classes; returns the number of classes
    /// (`classNames.count`, or one more than the largest id seen).
    static func classCount(labels: [Int], predictions: [Int], classNames: [String]?) throws -> Int {
        guard labels.count == predictions.count else {
            throw Problem("labels and predictions differ in length: \(labels.count) labels, "
                               + "\(predictions.count) predictions")
        }
        guard !labels.isEmpty else { throw Problem("no labels to score: labels and predictions are empty") }
        for (role, ids) in [("labels", labels), ("predictions", predictions)] {
            if let index = ids.firstIndex(where: { $0 < 0 }) {
                throw Problem("\(role)[\(index)] is \(ids[index]); class ids start at 0")
            }
            if let names = classNames, let index = ids.firstIndex(where: { $0 >= names.count }) {
                throw Problem("\(role)[\(index)] is class \(ids[index]), but there are only \(names.count) "
                                   + "class names (ids 0...\(names.count - 1))")
            }
        }
        if let names = classNames { return names.count }
        let largest = max(labels.max() ?? 0, predictions.max() ?? 0)
        // The confusion matrix is classes × classes; an id like 10^9 is a data error, not a class count.
        guard largest < maximumUnnamedClasses else {
            throw Problem("class id \(largest) implies \(largest + 1) classes; without class names CamLab "
                               + "accepts ids below \(maximumUnnamedClasses). Pass classNames to score more classes")
        }
        return largest + 1
    }

    static let maximumUnnamedClasses = 4096
}
