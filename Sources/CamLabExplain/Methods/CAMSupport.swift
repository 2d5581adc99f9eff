import CamLabCore

/// A layer's output, or its gradient, for a chunk of images: (n, height, width, channels), read one image at a
/// time as `positions × channels` with channels fastest (NHWC).
struct SpatialBatch {
    let tensor: Tensor
    var count: Int { tensor.shape[0] }
    var height: Int { tensor.shape[1] }
    var width: Int { tensor.shape[2] }
    var channels: Int { tensor.shape[3] }
    var positions: Int { height * width }

    init(_ tensor: Tensor) {
        precondition(tensor.rank == 4, "a spatial layer's output is (n, height, width, channels)")
        self.tensor = tensor
    }

    /// Image `i`'s values, positions × channels.
    func image(_ i: Int) -> ArraySlice<Float> {
        let size = positions * channels
        return tensor.scalars[(i * size)..<((i + 1) * size)]
    }

    /// A (height, width) map from one value per position.
    func map(_ values: [Double]) -> Tensor { Tensor(shape: [height, width], scalars: values.map { Float($0) }) }
}

/// Σ_k w_k A_k at every position of image `i`, accumulated in Double over Float products (as eli5's float64 map
/// over float32 terms): the weighted sum every channel-weight CAM method ends with.
func weightedChannelSum(_ activations: SpatialBatch, image i: Int, weights: [Float]) -> Tensor {
    let a = activations.image(i), channels = activations.channels, start = a.startIndex
    var map = [Double](repeating: 0, count: activations.positions)
    for p in 0..<activations.positions {
        var sum = 0.0
        for k in 0..<channels { sum += Double(weights[k] * a[start + p * channels + k]) }
        map[p] = sum
    }
    return activations.map(map)
}

/// Σ_k term(G_k, A_k) at every position of image `i`: the element-wise methods (HiResCAM, LayerCAM).
func elementwiseChannelSum(_ gradients: SpatialBatch, _ activations: SpatialBatch, image i: Int,
                           _ term: (Float, Float) -> Float) -> Tensor {
    let g = gradients.image(i), a = activations.image(i), channels = activations.channels
    var map = [Double](repeating: 0, count: activations.positions)
    for p in 0..<activations.positions {
        var sum = 0.0
        for k in 0..<channels {
            sum += Double(term(g[g.startIndex + p * channels + k], a[a.startIndex + p * channels + k]))
        }
        map[p] = sum
    }
    return activations.map(map)
}

/// Σ over positions of `term(value)` per channel of image `i`, in Double.
func channelSums(_ batch: SpatialBatch, image i: Int, _ term: (Float) -> Float = { $0 }) -> [Double] {
    let values = batch.image(i), channels = batch.channels
    var sums = [Double](repeating: 0, count: channels)
    for (offset, value) in values.enumerated() { sums[offset % channels] += Double(term(value)) }
    return sums
}

extension MethodRequest {
    /// The layer's output and the gradient of each image's score with respect to it, from the request's pass.
    func activationsAndGradients() -> (activations: SpatialBatch, gradients: SpatialBatch) {
        let layer = layerValue!
        let gradients = pass.gradients(targets: targets, kind: score, sign: sign, at: [layer])[layer]!
        return (SpatialBatch(activations), SpatialBatch(gradients))
    }
}
