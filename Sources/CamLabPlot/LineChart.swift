import CamLabCore

/// One line of a `LineChart`: a name for the legend and a y value per x position. Non-finite values (a diverged
/// loss) leave a gap in the line instead of bending the axis to infinity.
public struct LineSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double]
    /// "#RRGGBB", or nil for the palette colour of the series' position.
    public var color: String?
    /// Dashed lines mark a second reading of the same quantity (validation against training).
    public var dashed: Bool

    public init(name: String, values: [Double], color: String? = nil, dashed: Bool = false) {
        self.name = name
        self.values = values
        self.color = color
        self.dashed = dashed
    }
}

/// Lines with markers over a shared x axis (epochs by default), with nice ticks, axis labels, grid and legend.
/// Axis ranges come from the data: x spans the x values exactly, y is widened to nice tick values.
public struct LineChart: Plot {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    /// The x position of each value; `1...n` (epochs) when built without one.
    public var xValues: [Double]

    /// Throws when there is no series, a series is empty, or series lengths differ from `xValues`.
    public init(title: String, xLabel: String = "epoch", yLabel: String, series: [LineSeries],
                xValues: [Double]? = nil) throws {
        guard let first = series.first else { throw Problem("line chart '\(title)' needs at least one series") }
        let count = xValues?.count ?? first.values.count
        try require(count > 0, "line chart '\(title)': series '\(first.name)' has no values")
        try requireOneValuePerPosition(series.map { ($0.name, $0.values) }, positions: count,
                                       named: ("x position", "x positions"), chart: "line chart '\(title)'")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xValues = xValues ?? (1...count).map(Double.init)
    }

    public func svg() -> String {
        var svg = SVGBuilder(width: 480, height: 320)
        draw(into: &svg, x: 0, y: 0, width: 480, height: 320)
        return svg.document(title: title)
    }

    /// The nice y scale over every finite value of every series.
    var yScale: NiceScale {
        let finite = series.flatMap(\.values).filter(\.isFinite)
        return NiceScale(minimum: finite.min() ?? 0, maximum: finite.max() ?? 1, maxTicks: 5)
    }

    /// The x domain (exactly the data's span, widened by one when it is a single point) and its tick values.
    var xAxis: (lower: Double, upper: Double, ticks: [Double], scale: NiceScale) {
        var lower = xValues.filter(\.isFinite).min() ?? 0
        var upper = xValues.filter(\.isFinite).max() ?? 1
        if upper - lower < 1e-12 { lower -= 1; upper += 1 }
        let integral = xValues.allSatisfy { $0 == $0.rounded() }
        let scale = NiceScale(minimum: lower, maximum: upper, maxTicks: 6, integral: integral)
        let ticks = scale.ticks.filter { $0 >= lower - 1e-9 && $0 <= upper + 1e-9 }
        return (lower, upper, ticks, scale)
    }

    /// Draws the chart into the rectangle (x, y, width, height) of `svg`; `TrainingHistoryPlot` puts two side by side.
    func draw(into svg: inout SVGBuilder, x originX: Double, y originY: Double, width: Double, height: Double) {
        let y = yScale, x = xAxis
        let yLabels = y.ticks.map(y.label)
        let labelWidth = yLabels.map { estimatedTextWidth($0, size: 11) }.max() ?? 20
        let left = originX + 26 + labelWidth, right = originX + width - 14
        let top = originY + 54, bottom = originY + height - 46
        func px(_ value: Double) -> Double { left + (value - x.lower) / (x.upper - x.lower) * (right - left) }
        func py(_ value: Double) -> Double { bottom - (value - y.lower) / (y.upper - y.lower) * (bottom - top) }

        svg.text(originX + width / 2, originY + 20, title, anchor: "middle", size: 15, weight: "600")
        drawLegend(into: &svg, centerX: originX + width / 2, y: originY + 40)

        for (tick, label) in zip(y.ticks, yLabels) {
            svg.line(left, py(tick), right, py(tick), stroke: Palette.grid)
            svg.text(left - 6, py(tick) + 4, label, anchor: "end", size: 11, fill: Palette.muted)
        }
        for tick in x.ticks {
            svg.line(px(tick), bottom, px(tick), bottom + 5, stroke: Palette.axis)
            svg.text(px(tick), bottom + 18, x.scale.label(tick), anchor: "middle", size: 11, fill: Palette.muted)
        }
        svg.line(left, bottom, right, bottom, stroke: Palette.axis)
        svg.line(left, top, left, bottom, stroke: Palette.axis)
        svg.text((left + right) / 2, originY + height - 10, xLabel, anchor: "middle", size: 12)
        svg.text(originX + 14, (top + bottom) / 2, yLabel, anchor: "middle", size: 12, rotate: -90)

        for (index, line) in series.enumerated() {
            let color = line.color ?? Palette.color(index)
            var segments: [[(Double, Double)]] = [[]]
            for (xValue, value) in zip(xValues, line.values) {
                if value.isFinite && xValue.isFinite {
                    segments[segments.count - 1].append((px(xValue), py(value)))
                } else if !segments[segments.count - 1].isEmpty {
                    segments.append([])
                }
            }
            svg.open("g", [("class", "series"), ("data-name", line.name)])
            for segment in segments where segment.count > 1 {
                let points = segment.map { "\(SVGBuilder.number($0.0)),\(SVGBuilder.number($0.1))" }
                var attributes = [("points", points.joined(separator: " ")), ("fill", "none"), ("stroke", color),
                                  ("stroke-width", "2"), ("stroke-linejoin", "round")]
                if line.dashed { attributes.append(("stroke-dasharray", "6 4")) }
                svg.element("polyline", attributes)
            }
            for (xValue, value) in zip(xValues, line.values) where value.isFinite && xValue.isFinite {
                svg.open("circle", [("cx", SVGBuilder.number(px(xValue))), ("cy", SVGBuilder.number(py(value))),
                                    ("r", "3.5"), ("fill", line.dashed ? "#ffffff" : color), ("stroke", color),
                                    ("stroke-width", "1.5")])
                svg.element("title", [], text: "\(line.name) at \(xLabel) \(x.scale.label(xValue)): "
                    + formatNumber(value, fractionDigits: 4))
                svg.close("circle")
            }
            svg.close("g")
        }
    }

    private func drawLegend(into svg: inout SVGBuilder, centerX: Double, y: Double) {
        let entryWidths = series.map { 34 + estimatedTextWidth($0.name, size: 12) }
        var x = centerX - entryWidths.reduce(0, +) / 2
        for (index, line) in series.enumerated() {
            let color = line.color ?? Palette.color(index)
            svg.line(x, y - 4, x + 22, y - 4, stroke: color, width: 2, dash: line.dashed ? "6 4" : nil)
            svg.text(x + 27, y, line.name, size: 12)
            x += entryWidths[index]
        }
    }

    public func terminal(width: Int, color: Bool) -> String {
        let y = yScale, x = xAxis
        let labels = [y.label(y.upper), y.label(y.lower)]
        let gutter = (labels.map(\.count).max() ?? 1) + 1
        var canvas = BrailleCanvas(columns: max(10, width - gutter - 1), rows: 10)
        func cx(_ value: Double) -> Int {
            Int(((value - x.lower) / (x.upper - x.lower) * Double(canvas.pixelWidth - 1)).rounded())
        }
        func cy(_ value: Double) -> Int {
            Int(((y.upper - value) / (y.upper - y.lower) * Double(canvas.pixelHeight - 1)).rounded())
        }
        for (index, line) in series.enumerated() {
            let hex = line.color ?? Palette.color(index)
            var previous: (Int, Int)?
            for (xValue, value) in zip(xValues, line.values) {
                guard value.isFinite, xValue.isFinite else { previous = nil; continue }
                let point = (cx(xValue), cy(value))
                if let previous { canvas.line(previous.0, previous.1, point.0, point.1, color: hex) }
                canvas.set(point.0, point.1, color: hex)
                previous = point
            }
        }
        var out = [fit(title, width)]
        let legend = series.enumerated().map { index, line in
            let mark = line.dashed ? "╌╌" : "──"
            let hex = line.color ?? Palette.color(index)
            return (color ? ansiForeground(hex) + mark + ansiReset : mark) + " " + line.name
        }
        out.append(legend.joined(separator: "   "))
        for (row, text) in canvas.render(color: color).enumerated() {
            let label = row == 0 ? labels[0] : row == canvas.rows - 1 ? labels[1] : ""
            out.append(fit(label, gutter - 1, alignRight: true) + " ┤" + text)
        }
        let axis = String(repeating: "─", count: canvas.columns)
        out.append(String(repeating: " ", count: gutter) + "└" + axis)
        let low = x.scale.label(x.lower), high = x.scale.label(x.upper)
        let span = max(1, canvas.columns - low.count - high.count)
        out.append(String(repeating: " ", count: gutter + 1) + low + fit(xLabel, span, alignRight: false)
            .replacingFirstSpaces() + high)
        return out.joined(separator: "\n") + "\n"
    }
}

private extension String {
    /// Centres a padded label: moves half of its trailing spaces to the front.
    func replacingFirstSpaces() -> String {
        let trimmed = String(reversed().drop { $0 == " " }.reversed())
        let pad = count - trimmed.count
        return String(repeating: " ", count: pad / 2) + trimmed + String(repeating: " ", count: pad - pad / 2)
    }
}
