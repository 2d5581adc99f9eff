import CamLabCore

/// Escapes text for XML content and attribute values: `&`, `<`, `>`, `"` and `'` become entities, and control
/// characters XML 1.0 forbids are dropped, so any user string (a class name, a title) yields well-formed SVG.
public func xmlEscape(_ text: String) -> String {
    text.escaping { scalar in
        switch scalar {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        case "\"": return "&quot;"
        case "'": return "&#39;"
        case "\t", "\n", "\r": return nil
        default:
            return scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF ? "" : nil
        }
    }
}

/// Accumulates SVG markup. Every attribute value and text node passes through `xmlEscape`, so callers never build
/// markup by hand; numbers are written with at most two decimals to keep files small.
struct SVGBuilder {
    private(set) var body = ""
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The finished document: a root `<svg>` with a viewBox (so it scales to its container) and default font.
    func document(title: String) -> String {
        let w = SVGBuilder.number(width), h = SVGBuilder.number(height)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" "
            + "role=\"img\" aria-label=\"\(xmlEscape(title))\" font-family=\"system-ui, -apple-system, Segoe UI, "
            + "Roboto, Helvetica, Arial, sans-serif\" font-size=\"12\">\n<title>\(xmlEscape(title))</title>\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n"
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        body += "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(xmlEscape(value))\"" }
        if let text { body += ">\(xmlEscape(text))</\(name)>\n" } else { body += "/>\n" }
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        body += "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(xmlEscape(value))\"" }
        body += ">\n"
    }

    mutating func close(_ name: String) { body += "</\(name)>\n" }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil) {
        var attributes = [("x1", SVGBuilder.number(x1)), ("y1", SVGBuilder.number(y1)),
                          ("x2", SVGBuilder.number(x2)), ("y2", SVGBuilder.number(y2)),
                          ("stroke", stroke), ("stroke-width", SVGBuilder.number(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        element("line", attributes)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil,
                       tooltip: String? = nil) {
        var attributes = [("x", SVGBuilder.number(x)), ("y", SVGBuilder.number(y)),
                          ("width", SVGBuilder.number(max(0, w))), ("height", SVGBuilder.number(max(0, h))),
                          ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        if let tooltip {
            open("rect", attributes)
            element("title", [], text: tooltip)
            close("rect")
        } else {
            element("rect", attributes)
        }
    }

    /// Text anchored at (x, y): `anchor` is start, middle or end; `rotate` turns it about its anchor (−90 reads
    /// bottom-up, for a y-axis label).
    mutating func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Double = 12,
                       weight: String? = nil, fill: String = "#222222", rotate: Double? = nil,
                       baseline: String? = nil) {
        var attributes = [("x", SVGBuilder.number(x)), ("y", SVGBuilder.number(y)), ("text-anchor", anchor),
                          ("font-size", SVGBuilder.number(size)), ("fill", fill)]
        if let weight { attributes.append(("font-weight", weight)) }
        if let baseline { attributes.append(("dominant-baseline", baseline)) }
        if let rotate {
            attributes.append(("transform",
                               "rotate(\(SVGBuilder.number(rotate)) \(SVGBuilder.number(x)) \(SVGBuilder.number(y)))"))
        }
        element("text", attributes, text: content)
    }

    /// Coordinates with at most two decimals, no trailing zeros, no exponent: "12", "3.5", "-0.25".
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        var text = formatNumber(x, fractionDigits: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
