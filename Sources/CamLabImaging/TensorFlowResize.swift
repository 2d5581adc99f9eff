import CamLabCore
/// How `tf.image.resize` (TensorFlow 2's, as Keras calls it) samples: half-pixel centres, no antialiasing.
public enum ResizeInterpolation: String, CaseIterable, Sendable {
    case bilinear, nearest, area

    public init(named text: String) throws {
        guard let method = ResizeInterpolation(rawValue: text) else {
            throw Problem("unknown interpolation '\(text)'; use one of "
                             + ResizeInterpolation.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = method
    }
}

extension Image {
    /// The pixels resized to `height`×`width` as `tf.image.resize(image, (height, width), method)` computes them,
    /// as floats in 0–255 (`height`·`width`·`channels`, row-major HWC), written to `output`.
    ///
    /// Bilinear is TensorFlow's ResizeBilinear with `half_pixel_centers`: the source coordinate of output pixel x is
    /// `(x + 0.5)·scale − 0.5` with `scale = in / out` in Float32, its neighbours `max(floor, 0)` and
    /// `min(ceil, in − 1)`, blended first along x then along y, all in Float32 as there. Nearest takes
    /// `min(floor((x + 0.5)·scale), in − 1)`. Area (ResizeArea, no half-pixel shift) averages the source pixels
    /// under output pixel x's span `[x·scale, (x + 1)·scale)`, each weighted by how much of it the span covers. With `cropToAspectRatio`, Keras' `smart_resize` first crops the
    /// largest centred window of the target's aspect ratio.
    public func resizedLikeTensorFlow(height: Int, width: Int, interpolation: ResizeInterpolation,
                                      cropToAspectRatio: Bool = false, into output: UnsafeMutablePointer<Float>) {
        var top = 0, left = 0, cropHeight = self.height, cropWidth = self.width
        if cropToAspectRatio {
            // smart_resize: int(float32(width·target_h) / target_w), capped by the picture, centred by truncation.
            cropHeight = min(self.height, Int(Float(self.width * height) / Float(width)))
            cropWidth = min(self.width, Int(Float(self.height * width) / Float(height)))
            top = Int(Float(self.height - cropHeight) / 2)
            left = Int(Float(self.width - cropWidth) / 2)
        }
        let c = channels
        func sample(_ y: Int, _ x: Int, _ k: Int) -> Float { Float(pixels[((top + y) * self.width + left + x) * c + k]) }
        switch interpolation {
        case .nearest:
            let ys = Image.nearestIndices(inSize: cropHeight, outSize: height)
            let xs = Image.nearestIndices(inSize: cropWidth, outSize: width)
            var o = 0
            for y in ys { for x in xs { for k in 0..<c { output[o] = sample(y, x, k); o += 1 } } }
        case .area:
            let ys = Image.areaWeights(inSize: cropHeight, outSize: height)
            let xs = Image.areaWeights(inSize: cropWidth, outSize: width)
            let normaliser = 1 / (Float(cropHeight) / Float(height) * (Float(cropWidth) / Float(width)))
            var o = 0
            for y in ys {
                for x in xs {
                    for k in 0..<c {
                        var sum: Float = 0
                        for (row, wy) in y {
                            var rowSum: Float = 0
                            for (column, wx) in x { rowSum += sample(row, column, k) * wx }
                            sum += rowSum * wy
                        }
                        output[o] = sum * normaliser
                        o += 1
                    }
                }
            }
        case .bilinear:
            let ys = Image.bilinearWeights(inSize: cropHeight, outSize: height)
            let xs = Image.bilinearWeights(inSize: cropWidth, outSize: width)
            var o = 0
            for y in ys {
                for x in xs {
                    for k in 0..<c {
                        let topLeft = sample(y.lower, x.lower, k), topRight = sample(y.lower, x.upper, k)
                        let bottomLeft = sample(y.upper, x.lower, k), bottomRight = sample(y.upper, x.upper, k)
                        let upper = topLeft + (topRight - topLeft) * x.lerp
                        let lower = bottomLeft + (bottomRight - bottomLeft) * x.lerp
                        output[o] = upper + (lower - upper) * y.lerp
                        o += 1
                    }
                }
            }
        }
    }

    /// The resized pixels as a new array (see `resizedLikeTensorFlow(height:width:interpolation:into:)`).
    public func resizedLikeTensorFlow(height: Int, width: Int, interpolation: ResizeInterpolation,
                                      cropToAspectRatio: Bool = false) -> [Float] {
        [Float](unsafeUninitializedCapacity: height * width * channels) { buffer, count in
            resizedLikeTensorFlow(height: height, width: width, interpolation: interpolation,
                                  cropToAspectRatio: cropToAspectRatio, into: buffer.baseAddress!)
            count = height * width * channels
        }
    }

    static func nearestIndices(inSize: Int, outSize: Int) -> [Int] {
        let scale = Float(inSize) / Float(outSize)
        return (0..<outSize).map { min(max(Int(((Float($0) + 0.5) * scale).rounded(.down)), 0), inSize - 1) }
    }

    /// For each output pixel, the source pixels its span covers and by how much (indices clamped to the picture,
    /// as TensorFlow's `Bound`).
    static func areaWeights(inSize: Int, outSize: Int) -> [[(Int, Float)]] {
        let scale = Float(inSize) / Float(outSize)
        return (0..<outSize).map { i in
            let start = Float(i) * scale, end = Float(i + 1) * scale
            return (Int(start.rounded(.down))..<Int(end.rounded(.up))).map { j in
                (min(j, inSize - 1), min(Float(j + 1), end) - max(Float(j), start))
            }
        }
    }

    static func bilinearWeights(inSize: Int, outSize: Int) -> [(lower: Int, upper: Int, lerp: Float)] {
        let scale = Float(inSize) / Float(outSize)
        return (0..<outSize).map { i in
            let position = (Float(i) + 0.5) * scale - 0.5
            let floor = position.rounded(.down)
            return (max(Int(floor), 0), min(Int(position.rounded(.up)), inSize - 1), position - floor)
        }
    }
}
