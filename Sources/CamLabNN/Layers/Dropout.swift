import CamLabCore

/// Inverted dropout, like Keras' `Dropout`: while training, each element is zeroed with probability `rate`
/// and the survivors scaled by 1 / (1 - rate); at inference it passes data through unchanged.
public final class Dropout: Layer {
    public var name = ""
    public let rate: Float
    public var typeName: String { "Dropout" }
    public var namePrefix: String { "dropout" }
    public private(set) var outputShape: [Int] = []
    private var generator = SeededGenerator(seed: 0)
    private var mask: [Float] = []

    public init(rate: Float) throws {
        guard rate >= 0 && rate < 1 else { throw ModelError("Dropout rate must be in [0, 1), got \(rate)") }
        self.rate = rate
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        // The layer draws its masks from its own stream, seeded from the model's, so runs repeat exactly.
        self.generator = SeededGenerator(seed: generator.next())
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard training && rate > 0 else {
            mask = []
            return input
        }
        let scale = 1 / (1 - rate)
        mask = (0..<input.count).map { _ in generator.nextUnitFloat() < rate ? 0 : scale }
        var out = input
        for i in out.scalars.indices { out.scalars[i] *= mask[i] }
        return out
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        guard !mask.isEmpty else { return outputGradient }
        var dx = outputGradient
        for i in dx.scalars.indices { dx.scalars[i] *= mask[i] }
        return dx
    }

    public var configurationDescription: String { "rate: \(rate)" }
}
