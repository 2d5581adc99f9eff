import CamLabCore

/// A confusion matrix as a labelled heat grid: row `i`, column `j` holds how many samples of true class `i` were
/// predicted as class `j`. Each cell shows its count; its shade is the count's share of its row (the recall of that
/// prediction), so classes of different sizes compare fairly.
public struct ConfusionMatrixPlot: Plot {
    public var title: String
    /// `counts[true][predicted]`, square, non-negative.
    public let counts: [[Int]]
    /// One name per class, in row (and column) order.
    public let labels: [String]

    /// Throws when the matrix is not square, has a negative count, or `labels` does not name every class.
    /// Empty `labels` become "0", "1", ….
    public init(title: String = "Confusion matrix", counts: [[Int]], labels: [String] = []) throws {
        let n = counts.count
        guard n > 0 else { throw Problem("confusion matrix is empty: it needs at least one class") }
        for (row, values) in counts.enumerated() {
            guard values.count == n else {
                throw Problem("confusion matrix must be square: row \(row) has \(values.count) columns, expected \(n)")
            }
            if let bad = values.firstIndex(where: { $0 < 0 }) {
                throw Problem("confusion matrix has a negative count \(values[bad]) at row \(row), column \(bad)")
            }
        }
        guard labels.isEmpty || labels.count == n else {
            throw Problem("confusion matrix has \(n) classes but \(labels.count) labels; give one label per class")
        }
        self.title = title
        self.counts = counts
        self.labels = labels.isEmpty ? (0..<n).map(String.init) : labels
    }

    /// The share of row `row` that cell (row, column) holds, 0 for an empty row.
    func share(_ row: Int, _ column: Int) -> Double {
        let total = counts[row].reduce(0, +)
        return total == 0 ? 0 : Double(counts[row][column]) / Double(total)
    }

    public func svg() -> String {
        let n = counts.count
        let cell = 46.0
        let labelWidth = labels.map { estimatedTextWidth($0, size: 12) }.max() ?? 10
        let left = 34 + labelWidth + 8, top = 40.0
        // Column labels are turned 45°, so they need vertical room of about their length times sin 45°.
        let bottomRoom = 0.72 * labelWidth + 38
        let width = max(left + Double(n) * cell + 20, estimatedTextWidth(title, size: 15) + 20)
        var svg = SVGBuilder(width: width, height: top + Double(n) * cell + bottomRoom)
        svg.text(width / 2, 24, title, anchor: "middle", size: 15, weight: "600")
        let countDigits = String(counts.flatMap { $0 }.max() ?? 0).count
        let fontSize = countDigits > 4 ? 10.0 : 12.0
        for row in 0..<n {
            for column in 0..<n {
                let fill = Palette.blues(share(row, column))
                let x = left + Double(column) * cell, y = top + Double(row) * cell
                svg.rect(x, y, cell, cell, fill: Palette.hex(fill), stroke: "#ffffff",
                         tooltip: "true \(labels[row]), predicted \(labels[column]): \(counts[row][column]) ("
                             + formatNumber(100 * share(row, column), fractionDigits: 1) + "% of the row)")
                svg.text(x + cell / 2, y + cell / 2 + 4, String(counts[row][column]), anchor: "middle",
                         size: fontSize, weight: row == column ? "700" : nil, fill: Palette.textColor(on: fill))
            }
            svg.text(left - 6, top + (Double(row) + 0.5) * cell + 4, labels[row], anchor: "end", size: 12)
        }
        let gridBottom = top + Double(n) * cell
        for column in 0..<n {
            let x = left + (Double(column) + 0.5) * cell
            svg.text(x + 4, gridBottom + 10, labels[column], anchor: "end", size: 12, rotate: -45)
        }
        svg.text(left + Double(n) * cell / 2, svg.height - 10, "predicted class", anchor: "middle", size: 13)
        svg.text(14, top + Double(n) * cell / 2, "true class", anchor: "middle", size: 13, rotate: -90)
        return svg.document(title: title)
    }

    public func terminal(width: Int, color: Bool) -> String {
        let n = counts.count
        let countWidth = max(3, String(counts.flatMap { $0 }.max() ?? 0).count) + 2
        let labelWidth = min(max(4, labels.map(\.count).max() ?? 4), max(4, width - n * countWidth - 1))
        var out = [fit(title + " (rows: true class, columns: predicted)", width)]
        // Column headers are the column numbers; a key below maps them to class names.
        var header = String(repeating: " ", count: labelWidth + 1)
        for column in 0..<n { header += fit(String(column), countWidth, alignRight: true) }
        out.append(header)
        for row in 0..<n {
            var line = fit(labels[row], labelWidth) + " "
            for column in 0..<n {
                let text = fit(String(counts[row][column]) + " ", countWidth, alignRight: true)
                if color {
                    let fill = Palette.blues(share(row, column))
                    line += ansiBackground(fill) + ansiForeground(Palette.textColor(on: fill)) + text + ansiReset
                } else {
                    line += row == column ? fit("[" + String(counts[row][column]) + "]", countWidth, alignRight: true)
                        : text
                }
            }
            out.append(line)
        }
        let key = labels.enumerated().map { "\($0.offset)=\($0.element)" }.joined(separator: "  ")
        out.append(fit(key, max(width, key.count)))
        return out.joined(separator: "\n") + "\n"
    }
}
