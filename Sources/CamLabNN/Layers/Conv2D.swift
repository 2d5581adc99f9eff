import CamLabCore
import CamLabKernels

/// A 2-D convolution over NHWC batches, like Keras' `Conv2D`. The kernel is stored in Keras' layout
/// [kernel_height, kernel_width, in_channels, filters], which read row-major is exactly the
/// [patchSize, filters] matrix that multiplies im2col rows, so weights move to and from Keras unchanged.
///
/// Images are split across cores; each worker convolves its images by Winograd, CamLab's direct kernels or
/// im2col + sgemm (see `ConvolutionPlan`) and finishes them — bias, activation — while the output is in cache.
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

    /// Which compiled kernels this layer runs; the fastest this CPU supports unless a test chooses another.
    public var kernelPath = KernelPath.best

    private var geometry: WindowGeometry?
    private var input = Tensor.zeros([0])
    private var output = Tensor.zeros([0])
    private var steps: [ConvolutionSteps] = []
    private var transformedKernel = Winograd.TransformedKernel()
    private var transformedInputGradientKernel = Winograd.TransformedKernel()

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
        let steps = workerSteps(g)
        let plan = steps[0].plan
        if case let .winograd(tile) = plan.forward {
            transformedKernel.update(from: kernel.value.scalars, tile: tile, channels: g.channels, filters: filters)
        }
        let (batch, activation, useBias) = (input.shape[0], self.activation, self.useBias)
        let out = Tensor(shape: [batch] + outputShape) { y in
            input.scalars.withUnsafeBufferPointer { x in
            kernel.value.scalars.withUnsafeBufferPointer { w in
            transformedKernel.values.withUnsafeBufferPointer { u in
            bias.value.scalars.withUnsafeBufferPointer { b in
                let (x, w, u, b, y) = (SharedPointer(mutating: x), SharedPointer(mutating: w), SharedPointer(mutating: u),
                                       SharedPointer(mutating: b), SharedPointer(y.baseAddress!))
                Parallel.forEachChunk(batch) { worker, images in
                    steps[worker].forward(images: images, input: x.base, kernel: w.base, transformedKernel: u.base,
                                          bias: useBias ? UnsafePointer(b.base) : nil, activation: activation,
                                          output: y.base)
                }
            } } } }
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
        let steps = workerSteps(g)
        let plan = steps[0].plan
        let batch = input.shape[0]
        let activation = isPreActivation ? Activation.linear : self.activation
        for step in steps { step.zeroGradients() }
        let inputGradientKernel = !needsInputGradient || g.transposed(filters: filters) == nil ? kernel.value.scalars
            : rotatedKernelMatrix()
        if needsInputGradient, case let .winograd(tile) = plan.inputGradient {
            transformedInputGradientKernel.update(from: inputGradientKernel, tile: tile, channels: filters,
                                                  filters: g.channels)
        }
        var dx = needsInputGradient ? Tensor(shape: input.shape) { _ in } : Tensor.zeros([0])
        input.scalars.withUnsafeBufferPointer { x in
        inputGradientKernel.withUnsafeBufferPointer { w in
        transformedInputGradientKernel.values.withUnsafeBufferPointer { u in
        gradient.scalars.withUnsafeBufferPointer { dy in
        output.scalars.withUnsafeBufferPointer { y in
        dx.scalars.withUnsafeMutableBufferPointer { dxBuffer in
            let (x, w, u, dy, y) = (SharedPointer(mutating: x), SharedPointer(mutating: w), SharedPointer(mutating: u),
                                    SharedPointer(mutating: dy), SharedPointer(mutating: y))
            // An empty array may still hand out a base address: decide by the flag, not by nil.
            let dxp = needsInputGradient ? SharedPointer(dxBuffer.baseAddress!) : nil
            Parallel.forEachChunk(batch) { worker, images in
                steps[worker].backward(images: images, input: x.base, gradient: dy.base, output: y.base,
                                       activation: activation, inputGradientKernel: w.base,
                                       transformedInputGradientKernel: u.base, inputGradient: dxp?.base)
            }
        } } } } } }
        // Partial sums are added in worker order, so the result does not depend on thread timing; Winograd's are
        // added in its own domain and leave it once.
        kernel.gradient.scalars.withUnsafeMutableBufferPointer { total in
            if case let .winograd(tile) = plan.kernelGradient {
                let first = steps[0].kernelGradient
                for step in steps.dropFirst() { first.add(step.kernelGradient) }
                camlab_winograd_add_kernel_gradient(Int32(tile), first.base, Int32(g.channels), Int32(filters),
                                                    total.baseAddress!)
            } else {
                for step in steps { for i in total.indices { total[i] += step.kernelGradient.base[i] } }
            }
        }
        if useBias {
            bias.gradient.scalars.withUnsafeMutableBufferPointer { total in
                for step in steps { for i in total.indices { total[i] += step.biasGradient.base[i] } }
            }
        }
        return dx
    }

    /// Multiply-adds one image costs in each of the layer's three products as its kernel path really computes
    /// them (Winograd does fewer than direct convolution), to set their time against the machine's peak.
    public var multiplyAddsPerImage: (forward: Int, kernelGradient: Int, inputGradient: Int) {
        guard let g = geometry else { return (0, 0, 0) }
        return ConvolutionPlan(geometry: g, filters: filters, path: kernelPath).multiplyAdds(g, filters: filters)
    }

    /// One `ConvolutionSteps` per worker, made on first use and whenever the kernel path changes.
    private func workerSteps(_ g: WindowGeometry) -> [ConvolutionSteps] {
        if steps.count != Parallel.workers || steps.first?.plan.path != kernelPath {
            let plan = ConvolutionPlan(geometry: g, filters: filters, path: kernelPath)
            steps = (0..<Parallel.workers).map { _ in ConvolutionSteps(geometry: g, filters: filters, plan: plan) }
        }
        return steps
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

extension SharedPointer {
    /// Read-only buffers shared with concurrent chunks; nothing writes through these.
    init(mutating buffer: UnsafeBufferPointer<Element>) {
        self.init(UnsafeMutablePointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!))
    }
}
