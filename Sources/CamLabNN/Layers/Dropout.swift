import CamLabCore

/// Inverted dropout, like Keras' `Dropout`: while training, each element is zeroed with probability `rate`
/// and the survivors scaled by 1 / (1 - rate); at inference it passes data through unchanged.
public final class Dropout: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let rate: Float
    public var typeName: String { "Dropout" }
    public var namePrefix: String { "dropout" }
    public private(set) var outputShape: [Int] = []

    /// The factor each element was multiplied by: 0 or 1 / (1 − rate).
    struct Mask: LayerMemo { let factors: [Float] }

    public init(rate: Float) throws {
        try require(rate >= 0 && rate < 1, "Dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        _ = generator.next()  // the draw that once seeded the layer's own stream: models keep their weights
        outputShape = inputShape
        return inputShape
    }

    /// Masks come from the pass's random stream, seeded from the model's, so runs repeat exactly.
    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        guard call.training && trainable && rate > 0 else { return LayerOutput(input) }
        let scale = 1 / (1 - rate)
        let mask = (0..<input.count).map { _ in call.random.generator.nextUnitFloat() < rate ? 0 : scale }
        var out = input
        for i in out.scalars.indices { out.scalars[i] *= mask[i] }
        return LayerOutput(out, memo: Mask(factors: mask))
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients else { return nil }
        guard let mask = step.memo as? Mask else { return step.gradient }
        var dx = step.gradient
        for i in dx.scalars.indices { dx.scalars[i] *= mask.factors[i] }
        return dx
    }

    public var configurationDescription: String { "rate: \(rate)" }
}
