import CamLabCore
import CamLabImaging
import CamLabNN
@testable import CamLabExplain

/// A linear classifier whose scores are known by hand: flatten, then dense without activation, so the score
/// of class k is Σ weights[k][p] · x[p] (plus nothing: biases are zero). Input height × width × 1.
func linearModel(height: Int, width: Int, weights: [[Float]]) throws -> Model {
    let dense = try Dense(units: weights.count)
    let model = try Model(inputShape: [height, width, 1], layers: [Flatten(), dense])
    let pixels = height * width
    var kernel = [Float](repeating: 0, count: pixels * weights.count)
    for (k, row) in weights.enumerated() {
        precondition(row.count == pixels)
        for p in 0..<pixels { kernel[p * weights.count + k] = row[p] }
    }
    dense.kernel.value = Tensor(shape: [pixels, weights.count], scalars: kernel)
    dense.bias.value = Tensor.zeros([weights.count])
    return model
}

/// `values` as a batch of one gray image.
func grayImage(_ height: Int, _ width: Int, _ values: [Float]) -> Tensor {
    Tensor(shape: [1, height, width, 1], scalars: values)
}

func map(_ height: Int, _ width: Int, _ values: [Float]) throws -> Heatmap {
    try Heatmap(width: width, height: height, values: values)
}

/// A model for the metrics' known answers: 6×6 gray images, class 0 reads only the 2×2 patch at rows 2–3,
/// columns 2–3 (weight 1 each), class 1 reads the top-left pixel. The image is bright (1) on the patch and dark
/// (0) elsewhere, so class 0 scores 4.
func patchModel() throws -> (model: Model, image: Tensor, perfect: Heatmap) {
    var weights0 = [Float](repeating: 0, count: 36), weights1 = [Float](repeating: 0, count: 36)
    var pixels = [Float](repeating: 0, count: 36)
    for p in [14, 15, 20, 21] {
        weights0[p] = 1
        pixels[p] = 1
    }
    weights1[0] = 1
    let model = try linearModel(height: 6, width: 6, weights: [weights0, weights1])
    // The map that points exactly at the pixels class 0 uses.
    return (model, grayImage(6, 6, pixels), try map(6, 6, weights0))
}

/// A map of uniform noise, fixed by `seed`.
func randomMap(_ height: Int, _ width: Int, seed: UInt64) throws -> Heatmap {
    var generator = SeededGenerator(seed: seed)
    return try map(height, width, (0..<height * width).map { _ in generator.nextUnitFloat() })
}
