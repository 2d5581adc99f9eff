import CamLabCore

/// Per-channel arithmetic over channels-last tensors, viewed as rows of `channels` values (every axis but the last
/// runs over rows): batch normalization's statistics, its affine map and its backward step. Rows are split
/// across cores; per-channel sums are accumulated in Double within each worker and added in worker order, so a
/// result does not depend on thread timing.
enum ChannelKernels {
    /// Σ x and Σ x² per channel.
    static func sums(_ x: Tensor, channels: Int) -> (sum: [Double], squares: [Double]) {
        let partials = perWorker(rows: x.count / channels, channels: channels) { rows, s, q in
            x.scalars.withUnsafeBufferPointer { x in
                for r in rows {
                    let row = x.baseAddress! + r * channels
                    for c in 0..<channels {
                        let v = Double(row[c])
                        s[c] += v
                        q[c] += v * v
                    }
                }
            }
        }
        return partials
    }

    /// Σ dy and Σ dy·(x − center) per channel: batch normalization's dbeta and (times 1/σ) dgamma.
    static func gradientSums(_ dy: Tensor, x: Tensor, center: [Float]) -> (sum: [Double], products: [Double]) {
        let channels = center.count
        return perWorker(rows: x.count / channels, channels: channels) { rows, s, p in
            dy.scalars.withUnsafeBufferPointer { dy in
            x.scalars.withUnsafeBufferPointer { x in
            center.withUnsafeBufferPointer { m in
                for r in rows {
                    let g = dy.baseAddress! + r * channels, v = x.baseAddress! + r * channels
                    for c in 0..<channels {
                        let gc = Double(g[c])
                        s[c] += gc
                        p[c] += gc * Double(v[c] - m[c])
                    }
                }
            } } }
        }
    }

    /// scale[c]·(x − center[c]) + shift[c] for every row: batch normalization's output.
    static func affine(_ x: Tensor, center: [Float], scale: [Float], shift: [Float], thenReLU: Bool = false) -> Tensor {
        combine(x, scale, nil, center: center, [], shift, thenReLU: thenReLU)
    }

    /// a[c]·u + b[c]·(v − center[c]) + d[c] element-wise; without v, a[c]·(u − center[c]) + d[c]. Batch
    /// normalization's input gradient is dx = a·dy + b·(x − mean) + d, with a, b, d constant per channel.
    static func combine(_ u: Tensor, _ a: [Float], _ v: Tensor?, center: [Float], _ b: [Float], _ d: [Float],
                        thenReLU: Bool = false) -> Tensor {
        let channels = a.count, rows = u.count / max(channels, 1), hasV = v != nil
        return Tensor(shape: u.shape) { out in
            u.scalars.withUnsafeBufferPointer { u in
            (v?.scalars ?? []).withUnsafeBufferPointer { v in
            a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
            d.withUnsafeBufferPointer { d in
            center.withUnsafeBufferPointer { m in
                let (u, v, o) = (SharedPointer(mutating: u), SharedPointer(mutating: v), SharedPointer(out.baseAddress!))
                let (a, b, d, m) = (SharedPointer(mutating: a), SharedPointer(mutating: b), SharedPointer(mutating: d),
                                    SharedPointer(mutating: m))
                Parallel.forEachChunk(rows, minimumChunk: 256) { _, rows in
                    let (a, b, d, m) = (a.base, b.base, d.base, m.base)
                    for r in rows {
                        let ur = u.base + r * channels, orow = o.base + r * channels
                        if hasV {
                            let vr = v.base + r * channels
                            for c in 0..<channels { orow[c] = a[c] * ur[c] + b[c] * (vr[c] - m[c]) + d[c] }
                        } else if thenReLU {
                            for c in 0..<channels {
                                let y = a[c] * (ur[c] - m[c]) + d[c]
                                orow[c] = y < 0 ? 0 : y  // as Activation.relu, which keeps a nan
                            }
                        } else {
                            for c in 0..<channels { orow[c] = a[c] * (ur[c] - m[c]) + d[c] }
                        }
                    }
                }
            } } } } } }
        }
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
        var first = [Double](repeating: 0, count: channels), second = first
        for w in 0..<workers {
            for c in 0..<channels {
                first[c] += partial[w * 2 * channels + c]
                second[c] += partial[w * 2 * channels + channels + c]
            }
        }
        return (first, second)
    }
}
