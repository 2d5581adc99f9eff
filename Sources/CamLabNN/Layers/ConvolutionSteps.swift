import CamLabCore
import CamLabKernels

/// The per-image steps of a convolution layer, each done by the AVX2 direct kernels where they apply (stride 1,
/// channel counts in multiples of 8; see `DirectConvolution`) and by im2col + sgemm otherwise, with one worker's
/// scratch buffers. Created per worker per call; images of one worker reuse it.
final class ConvolutionSteps {
    let geometry: WindowGeometry
    let filters: Int
    /// The input gradient of a stride-1 convolution is itself a convolution (see `WindowGeometry.transposed`).
    let transposed: WindowGeometry?
    let directForward: Bool
    let directInputGradient: Bool
    private let columns: UnsafeMutablePointer<Float>
    private let paddedInput: UnsafeMutablePointer<Float>
    private let paddedGradient: UnsafeMutablePointer<Float>
    private let sizes: (columns: Int, paddedInput: Int, paddedGradient: Int)

    init(geometry g: WindowGeometry, filters: Int) {
        geometry = g
        self.filters = filters
        transposed = g.transposed(filters: filters)
        directForward = DirectConvolution.applies(to: g, outputChannels: filters)
        directInputGradient = transposed.map { DirectConvolution.applies(to: $0, outputChannels: g.channels) } ?? false
        sizes = (max(g.outputPixels * g.patchSize, transposed.map { $0.outputPixels * $0.patchSize } ?? 0),
                 directForward ? DirectConvolution.paddedSize(g) : 0,
                 directInputGradient ? DirectConvolution.paddedSize(transposed!) : 0)
        columns = .allocate(capacity: sizes.columns)
        // Padded copies are zeroed once: images only ever write their interiors, so the borders stay zero.
        paddedInput = .allocate(capacity: sizes.paddedInput)
        paddedInput.initialize(repeating: 0, count: sizes.paddedInput)
        paddedGradient = .allocate(capacity: sizes.paddedGradient)
        paddedGradient.initialize(repeating: 0, count: sizes.paddedGradient)
    }

    deinit {
        columns.deallocate()
        paddedInput.deallocate()
        paddedGradient.deallocate()
    }

    /// One image's output, bias and activation included, written to `output` ([pixels, filters]).
    func forward(image: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 activation: Activation, output: UnsafeMutablePointer<Float>) {
        let (pixels, g) = (geometry.outputPixels, geometry)
        let fusedReLU = activation == .relu
        if directForward {
            DirectConvolution.convolve(image: image, geometry: g, kernel: kernel, outputChannels: filters,
                                       bias: bias, relu: fusedReLU, padded: paddedInput, output: output)
        } else {
            g.im2col(image: image, columns: columns)
            BLAS.gemm(m: pixels, n: filters, k: g.patchSize, a: columns, b: kernel, c: output)
            if let bias { addBias(bias, to: output, pixels: pixels, filters: filters, thenReLU: fusedReLU) }
        }
        let reluDone = fusedReLU && (directForward || bias != nil)
        if !reluDone { activation.apply(output, count: pixels * filters, width: filters) }
    }

    /// Adds one image's kernel gradient (Σ over pixels of input patch × output gradient) into `kernelGradient`.
    func addKernelGradient(image: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>,
                           into kernelGradient: UnsafeMutablePointer<Float>) {
        if directForward {
            DirectConvolution.accumulateKernelGradient(image: image, geometry: geometry, outputGradient: dy,
                                                       filters: filters, padded: paddedInput,
                                                       kernelGradient: kernelGradient)
        } else {
            geometry.im2col(image: image, columns: columns)
            BLAS.gemm(transposeA: true, m: geometry.patchSize, n: filters, k: geometry.outputPixels, a: columns,
                      b: dy, beta: 1, c: kernelGradient)
        }
    }

    /// One image's input gradient, written to `inputGradient`. `kernel` is the layer's kernel rotated for the
    /// transposed convolution when `transposed` is set (stride 1), the layer's own kernel otherwise.
    func inputGradient(outputGradient dy: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                       into inputGradient: UnsafeMutablePointer<Float>) {
        let g = geometry
        if let transposed, directInputGradient {
            DirectConvolution.convolve(image: dy, geometry: transposed, kernel: kernel, outputChannels: g.channels,
                                       bias: nil, relu: false, padded: paddedGradient, output: inputGradient)
        } else if let transposed {
            transposed.im2col(image: dy, columns: columns)
            BLAS.gemm(m: transposed.outputPixels, n: g.channels, k: transposed.patchSize, a: columns, b: kernel,
                      c: inputGradient)
        } else {
            // dCols = dY · Kᵀ, folded back onto the image.
            BLAS.gemm(transposeB: true, m: g.outputPixels, n: g.patchSize, k: filters, a: dy, b: kernel, c: columns)
            g.col2im(columns: columns, image: inputGradient)
        }
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
