import CamLabCore
import CamLabImaging

/// A picture as a language value (gray, RGB or RGBA bytes): what `show` draws and `save` writes.
public final class ImageObject: CamLabObject {
    public let typeName = "image"
    public let image: Image
    public init(_ image: Image) { self.image = image }
    public var memberNames: [String] { ["width", "height", "channels"] }
    public func member(_ name: String) -> Value? {
        switch name {
        case "width": return .number(Double(image.width))
        case "height": return .number(Double(image.height))
        case "channels": return .number(Double(image.channels))
        default: return nil
        }
    }
    public var summary: String { "<image \(image.width)×\(image.height), \(["", "gray", "", "RGB", "RGBA"][image.channels])>" }
}

/// Images, colormaps and figures, over CamLabImaging.
func registerImageBuiltins(in r: BuiltinRegistry) {
    r.define("image(x, colormap: none, size: none, resampling: nearest)", topic: "images",
             "A tensor as a picture: (H, W), (H, W, C) or (1, H, W, C), stretched to 0…255; with a colormap, a "
             + "2-D map coloured like matplotlib's imshow (image(heatmap, colormap: greens)).") { args, _ in
        var picture = try image(from: args["x"], colormap: try colormapArgument(args, "colormap"), args)
        if !args.isNone("size") {
            let (width, height) = try sizeArgument(args, "size")
            picture = try picture.resized(width: width, height: height, filter: try resamplingArgument(args))
        }
        return .object(ImageObject(picture))
    }
    r.define("side_by_side(images..., titles: none, spacing: 6)", topic: "images",
             "One picture of several images in a row, optionally titled: side_by_side(a, b, titles: [\"x\", \"heatmap\"]).") { args, _ in
        let items = try args.items("images")
        let titles = args.isNone("titles") ? [] : try args.items("titles").map(\.printed)
        guard !items.isEmpty else { throw BuiltinError("side_by_side needs at least one image", argument: "images") }
        guard titles.isEmpty || titles.count == items.count else {
            throw BuiltinError("side_by_side: \(items.count) images but \(titles.count) titles", argument: "titles")
        }
        let panels = try items.enumerated().map { index, item in
            Panel(try image(from: item, colormap: nil, args), title: titles.isEmpty ? nil : titles[index])
        }
        return .object(ImageObject(try Figure.sideBySide(panels, spacing: try spacingArgument(args))))
    }
    r.define("show(image, title: none)", topic: "images",
             "Draws an image, tensor or explanation right in the terminal (24-bit colour half blocks).") { args, interpreter in
        let value = args["image"], title = try args.optionalString("title")
        // Pixels when the value has them (or is a tensor); a value that is only a chart shows its chart.
        if value.pixelsForm == nil, let chart = value.chart {
            interpreter.output.receive(.picture(.plot(chart)))
        } else {
            interpreter.output.receive(.picture(.image(try image(from: value, colormap: nil, args), title: title)))
        }
        return .none
    }
    r.define("load_image(path, size: none, gray: false)", topic: "images",
             "Reads a PNG or PPM as a batch of one for a model: shape (1, H, W, C), values 0…1; "
             + "load_image(\"shirt.png\", size: (28, 28), gray: true).") { args, _ in
        var picture = try Image.read(from: try args.path("path"))
        if try args.bool("gray") { picture = try picture.converted(toChannels: 1) }
        else if picture.channels == 4 { picture = try picture.converted(toChannels: 3) }
        if !args.isNone("size") {
            let (width, height) = try sizeArgument(args, "size")
            picture = try picture.resized(width: width, height: height, filter: .bilinear)
        }
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
func image(from value: Value, colormap: Colormap?, _ args: Arguments) throws -> Image {
    if let pixels = value.pixelsForm { return try pixels() }
    switch value {
    case .tensor(let t):
        guard let colormap else { return try Image(rescaling: t) }
        var shape = t.shape.filter { $0 != 1 }
        if shape.count == 1 { shape = t.shape.suffix(2) == [1, 1] ? [shape[0], 1] : t.shape.suffix(2).map { $0 } }
        guard shape.count == 2 else {
            throw BuiltinError("a colormap colours a 2-D map; this tensor has shape \(t.shape.shapeDescription)")
        }
        var values = t.scalars
        let low = values.min() ?? 0, high = values.max() ?? 1
        if low < 0 || high > 1 {  // stretch to [0, 1] as imshow does
            values = values.map { high > low ? ($0 - low) / (high - low) : 0 }
        }
        return try heatmapImage(try Heatmap(width: shape[1], height: shape[0], values: values), colormap: colormap)
    default:
        if value.chart != nil {
            throw BuiltinError("\(value.typeNameWithArticle) is drawn as a chart, not an image; use plot(…)")
        }
        throw BuiltinError("expected an image, tensor or explanation, got \(value.described)")
    }
}

func colormapArgument(_ args: Arguments, _ name: String) throws -> Colormap? {
    if args.isNone(name) { return nil }
    return try Colormap(named: try args.named(name, kind: "colormap", among: colormapChoices))
}

let colormapChoices = Colormap.names + Colormap.names.map { $0 + "_r" }

func resamplingArgument(_ args: Arguments, _ name: String = "resampling") throws -> ResamplingFilter {
    try ResamplingFilter(named: try args.named(name, kind: "resampling",
                                               among: ResamplingFilter.allCases.map(\.rawValue)))
}

/// `(width, height)` from a `(height, width)` tuple, as Keras' target_size is written.
private func sizeArgument(_ args: Arguments, _ name: String) throws -> (Int, Int) {
    let s = try shape(args, name)
    guard s.count == 2 else { throw args.fail(name, expected: "a (height, width) pair") }
    // Three channels of 4 bytes a pixel.
    try args.checkElements(Limits.elementCount(s) * 3, for: "\(args.builtin.name): an image of \(s[0])×\(s[1]) pixels",
                           argument: name)
    return (s[1], s[0])
}

func loadImage(_ path: String) throws -> Value { .object(ImageObject(try Image.read(from: path))) }

/// Pixels between panels; more than a screen's width is surely a typo, and would allocate a huge figure.
private func spacingArgument(_ args: Arguments) throws -> Int {
    let spacing = try args.int("spacing")
    guard (0...1000).contains(spacing) else {
        throw args.fail("spacing", expected: "a number of pixels from 0 to 1000")
    }
    return spacing
}
