import CamLabCore

/// The matrix products of a dense layer over a batch, through BLAS, split across cores: tensors in, tensors out.
enum DenseProducts {
    /// x · kernel (+ bias): (batch, features) · (features, units) → (batch, units).
    static func forward(_ input: Tensor, kernel: Tensor, bias: Tensor?) -> Tensor {
        let batch = input.shape[0], features = input.shape[1], units = kernel.shape[1]
        var out = Tensor.zeros([batch, units])
        if let bias {
            for n in 0..<batch { for u in 0..<units { out.scalars[n * units + u] = bias.scalars[u] } }
        }
        input.scalars.withUnsafeBufferPointer { x in
            kernel.scalars.withUnsafeBufferPointer { w in
                out.scalars.withUnsafeMutableBufferPointer { y in
                    let (x, w, y) = (SharedPointer(mutating: x), SharedPointer(mutating: w), SharedPointer(y.baseAddress!))
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
    static func inputGradient(outputGradient dy: Tensor, kernel: Tensor) -> Tensor {
        let batch = dy.shape[0], units = dy.shape[1], features = kernel.shape[0]
        var dx = Tensor(shape: [batch, features]) { _ in }
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
