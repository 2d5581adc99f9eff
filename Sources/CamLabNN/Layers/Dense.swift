import CamLabCore

/// A fully connected layer, like Keras' `Dense`: y = activation(x · kernel + bias), kernel [in, units].
public final class Dense: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public var typeName: String { "Dense" }
    public var namePrefix: String { "dense" }
    public private(set) var outputShape: [Int] = []
    public private(set) var kernel = Parameter(name: "kernel", value: Tensor.zeros([0]))
    public private(set) var bias = Parameter(name: "bias", value: Tensor.zeros([0]))
    public var parameters: [Parameter] { useBias ? [kernel, bias] : [kernel] }
    private let packing = DensePacking()

    public init(units: Int, activation: Activation = .linear, useBias: Bool = true) throws {
        try require(units > 0, "Dense needs a positive number of units, got \(units)")
        self.units = units
        self.activation = activation
        self.useBias = useBias
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        guard inputShape.count == 1 else {
            throw Problem("Dense '\(name)' expects flat inputs, got per-example shape "
                             + "\(inputShape.shapeDescription); add flatten() or global_average_pooling2d() before it")
        }
        if kernel.value.shape != [inputShape[0], units] {
            kernel = Parameter(name: "kernel", value: glorotUniform(
                shape: [inputShape[0], units], fanIn: inputShape[0], fanOut: units, generator: &generator))
            bias = Parameter(name: "bias", value: Tensor.zeros([units]))
        }
        outputShape = [units]
        return outputShape
    }

    public func weightCount(inputShapes: [[Int]]) -> Double {
        guard let features = inputShapes.first?.last else { return 0 }
        return Double(features) * Double(units) + (useBias ? Double(units) : 0)
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        var out = DenseProducts.forward(input, kernel: kernel.value, bias: useBias ? bias.value : nil,
                                       packing: packing)
        if call.applyActivation { activation.apply(&out) }
        return LayerOutput(out)
    }

    /// The input, for the kernel's gradient; the output only for a fused activation's derivative.
    public var backwardReads: BackwardReads { activation == .linear ? [.inputs] : [.inputs, .output] }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        let dy = step.isPreActivation ? step.gradient : activation.backward(step.gradient, output: step.output)
        if let gradients = step.parameterGradients {
            if gradients.wants(kernel) {
                gradients.add(DenseProducts.kernelGradient(input: input, outputGradient: dy), to: kernel)
            }
            if useBias && gradients.wants(bias) { gradients.add(DenseProducts.columnSums(dy), to: bias) }
        }
        guard step.needsInputGradients else { return nil }
        return DenseProducts.inputGradient(outputGradient: dy, kernel: kernel.value, packing: packing)
    }

    public var configurationDescription: String { "units: \(units), activation: \(activation.rawValue)" }
}
