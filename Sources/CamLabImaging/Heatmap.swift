import CamLabCore

/// A 2-D map of scores in [0, 1], such as a Grad-CAM localization map: `values` holds `height` rows of
/// `width` values, top row first.
public struct Heatmap: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var values: [Float]

    public init(width: Int, height: Int, values: [Float]) throws {
        guard width > 0, height > 0, values.count == width * height else {
            throw Problem("a \(width)×\(height) heatmap needs \(max(width * height, 0)) values, "
                             + "got \(values.count)")
        }
        self.width = width
        self.height = height
        self.values = values
    }

    public subscript(x: Int, y: Int) -> Float { values[y * width + x] }

    /// Throws unless every value lies in [0, 1], the range colormaps and alpha expect (eli5 checks the same).
    func validateRange() throws {
        var low = Float.infinity, high = -Float.infinity
        for v in values {
            if v.isNaN { throw Problem("heatmap values must be numbers in [0, 1], found NaN") }
            low = min(low, v)
            high = max(high, v)
        }
        guard low >= 0, high <= 1 else {
            throw Problem("heatmap values must lie in [0, 1], got minimum \(low) and maximum \(high); "
                             + "normalize the map first (e.g. divide by its maximum)")
        }
    }
}

/// The heatmap as a picture at its own resolution, as eli5's `heatmap_to_image`: gray (`Int(h * 255)`), or, given
/// a colormap, the map's RGB colours (`Int(lut * 255)`).
public func heatmapImage(_ heatmap: Heatmap, colormap: Colormap? = nil) throws -> Image {
    try heatmap.validateRange()
    guard let colormap else {
        return Image(unchecked: heatmap.width, heatmap.height, 1, heatmap.values.map { UInt8(Double($0) * 255) })
    }
    var pixels: [UInt8] = []
    pixels.reserveCapacity(heatmap.values.count * 3)
    for v in heatmap.values { pixels += colormap.color8(Double(v)) }
    return Image(unchecked: heatmap.width, heatmap.height, 3, pixels)
}

/// The heatmap coloured with `colormap`, with alpha equal to the value capped at `alphaLimit`, in 8 bits at the
/// heatmap's own resolution: eli5's `_colorize` then `_update_alpha` then `(rgba * 255).astype(uint8)`.
/// `alphaLimit` must lie in [0, 1]; `nil` means no cap. A `signed` heatmap holds a signed map shifted to [0, 1]
/// (0.5 is zero): its alpha is the magnitude `|2h − 1|`, so both signs show and zero stays clear.
public func colorizedHeatmap(_ heatmap: Heatmap, colormap: Colormap = .viridis,
                             alphaLimit: Double? = 0.65, signed: Bool = false) throws -> Image {
    try heatmap.validateRange()
    if let alphaLimit, !(0...1).contains(alphaLimit) {
        throw Problem("alphaLimit must lie in [0, 1] (0 = invisible heatmap, 1 = opaque), got \(alphaLimit)")
    }
    var pixels = [UInt8](repeating: 0, count: heatmap.values.count * 4)
    for (i, value) in heatmap.values.enumerated() {
        let h = Double(value)
        let (r, g, b) = colormap.color(h)
        let opacity = signed ? abs(2 * h - 1) : h
        let alpha = alphaLimit.map { min(opacity, $0) } ?? opacity
        pixels[4 * i] = UInt8(r * 255)
        pixels[4 * i + 1] = UInt8(g * 255)
        pixels[4 * i + 2] = UInt8(b * 255)
        pixels[4 * i + 3] = UInt8(alpha * 255)
    }
    return Image(unchecked: heatmap.width, heatmap.height, 4, pixels)
}

/// eli5's `format_as_image` on a heatmap and the image it explains, in eli5's order: colour the heatmap, set its
/// alpha to `min(h, alphaLimit)`, convert to 8 bits, resize the RGBA heatmap to the image's size with
/// `resampling` (premultiplied alpha, as Pillow), and alpha-composite it over the image turned RGBA.
/// The defaults are eli5's (viridis, 0.65, lanczos). Returns an RGBA image the size of `base`. See
/// `colorizedHeatmap` for `signed`.
public func overlayHeatmap(_ heatmap: Heatmap, on base: Image, colormap: Colormap = .viridis,
                           alphaLimit: Double? = 0.65, resampling: ResamplingFilter = .lanczos,
                           signed: Bool = false) throws -> Image {
    let colored = try colorizedHeatmap(heatmap, colormap: colormap, alphaLimit: alphaLimit, signed: signed)
    let background = try base.converted(toChannels: 4)
    if alphaLimit == 0 { return background }
    let expanded = try colored.resized(width: base.width, height: base.height, filter: resampling)
    return try background.alphaComposited(with: expanded)
}
