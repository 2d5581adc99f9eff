import CamLabCore

/// Binary Netpbm images: PPM (`P6`, RGB) and PGM (`P5`, gray), 8 bits per sample.
public enum PNM {
    /// A binary PPM of `image` (gray is spread to RGB; alpha is dropped, as Pillow's `convert("RGB")`).
    public static func encodePPM(_ image: Image) throws -> [UInt8] {
        let rgb = try image.converted(toChannels: 3)
        return Array("P6\n\(rgb.width) \(rgb.height)\n255\n".utf8) + rgb.pixels
    }

    /// A binary PGM of `image` (colour becomes ITU-R 601-2 luma; alpha is dropped).
    public static func encodePGM(_ image: Image) throws -> [UInt8] {
        let gray = try image.converted(toChannels: 1)
        return Array("P5\n\(gray.width) \(gray.height)\n255\n".utf8) + gray.pixels
    }

    /// The image in a binary PPM (`P6`) or PGM (`P5`) with a maximum value of 255. `source` names it in errors.
    public static func decode(_ bytes: [UInt8], source: String = "PNM data") throws -> Image {
        var reader = HeaderReader(bytes: bytes)
        let magic = reader.token()
        guard magic == "P6" || magic == "P5" else {
            throw Problem("cannot read \(source): not a binary PPM (P6) or PGM (P5) file")
        }
        guard let width = reader.token().flatMap({ Int($0) }), let height = reader.token().flatMap({ Int($0) }),
              let maxValue = reader.token().flatMap({ Int($0) }), width > 0, height > 0 else {
            throw Problem("cannot read \(source): malformed header (expected width, height and maximum value)")
        }
        guard maxValue == 255 else {
            throw Problem("cannot read \(source): only 8-bit files (maximum value 255) are supported, "
                             + "got \(maxValue)")
        }
        // As for PNG: a corrupt header must not make CamLab multiply its way past Int or allocate gigapixels.
        guard width <= 1 << 16, height <= 1 << 16, width * height <= 1 << 28 else {
            throw Problem("cannot read \(source): its header declares \(width)×\(height) pixels; CamLab reads "
                             + "images up to 65536 pixels wide and high and 268 megapixels in all")
        }
        let channels = magic == "P6" ? 3 : 1
        let start = reader.offset + 1  // one whitespace byte separates the header from the samples
        let needed = width * height * channels
        guard start + needed <= bytes.count else {
            throw Problem("cannot read \(source): truncated, \(needed) bytes of pixels expected after the "
                             + "header but \(max(bytes.count - start, 0)) present")
        }
        return try Image(width: width, height: height, channels: channels,
                         pixels: Array(bytes[start..<start + needed]))
    }

    /// Reads whitespace-separated header tokens, skipping `#` comments.
    private struct HeaderReader {
        let bytes: [UInt8]
        var offset = 0

        mutating func token() -> String? {
            while offset < bytes.count {
                if bytes[offset] == UInt8(ascii: "#") {
                    while offset < bytes.count && bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
                } else if isSpace(bytes[offset]) {
                    offset += 1
                } else {
                    break
                }
            }
            let start = offset
            while offset < bytes.count && !isSpace(bytes[offset]) && offset - start < 16 { offset += 1 }
            return offset > start ? String(decoding: bytes[start..<offset], as: UTF8.self) : nil
        }

        private func isSpace(_ byte: UInt8) -> Bool { [9, 10, 13, 32].contains(byte) }
    }
}
