import CamLabCore
import CamLabImaging

extension Heatmap {
    /// The map at `width` × `height` by bilinear interpolation with pixel centres aligned, as OpenCV's
    /// `cv2.resize` (INTER_LINEAR) does when pytorch-grad-cam scales a layer's map to the input. Values are not
    /// quantised, so the ranking of pixels keeps every distinction the map makes.
    func resampled(width: Int, height: Int) -> [Float] {
        if width == self.width && height == self.height { return values }
        func taps(_ count: Int, from source: Int) -> [(Int, Int, Float)] {
            let scale = Double(source) / Double(count)
            return (0..<count).map { i in
                let position = max((Double(i) + 0.5) * scale - 0.5, 0)
                let low = min(Int(position), source - 1)
                return (low, min(low + 1, source - 1), Float(position - Double(low)))
            }
        }
        let columns = taps(width, from: self.width), rows = taps(height, from: self.height)
        var out = [Float](repeating: 0, count: width * height)
        for (y, (y0, y1, fy)) in rows.enumerated() {
            for (x, (x0, x1, fx)) in columns.enumerated() {
                let top = values[y0 * self.width + x0] * (1 - fx) + values[y0 * self.width + x1] * fx
                let bottom = values[y1 * self.width + x0] * (1 - fx) + values[y1 * self.width + x1] * fx
                out[y * width + x] = top * (1 - fy) + bottom * fy
            }
        }
        return out
    }
}

/// pytorch-grad-cam's `scale_cam_image`: the map shifted so its minimum is 0 and divided by `max + 1e-7`, so it
/// lies in [0, 1) and can multiply an image.
func minMaxScaled(_ values: [Float]) -> [Float] {
    let low = values.min() ?? 0
    let high = (values.max() ?? 0) - low
    return values.map { ($0 - low) / (high + 1e-7) }
}

/// Pixel indices (row-major) from the most to the least important by `values`. Equal values — common: a
/// ReLU'd map is zero over much of the picture — are ordered randomly, with `seed` fixing the order, as ROAD
/// breaks ties with a small random jitter; taking them in scan order instead would always remove the top rows
/// first.
func rankedPixels(_ map: [Float], seed: UInt64) -> [Int] {
    let values = map.map { $0.isNaN ? -Float.infinity : $0 }
    var generator = SeededGenerator(seed: seed)
    let tieBreak = values.indices.map { _ in generator.next() }
    return values.indices.sorted { a, b in
        values[a] != values[b] ? values[a] > values[b] : tieBreak[a] < tieBreak[b]
    }
}
