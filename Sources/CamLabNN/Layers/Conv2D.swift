import CamLabCore

/// A 2-D convolution over NHWC batches, like Keras' `Conv2D`. The kernel is stored in Keras' layout
/// [kernel_height, kernel_width, in_channels, filters], which read row-major is exactly the
/// [patchSize, filters] matrix that multiplies im2col rows, so weights move to and from Keras unchanged.
/// The arithmetic is `ConvolutionKernel`'s.
public final class Conv2D: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let filters: Int
    /// The kernel's size, strides, padding and dilation (atrous convolution, which runs on the im2col + sgemm
    /// path).
    public let window: SlidingWindow
    public let activation: Activation
    public let useBias: Bool
    public var typeName: String { "Conv2D" }
    public var namePrefix: String { "conv2d" }
    public private(set) var outputShape: [Int] = []
    public private(set) var kernel = Parameter(name: "kernel", value: Tensor.zeros([0]))
    public private(set) var bias = Parameter(name: "bias", value: Tensor.zeros([0]))
    public var parameters: [Parameter] { useBias ? [kernel, bias] : [kernel] }

    /// Which compiled kernels this layer runs; the fastest this CPU supports unless a test chooses another.
    public var kernelPath = KernelPath.best
    private var convolution: ConvolutionKernel?

    public convenience init(filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1),
                            padding: Padding = .valid, explicitPadding: ExplicitPadding? = nil,
                            activation: Activation = .linear, useBias: Bool = true,
                            dilationRate: (Int, Int) = (1, 1)) throws {
        try self.init(filters: filters, window: SlidingWindow(
            size: kernelSize, strides: strides, padding: padding, explicitPadding: explicitPadding,
            dilation: dilationRate, layer: "Conv2D", sizeName: "kernel"), activation: activation, useBias: useBias)
    }

    /// A convolution sliding over `window`, such as another one's (a fresh copy of a layer).
    public init(filters: Int, window: SlidingWindow, activation: Activation = .linear, useBias: Bool = true) throws {
        try require(filters > 0, "Conv2D needs a positive number of filters, got \(filters)")
        self.window = window
        self.filters = filters
        self.activation = activation
        self.useBias = useBias
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let g = try window.geometry(input: inputShape, layer: "Conv2D '\(name)'")
        convolution = ConvolutionKernel(geometry: g, filters: filters)
        let taps = window.size.0 * window.size.1
        let kernelShape = [window.size.0, window.size.1, g.channels, filters]
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
        return Double(window.size.0) * Double(window.size.1) * Double(channels) * Double(filters)
            + (useBias ? Double(filters) : 0)
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        guard let affine = call.channelAffine else {
            let (output, sums) = built.forward(input, kernel: kernel.value, bias: useBias ? bias.value : nil,
                                               activation: call.applyActivation ? activation : .linear,
                                               path: kernelPath, summingChannels: call.summingChannels)
            var result = LayerOutput(output)
            result.channelSums = sums
            return result
        }
        // The affine map folded in: each filter scaled, the bias mapped (`absorbsChannelAffine`).
        var scaled = kernel.value
        for i in scaled.scalars.indices { scaled.scalars[i] *= affine.scale[i % filters] }
        let shifted = Tensor(shape: [filters], scalars: (0..<filters).map {
            (useBias ? bias.value.scalars[$0] : 0) * affine.scale[$0] + affine.shift[$0]
        })
        return LayerOutput(built.forward(input, kernel: scaled, bias: shifted,
                                         activation: call.thenReLU ? .relu : .linear, path: kernelPath))
    }

    /// Without an activation, a per-channel affine map after it (an inference-mode batch normalization) is the
    /// same convolution with each filter scaled and the bias mapped.
    public var absorbsChannelAffine: Bool { activation == .linear }

    /// Its kernels sum a few images' outputs at a time as they write them (with no activation of its own, the
    /// output is final there).
    public var sumsOutputChannels: Bool { activation == .linear }

    /// The input, for the kernel's gradient; the output only for a fused activation's derivative.
    public var backwardReads: BackwardReads { activation == .linear ? [.inputs] : [.inputs, .output] }

    /// Without an activation of its own, the gradient it is given is its pre-activation one: a recipe for it (from
    /// a batch normalization above) can be formed in the kernels' groups of images.
    public var formsOwnOutputGradient: Bool { activation == .linear }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        let gradients = step.parameterGradients
        let wantsWeights = gradients.map { $0.wants(kernel) || (useBias && $0.wants(bias)) } ?? false
        // A recipe is formed by the kernels, a group of images at a time (`formsOwnOutputGradient`).
        let result = built.backward(input: input, output: step.output,
                                    gradient: step.recipe == nil ? step.gradient : nil, recipe: step.recipe,
                                    kernel: kernel.value,
                                    activation: step.isPreActivation ? .linear : activation, path: kernelPath,
                                    needsInputGradient: step.needsInputGradients, needsWeightGradients: wantsWeights,
                                    hasBias: useBias)
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
        "filters: \(filters), " + window.description(sizeName: "kernel_size") + ", activation: \(activation.rawValue)"
            + (useBias ? "" : ", use_bias: False")
            + (window.dilation == (1, 1) ? "" : ", dilation_rate: (\(window.dilation.0), \(window.dilation.1))")
    }
}
