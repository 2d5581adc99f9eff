import CamLabCore

/// A line of text in a labelled grid, with the tone it is drawn in.
public struct GridText: Sendable, Equatable, ExpressibleByStringLiteral {
    public enum Tone: Sendable, Equatable {
        case normal, muted
        /// A result to notice as good (the best score of a row, a passed check) or bad (a failed check).
        case good, bad
    }
    public var text: String
    public var tone: Tone

    public init(_ text: String, tone: Tone = .normal) {
        self.text = text
        self.tone = tone
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// A table of pictures: column headings across the top, row headings down the left, and under each picture
/// its caption — methods against layers with their scores, or a sanity check's maps step by step. It is
/// drawn as pixels here (`rendered`) and as SVG and terminal text by CamLabPlot, from the same description.
public struct LabelledGrid: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var image: Image
        public var caption: [GridText]

        public init(image: Image, caption: [GridText] = []) {
            self.image = image
            self.caption = caption
        }
    }

    public var title: String
    /// A line under the title saying how to read the grid; nil for none.
    public var subtitle: String?
    public var columnHeaders: [String]
    /// One heading per row, each one or more lines (a method's name, then its verdict).
    public var rowHeaders: [[GridText]]
    /// rows × columns; nil leaves a place empty (a method that reads no layer, in a layer's column).
    public var cells: [[Cell?]]
    /// How many times pictures are enlarged, with crisp pixels.
    public var scale: Int

    /// Throws unless there is a heading per row and per column and every row has a place per column.
    public init(title: String, subtitle: String? = nil, columnHeaders: [String], rowHeaders: [[GridText]],
                cells: [[Cell?]], scale: Int = 4) throws {
        guard !cells.isEmpty, !columnHeaders.isEmpty else { throw Problem("grid '\(title)' has no pictures") }
        guard rowHeaders.count == cells.count else {
            throw Problem("grid '\(title)' has \(cells.count) rows but \(rowHeaders.count) row headings")
        }
        if let row = cells.firstIndex(where: { $0.count != columnHeaders.count }) {
            throw Problem("grid '\(title)': row \(row) has \(cells[row].count) places for \(columnHeaders.count) columns")
        }
        guard cells.joined().contains(where: { $0 != nil }) else { throw Problem("grid '\(title)' has no pictures") }
        self.title = title
        self.subtitle = subtitle
        self.columnHeaders = columnHeaders
        self.rowHeaders = rowHeaders
        self.cells = cells
        self.scale = max(1, scale)
    }

    /// The largest picture's size after enlargement.
    public var pictureSize: (width: Int, height: Int) {
        let pictures = cells.joined().compactMap { $0?.image }
        return ((pictures.map(\.width).max() ?? 1) * scale, (pictures.map(\.height).max() ?? 1) * scale)
    }

    /// The most caption lines under any picture.
    public var captionLines: Int { cells.joined().compactMap { $0?.caption.count }.max() ?? 0 }

    /// The grid as an RGB picture on white: the title in double-size letters, the subtitle, headings and captions
    /// in the 5×7 font, good results in green and bad ones in red.
    public func rendered() throws -> Image {
        let line = BitmapFont.glyphHeight + 3, gap = 8
        let picture = pictureSize
        let longestCaption = cells.joined().compactMap { $0?.caption.map { BitmapFont.width(of: $0.text) }.max() }.max() ?? 0
        let cellWidth = max(picture.width, min(longestCaption, Figure.maxTitleWidth),
                            min(columnHeaders.map { BitmapFont.width(of: $0) }.max() ?? 0, Figure.maxTitleWidth))
        let headerWidth = min(rowHeaders.joined().map { BitmapFont.width(of: $0.text) }.max() ?? 0, Figure.maxTitleWidth)
        let rowHeight = max(picture.height + captionLines * line + 2, (rowHeaders.map(\.count).max() ?? 0) * line)
        let titleHeight = 2 * BitmapFont.glyphHeight + 8 + (subtitle == nil ? 0 : line + 2)
        let width = max(gap + headerWidth + columnHeaders.count * (cellWidth + gap) + gap,
                        2 * BitmapFont.width(of: title) + 2 * gap, BitmapFont.width(of: subtitle ?? "") + 2 * gap)
        let height = titleHeight + line + cells.count * (rowHeight + gap) + gap
        try Image.checkSize(width: width, height: height, action: "draw a grid of")
        var canvas = try Image(width: width, height: height, color: [255, 255, 255])
        let (title, subtitle) = (asciiText(self.title), self.subtitle.map(asciiText))
        canvas.draw(text: title, x: (width - 2 * BitmapFont.width(of: title)) / 2, y: 4, color: [0, 0, 0], size: 2)
        if let subtitle {
            canvas.draw(text: subtitle, x: (width - BitmapFont.width(of: subtitle)) / 2, y: 2 * BitmapFont.glyphHeight + 8,
                        color: GridText.Tone.muted.rgb)
        }

        let gridLeft = gap + headerWidth + gap
        for (column, header) in columnHeaders.enumerated() {
            let text = Figure.fitted(asciiText(header), width: cellWidth)
            canvas.draw(text: text, x: gridLeft + column * (cellWidth + gap) + (cellWidth - BitmapFont.width(of: text)) / 2,
                        y: titleHeight, color: [0, 0, 0])
        }
        for (row, places) in cells.enumerated() {
            let top = titleHeight + line + row * (rowHeight + gap)
            for (index, text) in rowHeaders[row].enumerated() {
                canvas.draw(text: Figure.fitted(asciiText(text.text), width: headerWidth), x: gap,
                            y: top + (picture.height - rowHeaders[row].count * line) / 2 + index * line,
                            color: text.tone.rgb)
            }
            for (column, place) in places.enumerated() {
                guard let cell = place else { continue }
                let left = gridLeft + column * (cellWidth + gap)
                let enlarged = try cell.image.upscaled(by: scale)
                let flat = try enlarged.hasAlpha ? Image(width: enlarged.width, height: enlarged.height,
                                                         color: [255, 255, 255, 255]).alphaComposited(with: enlarged)
                                                 : enlarged
                canvas.paste(try flat.converted(toChannels: 3), x: left + (cellWidth - enlarged.width) / 2, y: top)
                for (index, text) in cell.caption.enumerated() {
                    let fitted = Figure.fitted(asciiText(text.text), width: cellWidth)
                    canvas.draw(text: fitted, x: left + (cellWidth - BitmapFont.width(of: fitted)) / 2,
                                y: top + picture.height + 3 + index * line, color: text.tone.rgb)
                }
            }
        }
        return canvas
    }
}

/// `text` in the characters the 5×7 font draws: "Input×Gradient" as "InputxGradient", dashes as "-".
func asciiText(_ text: String) -> String {
    let replacements: [Character: String] = ["×": "x", "—": "-", "–": "-", "…": "..", "·": ".", "↑": "^", "↓": "v",
                                             "ρ": "rho", "≤": "<=", "≥": ">="]
    return text.reduce(into: "") { out, character in out += replacements[character] ?? String(character) }
}

extension GridText.Tone {
    /// The colour a tone is drawn in on white.
    public var rgb: [UInt8] {
        switch self {
        case .normal: [0, 0, 0]
        case .muted: [100, 100, 100]
        case .good: [0, 110, 50]
        case .bad: [190, 40, 20]
        }
    }
}

extension Image {
    /// `text` in the 5×7 font, each font pixel drawn as `size` × `size` pixels.
    mutating func draw(text: String, x: Int, y: Int, color: [UInt8], size: Int) {
        guard size > 1 else { return draw(text: text, x: x, y: y, color: color) }
        for (index, character) in text.enumerated() {
            let glyph = BitmapFont.glyph(character)
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where glyph[row] & (0x10 >> UInt8(column)) != 0 {
                    for dy in 0..<size {
                        for dx in 0..<size {
                            let px = x + (index * BitmapFont.advance + column) * size + dx, py = y + row * size + dy
                            guard px >= 0, px < width, py >= 0, py < height else { continue }
                            for c in 0..<channels { pixels[(py * width + px) * channels + c] = color[c % color.count] }
                        }
                    }
                }
            }
        }
    }
}
