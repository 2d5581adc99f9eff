import CamLabImaging

/// A labelled grid of pictures as a plot: SVG for reports and notebooks (pictures as embedded PNG drawn with
/// crisp pixels, headings and captions as real text), and half-block pictures for a terminal.
extension LabelledGrid: Plot {
    public func svg() -> String {
        let picture = pictureSize
        let captionSize = 12.0, lineHeight = 15.0, gap = 12.0
        let texts = cells.joined().compactMap { $0?.caption.map(\.text) }.joined() + columnHeaders
        let cellWidth = max(Double(picture.width), (texts.map { estimatedTextWidth($0, size: captionSize) }.max() ?? 0) + 4)
        let headerWidth = (rowHeaders.joined().map { estimatedTextWidth($0.text, size: 13) }.max() ?? 0) + 8
        let rowHeight = max(Double(picture.height) + Double(captionLines) * lineHeight + 6,
                            Double(rowHeaders.map(\.count).max() ?? 0) * 17)
        let top = subtitle == nil ? 58.0 : 76.0
        let gridWidth = headerWidth + gap + Double(columnHeaders.count) * (cellWidth + gap)
        let width = max(gridWidth + gap, estimatedTextWidth(title, size: 15) + 2 * gap,
                        estimatedTextWidth(subtitle ?? "", size: 12) + 2 * gap)
        let height = top + Double(cells.count) * (rowHeight + gap) + gap
        var svg = SVGBuilder(width: width, height: height)
        svg.text(width / 2, 24, title, anchor: "middle", size: 15, weight: "600")
        if let subtitle { svg.text(width / 2, 44, subtitle, anchor: "middle", size: 12, fill: Palette.muted) }
        let left = gap + headerWidth + gap
        for (column, header) in columnHeaders.enumerated() {
            svg.text(left + Double(column) * (cellWidth + gap) + cellWidth / 2, top - 10, header, anchor: "middle",
                     size: 13, weight: "600")
        }
        for (row, places) in cells.enumerated() {
            let y = top + Double(row) * (rowHeight + gap)
            let lines = rowHeaders[row]
            for (index, line) in lines.enumerated() {
                let middle = y + Double(picture.height) / 2 - Double(lines.count - 1) * 8.5 + Double(index) * 17
                svg.text(gap + headerWidth, middle, line.text, anchor: "end", size: 13,
                         weight: index == 0 || line.tone != .normal ? "600" : nil, fill: line.tone.hex, baseline: "middle")
            }
            for (column, place) in places.enumerated() {
                guard let cell = place else { continue }
                let x = left + Double(column) * (cellWidth + gap)
                let w = Double(cell.image.width * scale), h = Double(cell.image.height * scale)
                let png = (try? PNG.encode(cell.image)) ?? []
                svg.element("image", [("x", SVGBuilder.number(x + (cellWidth - w) / 2)), ("y", SVGBuilder.number(y)),
                                      ("width", SVGBuilder.number(w)), ("height", SVGBuilder.number(h)),
                                      ("preserveAspectRatio", "none"), ("image-rendering", "pixelated"),
                                      ("style", "image-rendering:pixelated"),
                                      ("href", "data:image/png;base64," + base64Encode(png))])
                for (index, line) in cell.caption.enumerated() {
                    svg.text(x + cellWidth / 2, y + Double(picture.height) + 14 + Double(index) * lineHeight, line.text,
                             anchor: "middle", size: captionSize, weight: line.tone == .good || line.tone == .bad ? "600" : nil,
                             fill: line.tone.hex)
                }
            }
        }
        return svg.document(title: title)
    }

    /// The pictures as a gallery in reading order, each captioned with its column and row.
    public func terminal(width: Int, color: Bool) -> String {
        var items: [GalleryItem] = []
        for (row, places) in cells.enumerated() {
            for (column, place) in places.enumerated() {
                guard let cell = place, let picture = try? GalleryImage(cell.image) else { continue }
                // The row's heading goes with its first picture; the column's with every one.
                let first = places.firstIndex { $0 != nil } == column
                let heading = first && cells.count > 1 ? rowHeaders[row].map(\.text).joined(separator: " ") + ": " : ""
                items.append(GalleryItem(images: [picture], caption: [heading + columnHeaders[column]]
                                         + cell.caption.map(\.text)))
            }
        }
        let heading = subtitle.map { title + " — " + $0 } ?? title
        guard let gallery = try? ImageGallery(title: heading, items: items) else { return heading + "\n" }
        return gallery.terminal(width: width, color: color)
    }
}

extension GridText.Tone {
    /// The tone's colour in SVG, matching the pixels' `rgb`.
    var hex: String { Palette.hex((rgb[0], rgb[1], rgb[2])) }
}
