import CamLabCore
import CamLabPNGCodec

/// PNG encoding and decoding through libpng (wrapped in the C target CamLabPNGCodec, so libpng's longjmp
/// errors never cross into Swift).
public enum PNG {
    /// The PNG file bytes of `image`: 8-bit gray, RGB or RGBA, matching the image's channels.
    public static func encode(_ image: Image) throws -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            camlab_png_encode(pixels.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                              &output, &size, &error, error.count)
        }
        guard status == 0, let output else {
            throw Problem("cannot encode a \(image.width)×\(image.height) image as PNG: \(message(error))")
        }
        defer { camlab_png_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// The image held in PNG file bytes. Gray stays 1 channel; RGB 3; anything with alpha or transparency 4;
    /// palettes are expanded; 16-bit samples keep their high byte. `source` names the data in errors.
    public static func decode(_ bytes: [UInt8], source: String = "PNG data") throws -> Image {
        var pixels: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { data in
            camlab_png_decode(data.baseAddress, data.count, &pixels, &width, &height, &channels, &error, error.count)
        }
        guard status == 0, let pixels else {
            throw Problem("cannot read \(source): \(message(error))")
        }
        defer { camlab_png_free(pixels) }
        let count = Int(width) * Int(height) * Int(channels)
        return try Image(width: Int(width), height: Int(height), channels: Int(channels),
                         pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    private static func message(_ buffer: [CChar]) -> String {
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? "unknown libpng error" : text
    }
}
