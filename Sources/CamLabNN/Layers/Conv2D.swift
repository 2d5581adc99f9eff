import CamLabCore
import CamLabKernels

/// A 2-D convolution over NHWC batches, like Keras' `Conv2D`. The kernel is stored in Keras' layout
/// [kernel_height, kernel_width, in_channels, filters], which read row-major is exactly the
/// [patchSize, filters] matrix that multiplies im2col rows, so weights move to and from Keras unchanged.
///
/// Images are split across cores; each image is convolved by the AVX2 kernels or by im2col + sgemm (see
/// `ConvolutionSteps`), and finished — bias, activation — while its output is still in cache.
public final class Conv2D: ActivatedLayer {
    public var name = ""
    public let filters: Int
    public let kernelSize: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    public let activation: Activation
    public let useBias: Bool
    public var typeName: String { "Conv2D" }
    public var namePrefix: String { "conv2d" }
    public private(set) var outputShape: [Int] = []
    public private(set) var kernel = Parameter(name: "kernel", value: Tensor.zeros([0]))
    public private(set) var bias = Parameter(name: "bias", value: Tensor.zeros([0]))
    public var parameters: [Parameter] { useBias ? [kernel, bias] : [kernel] }

    private var geometry: WindowGeometry?
    private var input = Tensor.zeros([0])
    private var output = Tensor.zeros([0])

    public init(filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                activation: Activation = .linear, useBias: Bool = true) throws {
        guard filters > 0, kernelSize.0 > 0, kernelSize.1 > 0, strides.0 > 0, strides.1 > 0 else {
            throw ModelError("Conv2D needs positive filters, kernel size and strides; got filters \(filters), "
                             + "kernel \(kernelSize.0)x\(kernelSize.1), strides \(strides.0)x\(strides.1)")
        }
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.activation = activation
        self.useBias = useBias
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        let g = try WindowGeometry(input: inputShape, kernel: kernelSize, strides: strides, padding: padding,
                                   layer: "Conv2D '\(name)'")
        geometry = g
        let taps = kernelSize.0 * kernelSize.1
        kernel = Parameter(name: "kernel", value: glorotUniform(
            shape: [kernelSize.0, kernelSize.1, g.channels, filters],
            fanIn: taps * g.channels, fanOut: taps * filters, generator: &generator))
        bias = Parameter(name: "bias", value: Tensor.zeros([filters]))
        outputShape = [g.outputHeight, g.outputWidth, filters]
        return outputShape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let g = geometry else { preconditionFailure("Conv2D '\(name)' used before build") }
        let (batch, outputSize) = (input.shape[0], g.outputPixels * filters)
        let (activation, useBias, filters) = (self.activation, self.useBias, self.filters)
        let out = Tensor(shape: [batch] + outputShape) { y in
            input.scalars.withUnsafeBufferPointer { x in
            kernel.value.scalars.withUnsafeBufferPointer { w in
            bias.value.scalars.withUnsafeBufferPointer { b in
                let (x, w, b, y) = (SharedPointer(mutating: x), SharedPointer(mutating: w),
                                    SharedPointer(mutating: b), SharedPointer(y.baseAddress!))
                Parallel.forEachChunk(batch) { _, images in
                    let steps = ConvolutionSteps(geometry: g, filters: filters)
                    for n in images {
                        steps.forward(image: x.base + n * g.inputSize, kernel: w.base,
                                      bias: useBias ? UnsafePointer(b.base) : nil, activation: activation,
                                      output: y.base + n * outputSize)
                    }
                }
            } } }
        }
        self.input = input
        self.output = out
        return out
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        backward(outputGradient, isPreActivation: false, needsInputGradient: needsInputGradient)
    }

    public func backward(preActivationGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        backward(preActivationGradient, isPreActivation: true, needsInputGradient: needsInputGradient)
    }

    private func backward(_ gradient: Tensor, isPreActivation: Bool, needsInputGradient: Bool) -> Tensor {
        guard let g = geometry else { preconditionFailure("Conv2D '\(name)' used before build") }
        let (batch, outputSize, filters) = (input.shape[0], g.outputPixels * filters, self.filters)
        let activation = isPreActivation ? Activation.linear : self.activation
        let workers = Parallel.workers
        // Each worker sums its images' kernel and bias gradients privately; they are added up afterwards.
        var partialKernel = [Float](repeating: 0, count: workers * g.patchSize * filters)
        var partialBias = [Float](repeating: 0, count: workers * filters)
        var dx = needsInputGradient ? Tensor.zeros(input.shape) : Tensor.zeros([0])
        let inputGradientKernel = g.transposed(filters: filters) == nil ? kernel.value.scalars : rotatedKernelMatrix()
        input.scalars.withUnsafeBufferPointer { x in
        inputGradientKernel.withUnsafeBufferPointer { w in
        gradient.scalars.withUnsafeBufferPointer { dyBuffer in
        output.scalars.withUnsafeBufferPointer { yBuffer in
        dx.scalars.withUnsafeMutableBufferPointer { dxBuffer in
        partialKernel.withUnsafeMutableBufferPointer { pk in
        partialBias.withUnsafeMutableBufferPointer { pb in
            let (x, w, dyAll, yAll) = (SharedPointer(mutating: x), SharedPointer(mutating: w),
                                       SharedPointer(mutating: dyBuffer), SharedPointer(mutating: yBuffer))
            // An empty array may still hand out a base address: decide by the flag, not by nil.
            let dxp = needsInputGradient ? SharedPointer(dxBuffer.baseAddress!) : nil
            let (pk, pb) = (SharedPointer(pk.baseAddress!), SharedPointer(pb.baseAddress!))
            Parallel.forEachChunk(batch) { worker, images in
                let steps = ConvolutionSteps(geometry: g, filters: filters)
                let dy = UnsafeMutablePointer<Float>.allocate(capacity: outputSize)
                defer { dy.deallocate() }
                for n in images {
                    activation.backward(gradient: dyAll.base + n * outputSize, output: yAll.base + n * outputSize,
                                        count: outputSize, width: filters, into: dy)
                    steps.addKernelGradient(image: x.base + n * g.inputSize, outputGradient: dy,
                                            into: pk.base + worker * g.patchSize * filters)
                    camlab_add_column_sums(dy, Int32(g.outputPixels), Int32(filters), pb.base + worker * filters)
                    if let dxp {
                        steps.inputGradient(outputGradient: dy, kernel: w.base, into: dxp.base + n * g.inputSize)
                    }
                }
            }
        } } } } } } }
        accumulate(partialKernel, workers: workers, into: kernel)
        if useBias { accumulate(partialBias, workers: workers, into: bias) }
        return dx
    }

    /// The kernel rotated by 180° with its channel axes swapped, [kh, kw, filters, channels] flattened: the
    /// weights of the convolution that computes the input gradient.
    private func rotatedKernelMatrix() -> [Float] {
        let (kh, kw) = kernelSize
        let channels = kernel.value.shape[2]
        var rotated = [Float](repeating: 0, count: kernel.value.count)
        for ky in 0..<kh { for kx in 0..<kw { for c in 0..<channels { for f in 0..<filters {
            rotated[(((kh - 1 - ky) * kw + (kw - 1 - kx)) * filters + f) * channels + c]
                = kernel.value.scalars[((ky * kw + kx) * channels + c) * filters + f]
        } } } }
        return rotated
    }

    public var configurationDescription: String {
        "filters: \(filters), kernel_size: (\(kernelSize.0), \(kernelSize.1)), strides: (\(strides.0), "
            + "\(strides.1)), padding: \"\(padding.rawValue)\", activation: \(activation.rawValue)"
    }
}

/// Adds per-worker partial gradients (laid out worker after worker) into a parameter's gradient.
func accumulate(_ partials: [Float], workers: Int, into parameter: Parameter) {
    let size = parameter.gradient.count
    parameter.gradient.scalars.withUnsafeMutableBufferPointer { total in
        for worker in 0..<workers {
            for i in 0..<size { total[i] += partials[worker * size + i] }
        }
    }
}

extension SharedPointer {
    /// Read-only buffers shared with concurrent chunks; nothing writes through these.
    init(mutating buffer: UnsafeBufferPointer<Element>) {
        self.init(UnsafeMutablePointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!))
    }
}
