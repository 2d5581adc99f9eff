import CamLabCore

/// A small JSON reader and writer: safetensors headers, notebooks (.ipynb) and the Jupyter kernel's channel.
///
/// Why not Foundation's JSONSerialization: it would pull Foundation into CamLabData for one header; it loses key
/// order (the reference safetensors writer's order is part of byte-exact output); and it hands back NSNumber,
/// which blurs booleans and integers and cannot be trusted with 64-bit byte offsets. This covers all of JSON
/// except that numbers are kept as written (`.number` holds the text) and read back as `Int` or `Double` on demand.
public enum JSON: Equatable, Sendable {
    case object([(String, JSON)])
    case array([JSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.array(x), .array(y)): x == y
        case let (.string(x), .string(y)), let (.number(x), .number(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    /// The value of `key` in an object (the first one, should the key repeat).
    public subscript(key: String) -> JSON? {
        guard case .object(let entries) = self else { return nil }
        return entries.first { $0.0 == key }?.1
    }

    /// An integer number without fraction or exponent, if it fits in `Int`.
    public var integer: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }

    public var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// What kind of value this is, for error messages ("expected an array, found a string").
    public var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// Parses one JSON value; surrounding whitespace is allowed, anything else after it is an error.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(Problem) -> JSON {
        var parser = Parser(bytes: Array(bytes))
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    /// Compact JSON text (no spaces), the way serde_json writes it.
    public var text: String {
        switch self {
        case .object(let entries):
            "{" + entries.map { JSON.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .string(let value): JSON.quote(value)
        case .number(let value): value
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    public var array: [JSON]? {
        guard case .array(let items) = self else { return nil }
        return items
    }

    /// Text as Python's `json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False)` writes it, which is how
    /// Jupyter saves notebooks, so a notebook CamLab writes diffs cleanly against one Jupyter saved.
    public func pretty(indent: Int = 1, sortKeys: Bool = true) -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent, sortKeys: sortKeys)
        return out
    }

    private func write(into out: inout String, level: Int, indent: Int, sortKeys: Bool) {
        let inner = String(repeating: " ", count: (level + 1) * indent)
        let closing = String(repeating: " ", count: level * indent)
        switch self {
        case .object(let entries) where !entries.isEmpty:
            out += "{\n"
            let ordered = sortKeys ? entries.sorted { $0.0 < $1.0 } : entries
            for (index, (key, value)) in ordered.enumerated() {
                out += inner + JSON.quote(key) + ": "
                value.write(into: &out, level: level + 1, indent: indent, sortKeys: sortKeys)
                out += index + 1 < ordered.count ? ",\n" : "\n"
            }
            out += closing + "}"
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                item.write(into: &out, level: level + 1, indent: indent, sortKeys: sortKeys)
                out += index + 1 < items.count ? ",\n" : "\n"
            }
            out += closing + "]"
        default:
            out += text
        }
    }

    public static func quote(_ value: String) -> String {
        let escaped = value.escaping { scalar in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: return nil
            }
        }
        return "\"" + escaped + "\""
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        func peek() -> UInt8? { atEnd ? nil : bytes[position] }

        func error(_ what: String) -> Problem {
            let found = atEnd ? "the end of the header"
                : "'" + String(decoding: bytes[position...].prefix(16), as: UTF8.self) + "'"
            return Problem("\(what) at byte \(position), found \(found)")
        }

        mutating func skipWhitespace() {
            while let c = peek(), c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
        }

        mutating func expect(_ c: UInt8) throws(Problem) {
            skipWhitespace()
            guard peek() == c else { throw error("expected '\(Character(UnicodeScalar(c)))'") }
            position += 1
        }

        mutating func literal(_ word: String, _ value: JSON) throws(Problem) -> JSON {
            let expected = Array(word.utf8)
            guard bytes[position...].starts(with: expected) else { throw error("expected a JSON value") }
            position += expected.count
            return value
        }

        mutating func value(depth: Int) throws(Problem) -> JSON {
            guard depth < 64 else { throw error("JSON nested deeper than 64 levels") }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case let c? where c == UInt8(ascii: "-") || (0x30...0x39).contains(c): return try number()
            default: throw error("expected a JSON value")
            }
        }

        mutating func object(depth: Int) throws(Problem) -> JSON {
            try expect(UInt8(ascii: "{"))
            var entries: [(String, JSON)] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { position += 1; return .object(entries) }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                try expect(UInt8(ascii: ":"))
                entries.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"))
                return .object(entries)
            }
        }

        mutating func array(depth: Int) throws(Problem) -> JSON {
            try expect(UInt8(ascii: "["))
            var items: [JSON] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(items)
            }
        }

        /// Skips a run of decimal digits and returns its length.
        mutating func digits() -> Int {
            let from = position
            while let c = peek(), (0x30...0x39).contains(c) { position += 1 }
            return position - from
        }

        /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, kept as text.
        mutating func number() throws(Problem) -> JSON {
            let start = position
            if peek() == UInt8(ascii: "-") { position += 1 }
            let integerDigits = digits()
            var valid = integerDigits > 0 && !(integerDigits > 1 && bytes[position - integerDigits] == 0x30)
            if peek() == UInt8(ascii: ".") {
                position += 1
                valid = valid && digits() > 0
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                position += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
                valid = valid && digits() > 0
            }
            guard valid else {
                position = start
                throw error("malformed number")
            }
            return .number(String(decoding: bytes[start..<position], as: UTF8.self))
        }

        mutating func string() throws(Problem) -> String {
            position += 1  // the opening quote
            var utf8: [UInt8] = []
            while true {
                guard let c = peek() else { throw error("unterminated string") }
                position += 1
                switch c {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: utf8, as: UTF8.self) else {
                        throw error("string is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    try escape(into: &utf8)
                case ..<0x20:
                    position -= 1
                    throw error("control character inside a string")
                default:
                    utf8.append(c)
                }
            }
        }

        mutating func escape(into utf8: inout [UInt8]) throws(Problem) {
            guard let c = peek() else { throw error("unterminated escape") }
            position += 1
            let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A,
                                          0x72: 0x0D, 0x74: 0x09]
            if let replacement = simple[c] { utf8.append(replacement); return }
            guard c == UInt8(ascii: "u") else { position -= 1; throw error("invalid escape") }
            var code = try hex4()
            if (0xD800..<0xDC00).contains(code), bytes[position...].starts(with: Array("\\u".utf8)) {
                position += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("invalid UTF-16 surrogate pair") }
                code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
            utf8 += Array(String(Character(scalar)).utf8)
        }

        mutating func hex4() throws(Problem) -> UInt32 {
            guard position + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { throw error("expected four hex digits") }
            position += 4
            return value
        }
    }
}
