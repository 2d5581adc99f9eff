import CamLabCore
import CamLabImaging

/// A 2-D map, (height, width), in a tensor.
extension Tensor {
    var mapHeight: Int { shape[0] }
    var mapWidth: Int { shape[1] }
}

extension MapStyle {
    /// The map in this style (see the cases). The 1e-7 keeps an all-zero map at zero, as in eli5 and
    /// pytorch-grad-cam.
    func apply(to map: Tensor) -> Tensor {
        // In Double, as eli5's and pytorch-grad-cam's float64 maps are scaled.
        let values = map.scalars.map(Double.init)
        let scaled: [Double]
        switch self {
        case .raw: return map
        case .reluMax:
            let positive = values.map { Swift.max($0, 0) }
            let high = positive.max() ?? 0
            scaled = positive.map { $0 / (high + 1e-7) }
        case .reluMinmax:
            let positive = values.map { Swift.max($0, 0) }
            let low = positive.min() ?? 0
            let high = (positive.max() ?? 0) - low
            scaled = positive.map { ($0 - low) / (high + 1e-7) }
        case .abs:
            let magnitude = values.map { Swift.abs($0) }
            let high = magnitude.max() ?? 0
            scaled = magnitude.map { $0 / (high + 1e-7) }
        case .signed:
            let high = values.reduce(0) { Swift.max($0, Swift.abs($1)) }
            scaled = values.map { $0 / (high + 1e-7) }
        }
        return Tensor(shape: map.shape, scalars: scaled.map { Float($0) })
    }

    /// The map in [0, 1] for a picture: signed maps put zero at 0.5; raw maps are stretched min–max, as
    /// matplotlib's `imshow` does.
    func heatmap(of map: Tensor) throws -> Heatmap {
        let values: [Float]
        switch self {
        case .signed: values = map.scalars.map { ($0 + 1) / 2 }
        case .raw:
            let low = map.scalars.min() ?? 0, high = map.scalars.max() ?? 0
            values = map.scalars.map { high > low ? ($0 - low) / (high - low) : 0 }
        default: values = map.scalars
        }
        // Float rounding may step a hair outside [0, 1]; colormaps and alpha need the range exact.
        return try Heatmap(width: map.mapWidth, height: map.mapHeight,
                           values: values.map { $0.isNaN ? 0 : Swift.min(Swift.max($0, 0), 1) })
    }

    /// Signed maps are drawn with a diverging colormap and opacity by magnitude.
    var isSigned: Bool { self == .signed }
}

/// `map` (height, width) resized with bilinear interpolation as OpenCV's `cv2.resize` (INTER_LINEAR) does it, which
/// pytorch-grad-cam uses to bring a layer's map to the input's size: pixel centres aligned at half-pixel offsets,
/// edges clamped. Used for upsampling, where it equals Pillow's bilinear filter.
func bilinearResized(_ map: Tensor, height: Int, width: Int) -> Tensor {
    let (inHeight, inWidth) = (map.mapHeight, map.mapWidth)
    if inHeight == height && inWidth == width { return map }
    func taps(_ outSize: Int, _ inSize: Int) -> [(Int, Int, Float)] {
        let scale = Double(inSize) / Double(outSize)
        return (0..<outSize).map { o in
            let source = Swift.max((Double(o) + 0.5) * scale - 0.5, 0)
            let low = Swift.min(Int(source), inSize - 1)
            let high = Swift.min(low + 1, inSize - 1)
            return (low, high, Float(source - Double(low)))
        }
    }
    let rows = taps(height, inHeight), columns = taps(width, inWidth)
    var out = [Float](repeating: 0, count: height * width)
    for (y, (y0, y1, fy)) in rows.enumerated() {
        for (x, (x0, x1, fx)) in columns.enumerated() {
            let top = map.scalars[y0 * inWidth + x0] * (1 - fx) + map.scalars[y0 * inWidth + x1] * fx
            let bottom = map.scalars[y1 * inWidth + x0] * (1 - fx) + map.scalars[y1 * inWidth + x1] * fx
            out[y * width + x] = top * (1 - fy) + bottom * fy
        }
    }
    return Tensor(shape: [height, width], scalars: out)
}

/// `map` resized by nearest neighbour as PyTorch's `interpolate(mode="nearest")` does (source index
/// `floor(i · in / out)`), which captum's Guided Grad-CAM uses for the Grad-CAM map.
func nearestResized(_ map: Tensor, height: Int, width: Int) -> Tensor {
    let (inHeight, inWidth) = (map.mapHeight, map.mapWidth)
    if inHeight == height && inWidth == width { return map }
    var out = [Float](repeating: 0, count: height * width)
    for y in 0..<height {
        let sy = Swift.min(y * inHeight / height, inHeight - 1)
        for x in 0..<width {
            out[y * width + x] = map.scalars[sy * inWidth + Swift.min(x * inWidth / width, inWidth - 1)]
        }
    }
    return Tensor(shape: [height, width], scalars: out)
}
