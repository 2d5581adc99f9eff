import CamLabCore
import CamLabKernels

/// Average and global pooling over NHWC batches, images split across cores: tensors in, tensors out. Channels
/// are the innermost loop, so every window position is one contiguous run of a pixel's channels.
enum PoolingKernels {
    /// Each window's mean over its positions inside the image (Keras' "same" padding does not count the padding).
    static func averagePool(_ x: Tensor, _ g: WindowGeometry) -> Tensor {
        let batch = x.shape[0], c = g.channels
        return Tensor(shape: [batch, g.outputHeight, g.outputWidth, c]) { out in
            x.scalars.withUnsafeBufferPointer { x in
                g.forEachWindow(ofBatch: batch, images: SharedPointer(mutating: x),
                                rows: SharedPointer(out.baseAddress!)) { image, row, ys, xs in
                    for k in 0..<c { row[k] = 0 }
                    for y in ys {
                        for xx in xs {
                            let pixel = image + (y * g.inputWidth + xx) * c
                            for k in 0..<c { row[k] += pixel[k] }
                        }
                    }
                    let scale = 1 / Float(ys.count * xs.count)
                    for k in 0..<c { row[k] *= scale }
                }
            }
        }
    }

    /// The adjoint of `averagePool`: each output gradient spread evenly over its window's positions in the image.
    static func averagePoolBackward(_ dy: Tensor, _ g: WindowGeometry) -> Tensor {
        let batch = dy.shape[0], c = g.channels
        var dx = Tensor.zeros([batch, g.inputHeight, g.inputWidth, c])
        dy.scalars.withUnsafeBufferPointer { dy in
            dx.scalars.withUnsafeMutableBufferPointer { dx in
                g.forEachWindow(ofBatch: batch, images: SharedPointer(dx.baseAddress!),
                                rows: SharedPointer(mutating: dy)) { image, row, ys, xs in
                    let scale = 1 / Float(ys.count * xs.count)
                    for y in ys {
                        for xx in xs {
                            let pixel = image + (y * g.inputWidth + xx) * c
                            for k in 0..<c { pixel[k] += row[k] * scale }
                        }
                    }
                }
            }
        }
        return dx
    }

    /// (n, pixels, c) → (n, c): each channel's mean over the pixels.
    static func globalAverage(_ x: Tensor, pixels: Int, channels c: Int) -> Tensor {
        let batch = x.shape[0]
        return Tensor(shape: [batch, c]) { out in
            x.scalars.withUnsafeBufferPointer { x in
                let (x, o) = (SharedPointer(mutating: x), SharedPointer(out.baseAddress!))
                Parallel.forEachChunk(batch) { _, images in
                    for n in images {
                        let row = o.base + n * c
                        for k in 0..<c { row[k] = 0 }
                        var pixel = x.base + n * pixels * c
                        for _ in 0..<pixels {
                            for k in 0..<c { row[k] += pixel[k] }
                            pixel += c
                        }
                        let scale = 1 / Float(pixels)
                        for k in 0..<c { row[k] *= scale }
                    }
                }
            }
        }
    }

    /// The adjoint of `globalAverage`: (n, c) → (n, pixels, c) flattened into `shape`.
    static func globalAverageBackward(_ dy: Tensor, shape: [Int], pixels: Int, channels c: Int) -> Tensor {
        let scale = 1 / Float(pixels)
        return Tensor(shape: shape) { dx in
            dy.scalars.withUnsafeBufferPointer { dy in
                let (dy, dx) = (SharedPointer(mutating: dy), SharedPointer(dx.baseAddress!))
                Parallel.forEachChunk(shape[0]) { _, images in
                    for n in images {
                        let row = dy.base + n * c
                        var pixel = dx.base + n * pixels * c
                        for _ in 0..<pixels {
                            for k in 0..<c { pixel[k] = row[k] * scale }
                            pixel += c
                        }
                    }
                }
            }
        }
    }

    /// (n, pixels, c) → (n, c): each channel's maximum over the pixels, and the flat input index of the pixel
    /// that gave it (the first one on ties).
    static func globalMax(_ x: Tensor, pixels: Int, channels c: Int) -> (output: Tensor, winners: [Int32]) {
        let batch = x.shape[0]
        var winners = [Int32](repeating: 0, count: batch * c)
        let output = Tensor(shape: [batch, c]) { out in
            x.scalars.withUnsafeBufferPointer { x in
                winners.withUnsafeMutableBufferPointer { w in
                    let (x, o, w) = (SharedPointer(mutating: x), SharedPointer(out.baseAddress!),
                                     SharedPointer(w.baseAddress!))
                    Parallel.forEachChunk(batch) { _, images in
                        for n in images {
                            let row = o.base + n * c, win = w.base + n * c, first = n * pixels * c
                            for k in 0..<c {
                                row[k] = x.base[first + k]
                                win[k] = Int32(first + k)
                            }
                            for p in 1..<max(pixels, 1) {
                                let pixel = x.base + first + p * c
                                for k in 0..<c where pixel[k] > row[k] {
                                    row[k] = pixel[k]
                                    win[k] = Int32(first + p * c + k)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (output, winners)
    }
}

extension PoolingKernels {
    /// Each window's maximum per channel and, when `recordingWinners` (for a backward step), the flat input index
    /// it came from (the first one on ties, in scan order of the window); images split across cores.
    static func maxPool(_ x: Tensor, _ g: WindowGeometry,
                        recordingWinners: Bool = true) -> (output: Tensor, winners: [Int32]?) {
        let batch = x.shape[0], outputSize = g.outputPixels * g.channels
        var winners = [Int32](repeating: 0, count: recordingWinners ? batch * outputSize : 0)
        let output = Tensor(shape: [batch, g.outputHeight, g.outputWidth, g.channels]) { out in
            x.scalars.withUnsafeBufferPointer { x in
                winners.withUnsafeMutableBufferPointer { w in
                    let (x, o) = (SharedPointer(mutating: x), SharedPointer(out.baseAddress!))
                    let w = recordingWinners ? SharedPointer(w.baseAddress!) : nil
                    Parallel.forEachChunk(batch) { _, images in
                        var window = g.window
                        for n in images {
                            camlab_max_pool(x.base + n * g.inputSize, &window, Int32(n * g.inputSize),
                                            o.base + n * outputSize, w.map { $0.base + n * outputSize })
                        }
                    }
                }
            }
        }
        return (output, recordingWinners ? winners : nil)
    }

    /// The adjoint of `maxPool` and of `globalMax`: each output gradient added at its winner's place; images split
    /// across cores (a winner lies in its own image).
    static func maxPoolBackward(_ dy: Tensor, winners: [Int32], inputShape: [Int]) -> Tensor {
        let batch = inputShape[0], inputSize = inputShape.dropFirst().reduce(1, *)
        let outputSize = dy.count / max(batch, 1)
        return Tensor(shape: inputShape) { dx in
            dy.scalars.withUnsafeBufferPointer { dy in
                winners.withUnsafeBufferPointer { w in
                    let (dy, w, dx) = (SharedPointer(mutating: dy), SharedPointer(mutating: w),
                                       SharedPointer(dx.baseAddress!))
                    // Image by image, each zeroed just before its gradients land in it, so that the scatter
                    // finds it in the cache rather than in memory, where a whole batch zeroed first would be.
                    Parallel.forEachChunk(batch) { _, images in
                        for n in images {
                            (dx.base + n * inputSize).update(repeating: 0, count: inputSize)
                            for o in (n * outputSize)..<((n + 1) * outputSize) { dx[Int(w[o])] += dy[o] }
                        }
                    }
                }
            }
        }
    }
}

extension WindowGeometry {
    /// The geometry as the C kernels take it.
    var window: camlab_window {
        camlab_window(inputHeight: Int32(inputHeight), inputWidth: Int32(inputWidth), channels: Int32(channels),
                      kernelHeight: Int32(kernelHeight), kernelWidth: Int32(kernelWidth), strideY: Int32(strideY),
                      strideX: Int32(strideX), padTop: Int32(padTop), padLeft: Int32(padLeft),
                      outputHeight: Int32(outputHeight), outputWidth: Int32(outputWidth))
    }

    /// The input rows and columns of output pixel (oy, ox)'s window that lie inside the image.
    @inline(__always)
    func window(_ oy: Int, _ ox: Int) -> (Range<Int>, Range<Int>) {
        let y0 = oy * strideY - padTop, x0 = ox * strideX - padLeft
        return (max(y0, 0)..<min(y0 + kernelHeight, inputHeight), max(x0, 0)..<min(x0 + kernelWidth, inputWidth))
    }

    /// The walk every pooling kernel makes over one image: each output pixel in NHWC order, with the offset of
    /// its channels in the image's output and its window's rows and columns inside the image. Inlined, so the
    /// kernels' channel loops compile as if written out here.
    @inline(__always)
    func forEachWindow(_ body: (_ offset: Int, _ ys: Range<Int>, _ xs: Range<Int>) -> Void) {
        var offset = 0
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let (ys, xs) = window(oy, ox)
                body(offset, ys, xs)
                offset += channels
            }
        }
    }

    /// `forEachWindow` over a batch of `batch` images, split across cores: `body` gets the image's first element
    /// in `images` (NHWC), the window's row of `channels` elements in `rows` (one row per output pixel) and the
    /// window's rows and columns inside the image. Average pooling walks it forward and back; inlined as the other.
    @inline(__always)
    func forEachWindow(ofBatch batch: Int, images: SharedPointer<Float>, rows: SharedPointer<Float>,
                       _ body: @Sendable (_ image: UnsafeMutablePointer<Float>, _ row: UnsafeMutablePointer<Float>,
                                          _ ys: Range<Int>, _ xs: Range<Int>) -> Void) {
        let rowsPerImage = outputPixels * channels
        Parallel.forEachChunk(batch) { _, chunk in
            for n in chunk {
                let image = images.base + n * inputSize, imageRows = rows.base + n * rowsPerImage
                forEachWindow { offset, ys, xs in body(image, imageRows + offset, ys, xs) }
            }
        }
    }
}
