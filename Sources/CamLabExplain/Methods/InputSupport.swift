import CamLabCore

extension MethodRequest {
    /// d (signed score) / d input for each of `inputs` (m, …input shape), input j explained for `targets[j]`: the
    /// forward and backward passes run on at most `options.batchSize` inputs at a time. A `guided` pass applies
    /// Guided Backpropagation's rule at every ReLU.
    func inputGradients(_ inputs: Tensor, targets: [Int], guided: Bool = false) throws -> Tensor {
        var result = [Float](repeating: 0, count: inputs.count)
        let size = inputs.count / max(inputs.shape[0], 1)
        try forEachChunk(inputs.shape[0], size: options.batchSize, stoppingAt: options.limits.interruption) { range in
            let pass = ClassifierPass(model: model, batch: try inputs.slice(range))
            let gradient = pass.gradients(targets: Array(targets[range]), kind: score, sign: sign,
                                          at: [inputValue], guided: guided)[inputValue]!
            result.replaceSubrange((range.lowerBound * size)..<(range.upperBound * size), with: gradient.scalars)
        }
        return Tensor(shape: inputs.shape, scalars: result)
    }

    /// The signed score of each of `inputs` for `targets[j]`, from forward passes of at most `options.batchSize`.
    func scores(of inputs: Tensor, targets: [Int]) throws -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(inputs.shape[0])
        try forEachChunk(inputs.shape[0], size: options.batchSize, stoppingAt: options.limits.interruption) { range in
            let pass = ClassifierPass(model: model, batch: try inputs.slice(range))
            result += scores(of: pass, targets: Array(targets[range]))
        }
        return result
    }

    /// Copies of each image of the request, `copies` in a row per image: (n · copies, …), made by `fill`, which
    /// writes copy `copy` of image `image` (given as its values) into `out`. Refused beyond the memory budget.
    func expanded(copies: Int, _ fill: (_ image: Int, _ copy: Int, _ values: [Float], _ out: inout [Float]) -> Void)
        throws -> Tensor {
        let n = batch.shape[0], size = batch.count / max(n, 1)
        try options.limits.budget.check(bytes: Double(n) * Double(copies) * Double(size) * 4,
                                       for: "\(copies) copies of each of \(n) images")
        var scalars: [Float] = []
        scalars.reserveCapacity(n * copies * size)
        var copy = [Float](repeating: 0, count: size)
        for i in 0..<n {
            let values = Array(batch.scalars[(i * size)..<((i + 1) * size)])
            for c in 0..<copies {
                fill(i, c, values, &copy)
                scalars += copy
            }
        }
        return Tensor(shape: [n * copies] + Array(batch.shape.dropFirst()), scalars: scalars)
    }

    /// Each image's target repeated `copies` times, to go with `expanded`.
    func repeatedTargets(_ copies: Int) -> [Int] { targets.flatMap { Array(repeating: $0, count: copies) } }
}

/// Per-pixel maps from per-pixel, per-channel attributions (n, …input shape): image `i`'s channels reduced with
/// `reduce` ("sum" as captum's visualisation sums them, or the largest magnitude, as Simonyan et al.'s saliency).
func pixelMap(_ attributions: Tensor, image i: Int, geometry: (height: Int, width: Int, channels: Int),
              reduce: ([Float]) -> Float = { $0.reduce(0, +) }) -> Tensor {
    let pixels = geometry.height * geometry.width, channels = geometry.channels
    let start = i * pixels * channels
    var map = [Float](repeating: 0, count: pixels)
    for p in 0..<pixels {
        map[p] = reduce(Array(attributions.scalars[(start + p * channels)..<(start + (p + 1) * channels)]))
    }
    return Tensor(shape: [geometry.height, geometry.width], scalars: map)
}

extension MethodRequest {
    /// d (signed score) / d input for the request's images, from the request's own pass; `guided` as
    /// `ClassifierPass.gradients`.
    func inputGradients(guided: Bool = false) -> Tensor {
        pass.gradients(targets: targets, kind: score, sign: sign, at: [inputValue], guided: guided)[inputValue]!
    }
}
