import CamLabCore

/// One picture in a figure, with an optional title printed above it.
public struct Panel: Sendable, Equatable {
    public var image: Image
    public var title: String?

    public init(_ image: Image, title: String? = nil) {
        self.image = image
        self.title = title
    }
}

/// Figures made of several panels: side by side (e.g. the original in gray beside its heatmap in greens) or in a
/// grid (comparing layers, classes or samples). Panels are centred in equal cells; titles use a 5×7 pixel font.
public enum Figure {
    /// Pixels of margin around and between panels.
    public static let defaultSpacing = 6
    /// Titles wider than this (and than their panel) are shortened with "..".
    public static let maxTitleWidth = 240

    /// The panels in one row, left to right. Returns an RGB image.
    public static func sideBySide(_ panels: [Panel], spacing: Int = defaultSpacing,
                                  background: [UInt8] = [255, 255, 255]) throws -> Image {
        try grid(panels, columns: max(panels.count, 1), spacing: spacing, background: background)
    }

    /// The panels row by row, `columns` to a row. Every cell is as large as the largest panel; translucent
    /// panels are composited over `background` (an RGB colour). Returns an RGB image.
    public static func grid(_ panels: [Panel], columns: Int, spacing: Int = defaultSpacing,
                            background: [UInt8] = [255, 255, 255]) throws -> Image {
        guard !panels.isEmpty else { throw Problem("a figure needs at least one panel") }
        guard columns >= 1 else { throw Problem("a figure grid needs at least 1 column, got \(columns)") }
        guard spacing >= 0 else { throw Problem("figure spacing must not be negative, got \(spacing)") }
        guard background.count == 3 else {
            throw Problem("the figure background is an RGB colour (3 bytes), got \(background.count) bytes")
        }
        let hasTitles = panels.contains { !($0.title ?? "").isEmpty }
        let titleBand = hasTitles ? BitmapFont.glyphHeight + 4 : 0
        // Cells widen for titles, up to a point; longer titles are shortened.
        let titleWidth = panels.map { BitmapFont.width(of: $0.title ?? "") }.max()!
        let cellWidth = max(panels.map(\.image.width).max()!, min(titleWidth, maxTitleWidth))
        let cellHeight = panels.map(\.image.height).max()! + titleBand
        let rows = (panels.count + columns - 1) / columns
        let usedColumns = min(columns, panels.count)
        var canvas = try Image(width: usedColumns * cellWidth + (usedColumns + 1) * spacing,
                               height: rows * cellHeight + (rows + 1) * spacing, color: background)
        for (index, panel) in panels.enumerated() {
            let left = spacing + (index % columns) * (cellWidth + spacing)
            let top = spacing + (index / columns) * (cellHeight + spacing)
            if let title = panel.title, !title.isEmpty {
                let text = fitted(title, width: cellWidth)
                canvas.draw(text: text, x: left + (cellWidth - BitmapFont.width(of: text)) / 2, y: top + 1,
                            color: [0, 0, 0])
            }
            let picture = try flattened(panel.image, over: background)
            canvas.paste(picture, x: left + (cellWidth - picture.width) / 2,
                         y: top + titleBand + (cellHeight - titleBand - picture.height) / 2)
        }
        return canvas
    }

    /// `title` shortened with ".." when it is wider than `width` pixels.
    static func fitted(_ title: String, width: Int) -> String {
        if BitmapFont.width(of: title) <= width { return title }
        let characters = max((width + 1) / BitmapFont.advance - 2, 0)
        return String(title.prefix(characters)) + ".."
    }

    /// The panel as RGB; RGBA is composited over the background colour first.
    private static func flattened(_ image: Image, over background: [UInt8]) throws -> Image {
        guard image.hasAlpha else { return try image.converted(toChannels: 3) }
        let backdrop = try Image(width: image.width, height: image.height, color: background + [255])
        return try backdrop.alphaComposited(with: image).converted(toChannels: 3)
    }
}

extension Image {
    /// Copies `image` (same channel count) with its top-left corner at (`x`, `y`), clipped to this image.
    mutating func paste(_ image: Image, x: Int, y: Int) {
        for row in 0..<image.height where y + row >= 0 && y + row < height {
            for column in 0..<image.width where x + column >= 0 && x + column < width {
                let source = (row * image.width + column) * channels
                let target = ((y + row) * width + x + column) * channels
                for c in 0..<channels { pixels[target + c] = image.pixels[source + c] }
            }
        }
    }

    /// Draws `text` in the 5×7 font with its top-left corner at (`x`, `y`); `color` has one byte per channel.
    mutating func draw(text: String, x: Int, y: Int, color: [UInt8]) {
        for (index, character) in text.enumerated() {
            let glyph = BitmapFont.glyph(character)
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where glyph[row] & (0x10 >> UInt8(column)) != 0 {
                    let px = x + index * BitmapFont.advance + column, py = y + row
                    guard px >= 0, px < width, py >= 0, py < height else { continue }
                    for c in 0..<channels { pixels[(py * width + px) * channels + c] = color[c % color.count] }
                }
            }
        }
    }
}
