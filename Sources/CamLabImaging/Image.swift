import CamLabCore

/// An 8-bit image. `pixels` holds `height` rows of `width` pixels, top row first, each pixel `channels`
/// interleaved bytes: 1 = gray, 3 = RGB, 4 = RGBA (straight, not premultiplied, alpha).
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public var pixels: [UInt8]

    /// Wraps `pixels`, checking that the sizes agree.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0 else {
            throw Problem("an image needs a positive size, got \(width)×\(height)")
        }
        guard [1, 3, 4].contains(channels) else {
            throw Problem("an image has 1 (gray), 3 (RGB) or 4 (RGBA) channels, got \(channels)")
        }
        guard pixels.count == width * height * channels else {
            throw Problem("a \(width)×\(height) image with \(channels) channel(s) needs "
                             + "\(width * height * channels) bytes, got \(pixels.count)")
        }
        self.init(unchecked: width, height, channels, pixels)
    }

    /// An image of one colour; `color` has one byte per channel.
    public init(width: Int, height: Int, color: [UInt8]) throws {
        let pixels = Array((0..<max(width * height, 0)).map { _ in color }.joined())
        try self.init(width: width, height: height, channels: color.count, pixels: pixels)
    }

    init(unchecked width: Int, _ height: Int, _ channels: Int, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The bytes of the pixel at column `x`, row `y` (one per channel).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        let start = (y * width + x) * channels
        return Array(pixels[start..<start + channels])
    }

    /// The largest width or height CamLab creates by resizing or upscaling, so a typo cannot exhaust memory.
    public static let maxDimension = 16384

    static func checkSize(width: Int, height: Int, action: String) throws {
        guard width <= maxDimension, height <= maxDimension else {
            throw Problem("cannot \(action) \(width)×\(height): images are at most \(maxDimension) pixels "
                             + "wide and high")
        }
    }

    public var isGray: Bool { channels == 1 }
    public var hasAlpha: Bool { channels == 4 }
}

extension Image {
    /// This image with `count` channels, converting as Pillow's `Image.convert` does: gray is copied into R, G
    /// and B; colour becomes gray with ITU-R 601-2 luma (`L = R·299/1000 + G·587/1000 + B·114/1000`, in Pillow's
    /// fixed point); added alpha is opaque; dropped alpha is discarded (not composited).
    public func converted(toChannels count: Int) throws -> Image {
        guard [1, 3, 4].contains(count) else {
            throw Problem("an image has 1 (gray), 3 (RGB) or 4 (RGBA) channels, cannot convert to \(count)")
        }
        if count == channels { return self }
        var out = [UInt8](repeating: 255, count: width * height * count)
        for i in 0..<width * height {
            let source = i * channels, target = i * count
            let (r, g, b): (UInt8, UInt8, UInt8) = channels == 1
                ? (pixels[source], pixels[source], pixels[source])
                : (pixels[source], pixels[source + 1], pixels[source + 2])
            if count == 1 {
                out[target] = Image.luma(r, g, b)
            } else {
                out[target] = r
                out[target + 1] = g
                out[target + 2] = b
                if count == 4 && channels == 4 { out[target + 3] = pixels[source + 3] }
            }
        }
        return Image(unchecked: width, height, count, out)
    }

    /// Pillow's `L24` luma: 16-bit fixed-point weights 19595, 38470, 7471 (0.299, 0.587, 0.114), rounded.
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let weighted: Int = Int(r) * 19595 + Int(g) * 38470 + Int(b) * 7471
        return UInt8((weighted + 0x8000) >> 16)
    }
}
