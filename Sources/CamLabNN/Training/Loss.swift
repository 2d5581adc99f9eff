#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// The training objectives, under Keras' names.
public enum Loss: String, CaseIterable, Sendable {
    /// Targets are class ids, shape (N,); predictions are probabilities, shape (N, classes).
    case sparseCategoricalCrossentropy = "sparse_categorical_crossentropy"
    /// Targets are one-hot (or soft) distributions of the predictions' shape.
    case categoricalCrossentropy = "categorical_crossentropy"
    case meanSquaredError = "mean_squared_error"

    /// Keras clips probabilities to [ε, 1 - ε] before the logarithm.
    static let epsilon: Float = 1e-7

    /// Checks that targets fit predictions of shape (N, …), naming both shapes otherwise.
    public func validate(predictionShape: [Int], targets: Tensor) throws {
        let n = predictionShape[0]
        switch self {
        case .sparseCategoricalCrossentropy:
            guard targets.shape == [n] || targets.shape == [n, 1] else {
                throw Problem("\(rawValue) expects class ids of shape (\(n),), got \(targets.shape.shapeDescription)")
            }
            let classes = predictionShape.last ?? 0
            // Compared as Floats: Int(_:) traps on nan and on labels beyond Int's range (1e30).
            if let bad = targets.scalars.first(where: { !($0 >= 0 && $0 < Float(classes) && $0 == $0.rounded()) }) {
                throw Problem("\(rawValue): label \(formatNumber(bad)) is not a class id in 0..<\(classes)")
            }
        case .categoricalCrossentropy, .meanSquaredError:
            guard targets.shape == predictionShape else {
                throw Problem("\(rawValue) expects targets of shape \(predictionShape.shapeDescription), "
                                 + "got \(targets.shape.shapeDescription)")
            }
        }
    }

    /// The mean loss over the batch and its gradient with respect to the predictions, or — when `softmaxTop`
    /// and the loss is a cross-entropy — with respect to the softmax's input (p − target) / N, which is exact
    /// even where p underflows. When these rows are part of a larger batch, `batchCount` is that batch's size N,
    /// so the gradients of its parts add up to the whole batch's.
    func evaluate(predictions p: Tensor, targets: Tensor, softmaxTop: Bool,
                  batchCount: Int? = nil) -> (loss: Float, gradient: Tensor) {
        let n = p.shape[0], width = p.count / max(n, 1)
        var gradient = Tensor.zeros(p.shape)
        var total: Float = 0
        let scale = 1 / Float(batchCount ?? n)
        let meanScale = 1 / Float(n)
        for row in 0..<n {
            for j in 0..<width {
                let index = row * width + j
                let probability = p.scalars[index]
                let target: Float
                switch self {
                case .sparseCategoricalCrossentropy: target = Int(targets.scalars[row]) == j ? 1 : 0
                case .categoricalCrossentropy, .meanSquaredError: target = targets.scalars[index]
                }
                switch self {
                case .sparseCategoricalCrossentropy, .categoricalCrossentropy:
                    let clipped = min(max(probability, Loss.epsilon), 1 - Loss.epsilon)
                    if target != 0 { total -= target * logf(clipped) }
                    gradient.scalars[index] = softmaxTop
                        ? (probability - target) * scale
                        : (probability == clipped ? -target / clipped * scale : 0)
                case .meanSquaredError:
                    let difference = probability - target
                    total += difference * difference / Float(width)
                    gradient.scalars[index] = 2 * difference / Float(width) * scale
                }
            }
        }
        return (total * meanScale, gradient)
    }

    var fusesWithSoftmax: Bool { self != .meanSquaredError }
}
