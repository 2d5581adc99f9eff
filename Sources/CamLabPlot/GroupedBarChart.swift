import CamLabCore

/// Bars in groups: for each category (a class) one bar per series (precision, recall, f1), with a nice y axis from
/// the data, a legend, and each bar's value in its tooltip.
public struct GroupedBarChart: Plot {
    public var title: String
    public var yLabel: String
    /// One name per group, left to right.
    public let categories: [String]
    /// Each series has one value per category.
    public let series: [(name: String, values: [Double])]

    /// Throws when there are no categories or series, or a series does not have one value per category.
    public init(title: String, yLabel: String = "", categories: [String],
                series: [(name: String, values: [Double])]) throws {
        try require(!categories.isEmpty, "bar chart '\(title)' has no categories")
        try require(!series.isEmpty, "bar chart '\(title)' has no series")
        try requireOneValuePerPosition(series, positions: categories.count, named: ("category", "categories"),
                                       chart: "bar chart '\(title)'")
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
    }

    /// The per-class precision, recall and f1 of a classification report, on a 0…1 axis.
    public static func classificationReport(classes: [String], precision: [Double], recall: [Double],
                                            f1: [Double]) throws -> GroupedBarChart {
        try GroupedBarChart(title: "Per-class precision, recall and f1", yLabel: "score", categories: classes,
                            series: [("precision", precision), ("recall", recall), ("f1", f1)])
    }

    /// The y scale: nice ticks over the data, always including zero, the bars' base.
    var yScale: NiceScale {
        let finite = series.flatMap(\.values).filter(\.isFinite)
        return NiceScale(minimum: min(0, finite.min() ?? 0), maximum: max(0, finite.max() ?? 1), maxTicks: 5)
    }

    public func svg() -> String {
        let y = yScale
        let barWidth = 12.0, gap = 14.0
        let groupWidth = Double(series.count) * barWidth + gap
        let labels = y.ticks.map(y.label)
        let left = 30 + (labels.map { estimatedTextWidth($0, size: 11) }.max() ?? 20) + 8
        let longest = categories.map { estimatedTextWidth($0, size: 12) }.max() ?? 10
        let top = 56.0, plotHeight = 240.0
        let bottom = top + plotHeight
        let plotWidth = Double(categories.count) * groupWidth
        let width = max(left + plotWidth + 20, estimatedTextWidth(title, size: 15) + 40)
        var svg = SVGBuilder(width: width, height: bottom + 0.72 * longest + 44)
        func py(_ value: Double) -> Double { bottom - (value - y.lower) / (y.upper - y.lower) * plotHeight }

        svg.text(width / 2, 22, title, anchor: "middle", size: 15, weight: "600")
        let entryWidths = series.map { 22 + estimatedTextWidth($0.name, size: 12) }
        var legendX = width / 2 - entryWidths.reduce(0, +) / 2
        for (index, entry) in series.enumerated() {
            svg.rect(legendX, 34, 12, 12, fill: Palette.color(index))
            svg.text(legendX + 17, 44, entry.name, size: 12)
            legendX += entryWidths[index]
        }
        for (tick, label) in zip(y.ticks, labels) {
            svg.line(left, py(tick), left + plotWidth, py(tick), stroke: Palette.grid)
            svg.text(left - 6, py(tick) + 4, label, anchor: "end", size: 11, fill: Palette.muted)
        }
        for (group, category) in categories.enumerated() {
            let groupX = left + Double(group) * groupWidth + gap / 2
            for (index, entry) in series.enumerated() {
                let value = entry.values[group]
                guard value.isFinite else { continue }
                let top = py(max(value, 0)), base = py(min(value, 0))
                svg.rect(groupX + Double(index) * barWidth, top, barWidth - 1, base - top, fill: Palette.color(index),
                         tooltip: "\(category) \(entry.name): " + formatNumber(value, fractionDigits: 3))
            }
            svg.text(groupX + Double(series.count) * barWidth / 2 + 4, bottom + 12, category, anchor: "end",
                     size: 12, rotate: -45)
        }
        svg.line(left, py(0), left + plotWidth, py(0), stroke: Palette.axis)
        svg.line(left, top, left, bottom, stroke: Palette.axis)
        if !yLabel.isEmpty { svg.text(14, (top + bottom) / 2, yLabel, anchor: "middle", size: 12, rotate: -90) }
        return svg.document(title: title)
    }

    /// Horizontal bars, one block of lines per category, drawn with eighth-block characters for sub-cell length.
    public func terminal(width: Int, color: Bool) -> String {
        let y = yScale
        let nameWidth = min(max(series.map(\.name.count).max() ?? 1, 1), 12)
        let barRoom = max(8, width - nameWidth - 10)
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var out = [fit(title, width)]
        for (group, category) in categories.enumerated() {
            out.append(fit(category, width))
            for (index, entry) in series.enumerated() {
                let value = entry.values[group]
                let share = value.isFinite ? max(0, min(1, (value - max(y.lower, 0)) / (y.upper - max(y.lower, 0))))
                    : 0
                let units = Int((share * Double(barRoom * 8)).rounded())
                var bar = String(repeating: "█", count: units / 8) + eighths[units % 8]
                if color { bar = ansiForeground(Palette.color(index)) + bar + ansiReset }
                let number = value.isFinite ? formatNumber(value, fractionDigits: 3) : "n/a"
                out.append("  " + fit(entry.name, nameWidth) + " " + bar + " " + number)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
