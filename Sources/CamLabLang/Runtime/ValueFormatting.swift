import CamLabCore

extension Value {
    /// How `print` shows a value: strings without quotes.
    public var printed: String {
        if case .string(let text) = self { return text }
        return description
    }

    /// A one-line form for summaries of containers and records (tensors by shape only).
    public var shortDescription: String {
        if case .tensor(let t) = self { return "tensor\(t.shape.shapeDescription)" }
        if case .list(let items) = self, items.count > 12 {
            return "[" + items.prefix(10).map(\.shortDescription).joined(separator: ", ") + ", … (\(items.count) items)]"
        }
        return description
    }

    /// The type's name after "a" or "an": "a tensor", "an explanation", "an image".
    public var typeNameWithArticle: String {
        ("aeiou".contains(typeName.first ?? "x") ? "an " : "a ") + typeName
    }

    /// What a value is, for error messages: "number 3", "a tensor of shape (256, 28, 28, 1)".
    public var described: String {
        guard case .tensor(let t) = self else { return "\(typeName) \(shortDescription)" }
        let shape = "a tensor of shape \(t.shape.shapeDescription)"
        return t.count == 1 ? shape + " holding \(formatNumber(Double(shortest: t.scalars[0])))" : shape
    }
}

extension Value: CustomStringConvertible {
    /// How the REPL echoes a value: strings quoted, so `"1"` and `1` look different.
    public var description: String {
        switch self {
        case .none: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return formatNumber(n)
        case .string(let s): return quoted(s)
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items):
            return "(" + items.map(\.description).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .range(let lower, let upper): return "\(lower)..<\(upper)"
        case .tensor(let t): return t.description
        case .function(let f): return "<function \(f.signature)>"
        case .builtin(let b): return "<builtin \(b.signature)>"
        case .named(let named): return named.name
        case .object(let object): return object.summary
        }
    }
}

/// Integers without a fraction; others in the shortest form that reads back to the same number.
package func formatNumber(_ n: Double) -> String {
    if n.isNaN { return "nan" }
    if n.isInfinite { return n > 0 ? "inf" : "-inf" }
    if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
    return n.description
}

package func quoted(_ s: String) -> String {
    var out = "\""
    for c in s {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            // A NUL or an escape sequence in a string is shown by name, never sent to the terminal by an echo.
            if c.unicodeScalars.contains(where: DisplayText.isHidden) {
                out += c.unicodeScalars.map { DisplayText.isHidden($0) ? DisplayText.name($0) : String($0) }.joined()
            } else {
                out.append(c)
            }
        }
    }
    return out + "\""
}
