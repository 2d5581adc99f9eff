import CamLabCore
import CamLabKernels

/// How a convolution layer computes its three products on a kernel path: Winograd for 3×3 stride-1 layers
/// whose channels and filters are multiples of 8, CamLab's direct kernels for other stride-1 layers with
/// filters in multiples of 8, im2col + sgemm for everything else (dilated kernels among them) and on the
/// reference path.
struct ConvolutionPlan: Equatable {
    enum Method: Equatable {
        case reference
        case direct
        case winograd(tile: Int)
    }

    let path: KernelPath
    let forward: Method
    /// The kernel gradient is computed the way the forward pass is: it has the same shapes.
    var kernelGradient: Method { forward }
    let inputGradient: Method

    init(geometry g: WindowGeometry, filters: Int, path: KernelPath) {
        self.path = path
        forward = Self.method(for: g, outputChannels: filters, path: path)
        inputGradient = g.transposed(filters: filters).map { Self.method(for: $0, outputChannels: g.channels, path: path) }
            ?? .reference
    }

    /// Multiply-adds per image of the three products as this plan computes them: Winograd's F(m×m, 3×3) does
    /// (m + 2)² per tile and channel pair, direct convolution and the reference one per tap, pixel and pair.
    func multiplyAdds(_ g: WindowGeometry, filters: Int) -> (forward: Int, kernelGradient: Int, inputGradient: Int) {
        func count(_ method: Method, _ g: WindowGeometry, outputChannels: Int) -> Int {
            guard case let .winograd(m) = method else {
                return g.outputPixels * g.kernelHeight * g.kernelWidth * g.channels * outputChannels
            }
            let tiles = ((g.outputHeight + m - 1) / m) * ((g.outputWidth + m - 1) / m)
            return tiles * (m + 2) * (m + 2) * g.channels * outputChannels
        }
        let forward = count(self.forward, g, outputChannels: filters)
        let input = g.transposed(filters: filters).map { count(inputGradient, $0, outputChannels: g.channels) }
            ?? g.outputPixels * g.patchSize * filters
        return (forward, count(kernelGradient, g, outputChannels: filters), input)
    }

    private static func method(for g: WindowGeometry, outputChannels: Int, path: KernelPath) -> Method {
        guard path.instructionSet != .reference, g.strideY == 1, g.strideX == 1, !g.isDilated,
              outputChannels % 8 == 0 else {
            return .reference
        }
        if let tile = path.winogradTile, g.kernelHeight == 3, g.kernelWidth == 3, g.channels % 8 == 0 {
            return .winograd(tile: tile)
        }
        return .direct
    }
}

/// One worker's share of a convolution layer's work and its scratch buffers, allocated once and reused batch
/// after batch. Each worker owns one instance; the parameter gradients it finds stay in it until the layer adds
/// all workers' partial sums, in worker order, so a run's result does not depend on which thread finished first.
final class ConvolutionSteps: @unchecked Sendable {
    /// Images whose pre-activation gradients are formed at once in backward: enough tiles for Winograd's
    /// blocks, few enough that they stay in cache.
    static let backwardGroup = 8

    let plan: ConvolutionPlan
    let geometry: WindowGeometry
    /// Held while a worker uses this scratch.
    let lock = Lock()
    let filters: Int
    /// The input gradient of a stride-1 convolution is itself a convolution (see `WindowGeometry.transposed`).
    let transposed: WindowGeometry?
    /// This worker's share of the kernel gradient, in Keras' layout or, for Winograd, in its own domain.
    let kernelGradient: Buffer
    let biasGradient: Buffer
    private let columns: Buffer
    private let paddedInput: Buffer
    private let paddedGradient: Buffer
    private let winogradScratch: Buffer
    private let groupGradient: Buffer

    init(geometry g: WindowGeometry, filters: Int, plan: ConvolutionPlan) {
        self.plan = plan
        geometry = g
        self.filters = filters
        transposed = g.transposed(filters: filters)
        let needsColumns = plan.forward == .reference || plan.inputGradient == .reference
        columns = Buffer(needsColumns ? max(g.outputPixels * g.patchSize,
                                            transposed.map { $0.outputPixels * $0.patchSize } ?? 0) : 0)
        paddedInput = Buffer(plan.forward == .direct ? g.paddedSize : 0)
        paddedGradient = Buffer(plan.inputGradient == .direct ? transposed!.paddedSize : 0)
        var scratch = 0
        if case let .winograd(tile) = plan.forward {
            scratch = camlab_winograd_scratch_count(Int32(tile), Int32(g.channels), Int32(filters))
        }
        if case let .winograd(tile) = plan.inputGradient {
            scratch = max(scratch, camlab_winograd_scratch_count(Int32(tile), Int32(filters), Int32(g.channels)))
        }
        winogradScratch = Buffer(scratch)
        groupGradient = Buffer(Self.backwardGroup * g.outputPixels * filters)
        let kernelSize: Int
        if case let .winograd(tile) = plan.kernelGradient {
            kernelSize = (tile + 2) * (tile + 2) * g.channels * filters
        } else {
            kernelSize = g.patchSize * filters
        }
        kernelGradient = Buffer(kernelSize)
        biasGradient = Buffer(filters)
    }

    /// Images convolved at once when their outputs' per-channel sums are wanted: few enough that the sums read
    /// them from cache.
    static let statisticsGroup = 8

    /// The outputs of `images`, bias and activation included. `transformedKernel` is the Winograd-domain
    /// kernel when the plan uses Winograd. With `channelSums` (2 × filters values: Σ y, then Σ y²), adds the
    /// outputs' per-channel sums into it, a few images at a time while their outputs are in cache.
    func forward(images: Range<Int>, input: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                 transformedKernel: UnsafePointer<Float>?, bias: UnsafePointer<Float>?, activation: Activation,
                 output: UnsafeMutablePointer<Float>, channelSums: UnsafeMutablePointer<Double>? = nil) {
        guard let channelSums else {
            return convolve(images: images, input: input, kernel: kernel, transformedKernel: transformedKernel,
                            bias: bias, activation: activation, output: output)
        }
        let pixels = geometry.outputPixels
        var first = images.lowerBound
        while first < images.upperBound {
            let group = first..<min(first + Self.statisticsGroup, images.upperBound)
            convolve(images: group, input: input, kernel: kernel, transformedKernel: transformedKernel, bias: bias,
                     activation: activation, output: output)
            camlab_channel_sums(output + group.lowerBound * pixels * filters, group.count * pixels, Int32(filters),
                                channelSums, channelSums + filters)
            first = group.upperBound
        }
    }

    private func convolve(images: Range<Int>, input: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                          transformedKernel: UnsafePointer<Float>?, bias: UnsafePointer<Float>?,
                          activation: Activation, output: UnsafeMutablePointer<Float>) {
        let g = geometry
        let outputSize = g.outputPixels * filters
        let fusedReLU = activation == .relu
        switch plan.forward {
        case let .winograd(tile):
            var problem = Winograd.problem(g, filters: filters, images: images.count, tile: tile)
            camlab_winograd_convolve(plan.path.cPath, &problem, input + images.lowerBound * g.inputSize,
                                     transformedKernel!, bias, fusedReLU, output + images.lowerBound * outputSize,
                                     winogradScratch.base)
        case .direct:
            for n in images {
                pad(input + n * g.inputSize, geometry: g, into: paddedInput.base)
                camlab_direct_convolve(plan.path.cPath, paddedInput.base, Int32(g.paddedHeight),
                                       Int32(g.paddedWidth), Int32(g.channels), kernel, Int32(g.kernelHeight),
                                       Int32(g.kernelWidth), Int32(filters), bias, fusedReLU,
                                       output + n * outputSize)
            }
        case .reference:
            for n in images {
                let y = output + n * outputSize
                g.im2col(image: input + n * g.inputSize, columns: columns.base)
                BLAS.gemm(m: g.outputPixels, n: filters, k: g.patchSize, a: columns.base, b: kernel, c: y)
                if let bias { addBias(bias, to: y, pixels: g.outputPixels, filters: filters, thenReLU: fusedReLU) }
            }
        }
        let reluDone = fusedReLU && (plan.forward != .reference || bias != nil)
        if !reluDone {
            activation.apply(output + images.lowerBound * outputSize, count: images.count * outputSize, width: filters)
        }
    }

    /// Back-propagates through `images`: adds their bias gradients (when `needsBiasGradient`) and kernel gradients
    /// (when `addingKernelGradient`) into this worker's partial sums and, with `inputGradient`, writes their input
    /// gradients. `gradient` is with respect to the activated `output` unless `activation` is linear; with a linear
    /// activation, `former` may form it instead, group by group. `inputGradientKernel` is the kernel rotated for
    /// the transposed convolution (stride 1) or the layer's own kernel; `transformedInputGradientKernel` its
    /// Winograd form.
    func backward(images: Range<Int>, input: UnsafePointer<Float>, gradient: UnsafePointer<Float>?,
                  former: RowFormer? = nil, output: UnsafePointer<Float>, activation: Activation,
                  inputGradientKernel: UnsafePointer<Float>, transformedInputGradientKernel: UnsafePointer<Float>?,
                  inputGradient: UnsafeMutablePointer<Float>?, addingKernelGradient: Bool = true,
                  needsBiasGradient: Bool = true) {
        let g = geometry
        let outputSize = g.outputPixels * filters
        var first = images.lowerBound
        while first < images.upperBound {
            let count = min(Self.backwardGroup, images.upperBound - first)
            // The gradient before the activation: when the activation is linear, the given one itself, or formed
            // here from the recipe of the batch normalization above; otherwise formed into the group buffer.
            var dy = UnsafePointer(groupGradient.base)
            switch activation {
            case .linear:
                if let former {
                    let pixels = g.outputPixels
                    former.form(rows: (first * pixels)..<((first + count) * pixels), into: groupGradient.base)
                } else {
                    dy = gradient! + first * outputSize
                }
                if needsBiasGradient {
                    camlab_add_column_sums(dy, Int32(count * g.outputPixels), Int32(filters), biasGradient.base)
                }
            case .relu:
                camlab_relu_gradient_with_sums(gradient! + first * outputSize, output + first * outputSize,
                                               Int32(count * g.outputPixels), Int32(filters), groupGradient.base,
                                               biasGradient.base)
            default:
                activation.backward(gradient: gradient! + first * outputSize, output: output + first * outputSize,
                                    count: count * outputSize, width: filters, into: groupGradient.base)
                camlab_add_column_sums(dy, Int32(count * g.outputPixels), Int32(filters), biasGradient.base)
            }
            if addingKernelGradient { addKernelGradient(images: first..<(first + count), input: input, outputGradient: dy) }
            if let inputGradient {
                addInputGradient(images: first..<(first + count), outputGradient: dy, kernel: inputGradientKernel,
                                 transformedKernel: transformedInputGradientKernel, into: inputGradient)
            }
            first += count
        }
    }

    func zeroGradients() {
        kernelGradient.zero()
        biasGradient.zero()
    }

    private func addKernelGradient(images: Range<Int>, input: UnsafePointer<Float>,
                                   outputGradient dy: UnsafePointer<Float>) {
        let g = geometry
        let outputSize = g.outputPixels * filters
        switch plan.kernelGradient {
        case let .winograd(tile):
            var problem = Winograd.problem(g, filters: filters, images: images.count, tile: tile)
            camlab_winograd_kernel_gradient(plan.path.cPath, &problem, input + images.lowerBound * g.inputSize, dy,
                                            kernelGradient.base, winogradScratch.base)
        case .direct:
            for (i, n) in images.enumerated() {
                pad(input + n * g.inputSize, geometry: g, into: paddedInput.base)
                camlab_direct_kernel_gradient(plan.path.cPath, paddedInput.base, Int32(g.paddedHeight),
                                              Int32(g.paddedWidth), Int32(g.channels), dy + i * outputSize,
                                              Int32(g.kernelHeight), Int32(g.kernelWidth), Int32(filters),
                                              kernelGradient.base)
            }
        case .reference:
            for (i, n) in images.enumerated() {
                g.im2col(image: input + n * g.inputSize, columns: columns.base)
                BLAS.gemm(transposeA: true, m: g.patchSize, n: filters, k: g.outputPixels, a: columns.base,
                          b: dy + i * outputSize, beta: 1, c: kernelGradient.base)
            }
        }
    }

    private func addInputGradient(images: Range<Int>, outputGradient dy: UnsafePointer<Float>,
                                  kernel: UnsafePointer<Float>, transformedKernel: UnsafePointer<Float>?,
                                  into inputGradient: UnsafeMutablePointer<Float>) {
        let g = geometry
        let outputSize = g.outputPixels * filters
        switch plan.inputGradient {
        case let .winograd(tile):
            var problem = Winograd.problem(transposed!, filters: g.channels, images: images.count, tile: tile)
            camlab_winograd_convolve(plan.path.cPath, &problem, dy, transformedKernel!, nil, false,
                                     inputGradient + images.lowerBound * g.inputSize, winogradScratch.base)
        case .direct:
            let t = transposed!
            for (i, n) in images.enumerated() {
                pad(dy + i * outputSize, geometry: t, into: paddedGradient.base)
                camlab_direct_convolve(plan.path.cPath, paddedGradient.base, Int32(t.paddedHeight),
                                       Int32(t.paddedWidth), Int32(t.channels), kernel, Int32(t.kernelHeight),
                                       Int32(t.kernelWidth), Int32(g.channels), nil, false,
                                       inputGradient + n * g.inputSize)
            }
        case .reference:
            for (i, n) in images.enumerated() {
                let dx = inputGradient + n * g.inputSize
                if let t = transposed {
                    t.im2col(image: dy + i * outputSize, columns: columns.base)
                    BLAS.gemm(m: t.outputPixels, n: g.channels, k: t.patchSize, a: columns.base, b: kernel, c: dx)
                } else {
                    // dCols = dY · Kᵀ, folded back onto the image.
                    BLAS.gemm(transposeB: true, m: g.outputPixels, n: g.patchSize, k: filters, a: dy + i * outputSize,
                              b: kernel, c: columns.base)
                    g.col2im(columns: columns.base, image: dx)
                }
            }
        }
    }
}

/// A buffer of floats owned by one worker, zeroed when allocated.
final class Buffer {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { base.deallocate() }

    func zero() { base.update(repeating: 0, count: count) }

    /// Adds `other` (of the same count) into this buffer.
    func add(_ other: Buffer) {
        precondition(other.count == count, "adding buffers of \(other.count) and \(count) floats")
        for i in 0..<count { base[i] += other.base[i] }
    }
}

extension WindowGeometry {
    /// The zero-padded copy of one input image that the direct kernels read: every output pixel's whole window.
    var paddedHeight: Int { outputHeight + kernelHeight - 1 }
    var paddedWidth: Int { outputWidth + kernelWidth - 1 }
    var paddedSize: Int { paddedHeight * paddedWidth * channels }
}

/// Copies one NHWC image into the interior of `padded`. Its borders were zeroed when the buffer was made and are
/// never written, so they stay zero from image to image.
private func pad(_ image: UnsafePointer<Float>, geometry g: WindowGeometry, into padded: UnsafeMutablePointer<Float>) {
    let rowLength = g.inputWidth * g.channels
    for y in 0..<g.inputHeight {
        (padded + ((y + g.padTop) * g.paddedWidth + g.padLeft) * g.channels)
            .update(from: image + y * rowLength, count: rowLength)
    }
}

/// Adds the bias to every pixel's filters, fused with ReLU when that is the activation: one pass over the
/// image's output while it is still in cache.
private func addBias(_ bias: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>, pixels: Int, filters: Int,
                     thenReLU: Bool) {
    var row = output
    for _ in 0..<pixels {
        if thenReLU {
            for f in 0..<filters { row[f] = max(row[f] + bias[f], 0) }
        } else {
            for f in 0..<filters { row[f] += bias[f] }
        }
        row += filters
    }
}
