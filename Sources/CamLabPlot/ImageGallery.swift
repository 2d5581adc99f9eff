import CamLabCore
import CamLabImaging

/// A picture ready for a gallery: its RGBA pixels (for the terminal) and the same picture encoded as PNG (for SVG
/// and HTML, as a data URI).
public struct GalleryImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Row-major RGBA, 4 bytes per pixel, `width * height * 4` bytes, top row first.
    public let rgba: [UInt8]
    /// The same picture as a PNG file's bytes.
    public let png: [UInt8]

    /// Throws when the pixel buffer's size does not match `width × height × 4` or the PNG bytes lack the signature.
    public init(width: Int, height: Int, rgba: [UInt8], png: [UInt8]) throws {
        guard width > 0, height > 0 else {
            throw Problem("gallery image must have a positive size, got \(width)×\(height)")
        }
        guard rgba.count == width * height * 4 else {
            throw Problem("gallery image of \(width)×\(height) needs \(width * height * 4) RGBA bytes, "
                + "got \(rgba.count)")
        }
        guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw Problem("gallery image's PNG bytes do not start with the PNG signature")
        }
        self.width = width
        self.height = height
        self.rgba = rgba
        self.png = png
    }

    /// The pixel at (x, y) composited over white, as RGB.
    func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * 4
        let alpha = Int(rgba[i + 3])
        func over(_ c: UInt8) -> UInt8 { UInt8((Int(c) * alpha + 255 * (255 - alpha)) / 255) }
        return (over(rgba[i]), over(rgba[i + 1]), over(rgba[i + 2]))
    }
}

/// One gallery entry: a row of pictures (say a test image and its Grad-CAM overlay) and caption lines below them.
public struct GalleryItem: Sendable, Equatable {
    public var images: [GalleryImage]
    /// Caption lines, drawn in order under the pictures.
    public var caption: [String]
    /// Draws the second caption line in the warning colour (a wrong prediction).
    public var highlightSecondLine: Bool

    public init(images: [GalleryImage], caption: [String], highlightSecondLine: Bool = false) {
        self.images = images
        self.caption = caption
        self.highlightSecondLine = highlightSecondLine
    }
}

/// A grid of captioned pictures, scaled up with crisp pixels: the misclassified test images, each with its true and
/// predicted class and its Grad-CAM overlay.
public struct ImageGallery: Plot {
    public var title: String
    public let items: [GalleryItem]
    /// How many times each picture is enlarged in SVG (28×28 at 3 is 84×84).
    public let scale: Int
    /// Entries per row in SVG.
    public let columns: Int

    /// Throws when there are no items or an item has no picture. `columns` defaults to what fits 900 units wide.
    public init(title: String, items: [GalleryItem], scale: Int = 3, columns: Int? = nil) throws {
        guard !items.isEmpty else { throw Problem("gallery '\(title)' has no pictures to show") }
        if let index = items.firstIndex(where: { $0.images.isEmpty }) {
            throw Problem("gallery '\(title)': entry \(index) has no picture")
        }
        self.title = title
        self.items = items
        self.scale = max(1, scale)
        let widest = items.map { ImageGallery.itemWidth($0, scale: max(1, scale)) }.max() ?? 100
        self.columns = max(1, min(items.count, columns ?? Int(900 / (widest + 16))))
    }

    /// Misclassified test samples: each entry's image and Grad-CAM overlay side by side, captioned with the true
    /// and predicted class.
    public static func misclassified(title: String = "Misclassified test images",
                                     entries: [(image: GalleryImage, overlay: GalleryImage, trueLabel: String,
                                                predictedLabel: String)],
                                     scale: Int = 3) throws -> ImageGallery {
        try ImageGallery(title: title, items: entries.map {
            GalleryItem(images: [$0.image, $0.overlay], caption: ["true: \($0.trueLabel)",
                                                                  "predicted: \($0.predictedLabel)"],
                        highlightSecondLine: true)
        }, scale: scale)
    }

    static func itemWidth(_ item: GalleryItem, scale: Int) -> Double {
        let pictures = item.images.reduce(0.0) { $0 + Double($1.width * scale) } + Double(item.images.count - 1) * 4
        let caption = item.caption.map { estimatedTextWidth($0, size: 12) }.max() ?? 0
        return max(pictures, caption)
    }

    public func svg() -> String {
        let cellWidth = (items.map { ImageGallery.itemWidth($0, scale: scale) }.max() ?? 84) + 16
        let pictureHeight = items.map { item in item.images.map { Double($0.height * scale) }.max() ?? 0 }.max() ?? 84
        let captionLines = items.map(\.caption.count).max() ?? 0
        let cellHeight = pictureHeight + Double(captionLines) * 16 + 18
        let rows = (items.count + columns - 1) / columns
        let width = max(Double(columns) * cellWidth + 16, estimatedTextWidth(title, size: 15) + 20)
        var svg = SVGBuilder(width: width, height: 40 + Double(rows) * cellHeight)
        svg.text(width / 2, 24, title, anchor: "middle", size: 15, weight: "600")
        for (index, item) in items.enumerated() {
            let originX = 16 + Double(index % columns) * cellWidth
            let originY = 40 + Double(index / columns) * cellHeight
            var x = originX
            for image in item.images {
                let w = Double(image.width * scale), h = Double(image.height * scale)
                svg.element("image", [("x", SVGBuilder.number(x)), ("y", SVGBuilder.number(originY)),
                                      ("width", SVGBuilder.number(w)), ("height", SVGBuilder.number(h)),
                                      ("preserveAspectRatio", "none"), ("image-rendering", "pixelated"),
                                      ("style", "image-rendering:pixelated"),
                                      ("href", "data:image/png;base64," + base64Encode(image.png))])
                x += w + 4
            }
            for (line, text) in item.caption.enumerated() {
                let highlighted = item.highlightSecondLine && line == 1
                svg.text(originX, originY + pictureHeight + 16 + Double(line) * 16, text, size: 12,
                         weight: highlighted ? "600" : nil, fill: highlighted ? "#b8430b" : Palette.text)
            }
        }
        return svg.document(title: title)
    }

    /// Pictures drawn with half blocks ("▀": the top pixel in the text colour, the bottom one in the background),
    /// or with a grey ramp of characters when `color` is off. Pictures wider than 28 columns are shrunk.
    public func terminal(width: Int, color: Bool) -> String {
        var out = [fit(title, width)]
        let blocks = items.map { renderItem($0, color: color) }
        let blockWidth = (items.map { item in item.images.reduce(0) { $0 + min($1.width, 28) + 1 } }.max() ?? 29) + 2
        let perRow = max(1, width / max(1, blockWidth))
        var start = 0
        while start < blocks.count {
            let row = Array(blocks[start..<min(blocks.count, start + perRow)])
            let height = row.map(\.lines.count).max() ?? 0
            for line in 0..<height {
                out.append(row.map { block in
                    line < block.lines.count ? block.lines[line] + String(repeating: " ", count: max(0,
                        blockWidth - block.visibleWidths[line])) : String(repeating: " ", count: blockWidth)
                }.joined())
            }
            start += perRow
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func renderItem(_ item: GalleryItem, color: Bool) -> (lines: [String], visibleWidths: [Int]) {
        let ramp = Array(" .:-=+*#%@")
        let pictures = item.images.map { image -> [String] in
            let step = max(1, (image.width + 27) / 28)
            let columns = image.width / step, rows = (image.height / step + 1) / 2
            return (0..<rows).map { row in
                var text = ""
                for column in 0..<columns {
                    let top = image.rgb(column * step, min(image.height - 1, 2 * row * step))
                    let bottom = image.rgb(column * step, min(image.height - 1, (2 * row + 1) * step))
                    if color {
                        text += ansiForeground(Palette.hex(top)) + ansiBackground(bottom) + "▀"
                    } else {
                        // Dark ink on a light page: darker pixels get denser characters.
                        let grey = (Int(top.0) + Int(top.1) + Int(top.2) + Int(bottom.0) + Int(bottom.1)
                            + Int(bottom.2)) / 6
                        text.append(ramp[(255 - grey) * (ramp.count - 1) / 255])
                    }
                }
                return color ? text + ansiReset : text
            }
        }
        let widths = item.images.map { $0.width / max(1, ($0.width + 27) / 28) }
        let height = pictures.map(\.count).max() ?? 0
        var lines: [String] = [], visible: [Int] = []
        for row in 0..<height {
            var line = "", count = 0
            for (picture, width) in zip(pictures, widths) {
                line += row < picture.count ? picture[row] : String(repeating: " ", count: width)
                line += " "
                count += width + 1
            }
            lines.append(line)
            visible.append(count)
        }
        let captionWidth = max(1, visible.first ?? 1)
        for text in item.caption {
            let cut = fit(text, captionWidth)
            lines.append(cut)
            visible.append(cut.count)
        }
        return (lines, visible)
    }
}

extension GalleryImage {
    /// A gallery picture from any CamLab image (gray, RGB or RGBA), encoded once as PNG for SVG and HTML.
    public init(_ image: Image) throws {
        let rgba = try image.converted(toChannels: 4)
        try self.init(width: image.width, height: image.height, rgba: rgba.pixels, png: PNG.encode(image))
    }
}
