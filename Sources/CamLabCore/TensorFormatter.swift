/// Renders tensors the way NumPy prints arrays: nested brackets, aligned numbers, and `...` for long axes.
struct TensorFormatter {
    var edgeItems = 3
    var threshold = 1000

    func format(_ tensor: Tensor) -> String {
        if tensor.rank == 0 { return formatNumber(tensor.scalars[0]) }
        let summarize = tensor.count > threshold
        var out = "tensor("
        appendAxis(tensor, axis: 0, offset: 0, summarize: summarize, indent: 7, into: &out)
        out += ", shape=\(tensor.shape.shapeDescription))"
        return out
    }

    private func appendAxis(_ t: Tensor, axis: Int, offset: Int, summarize: Bool, indent: Int,
                            into out: inout String) {
        let extent = t.shape[axis]
        let stride = Array(t.shape[(axis + 1)...]).elementCount
        let shown: [Int?] = summarize && extent > 2 * edgeItems
            ? Array(0..<edgeItems) + [nil] + Array((extent - edgeItems)..<extent)
            : Array(0..<extent)
        out += "["
        for (n, index) in shown.enumerated() {
            if n > 0 {
                out += axis == t.rank - 1 ? ", " : "," + String(repeating: "\n", count: t.rank - axis - 1)
                    + String(repeating: " ", count: indent + axis + 1)
            }
            guard let index else { out += "..."; continue }
            if axis == t.rank - 1 {
                out += formatNumber(t.scalars[offset + index])
            } else {
                appendAxis(t, axis: axis + 1, offset: offset + index * stride, summarize: summarize,
                           indent: indent, into: &out)
            }
        }
        out += "]"
    }
}

/// Formats a number the way users expect at a prompt: integers without a fraction, others with up to
/// six significant digits.
public func formatNumber(_ value: Float) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format6(Double(value)))
    if text.contains("e") { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

private func format6(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e6) {
        return value.formatted(significantDigits: 6, scientific: true)
    }
    return value.formatted(significantDigits: 6, scientific: false)
}

extension Double {
    /// A decimal rendering with the given significant digits, without Foundation.
    func formatted(significantDigits digits: Int, scientific: Bool) -> String {
        if scientific {
            var exponent = 0
            var mantissa = abs(self)
            while mantissa >= 10 { mantissa /= 10; exponent += 1 }
            while mantissa < 1 { mantissa *= 10; exponent -= 1 }
            var head = (self < 0 ? -mantissa : mantissa).formatted(significantDigits: digits, scientific: false)
            if head.contains(".") {
                while head.hasSuffix("0") { head.removeLast() }
                if head.hasSuffix(".") { head.removeLast() }
            }
            return head + "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
        }
        let magnitude = abs(self)
        let integerDigits = magnitude < 1 ? 1 : Int((magnitude).log10Floor) + 1
        let decimals = Swift.max(0, digits - integerDigits)
        return fixed(decimals: decimals)
    }

    fileprivate var log10Floor: Double {
        var exponent = 0.0
        var value = self
        while value >= 10 { value /= 10; exponent += 1 }
        return exponent
    }
}
