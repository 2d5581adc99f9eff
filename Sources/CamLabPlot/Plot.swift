import CamLabCore

/// A chart that draws itself as a standalone SVG document and as text for a terminal.
///
/// Every plot takes plain arrays (`[Double]`, `[[Int]]`, `[String]`), so it knows nothing of the network types;
/// the language turns a training history or a confusion matrix into one of these.
public protocol Plot: Sendable {
    /// The heading drawn above the chart; also the SVG's accessible name.
    var title: String { get }
    /// A complete, well-formed SVG document with a viewBox, so it scales to whatever holds it.
    func svg() -> String
    /// The chart as lines of text about `width` columns wide; `color` adds ANSI 24-bit colour escapes.
    func terminal(width: Int, color: Bool) -> String
}

extension Plot {
    /// Writes the plot to `path` as SVG. Only `.svg` is accepted, so "plot.png" fails loudly instead of writing SVG
    /// under a misleading name.
    public func save(to path: String) throws {
        guard path.lowercased().hasSuffix(".svg") else {
            throw Problem("cannot save a plot as '\(path)': plots are saved as SVG; use a name ending in .svg")
        }
        try FileIO.writeAtomically(Array(svg().utf8), to: path)
    }
}

/// Colours shared by every chart: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
enum Palette {
    static let series = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
    static let axis = "#444444"
    static let grid = "#e3e3e3"
    static let text = "#222222"
    static let muted = "#666666"

    static func color(_ index: Int) -> String { series[index % series.count] }

    /// "#RRGGBB" as its three channels; grey for anything malformed.
    static func rgb(_ hex: String) -> (UInt8, UInt8, UInt8) {
        let digits = Array(hex.utf8.dropFirst())
        guard digits.count == 6 else { return (128, 128, 128) }
        func channel(_ i: Int) -> UInt8 {
            func nibble(_ c: UInt8) -> UInt8 {
                switch c {
                case 48...57: return c - 48
                case 65...70: return c - 55
                case 97...102: return c - 87
                default: return 0
                }
            }
            return nibble(digits[i]) << 4 | nibble(digits[i + 1])
        }
        return (channel(0), channel(2), channel(4))
    }

    /// Matplotlib's "Blues" ramp sampled at five stops, for heat grids: `t` in 0...1 from white to navy.
    static func blues(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let stops: [(Double, Double, Double)] = [(247, 251, 255), (198, 219, 239), (107, 174, 214),
                                                 (33, 113, 181), (8, 48, 107)]
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let f = x - Double(i)
        let a = stops[i], b = stops[i + 1]
        func mix(_ p: Double, _ q: Double) -> UInt8 { UInt8((p + (q - p) * f).rounded()) }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    static func hex(_ rgb: (UInt8, UInt8, UInt8)) -> String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for c in [rgb.0, rgb.1, rgb.2] { out.append(digits[Int(c >> 4)]); out.append(digits[Int(c & 15)]) }
        return out
    }

    /// Text on a fill of this colour stays readable: white on dark fills, near-black on light ones.
    static func textColor(on rgb: (UInt8, UInt8, UInt8)) -> String {
        let luminance = 0.2126 * Double(rgb.0) + 0.7152 * Double(rgb.1) + 0.0722 * Double(rgb.2)
        return luminance < 140 ? "#ffffff" : "#111111"
    }
}

/// Rough width of `text` in the charts' sans-serif font, used to size margins so labels never spill off the SVG.
func estimatedTextWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }

/// Throws unless every series has one value per position of the chart's axis, naming the first that does not:
/// "bar chart 'b': series 'x' has 1 value for 2 categories; give one value per category". `chart` names the chart,
/// `position` what the axis's positions are called, one and several.
func requireOneValuePerPosition(_ series: [(name: String, values: [Double])], positions: Int,
                                named position: (one: String, many: String), chart: String) throws {
    for entry in series where entry.values.count != positions {
        let values = entry.values.count == 1 ? "1 value" : "\(entry.values.count) values"
        throw Problem("\(chart): series '\(entry.name)' has \(values) for \(positions) \(position.many); "
            + "give one value per \(position.one)")
    }
}
