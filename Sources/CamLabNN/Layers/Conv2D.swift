import CamLabCore

/// A 2-D convolution over NHWC batches, like Keras' `Conv2D`. The kernel is stored in Keras' layout
/// [kernel_height, kernel_width, in_channels, filters], which read row-major is exactly the
/// [patchSize, filters] matrix that multiplies im2col rows, so weights move to and from Keras unchanged.
/// The arithmetic is `ConvolutionKernel`'s.
public final class Conv2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let filters: Int
    public let kernelSize: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    /// Side-by-side padding (from an ONNX file) in place of `padding`'s rule.
    public let explicitPadding: ExplicitPadding?
    public let activation: Activation
    public let useBias: Bool
    /// Spacing between kernel taps (atrous convolution); dilated layers run on the im2col + sgemm path.
    public let dilationRate: (Int, Int)
    public var typeName: String { "Conv2D" }
    public var namePrefix: String { "conv2d" }
    public private(set) var outputShape: [Int] = []
    public private(set) var kernel = Parameter(name: "kernel", value: Tensor.zeros([0]))
    public private(set) var bias = Parameter(name: "bias", value: Tensor.zeros([0]))
    public var parameters: [Parameter] { useBias ? [kernel, bias] : [kernel] }

    /// Which compiled kernels this layer runs; the fastest this CPU supports unless a test chooses another.
    public var kernelPath = KernelPath.best
    private var convolution: ConvolutionKernel?

    public init(filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                explicitPadding: ExplicitPadding? = nil, activation: Activation = .linear, useBias: Bool = true,
                dilationRate: (Int, Int) = (1, 1)) throws {
        try require(filters > 0 && kernelSize.0 > 0 && kernelSize.1 > 0 && strides.0 > 0 && strides.1 > 0,
                    "Conv2D needs positive filters, kernel size and strides; got filters \(filters), "
                    + "kernel \(kernelSize.0)x\(kernelSize.1), strides \(strides.0)x\(strides.1)")
        try require(dilationRate.0 > 0 && dilationRate.1 > 0,
                    "Conv2D needs a positive dilation_rate, got (\(dilationRate.0), \(dilationRate.1))")
        // As Keras: a layer may stride or dilate, not both.
        try require(strides == (1, 1) || dilationRate == (1, 1),
                    "Conv2D cannot combine strides (\(strides.0), \(strides.1)) with dilation_rate "
                    + "(\(dilationRate.0), \(dilationRate.1)); set one of them to 1")
        self.dilationRate = dilationRate
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.explicitPadding = explicitPadding
        self.activation = activation
        self.useBias = useBias
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let g = try WindowGeometry(input: inputShape, kernel: kernelSize, strides: strides, dilation: dilationRate,
                                   padding: padding, explicit: explicitPadding, layer: "Conv2D '\(name)'")
        convolution = ConvolutionKernel(geometry: g, filters: filters)
        let taps = kernelSize.0 * kernelSize.1
        let kernelShape = [kernelSize.0, kernelSize.1, g.channels, filters]
        if kernel.value.shape != kernelShape {
            kernel = Parameter(name: "kernel", value: glorotUniform(
                shape: kernelShape, fanIn: taps * g.channels, fanOut: taps * filters, generator: &generator))
            bias = Parameter(name: "bias", value: Tensor.zeros([filters]))
        }
        outputShape = [g.outputHeight, g.outputWidth, filters]
        return outputShape
    }

    public func weightCount(inputShapes: [[Int]]) -> Double {
        guard let channels = inputShapes.first?.last else { return 0 }
        return Double(kernelSize.0) * Double(kernelSize.1) * Double(channels) * Double(filters)
            + (useBias ? Double(filters) : 0)
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(built.forward(input, kernel: kernel.value, bias: useBias ? bias.value : nil,
                                  activation: call.applyActivation ? activation : .linear, path: kernelPath))
    }

    /// The input, for the kernel's gradient; the output only for a fused activation's derivative.
    public var backwardReads: BackwardReads { activation == .linear ? [.inputs] : [.inputs, .output] }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        let gradients = step.parameterGradients
        let wantsWeights = gradients.map { $0.wants(kernel) || (useBias && $0.wants(bias)) } ?? false
        let result = built.backward(input: input, output: step.output, gradient: step.gradient, kernel: kernel.value,
                                    activation: step.isPreActivation ? .linear : activation, path: kernelPath,
                                    needsInputGradient: step.needsInputGradients, needsWeightGradients: wantsWeights)
        if let gradients, let dKernel = result.kernel, let dBias = result.bias {
            gradients.add(dKernel, to: kernel)
            if useBias { gradients.add(dBias, to: bias) }
        }
        return result.input
    }

    private var built: ConvolutionKernel {
        guard let convolution else { preconditionFailure("Conv2D '\(name)' used before build") }
        return convolution
    }

    /// Multiply-adds one image costs in each of the layer's three products as its kernel path really computes
    /// them (Winograd does fewer than direct convolution), to set their time against the machine's peak.
    public var multiplyAddsPerImage: (forward: Int, kernelGradient: Int, inputGradient: Int) {
        convolution?.multiplyAdds(path: kernelPath) ?? (0, 0, 0)
    }

    public var configurationDescription: String {
        "filters: \(filters), kernel_size: (\(kernelSize.0), \(kernelSize.1)), strides: (\(strides.0), "
            + "\(strides.1)), padding: \(paddingDescription), activation: \(activation.rawValue)"
            + (useBias ? "" : ", use_bias: False")
            + (dilationRate == (1, 1) ? "" : ", dilation_rate: (\(dilationRate.0), \(dilationRate.1))")
    }

    private var paddingDescription: String { explicitPadding?.description ?? "\"\(padding.rawValue)\"" }
}
