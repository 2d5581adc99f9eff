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
        self.message = message
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

    /// The full multi-line rendering: location, message, source line, caret, help.
    public var description: String {
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        let caretPad = String(sourceLine.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        var text = "\(fileName):\(line):\(column): \(kind.rawValue): \(message)\n"
        text += " \(number) | \(sourceLine)\n"
        text += " \(gutter) | \(caretPad)^\(String(repeating: "~", count: max(0, width - 1)))"
        if let help { text += "\n \(gutter)   help: \(help)" }
        return text
    }
}
