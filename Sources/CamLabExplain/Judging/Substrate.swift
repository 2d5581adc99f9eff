import CamLabCore
#if canImport(Glibc)
import Glibc
#endif

/// What stands in for a pixel that deletion has removed or insertion has not yet put back (Petsiuk et al.
/// 2018, RISE).
public enum Substrate: Sendable, Equatable {
    /// Black: RISE's deletion substrate. In Fashion-MNIST the background is black too.
    case zeros
    /// The image blurred with a `size` × `size` Gaussian of standard deviation `sigma`: RISE's insertion
    /// substrate (11 and 5), which keeps the colours and the rough layout but none of the detail.
    case blur(size: Int, sigma: Double)
    /// Each channel filled with the image's own mean of that channel.
    case mean

    /// RISE's insertion substrate: `gkern(11, 5)`.
    public static let riseBlur = Substrate.blur(size: 11, sigma: 5)

    /// The substrate for one image (height, width, channels), as scalars in the image's layout.
    func fill(_ image: ArraySlice<Float>, height: Int, width: Int, channels: Int) -> [Float] {
        switch self {
        case .zeros:
            return [Float](repeating: 0, count: image.count)
        case .mean:
            var sums = [Double](repeating: 0, count: channels)
            for (i, v) in image.enumerated() { sums[i % channels] += Double(v) }
            let means = sums.map { Float($0 / Double(height * width)) }
            return (0..<image.count).map { means[$0 % channels] }
        case .blur(let size, let sigma):
            return blurred(Array(image), height: height, width: width, channels: channels,
                           kernel: riseKernel(size: size, sigma: sigma))
        }
    }
}

/// RISE's `gkern(klen, nsig)`: SciPy's `gaussian_filter` (truncated at 4 σ, mode "reflect") applied to a unit
/// impulse in the middle of a `size` × `size` grid. With σ comparable to the grid the tails fold back in
/// from the edges, so the kernel is flatter than a plain truncated Gaussian; it still sums to 1. The filter
/// is separable, so this returns the one-dimensional factor: the kernel is its outer product with itself.
func riseKernel(size: Int, sigma: Double) -> [Double] {
    let radius = Int(4 * sigma + 0.5)
    var weights = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
    let total = weights.reduce(0, +)
    weights = weights.map { $0 / total }
    let centre = size / 2, period = 2 * size
    /// SciPy's "reflect" extension (d c b a | a b c d | d c b a): the position inside the grid that `j` mirrors.
    func reflected(_ j: Int) -> Int {
        let m = ((j % period) + period) % period
        return m < size ? m : period - 1 - m
    }
    return (0..<size).map { i in
        (-radius...radius).reduce(0.0) { sum, k in reflected(i + k) == centre ? sum + weights[k + radius] : sum }
    }
}

/// Each channel convolved with the separable kernel `factor ⊗ factor`, zeros beyond the edges (as RISE's
/// `conv2d(x, kern, padding=klen // 2)`): along the rows, then along the columns.
func blurred(_ image: [Float], height: Int, width: Int, channels: Int, kernel factor: [Double]) -> [Float] {
    let rows = convolved(image.map(Double.init), height: height, width: width, channels: channels, factor: factor,
                         alongRows: true)
    return convolved(rows, height: height, width: width, channels: channels, factor: factor, alongRows: false)
        .map(Float.init)
}

/// One pass of the separable blur: each value becomes the `factor`-weighted sum of its neighbours along a row
/// (or a column), those beyond the edge counting as zero.
private func convolved(_ values: [Double], height: Int, width: Int, channels: Int, factor: [Double],
                       alongRows: Bool) -> [Double] {
    let radius = factor.count / 2
    let (extent, step) = alongRows ? (width, channels) : (height, width * channels)
    var out = [Double](repeating: 0, count: values.count)
    for y in 0..<height {
        for x in 0..<width {
            let position = alongRows ? x : y
            for c in 0..<channels {
                let index = (y * width + x) * channels + c
                var sum = 0.0
                for (k, w) in factor.enumerated() where (0..<extent).contains(position + k - radius) {
                    sum += w * values[index + (k - radius) * step]
                }
                out[index] = sum
            }
        }
    }
    return out
}
