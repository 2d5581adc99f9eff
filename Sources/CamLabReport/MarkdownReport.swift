#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// Writes a report as Markdown for a forge (GitHub, GitLab, Gitea): prose as written, code in `camlab` fences,
/// output in plain fences, and pictures and plots as files in a folder beside the Markdown, linked relatively.
public enum MarkdownReport {
    /// A file to write beside the Markdown: its name inside the asset folder and its bytes.
    public struct Asset: Equatable, Sendable {
        public let name: String
        public let bytes: [UInt8]
    }

    /// The Markdown text and the assets it links to, which belong in `assetFolder` (a folder name relative to
    /// the Markdown file, such as "report_files").
    public static func render(_ report: Report, assetFolder: String) -> (markdown: String, assets: [Asset]) {
        var out = ""
        var assets: [Asset] = []
        var facts = ["CamLab \(report.camLabVersion)", report.date, "run time \(Report.duration(report.runSeconds))",
                     "seed \(report.seed.map(String.init) ?? "not set")", "script `\(report.scriptName)`"]
        let failures = report.failedCells.filter { $0.cell.firstLine != report.interruptedAtLine }.count
        if failures > 0 { facts.append("\(failures) failed cell(s)") }
        if let line = report.interruptedAtLine { facts.append("interrupted by Ctrl-C at line \(line)") }
        let factsLine = "_" + facts.joined(separator: " · ") + "_\n\n"
        // The facts go under the script's opening title, or under one made from its name.
        let opensWithTitle = report.cells.first.map { $0.status == .prose && $0.cell.text.hasPrefix("# ") } ?? false
        if !opensWithTitle { out += "# \(report.title)\n\n" + factsLine }
        var codeNumber = 0
        for (index, cell) in report.cells.enumerated() {
            if cell.status == .prose && index == 0 && opensWithTitle {
                let lines = cell.cell.text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
                out += lines[0] + "\n\n" + factsLine
                if lines.count > 1, !String(lines[1]).isBlank { out += lines[1].drop { $0 == "\n" } + "\n\n" }
                continue
            }
            if cell.status == .prose { out += cell.cell.text + "\n\n"; continue }
            codeNumber += 1
            out += fence(cell.cell.text, language: "camlab")
            if cell.status == .skipped {
                out += report.interruptedAtLine != nil ? "_Not run: the run was interrupted._\n\n"
                    : "_Not run: an earlier cell failed._\n\n"
                continue
            }
            var pendingText = ""
            var assetNumber = 0
            func flushText() {
                let cleaned = ReportText.forDocument(pendingText)
                if !cleaned.isEmpty { out += fence(cleaned, language: "text") }
                pendingText = ""
            }
            for output in cell.outputs {
                if case .text(let text) = output { pendingText += text; continue }
                flushText()
                assetNumber += 1
                let stem = "cell\(codeNumber)-\(assetNumber)"
                switch output {
                case .text: break
                case .image(let image):
                    // Forges ignore `image-rendering`, so the file itself is the crisp enlargement.
                    assets.append(Asset(name: stem + ".png", bytes: image.displayPNG))
                    let alt = image.caption.isEmpty ? "image \(image.width)×\(image.height)" : image.caption
                    let size = ReportText.displaySize(width: image.width, height: image.height)
                    // An <img> tag, not ![](…), so the enlarged size survives on forges that allow it.
                    out += "<img src=\"\(htmlEscape(assetFolder + "/" + stem + ".png"))\" width=\"\(size.width)\" "
                        + "alt=\"\(htmlEscape(alt))\" style=\"image-rendering: pixelated\">\n\n"
                case .plot(let svg, let title):
                    assets.append(Asset(name: stem + ".svg", bytes: Array(svg.utf8)))
                    out += "![\(escapeBrackets(title))](\(linkPath(assetFolder + "/" + stem + ".svg")))\n\n"
                case .error(let message):
                    out += "> **Error**\n>\n" + fence(message.rendered, language: "text")
                        .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                        .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n") + "\n\n"
                }
            }
            flushText()
        }
        return (out.trimmingTrailingNewlines() + "\n", assets)
    }

    /// Writes the Markdown to `path` and its assets into a folder named after it (`walk.md` → `walk_files/`).
    public static func write(_ report: Report, to path: String) throws {
        try write(report, to: try FileIO.PendingFile(path))
    }

    static func write(_ report: Report, to file: FileIO.PendingFile) throws {
        let path = file.path
        let folderPath = stem(of: path) + "_files"
        let folderName = folderPath.split(separator: "/").last.map(String.init) ?? folderPath
        let (markdown, assets) = render(report, assetFolder: folderName)
        if !assets.isEmpty {
            if mkdir(folderPath, 0o755) != 0 && errno != EEXIST {
                throw Problem("cannot create the folder '\(folderPath)' for the report's pictures: "
                    + FileIO.systemReason())
            }
            for asset in assets { try FileIO.writeAtomically(asset.bytes, to: folderPath + "/" + asset.name) }
        }
        try file.commit(Array(markdown.utf8))
    }

    /// A fence longer than any backtick run in `text`, so output containing ``` cannot end it early.
    static func fence(_ text: String, language: String) -> String {
        var longest = 0, run = 0
        for character in text { run = character == "`" ? run + 1 : 0; longest = max(longest, run) }
        let marks = String(repeating: "`", count: max(3, longest + 1))
        return marks + language + "\n" + text + "\n" + marks + "\n\n"
    }

    private static func stem(of path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path }
        return String(path[..<dot])
    }

    private static func escapeBrackets(_ text: String) -> String {
        text.replacing("[", with: "\\[").replacing("]", with: "\\]")
    }

    private static func linkPath(_ path: String) -> String { path.replacing(" ", with: "%20") }
}

private extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
