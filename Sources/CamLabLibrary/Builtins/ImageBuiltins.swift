import CamLabCore
import CamLabImaging
import CamLabLang

/// A picture as a language value (gray, RGB or RGBA bytes): what `show` draws and `save` writes.
public final class ImageObject: TabulatedMembers {
    public let typeName = "image"
    public let image: Image
    public init(_ image: Image) { self.image = image }
    public static let members = MemberTable<ImageObject>([
        "width": { .number(Double($0.image.width)) },
        "height": { .number(Double($0.image.height)) },
        "channels": { .number(Double($0.image.channels)) },
    ])
    public var summary: String { "<image \(image.width)×\(image.height), \(["", "gray", "", "RGB", "RGBA"][image.channels])>" }
}

/// Images, colormaps and figures, over CamLabImaging.
func registerImageBuiltins(in r: BuiltinRegistry) {
    r.register([ImageBuiltin.self, SideBySide.self, Show.self, LoadImage.self])
}

struct ImageBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("image", topic: "images",
        "A tensor as a picture: (H, W), (H, W, C) or (1, H, W, C), stretched to 0…255; with a colormap, a "
        + "2-D map coloured like matplotlib's imshow (image(heatmap, colormap: greens)).")
    @Positional var x: Value
    @Labelled var colormap: Colormap? = nil
    @Labelled var size: ImageSize? = nil
    @Labelled var resampling = ResamplingFilter.nearest

    func run(_ call: BuiltinCall) throws -> Value {
        var picture = try image(from: x, colormap: colormap)
        if let size { picture = try picture.resized(width: size.width, height: size.height, filter: resampling) }
        return .object(ImageObject(picture))
    }
}

struct SideBySide: BuiltinFunction {
    static let configuration = BuiltinConfiguration("side_by_side", topic: "images",
        "One picture of several images in a row, optionally titled: side_by_side(a, b, titles: [\"x\", \"heatmap\"]).")
    @Variadic var images: [Value]
    @Labelled var titles: [Value]? = nil
    @Labelled(.pixels) var spacing = 6

    func run(_ call: BuiltinCall) throws -> Value {
        let titles = (titles ?? []).map(\.printed)
        guard !images.isEmpty else { throw $images.error("side_by_side needs at least one image") }
        guard titles.isEmpty || titles.count == images.count else {
            throw $titles.error("side_by_side: \(images.count) images but \(titles.count) titles")
        }
        let panels = try images.enumerated().map { index, item in
            Panel(try image(from: item, colormap: nil), title: titles.isEmpty ? nil : titles[index])
        }
        return .object(ImageObject(try Figure.sideBySide(panels, spacing: spacing)))
    }
}

struct Show: BuiltinFunction {
    static let configuration = BuiltinConfiguration("show", topic: "images",
        "Draws an image, tensor or explanation right in the terminal (24-bit colour half blocks).")
    @Positional var image: Value
    @Labelled var title: String? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        // Pixels when the value has them (or is a tensor); a value that is only a chart shows its chart.
        if image.pixelsForm == nil, let chart = image.chart {
            call.output.receive(.picture(.plot(chart)))
        } else {
            call.output.receive(.picture(.image(try CamLabLibrary.image(from: image, colormap: nil).raster, title: title)))
        }
        return .none
    }
}

struct LoadImage: BuiltinFunction {
    static let configuration = BuiltinConfiguration("load_image", topic: "images",
        "Reads a PNG, JPEG or PPM as a batch of one for a model: shape (1, H, W, C), values 0…1; "
        + "load_image(\"shirt.png\", size: (28, 28), gray: true). color_mode: \"grayscale\", \"rgb\" or \"rgba\" "
        + "converts as Keras does (the picture's own channels by default, alpha dropped).")
    @Positional var path: FilePath
    @Labelled var size: ImageSize? = nil
    @Labelled var gray = false
    @Labelled var colorMode: ColorMode? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        if gray, let colorMode, colorMode != .grayscale {
            throw $colorMode.error("load_image: gray: true and color_mode: \"\(colorMode.rawValue)\" contradict each other",
                                   help: "give one of them")
        }
        var picture = try Image.read(from: path.path)
        let channels = gray ? 1 : colorMode?.channels ?? (picture.channels == 4 ? 3 : picture.channels)
        picture = try picture.converted(toChannels: channels)
        if let size { picture = try picture.resized(width: size.width, height: size.height, filter: .bilinear) }
        let t = picture.tensor()
        return .tensor(try t.reshaped([1] + t.shape))
    }
}

func registerImageConstants(in r: BuiltinRegistry) {
    for name in Colormap.names {
        r.constant(name, kind: "colormap", doc: "matplotlib's '\(name)' colormap (\(name)_r is reversed).")
    }
    for filter in ResamplingFilter.allCases {
        r.constant(filter.rawValue, kind: "resampling", doc: "Pillow's \(filter.rawValue) resampling filter.")
    }
}

/// The pixels of a value that has them (an image, an explanation's overlay, a grid); a tensor as a picture
/// (with a colormap, as a 2-D map).
func image(from value: Value, colormap: Colormap?) throws -> Image {
    if let pixels = value.pixelsForm { return try Image(pixels()) }
    switch value {
    case .tensor(let t):
        guard let colormap else { return try Image(rescaling: t) }
        var shape = t.shape.filter { $0 != 1 }
        if shape.count == 1 { shape = t.shape.suffix(2) == [1, 1] ? [shape[0], 1] : t.shape.suffix(2).map { $0 } }
        guard shape.count == 2 else {
            throw Problem("a colormap colours a 2-D map; this tensor has shape \(t.shape.shapeDescription)")
        }
        var values = t.scalars
        let low = values.min() ?? 0, high = values.max() ?? 1
        if low < 0 || high > 1 {  // stretch to [0, 1] as imshow does
            values = values.map { high > low ? ($0 - low) / (high - low) : 0 }
        }
        return try heatmapImage(try Heatmap(width: shape[1], height: shape[0], values: values), colormap: colormap)
    default:
        if value.chart != nil {
            throw Problem("\(value.typeNameWithArticle) is drawn as a chart, not an image; use plot(…)")
        }
        throw Problem("expected an image, tensor or explanation, got \(value.described)")
    }
}

let colormapChoices = Colormap.names + Colormap.names.map { $0 + "_r" }

extension Colormap: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> Colormap {
        try Colormap(named: try slot.choice(kind: "colormap", among: colormapChoices))
    }
    public var shownAsDefault: String { name }
}

extension ResamplingFilter: NamedChoice { public static let kind = "resampling" }

/// `(width, height)` from a `(height, width)` tuple, as Keras' target_size is written.
struct ImageSize: ArgumentValue {
    let width: Int, height: Int

    static func argument(_ slot: ParameterSlot) throws -> ImageSize {
        let s = try Extents.argument(slot).extents
        guard s.count == 2 else { throw slot.fail(expected: "a (height, width) pair") }
        // Three channels of 4 bytes a pixel.
        try slot.call?.checkElements(Limits.elementCount(s) * 3,
                                     for: "\(slot.builtinName): an image of \(s[0])×\(s[1]) pixels", at: slot)
        return ImageSize(width: s[1], height: s[0])
    }
    var shownAsDefault: String { "(\(height), \(width))" }
}

extension Check where T == Int {
    /// Pixels between panels: more than a screen's width is surely a typo, and would allocate a huge figure.
    static var pixels: Check {
        Check { n, slot in
            guard (0...1000).contains(n) else { throw slot.fail(expected: "a number of pixels from 0 to 1000") }
        }
    }
}

func loadImage(_ path: String) throws -> Value { .object(ImageObject(try Image.read(from: path))) }
