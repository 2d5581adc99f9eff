import CamLabCore

/// Runs a walkthrough script and writes its report, choosing the format from the output's extension.
public enum ReportFile {
    public enum Format: Equatable, Sendable { case html, markdown, notebook }

    /// `.html`/`.htm` → HTML, `.md`/`.markdown` → Markdown, `.ipynb` → a notebook; anything else throws, naming
    /// the choices.
    public static func format(of path: String) throws -> Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        if lower.hasSuffix(".ipynb") { return .notebook }
        throw Problem("cannot tell the report format of '\(path)': name the output file .html (one "
            + "self-contained page), .md (Markdown with pictures in a folder beside it) or .ipynb (a Jupyter "
            + "notebook)")
    }

    /// Writes `report` to `path` in the format its extension names; returns the seconds spent rendering and
    /// writing, which the command line compares with the run time.
    @discardableResult
    public static func write(_ report: Report, to path: String) throws -> Double {
        try write(report, to: try FileIO.PendingFile(path))
    }

    /// Writes `report` into a file created before the run (see `FileIO.PendingFile`).
    @discardableResult
    public static func write(_ report: Report, to file: FileIO.PendingFile) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        switch try format(of: file.path) {
        case .html: try file.commit(Array(HTMLReport.render(report).utf8))
        case .markdown: try MarkdownReport.write(report, to: file)
        case .notebook: try file.commit(Array(NotebookReport.render(report).utf8))
        }
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
