import CamLabCore

extension Image {
    /// `overlay` composited over this image (Porter–Duff "over"), byte for byte as Pillow's
    /// `Image.alpha_composite(self, overlay)`. Both images must be RGBA and the same size.
    public func alphaComposited(with overlay: Image) throws -> Image {
        guard channels == 4, overlay.channels == 4 else {
            throw Problem("alpha compositing needs two RGBA images, got \(channels) and \(overlay.channels) "
                             + "channels; convert with converted(toChannels: 4) first")
        }
        guard width == overlay.width, height == overlay.height else {
            throw Problem("alpha compositing needs images of the same size, got \(width)×\(height) "
                             + "and \(overlay.width)×\(overlay.height); resize the overlay first")
        }
        var out = pixels
        overlay.pixels.withUnsafeBufferPointer { src in
            for i in stride(from: 0, to: out.count, by: 4) {
                let srcAlpha = UInt32(src[i + 3])
                if srcAlpha == 0 { continue }
                // Pillow's integer formula: 7 extra bits of precision, divisions by 255 done by shifts.
                let precision: UInt32 = 7
                let blend = UInt32(out[i + 3]) * (255 - srcAlpha)
                let outAlpha255 = srcAlpha * 255 + blend
                let coef1 = srcAlpha * 255 * 255 * (1 << precision) / outAlpha255
                let coef2 = 255 * (1 << precision) - coef1
                for c in 0..<3 {
                    let t = UInt32(src[i + c]) * coef1 + UInt32(out[i + c]) * coef2 + (0x80 << precision)
                    out[i + c] = UInt8(truncatingIfNeeded: Image.shiftDivide255(t) >> precision)
                }
                out[i + 3] = UInt8(truncatingIfNeeded: Image.shiftDivide255(outAlpha255 + 0x80))
            }
        }
        return Image(unchecked: width, height, 4, out)
    }

    /// Pillow's `SHIFTFORDIV255`: `(a + a >> 8) >> 8`, which equals `a / 255` rounded for the ranges used here.
    private static func shiftDivide255(_ a: UInt32) -> UInt32 { ((a >> 8) + a) >> 8 }
}
