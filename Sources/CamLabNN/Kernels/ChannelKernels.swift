import CamLabCore
import CamLabKernels

/// Per-channel arithmetic over channels-last tensors, viewed as rows of `channels` values (every axis but the last
/// runs over rows): batch normalization's statistics, its affine map and its backward step, in C
/// (channel_kernels.c) so the loops vectorise. Rows are split across cores; per-channel sums are accumulated in
/// Double within each worker and added in worker order, so a result does not depend on thread timing.
enum ChannelKernels {
    /// The ReLU a layer applied to its affine output in its own loop (`affine(…, thenReLU: true)`), told by the
    /// map it applied before it: a gradient above the ReLU passes where scale·(x − center) + shift was positive,
    /// computed as the forward loop computed it, so the mask is the ReLU's own bit for bit.
    struct FoldedReLU {
        let scale: [Float]
        let shift: [Float]
    }

    /// Σ x and Σ x² per channel.
    static func sums(_ x: Tensor, channels: Int) -> (sum: [Double], squares: [Double]) {
        let rows = x.count / channels
        return x.scalars.withUnsafeBufferPointer { x in
            let x = SharedPointer(mutating: x)
            return perWorker(rows: rows, channels: channels) { rows, s, q in
                camlab_channel_sums(x.base + rows.lowerBound * channels, rows.count, Int32(channels), s, q)
            }
        }
    }

    /// Σ dy and Σ dy·(x − center) per channel: batch normalization's dbeta and (times 1/σ) dgamma. With `relu`,
    /// dy is the gradient above that ReLU and its derivative is applied first.
    static func gradientSums(_ dy: Tensor, x: Tensor, center: [Float], relu: FoldedReLU? = nil)
        -> (sum: [Double], products: [Double]) {
        let channels = center.count, rows = x.count / channels
        return withPointers(dy, x, center, relu) { dy, x, center, scale, shift in
            perWorker(rows: rows, channels: channels) { rows, s, p in
                let first = rows.lowerBound * channels
                camlab_channel_gradient_sums(dy.base + first, x.base + first, rows.count, Int32(channels),
                                             center.base, scale?.base, shift?.base, s, p)
            }
        }
    }

    /// scale[c]·(x − center[c]) + shift[c] for every row: batch normalization's output.
    static func affine(_ x: Tensor, center: [Float], scale: [Float], shift: [Float], thenReLU: Bool = false) -> Tensor {
        combine(x, scale, nil, center: center, [], shift, thenReLU: thenReLU)
    }

    /// a[c]·u + b[c]·(v − center[c]) + d[c] element-wise; without v, a[c]·(u − center[c]) + d[c]. Batch
    /// normalization's input gradient is dx = a·dy + b·(x − mean) + d, with a, b, d constant per channel. With
    /// `relu`, u is a gradient above that ReLU, of the layer whose input is v, and the ReLU's derivative is applied
    /// to it first (v is then required).
    static func combine(_ u: Tensor, _ a: [Float], _ v: Tensor?, center: [Float], _ b: [Float], _ d: [Float],
                        thenReLU: Bool = false, relu: FoldedReLU? = nil) -> Tensor {
        precondition(relu == nil || v != nil, "a gradient through a folded ReLU needs the layer's input")
        let channels = a.count, rows = u.count / max(channels, 1)
        let map = ChannelGradient(u: u, a: a, v: v, center: center, b: b, d: d, relu: relu)
        return Tensor(shape: u.shape) { out in
            let out = SharedPointer(out.baseAddress!)
            map.withRows(thenReLU: thenReLU) { former in
                Parallel.forEachChunk(rows, minimumChunk: 256) { _, rows in
                    former.form(rows: rows, into: out.base + rows.lowerBound * channels)
                }
            }
        }
    }

    /// Runs `body` with pointers to the tensors', the center's and the folded ReLU's values.
    static func withPointers<R>(
        _ u: Tensor, _ x: Tensor, _ center: [Float], _ relu: FoldedReLU?,
        _ body: (SharedPointer<Float>, SharedPointer<Float>, SharedPointer<Float>, SharedPointer<Float>?,
                 SharedPointer<Float>?) -> R
    ) -> R {
        u.scalars.withUnsafeBufferPointer { u in
        x.scalars.withUnsafeBufferPointer { x in
        center.withUnsafeBufferPointer { center in
        (relu?.scale ?? []).withUnsafeBufferPointer { scale in
        (relu?.shift ?? []).withUnsafeBufferPointer { shift in
            body(SharedPointer(mutating: u), SharedPointer(mutating: x), SharedPointer(mutating: center),
                 relu == nil ? nil : SharedPointer(mutating: scale), relu == nil ? nil : SharedPointer(mutating: shift))
        } } } } }
    }

    /// Runs `body` on each worker's rows with that worker's two zeroed per-channel accumulators, then adds the
    /// workers' accumulators in worker order.
    private static func perWorker(rows: Int, channels: Int,
                                  _ body: @Sendable (Range<Int>, UnsafeMutablePointer<Double>,
                                                     UnsafeMutablePointer<Double>) -> Void)
        -> ([Double], [Double]) {
        let workers = Parallel.workers
        var partial = [Double](repeating: 0, count: workers * 2 * channels)
        partial.withUnsafeMutableBufferPointer { buffer in
            let base = SharedPointer(buffer.baseAddress!)
            Parallel.forEachChunk(rows, minimumChunk: 256) { worker, rows in
                let mine = base.base + worker * 2 * channels
                body(rows, mine, mine + channels)
            }
        }
        let total = ChannelSums(workerPartials: partial, channels: channels)
        return (total.sum, total.squares)
    }
}

/// Per-channel Σ x and Σ x² of a tensor (in Double): a batch normalization's batch statistics.
public struct ChannelSums {
    public let sum: [Double]
    public let squares: [Double]

    /// Adds the workers' partial sums (`[worker][sum, squares][channel]`) in worker order.
    init(workerPartials partial: [Double], channels: Int) {
        var sum = [Double](repeating: 0, count: channels), squares = sum
        for w in 0..<(partial.count / (2 * channels)) {
            for c in 0..<channels {
                sum[c] += partial[w * 2 * channels + c]
                squares[c] += partial[w * 2 * channels + channels + c]
            }
        }
        (self.sum, self.squares) = (sum, squares)
    }
}
