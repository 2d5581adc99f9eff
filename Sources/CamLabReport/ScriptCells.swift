/// One cell of a walkthrough script: Markdown prose or CamLab code.
public struct ScriptCell: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case prose, code }
    public let kind: Kind
    /// For prose, the Markdown with the `#:` markers removed; for code, the source lines as written.
    public let text: String
    /// The 1-based line of the script where the cell starts, so diagnostics point into the script.
    public let firstLine: Int
}

/// Splits a script into prose and code cells.
///
/// Prose lines start with `#:` at the beginning of the line, and the rest of the line (after one space) is
/// Markdown; a plain `#` comment stays part of the code:
///
///     #: ## Training the network
///     #: `fit` runs the optimiser over the training set.
///     history = fit(model, x, y, epochs: 3)
///
/// Consecutive prose lines form one prose cell; the code between two prose cells forms one code cell, trimmed of
/// blank lines at its ends. A bare `#:` line inside prose is a blank Markdown line; between two pieces of code it
/// splits them into two cells.
public enum ScriptCells {
    public static func split(_ script: String) -> [ScriptCell] {
        // "\r\n" is one Character in Swift, so Windows line ends are matched as a whole.
        let lines = script.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        var cells: [ScriptCell] = []
        var prose: [String] = [], proseStart = 0
        var code: [String] = [], codeStart = 0

        func flushProse() {
            while prose.last?.isBlank == true { prose.removeLast() }
            while prose.first?.isBlank == true { prose.removeFirst(); proseStart += 1 }
            if !prose.isEmpty { cells.append(ScriptCell(kind: .prose, text: prose.joined(separator: "\n"),
                                                        firstLine: proseStart)) }
            prose = []
        }
        func flushCode() {
            while code.last?.isBlank == true { code.removeLast() }
            if !code.isEmpty { cells.append(ScriptCell(kind: .code, text: code.joined(separator: "\n"),
                                                       firstLine: codeStart)) }
            code = []
        }

        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            if let markdown = proseText(line) {
                flushCode()
                if prose.isEmpty { proseStart = number }
                prose.append(markdown)
            } else {
                flushProse()
                // Blank lines before a cell's first code line are not part of it.
                if code.isEmpty && line.isBlank { continue }
                if code.isEmpty { codeStart = number }
                code.append(line)
            }
        }
        flushProse()
        flushCode()
        return cells
    }

    /// The Markdown of a prose line ("#: text" → "text", "#:" → ""), or nil for any other line. A shebang
    /// (`#!`) or a plain comment is code.
    static func proseText(_ line: String) -> String? {
        guard line.hasPrefix("#:") else { return nil }
        let rest = line.dropFirst(2)
        return String(rest.first == " " ? rest.dropFirst() : rest)
    }
}
