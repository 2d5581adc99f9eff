import CamLabCore
import CamLabKernels

/// The matrix products of a dense layer over a batch, split across cores: tensors in, tensors out. A layer with
/// few units (a classifier's head) runs CamLab's own kernels (dense_kernels.c); wider ones run BLAS.
enum DenseProducts {
    /// The most units the narrow kernels take. On the walkthrough's head (6,272 features, half a batch of 256 a
    /// core) they beat sgemm at 10 units (forward 0.55 → 0.38 ms, kernel gradient 0.62 → 0.41 ms) and lose to it
    /// at 16 in the forward pass.
    static let narrowUnits = 12

    /// Whether the three products of a layer this shape run the narrow kernels (which need a feature to pack).
    private static func runsNarrowKernels(units: Int, features: Int) -> Bool { units <= narrowUnits && features > 0 }

    /// x · kernel (+ bias): (batch, features) · (features, units) → (batch, units).
    static func forward(_ input: Tensor, kernel: Tensor, bias: Tensor?, packing: DensePacking) -> Tensor {
        let batch = input.shape[0], features = input.shape[1], units = kernel.shape[1]
        var out = Tensor.zeros([batch, units])
        if runsNarrowKernels(units: units, features: features) {
            let packed = packing.packed(kernel)
            input.scalars.withUnsafeBufferPointer { x in
            packed.withUnsafeBufferPointer { w in
            (bias?.scalars ?? []).withUnsafeBufferPointer { b in
            out.scalars.withUnsafeMutableBufferPointer { y in
                let (x, w) = (SharedPointer(mutating: x), SharedPointer(mutating: w))
                let (y, b) = (SharedPointer(y.baseAddress!), bias == nil ? nil : SharedPointer(mutating: b))
                Parallel.forEachChunk(batch) { _, rows in
                    camlab_dense_forward(x.base + rows.lowerBound * features, rows.count, Int32(features), w.base,
                                         Int32(units), b?.base, y.base + rows.lowerBound * units)
                }
            } } } }
            return out
        }
        if let bias {
            for n in 0..<batch { for u in 0..<units { out.scalars[n * units + u] = bias.scalars[u] } }
        }
        input.scalars.withUnsafeBufferPointer { x in
            kernel.scalars.withUnsafeBufferPointer { w in
                out.scalars.withUnsafeMutableBufferPointer { y in
                    let (x, w) = (SharedPointer(mutating: x), SharedPointer(mutating: w))
                    let y = SharedPointer(y.baseAddress!)
                    // Each worker multiplies its own rows of the batch.
                    Parallel.forEachChunk(batch) { _, rows in
                        BLAS.gemm(m: rows.count, n: units, k: features, a: x.base + rows.lowerBound * features,
                                  b: w.base, beta: 1, c: y.base + rows.lowerBound * units)
                    }
                }
            }
        }
        return out
    }

    /// xᵀ · dY, the kernel's gradient (features, units); each worker its own rows: no partial sums to add up.
    static func kernelGradient(input: Tensor, outputGradient dy: Tensor) -> [Float] {
        let batch = input.shape[0], features = input.shape[1], units = dy.shape[1]
        var dw = [Float](repeating: 0, count: features * units)
        if runsNarrowKernels(units: units, features: features) {
            // Each worker its own runs of 16 features (the kernels' register blocks), over every row.
            input.scalars.withUnsafeBufferPointer { x in
            dy.scalars.withUnsafeBufferPointer { g in
            dw.withUnsafeMutableBufferPointer { dw in
                let (x, g) = (SharedPointer(mutating: x), SharedPointer(mutating: g))
                let dw = SharedPointer(dw.baseAddress!)
                Parallel.forEachChunk((features + 15) / 16, minimumChunk: 4) { _, runs in
                    let (first, end) = (runs.lowerBound * 16, min(runs.upperBound * 16, features))
                    camlab_dense_kernel_gradient(x.base, batch, Int32(features), g.base, Int32(units), Int32(first),
                                                 Int32(end), dw.base)
                }
            } } }
            return dw
        }
        input.scalars.withUnsafeBufferPointer { x in
        dy.scalars.withUnsafeBufferPointer { g in
        dw.withUnsafeMutableBufferPointer { dw in
            let (x, g, dw) = (SharedPointer(mutating: x), SharedPointer(mutating: g), SharedPointer(dw.baseAddress!))
            Parallel.forEachChunk(features, minimumChunk: 64) { _, rows in
                BLAS.gemm(transposeA: true, m: rows.count, n: units, k: batch, a: x.base + rows.lowerBound,
                          lda: features, b: g.base, beta: 1, c: dw.base + rows.lowerBound * units)
            }
        } } }
        return dw
    }

    /// dY · kernelᵀ, the input's gradient (batch, features); each worker its own rows of the batch.
    static func inputGradient(outputGradient dy: Tensor, kernel: Tensor, packing: DensePacking) -> Tensor {
        let batch = dy.shape[0], units = dy.shape[1], features = kernel.shape[0]
        var dx = Tensor(shape: [batch, features]) { _ in }
        if runsNarrowKernels(units: units, features: features) {
            let packed = packing.packed(kernel)
            dy.scalars.withUnsafeBufferPointer { g in
            packed.withUnsafeBufferPointer { w in
            dx.scalars.withUnsafeMutableBufferPointer { d in
                let (g, w, d) = (SharedPointer(mutating: g), SharedPointer(mutating: w), SharedPointer(d.baseAddress!))
                Parallel.forEachChunk(batch) { _, rows in
                    camlab_dense_input_gradient(g.base + rows.lowerBound * units, rows.count, Int32(units), w.base,
                                                Int32(features), d.base + rows.lowerBound * features)
                }
            } } }
            return dx
        }
        dy.scalars.withUnsafeBufferPointer { g in
        kernel.scalars.withUnsafeBufferPointer { w in
        dx.scalars.withUnsafeMutableBufferPointer { d in
            let (g, w, d) = (SharedPointer(mutating: g), SharedPointer(mutating: w), SharedPointer(d.baseAddress!))
            Parallel.forEachChunk(batch) { _, rows in
                BLAS.gemm(transposeB: true, m: rows.count, n: features, k: units,
                          a: g.base + rows.lowerBound * units, b: w.base, c: d.base + rows.lowerBound * features)
            }
        } } }
        return dx
    }

    /// The column sums of dY: the bias's gradient.
    static func columnSums(_ dy: Tensor) -> [Float] {
        let units = dy.shape[1]
        var sums = [Float](repeating: 0, count: units)
        for n in 0..<dy.shape[0] { for u in 0..<units { sums[u] += dy.scalars[n * units + u] } }
        return sums
    }
}

/// One dense layer's kernel in the narrow kernels' panels of 8 features (`camlab_dense_pack_kernel`), remade only
/// when the kernel changes: a training batch's passes, and inference over a few examples at a time, would
/// otherwise pack it at every call (18 µs for the walkthrough's head).
final class DensePacking: @unchecked Sendable {
    private let lock = Lock()
    private var panels = DerivedFromWeights()

    /// The panels of `kernel`; the array handed out is never written again.
    func packed(_ kernel: Tensor) -> [Float] {
        let features = kernel.shape[0], units = kernel.shape[1]
        return lock.withLock {
            panels.update(from: kernel.scalars, layout: units, count: (features + 7) / 8 * 8 * units) {
                camlab_dense_pack_kernel($0, Int32(features), Int32(units), $1)
            }
            return panels.values
        }
    }
}
