import CamLabCore

/// Resizing with Pillow's algorithms, to the byte: a separable two-pass convolution (horizontal, then vertical)
/// with 22-bit fixed-point weights for nearest-free filters, and Pillow's affine nearest-neighbour scaler.
extension Image {
    /// This image resized to `width`×`height` with `filter`, giving the same bytes as Pillow's
    /// `Image.resize((width, height), filter)`. RGBA is resized premultiplied by alpha (for every filter but
    /// nearest), as Pillow does, so transparent pixels do not bleed their colour into their neighbours.
    public func resized(width newWidth: Int, height newHeight: Int,
                        filter: ResamplingFilter = .lanczos) throws -> Image {
        guard newWidth > 0, newHeight > 0 else {
            throw Problem("cannot resize a \(width)×\(height) image to \(newWidth)×\(newHeight): "
                             + "sizes must be positive")
        }
        try Image.checkSize(width: newWidth, height: newHeight, action: "resize a \(width)×\(height) image to")
        if newWidth == width && newHeight == height { return self }
        if filter == .nearest { return nearestScaled(width: newWidth, height: newHeight) }
        if channels == 4 {
            return premultiplied().convolved(width: newWidth, height: newHeight, filter: filter).unpremultiplied()
        }
        return convolved(width: newWidth, height: newHeight, filter: filter)
    }

    /// This image enlarged `factor` times in each direction by repeating pixels, so a 28×28 map stays crisp.
    public func upscaled(by factor: Int) throws -> Image {
        guard factor >= 1 else { throw Problem("the upscaling factor must be at least 1, got \(factor)") }
        guard factor <= Image.maxDimension else {
            throw Problem("cannot upscale a \(width)×\(height) image by \(factor): images are at most "
                             + "\(Image.maxDimension) pixels wide and high")
        }
        try Image.checkSize(width: width * factor, height: height * factor,
                            action: "upscale a \(width)×\(height) image by \(factor) to")
        if factor == 1 { return self }
        var out = [UInt8](repeating: 0, count: width * height * channels * factor * factor)
        let outWidth = width * factor
        for y in 0..<height * factor {
            for x in 0..<outWidth {
                let source = ((y / factor) * width + x / factor) * channels
                let target = (y * outWidth + x) * channels
                for c in 0..<channels { out[target + c] = pixels[source + c] }
            }
        }
        return Image(unchecked: outWidth, height * factor, channels, out)
    }

    /// Pillow's `ImagingScaleAffine`: source coordinates accumulate `in/out` per step from half a step in, in
    /// Double, and are truncated. The accumulation (not `(x + 0.5) * step`) is kept so rounding matches.
    private func nearestScaled(width newWidth: Int, height newHeight: Int) -> Image {
        func sourceIndices(inSize: Int, outSize: Int) -> [Int] {
            let step = Double(inSize) / Double(outSize)
            var position = step * 0.5
            var indices: [Int] = []
            for _ in 0..<outSize {
                indices.append(position < 0 ? -1 : Int(position))
                position += step
            }
            return indices
        }
        let xs = sourceIndices(inSize: width, outSize: newWidth)
        let ys = sourceIndices(inSize: height, outSize: newHeight)
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * channels)
        for (y, sy) in ys.enumerated() where sy >= 0 && sy < height {
            for (x, sx) in xs.enumerated() where sx >= 0 && sx < width {
                let source = (sy * width + sx) * channels, target = (y * newWidth + x) * channels
                for c in 0..<channels { out[target + c] = pixels[source + c] }
            }
        }
        return Image(unchecked: newWidth, newHeight, channels, out)
    }

    /// Pillow's `ImagingResampleInner` for 8-bit images: horizontal pass (when the width changes), then vertical
    /// pass (when the height changes), each rounding and clipping to 8 bits.
    private func convolved(width newWidth: Int, height newHeight: Int, filter: ResamplingFilter) -> Image {
        var image = self
        if newWidth != width {
            let taps = ResamplingTaps(inSize: width, outSize: newWidth, filter: filter)
            image = image.pass(taps, horizontal: true)
        }
        if newHeight != height {
            let taps = ResamplingTaps(inSize: height, outSize: newHeight, filter: filter)
            image = image.pass(taps, horizontal: false)
        }
        return image
    }

    private func pass(_ taps: ResamplingTaps, horizontal: Bool) -> Image {
        let outWidth = horizontal ? taps.outSize : width
        let outHeight = horizontal ? height : taps.outSize
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * channels)
        let half = 1 << (ResamplingTaps.precisionBits - 1)
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    let o = horizontal ? x : y
                    let first = taps.first[o], count = taps.count[o], k = o * taps.size
                    for c in 0..<channels {
                        var sum = half
                        for t in 0..<count {
                            let index = horizontal ? (y * width + first + t) : ((first + t) * width + x)
                            sum += Int(src[index * channels + c]) * taps.weights[k + t]
                        }
                        out[(y * outWidth + x) * channels + c] = UInt8(clamping: sum >> ResamplingTaps.precisionBits)
                    }
                }
            }
        }
        return Image(unchecked: outWidth, outHeight, channels, out)
    }

    /// RGBA with colour multiplied by alpha, Pillow's `RGBA → RGBa` conversion (`MULDIV255`, rounded).
    func premultiplied() -> Image {
        var out = pixels
        for i in stride(from: 0, to: out.count, by: 4) {
            let alpha = Int(out[i + 3])
            for c in 0..<3 {
                let t = Int(out[i + c]) * alpha + 128
                out[i + c] = UInt8(((t >> 8) + t) >> 8)
            }
        }
        return Image(unchecked: width, height, channels, out)
    }

    /// Back from premultiplied alpha, Pillow's `RGBa → RGBA` (`255 * c / alpha`, truncated and clipped).
    func unpremultiplied() -> Image {
        var out = pixels
        for i in stride(from: 0, to: out.count, by: 4) {
            let alpha = Int(out[i + 3])
            if alpha == 0 || alpha == 255 { continue }
            for c in 0..<3 { out[i + c] = UInt8(min(255, 255 * Int(out[i + c]) / alpha)) }
        }
        return Image(unchecked: width, height, channels, out)
    }
}

/// The taps of one resampling pass (Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc`): for output
/// position `o`, source samples `first[o] ..< first[o] + count[o]` with fixed-point `weights[o * size + t]`.
struct ResamplingTaps {
    /// 32 bits minus 8 for the sample minus 2 for overshoot of negative lobes.
    static let precisionBits = 22
    let outSize: Int
    let size: Int
    var first: [Int] = []
    var count: [Int] = []
    var weights: [Int] = []

    init(inSize: Int, outSize: Int, filter: ResamplingFilter) {
        self.outSize = outSize
        let scale = Double(inSize) / Double(outSize)
        // Downscaling widens the kernel so every source pixel contributes (antialiasing).
        let filterScale = max(scale, 1)
        let support = filter.support * filterScale
        size = Int(support.rounded(.up)) * 2 + 1
        weights = [Int](repeating: 0, count: outSize * size)
        for o in 0..<outSize {
            let center = (Double(o) + 0.5) * scale
            let lo = max(Int(center - support + 0.5), 0)
            let hi = min(Int(center + support + 0.5), inSize)
            let step = 1 / filterScale  // Pillow multiplies by the reciprocal; dividing would round differently
            var raw: [Double] = []
            for x in lo..<max(hi, lo) {
                raw.append(filter.weight((Double(x) - center + 0.5) * step))
            }
            let total = raw.reduce(0, +)
            for (t, w) in raw.enumerated() {
                let normalized = total != 0 ? w / total : w
                let fixed = normalized * Double(1 << ResamplingTaps.precisionBits)
                weights[o * size + t] = normalized < 0 ? Int(-0.5 + fixed) : Int(0.5 + fixed)
            }
            first.append(lo)
            count.append(raw.count)
        }
    }
}

extension Image {
    /// The whole factor that shows a small picture about 168 pixels wide (at most 8), so a 28×28 digit reads on
    /// a projector with every source pixel the same size; 1 for pictures 160 pixels wide or more.
    public static func displayFactor(width: Int) -> Int {
        guard width > 0, width < 160 else { return 1 }
        return min(8, max(1, (168 + width - 1) / width))
    }

    /// This picture enlarged by `displayFactor` with nearest-neighbour sampling: crisp pixels in any viewer.
    public func enlargedForDisplay() throws -> Image { try upscaled(by: Image.displayFactor(width: width)) }
}
