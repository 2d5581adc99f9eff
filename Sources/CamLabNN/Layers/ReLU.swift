import CamLabCore

/// ReLU capped at `maxValue`, like Keras' `ReLU(max_value=…)`: min(max(x, 0), maxValue) — ReLU6 for 6, an ONNX
/// `Clip(0, m)`. Its gradient is 1 strictly between 0 and the cap, 0 elsewhere (TensorFlow's choice at the kinks).
public final class ReLU: UnaryLayer {
    public var name = ""
    public var trainable = true
    /// nil for no cap.
    public let maxValue: Float?
    public var typeName: String { "ReLU" }
    public var namePrefix: String { "re_lu" }
    public private(set) var outputShape: [Int] = []

    public init(maxValue: Float? = nil) throws {
        if let maxValue { try require(maxValue > 0, "ReLU needs a positive max_value, got \(maxValue)") }
        self.maxValue = maxValue
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        let cap = maxValue ?? .infinity
        return LayerOutput(Tensor(shape: input.shape, scalars: input.scalars.map { min(max($0, 0), cap) }))
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients else { return nil }
        let cap = maxValue ?? .infinity, x = input.scalars
        return Tensor(shape: input.shape, scalars: step.gradient.scalars.indices.map { i in
            x[i] > 0 && x[i] < cap ? step.gradient.scalars[i] : 0
        })
    }

    public var configurationDescription: String { "max_value: " + (maxValue.map { "\($0)" } ?? "None") }
}
