import CamLabCore
import CamLabJPEGCodec

/// JPEG encoding and decoding through libjpeg-turbo (wrapped in the C target CamLabJPEGCodec, so libjpeg's longjmp
/// errors never cross into Swift).
public enum JPEG {
    /// Pillow's default quality, which `keras.utils.save_img` and `PIL.Image.save` use when none is given: a JPEG
    /// CamLab writes is the size and look a Keras user expects.
    public static let defaultQuality = 75

    /// The JPEG file bytes of `image` at `quality` (1...100): gray stays gray, RGB is RGB, and RGBA loses its alpha
    /// (JPEG has none), as Pillow refuses and Keras users then do by hand.
    public static func encode(_ image: Image, quality: Int = defaultQuality) throws -> [UInt8] {
        guard (1...100).contains(quality) else {
            throw Problem("JPEG quality must be between 1 and 100, got \(quality)")
        }
        let source = image.channels == 4 ? try image.converted(toChannels: 3) : image
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = source.pixels.withUnsafeBufferPointer { pixels in
            camlab_jpeg_encode(pixels.baseAddress, Int32(source.width), Int32(source.height), Int32(source.channels),
                               Int32(quality), &output, &size, &error, error.count)
        }
        guard status == 0, let output else {
            throw Problem("cannot encode a \(image.width)×\(image.height) image as JPEG: \(message(error))")
        }
        defer { camlab_jpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// The picture's header, read without decoding: width, height, components (1, 3, 4) and whether it is
    /// progressive. `source` names the data in errors.
    public static func header(_ bytes: [UInt8], source: String = "JPEG data") throws -> camlab_jpeg_header {
        var header = camlab_jpeg_header()
        var error = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { data in
            camlab_jpeg_read_header(data.baseAddress, data.count, &header, &error, error.count)
        }
        guard status == 0 else { throw Problem("cannot read \(source): \(message(error))") }
        return header
    }

    /// The picture held in JPEG file bytes: gray files as 1 channel, colour (YCbCr, RGB, CMYK, YCCK) as RGB; or
    /// `channels` 1 or 3 to ask for gray (libjpeg's luma) or RGB whatever the file holds. The header's size is
    /// checked against `budget` before any pixel is decoded. `fastDCT` is TensorFlow's default decoder (libjpeg's
    /// fast integer IDCT); otherwise the accurate one.
    public static func decode(_ bytes: [UInt8], source: String = "JPEG data", channels: Int? = nil,
                              fastDCT: Bool = false, budget: MemoryBudget = .standard) throws -> Image {
        let header = try header(bytes, source: source)
        let outputChannels = channels ?? (header.components == 1 ? 1 : 3)
        // The pixels, and for progressive files the coefficients libjpeg keeps for the whole picture (2 bytes
        // per sample of each component).
        let samples = Double(header.width) * Double(header.height)
        let needed = samples * Double(outputChannels + (header.progressive != 0 ? 2 * Int(header.components) : 0))
        do {
            try budget.check(bytes: needed, for: "decoding the \(header.width)×\(header.height) JPEG \(source)")
        } catch {
            throw Problem(error.message)
        }
        var pixels: UnsafeMutablePointer<UInt8>? = nil
        var width: Int32 = 0, height: Int32 = 0, decoded: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let asked = Int32(channels == 4 ? 3 : channels ?? 0)
        let status = bytes.withUnsafeBufferPointer { data in
            camlab_jpeg_decode(data.baseAddress, data.count, asked, fastDCT ? 1 : 0, &pixels, &width, &height,
                               &decoded, &error, error.count)
        }
        guard status == 0, let pixels else { throw Problem("cannot read \(source): \(message(error))") }
        defer { camlab_jpeg_free(pixels) }
        let count = Int(width) * Int(height) * Int(decoded)
        let image = try Image(width: Int(width), height: Int(height), channels: Int(decoded),
                              pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
        return try image.converted(toChannels: outputChannels)
    }

    private static func message(_ buffer: [CChar]) -> String {
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? "unknown libjpeg error" : text
    }
}
