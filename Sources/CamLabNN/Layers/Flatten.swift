import CamLabCore

/// Flattens each example to a vector in NHWC order (height, then width, then channel), as Keras does with
/// channels-last data, so a Keras Dense kernel after Flatten loads unchanged.
public final class Flatten: Layer {
    public var name = ""
    public var typeName: String { "Flatten" }
    public var namePrefix: String { "flatten" }
    public private(set) var outputShape: [Int] = []
    private var inputShape: [Int] = []

    public init() {}

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        self.inputShape = inputShape
        outputShape = [inputShape.elementCount]
        return outputShape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        try! input.reshaped([input.shape[0]] + outputShape)  // same element count by construction
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        try! outputGradient.reshaped([outputGradient.shape[0]] + inputShape)
    }

    public var configurationDescription: String { "" }
}
