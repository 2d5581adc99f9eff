import CamLabCore

/// The subset of Python literals that NumPy writes in `.npy` headers: a dict with string keys whose values are
/// strings, `True`/`False`, integers or tuples of integers. One method per rule, in the style of a recursive
/// descent parser; errors carry the offset and what was found.
enum PythonLiteral {
    case string(String)
    case bool(Bool)
    case int(Int)
    case tuple([PythonLiteral])
    case dict([(String, PythonLiteral)])

    /// Parses `text`, which must hold exactly one literal (surrounding whitespace allowed).
    static func parse(_ text: String) throws(Problem) -> PythonLiteral {
        var parser = Parser(characters: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.error("unexpected text after the literal") }
        return value
    }


    private struct Parser {
        let characters: [Unicode.Scalar]
        var position = 0
        var depth = 0

        var atEnd: Bool { position >= characters.count }
        func peek() -> Unicode.Scalar? { atEnd ? nil : characters[position] }

        mutating func skipWhitespace() {
            while let c = peek(), c == " " || c == "\n" || c == "\t" || c == "\r" { position += 1 }
        }

        mutating func match(_ c: Unicode.Scalar) -> Bool {
            skipWhitespace()
            guard peek() == c else { return false }
            position += 1
            return true
        }

        mutating func consume(_ c: Unicode.Scalar) throws(Problem) {
            guard match(c) else { throw error("expected '\(c)'") }
        }

        func error(_ what: String) -> Problem {
            let found = atEnd ? "end of header" : "'" + String(String.UnicodeScalarView(characters[position...]
                .prefix(12))) + "'"
            return Problem("\(what) at character \(position), found \(found)")
        }

        mutating func value() throws(Problem) -> PythonLiteral {
            // A hostile header of a million "(" must not exhaust the stack.
            guard depth < 32 else { throw error("literal nested deeper than 32 levels") }
            depth += 1
            defer { depth -= 1 }
            skipWhitespace()
            switch peek() {
            case "{": return try dict()
            case "(": return try tuple()
            case "'", "\"": return .string(try string())
            case let c? where c == "-" || ("0"..."9").contains(c): return .int(try integer())
            default:
                for (word, flag) in [("True", true), ("False", false)] where matchWord(word) { return .bool(flag) }
                throw error("expected a value")
            }
        }

        mutating func matchWord(_ word: String) -> Bool {
            let scalars = Array(word.unicodeScalars)
            guard position + scalars.count <= characters.count,
                  Array(characters[position..<position + scalars.count]) == scalars else { return false }
            position += scalars.count
            return true
        }

        mutating func dict() throws(Problem) -> PythonLiteral {
            try consume("{")
            var entries: [(String, PythonLiteral)] = []
            while !match("}") {
                skipWhitespace()
                guard peek() == "'" || peek() == "\"" else { throw error("expected a string key") }
                let key = try string()
                try consume(":")
                entries.append((key, try value()))
                if !match(",") { try consume("}"); break }
            }
            return .dict(entries)
        }

        mutating func tuple() throws(Problem) -> PythonLiteral {
            try consume("(")
            var items: [PythonLiteral] = []
            while !match(")") {
                items.append(try value())
                if !match(",") { try consume(")"); break }
            }
            return .tuple(items)
        }

        mutating func string() throws(Problem) -> String {
            guard let quote = peek() else { throw error("expected a string") }
            position += 1
            var scalars = String.UnicodeScalarView()
            while let c = peek(), c != quote {
                scalars.append(c)
                position += 1
            }
            guard !atEnd else { throw error("unterminated string") }
            position += 1
            return String(scalars)
        }

        mutating func integer() throws(Problem) -> Int {
            let start = position
            if peek() == "-" { position += 1 }
            while let c = peek(), ("0"..."9").contains(c) { position += 1 }
            // NumPy 1.x wrote shapes of Python 2 longs as "3L".
            let digits = String(String.UnicodeScalarView(characters[start..<position]))
            if peek() == "L" { position += 1 }
            guard let value = Int(digits) else {
                position = start
                throw error("expected an integer")
            }
            return value
        }
    }
}
