import CamLabCore

/// Every error CamLab reports — syntax or runtime — with where it happened, printed one way:
///
///     fashion.dsl:3:5: error: unknown name 'exlpain'
///       3 | e = exlpain(model, x)
///         |     ^~~~~~~
///       help: did you mean 'explain'?
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case syntax = "syntax error", runtime = "error" }

    public let kind: Kind
    public let message: String
    /// A hint on how to fix the problem ("did you mean 'explain'?"), or nil.
    public let help: String?
    public let fileName: String
    public let line: Int
    public let column: Int
    /// The width of the underlined text in characters (at least 1).
    public let width: Int
    public let sourceLine: String
    /// True when the input simply stopped too early (an open bracket, a missing operand): the REPL reads
    /// another line instead of reporting an error.
    public let atEndOfInput: Bool

    public init(_ kind: Kind, _ message: String, help: String? = nil, span: Span, in source: Source,
                atEndOfInput: Bool = false) {
        self.kind = kind
        // Messages quote user text (names, strings, file names): characters that would be invisible or act on the
        // terminal are named, and a huge quote is cut.
        self.message = DisplayText.escaped(message, limit: Self.messageLimit)
        self.help = help
        self.fileName = source.name
        self.line = source.line(of: span.start)
        self.column = source.column(of: span.start)
        let endColumn = source.line(of: max(span.end - 1, span.start)) == line
            ? source.column(of: max(span.end, span.start)) : column + 1
        self.width = max(1, endColumn - column)
        self.sourceLine = source.lineText(line)
        self.atEndOfInput = atEndOfInput
    }

    static let messageLimit = 600
    /// Columns of source shown around the caret; a longer line is cut at both ends with "…".
    static let lineWindow = 120

    /// The full multi-line rendering: location, message, source line, caret, help.
    public var description: String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        let (shown, caretPad, caretWidth) = Self.window(sourceLine, column: column, width: width)
        var text = "\(DisplayText.escaped(fileName, limit: 200)):\(line):\(column): \(kind.rawValue): \(message)\n"
        text += " \(number) | \(shown)\n"
        text += " \(gutter) | \(caretPad)^\(String(repeating: "~", count: max(0, caretWidth - 1)))"
        if let help { text += "\n \(gutter)   help: \(DisplayText.escaped(help, limit: Self.messageLimit))" }
        return text
    }

    /// The part of `line` to print (hidden characters named, at most `lineWindow` columns around the caret), the
    /// padding that puts the caret under `column`, and the caret's width in printed columns.
    static func window(_ line: String, column: Int, width: Int) -> (String, String, Int) {
        // Only the characters that can be shown are looked at: a 40 KB line costs no more than a short one.
        let characters = Array(line)
        let near = max(0, min(column - 1, characters.count) - lineWindow)..<min(characters.count, column + 2 * lineWindow)
        let (shown, caretPad, caretWidth) = windowOf(characters[near], column: column - near.lowerBound, width: width)
        let lead = near.lowerBound > 0 && !shown.hasPrefix("…") ? "…" : ""
        let tail = near.upperBound < characters.count && !shown.hasSuffix("…") ? "…" : ""
        return (lead + shown + tail, (lead.isEmpty ? "" : " ") + caretPad, caretWidth)
    }

    private static func windowOf(_ line: ArraySlice<Character>, column: Int, width: Int) -> (String, String, Int) {
        // Each character as printed: hidden ones by name, tabs kept so the padding can copy them.
        let pieces: [String] = line.map { character in
            if character == "\t" { return "\t" }
            return character.unicodeScalars.contains(where: DisplayText.isHidden)
                ? character.unicodeScalars.map { DisplayText.isHidden($0) ? DisplayText.name($0) : String($0) }.joined()
                : String(character)
        }
        let caretStart = min(max(column - 1, 0), pieces.count)
        let caretEnd = min(caretStart + max(width, 1), pieces.count)
        var first = 0, last = pieces.count
        // Running totals of printed widths, so each range's width costs one subtraction.
        var offsets = [0]
        for piece in pieces { offsets.append(offsets[offsets.count - 1] + piece.count) }
        func columns(_ range: Range<Int>) -> Int { offsets[range.upperBound] - offsets[range.lowerBound] }
        if columns(0..<pieces.count) > lineWindow {
            // Keep a little context before the caret and as much as fits after it.
            first = caretStart
            while first > 0, columns(first..<caretStart) < lineWindow / 3 { first -= 1 }
            last = first
            while last < pieces.count, columns(first..<(last + 1)) <= lineWindow { last += 1 }
            last = max(last, min(caretStart + 1, pieces.count))
        }
        let lead = first > 0 ? "…" : "", tail = last < pieces.count ? "…" : ""
        let shown = lead + pieces[first..<last].joined() + tail
        let pad = lead.isEmpty ? "" : " "
        let caretPad = pad + pieces[first..<max(first, caretStart)].map { $0 == "\t" ? "\t" : String(repeating: " ", count: $0.count) }.joined()
        let caretWidth = max(1, columns(caretStart..<min(max(caretEnd, caretStart), last)))
        return (shown, caretPad, caretWidth)
    }
}
