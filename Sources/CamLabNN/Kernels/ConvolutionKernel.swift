#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabKernels

/// The safe face of CamLab's convolution kernels for one layer's geometry: tensors in, tensors out. It owns what
/// is derived from the weights (their Winograd transforms, remade only when the weights change) and each worker's
/// scratch buffers, never anything of a particular pass. The layer's lock guards what it derives from the weights
/// (and a whole backward step, whose workers' partial sums it adds); each worker's scratch has a lock of its own,
/// so the workers of `Parallel.onEachWorker` run a forward step side by side, each on its own examples.
///
/// Images are split across cores; each worker convolves its images by Winograd, CamLab's direct kernels or
/// im2col + sgemm (see `ConvolutionPlan`) and finishes them — bias, activation — while the output is in cache.
final class ConvolutionKernel: @unchecked Sendable {
    let geometry: WindowGeometry
    let filters: Int
    private let lock = Lock()
    private var steps: [ConvolutionSteps] = []
    private var transformedKernel = Winograd.TransformedKernel()
    private var transformedInputGradientKernel = Winograd.TransformedKernel()

    init(geometry: WindowGeometry, filters: Int) {
        self.geometry = geometry
        self.filters = filters
    }

    /// Multiply-adds one image costs in each of the three products on `path`.
    func multiplyAdds(path: KernelPath) -> (forward: Int, kernelGradient: Int, inputGradient: Int) {
        ConvolutionPlan(geometry: geometry, filters: filters, path: path).multiplyAdds(geometry, filters: filters)
    }

    /// activation(input ⊛ kernel + bias) for a batch (n, h, w, channels) → (n, oh, ow, filters).
    func forward(_ input: Tensor, kernel: Tensor, bias: Tensor?, activation: Activation, path: KernelPath) -> Tensor {
        forward(input, kernel: kernel, bias: bias, activation: activation, path: path, summingChannels: false).output
    }

    /// The same, and with `summingChannels` the output's per-channel Σ y and Σ y² (each worker's in Double, added
    /// in worker order), which a batch normalization above then need not read the output for.
    func forward(_ input: Tensor, kernel: Tensor, bias: Tensor?, activation: Activation, path: KernelPath,
                 summingChannels: Bool) -> (output: Tensor, sums: ChannelSums?) {
        let g = geometry, filters = self.filters
        // A copy of the transform's array: a later update (new weights) writes a new one, never this.
        let (steps, transformed) = lock.withLock {
            let steps = workerSteps(path)
            if case let .winograd(tile) = steps[0].plan.forward {
                transformedKernel.update(from: kernel.scalars, tile: tile, channels: g.channels, filters: filters)
            }
            return (steps, transformedKernel.values)
        }
        let batch = input.shape[0]
        var partial = [Double](repeating: 0, count: summingChannels ? Parallel.workers * 2 * filters : 0)
        let output = Tensor(shape: [batch, g.outputHeight, g.outputWidth, filters]) { y in
            partial.withUnsafeMutableBufferPointer { partial in
            input.scalars.withUnsafeBufferPointer { x in
            kernel.scalars.withUnsafeBufferPointer { w in
            transformed.withUnsafeBufferPointer { u in
            (bias?.scalars ?? []).withUnsafeBufferPointer { b in
                let (x, w, u, b, y) = (SharedPointer(mutating: x), SharedPointer(mutating: w),
                                       SharedPointer(mutating: u), SharedPointer(mutating: b),
                                       SharedPointer(y.baseAddress!))
                let hasBias = bias != nil
                let sums = summingChannels ? SharedPointer(partial.baseAddress!) : nil
                Parallel.forEachChunk(batch) { worker, images in
                    steps[worker].lock.withLock {
                        steps[worker].forward(images: images, input: x.base, kernel: w.base, transformedKernel: u.base,
                                              bias: hasBias ? UnsafePointer(b.base) : nil, activation: activation,
                                              output: y.base, channelSums: sums.map { $0.base + worker * 2 * filters })
                    }
                }
            } } } } }
        }
        guard summingChannels else { return (output, nil) }
        return (output, ChannelSums(workerPartials: partial, channels: filters))
    }

    /// The gradients of one backward step: d score / d input (when asked for) and the kernel's and bias's
    /// (when asked for), from `gradient`, d score / d output (or before `activation` when it is `.linear`).
    func backward(input: Tensor, output: Tensor, gradient: Tensor?, recipe: ChannelGradient? = nil, kernel: Tensor,
                  activation: Activation,
                  path: KernelPath, needsInputGradient: Bool, needsWeightGradients: Bool, hasBias: Bool = true)
        -> (input: Tensor?, kernel: [Float]?, bias: [Float]?) {
        // Adds up every worker's partial gradients: never one worker's share alone.
        precondition(Parallel.currentWorker == nil, "a convolution's backward step inside Parallel.onEachWorker")
        return lock.withLock {
            let g = geometry, filters = self.filters
            let steps = workerSteps(path)
            let plan = steps[0].plan
            let batch = input.shape[0]
            for step in steps { step.zeroGradients() }
            let inputGradientKernel = !needsInputGradient || g.transposed(filters: filters) == nil ? kernel.scalars
                : rotatedKernelMatrix(kernel)
            if needsInputGradient, case let .winograd(tile) = plan.inputGradient {
                transformedInputGradientKernel.update(from: inputGradientKernel, tile: tile, channels: filters,
                                                      filters: g.channels)
            }
            var dx = needsInputGradient ? Tensor(shape: input.shape) { _ in } : Tensor.zeros([0])
            input.scalars.withUnsafeBufferPointer { x in
            inputGradientKernel.withUnsafeBufferPointer { w in
            transformedInputGradientKernel.values.withUnsafeBufferPointer { u in
            (gradient?.scalars ?? []).withUnsafeBufferPointer { dy in
            withRowFormer(recipe) { former in
            output.scalars.withUnsafeBufferPointer { y in
            dx.scalars.withUnsafeMutableBufferPointer { dxBuffer in
                let (x, w, u, y) = (SharedPointer(mutating: x), SharedPointer(mutating: w),
                                    SharedPointer(mutating: u), SharedPointer(mutating: y))
                let dy = gradient == nil ? nil : SharedPointer(mutating: dy)
                // An empty array may still hand out a base address: decide by the flag, not by nil.
                let dxp = needsInputGradient ? SharedPointer(dxBuffer.baseAddress!) : nil
                Parallel.forEachChunk(batch) { worker, images in
                    steps[worker].lock.withLock {
                        steps[worker].backward(images: images, input: x.base,
                                               gradient: dy.map { UnsafePointer($0.base) }, former: former,
                                               output: y.base, activation: activation, inputGradientKernel: w.base,
                                               transformedInputGradientKernel: u.base, inputGradient: dxp?.base,
                                               addingKernelGradient: needsWeightGradients,
                                               needsBiasGradient: needsWeightGradients && hasBias)
                    }
                }
            } } } } } } }
            guard needsWeightGradients else { return (needsInputGradient ? dx : nil, nil, nil) }
            // Partial sums are added in worker order, so the result does not depend on thread timing; Winograd's are
            // added in its own domain and leave it once.
            var kernelGradient = [Float](repeating: 0, count: kernel.count)
            kernelGradient.withUnsafeMutableBufferPointer { total in
                if case let .winograd(tile) = plan.kernelGradient {
                    let first = steps[0].kernelGradient
                    for step in steps.dropFirst() { first.add(step.kernelGradient) }
                    camlab_winograd_add_kernel_gradient(Int32(tile), first.base, Int32(g.channels), Int32(filters),
                                                        total.baseAddress!)
                } else {
                    for step in steps { for i in total.indices { total[i] += step.kernelGradient.base[i] } }
                }
            }
            var biasGradient = [Float](repeating: 0, count: filters)
            for step in steps { for i in biasGradient.indices { biasGradient[i] += step.biasGradient.base[i] } }
            return (needsInputGradient ? dx : nil, kernelGradient, biasGradient)
        }
    }

    /// One `ConvolutionSteps` per worker, made on first use and whenever the kernel path changes.
    private func workerSteps(_ path: KernelPath) -> [ConvolutionSteps] {
        if steps.count != Parallel.workers || steps.first?.plan.path != path {
            let plan = ConvolutionPlan(geometry: geometry, filters: filters, path: path)
            steps = (0..<Parallel.workers).map { _ in ConvolutionSteps(geometry: geometry, filters: filters, plan: plan) }
        }
        return steps
    }

    /// The kernel rotated by 180° with its channel axes swapped, [kh, kw, filters, channels] flattened: the
    /// weights of the convolution that computes the input gradient.
    private func rotatedKernelMatrix(_ kernel: Tensor) -> [Float] {
        let (kh, kw, channels) = (kernel.shape[0], kernel.shape[1], kernel.shape[2])
        var rotated = [Float](repeating: 0, count: kernel.count)
        for ky in 0..<kh { for kx in 0..<kw { for c in 0..<channels { for f in 0..<filters {
            rotated[(((kh - 1 - ky) * kw + (kw - 1 - kx)) * filters + f) * channels + c]
                = kernel.scalars[((ky * kw + kx) * channels + c) * filters + f]
        } } } }
        return rotated
    }
}

extension SharedPointer {
    /// Read-only buffers shared with concurrent chunks; nothing writes through these.
    init(mutating buffer: UnsafeBufferPointer<Element>) {
        self.init(UnsafeMutablePointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!))
    }
}

/// A mutual-exclusion lock for the kernels' shared scratch (heap-allocated: a pthread mutex must not move).
final class Lock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
