import CamLabImaging
import CamLabPlot

/// Writes a report as one self-contained HTML file: inline CSS, pictures as PNG data URIs, plots as inline SVG,
/// no scripts and no external resources, so it opens anywhere, offline, and can be mailed as one file.
public enum HTMLReport {
    public static func render(_ report: Report) -> String {
        var markdown = MarkdownHTML()
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="CamLab \(htmlEscape(report.camLabVersion))">
        <title>\(htmlEscape(report.title))</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>
        <main>

        """
        var codeNumber = 0
        for (index, cell) in report.cells.enumerated() {
            switch cell.status {
            case .prose:
                var prose = markdown.render(cell.cell.text)
                // The facts go right under the walkthrough's title when the script opens with one.
                if index == 0, let titleEnd = prose.firstRange(of: "</h1>\n") {
                    prose.insert(contentsOf: header(report), at: titleEnd.upperBound)
                } else if index == 0 {
                    out += header(report)
                }
                out += "<section class=\"cell prose\">\n" + prose + "</section>\n"
            case .succeeded, .failed, .skipped:
                if index == 0 { out += header(report) }
                codeNumber += 1
                out += codeCell(cell, number: codeNumber)
                if cell.status == .failed, report.interruptedAtLine == cell.cell.firstLine {
                    out += "<p class=\"stopped\" role=\"status\">The run was interrupted (Ctrl-C) in this cell; "
                        + "the cells below were not run.</p>\n"
                } else if cell.status == .failed, index + 1 < report.cells.count,
                   report.cells[(index + 1)...].contains(where: { $0.status == .skipped }) {
                    out += "<p class=\"stopped\" role=\"status\">The run stopped here because this cell failed; "
                        + "the cells below were not run. Run with <code>--keep-going</code> to continue past "
                        + "errors.</p>\n"
                }
            }
        }
        if report.cells.isEmpty { out += header(report) }
        out += "<footer>Made by <code>camlab report</code> from <code>\(htmlEscape(report.scriptName))</code>."
            + "</footer>\n</main>\n" + ReportStyle.script + "\n</body>\n</html>\n"
        return out
    }

    private static func header(_ report: Report) -> String {
        var facts = [("CamLab", report.camLabVersion), ("date", report.date),
                     ("run time", Report.duration(report.runSeconds))]
        facts.append(("seed", report.seed.map(String.init) ?? "not set"))
        facts.append(("script", report.scriptName))
        let failures = report.failedCells.filter { $0.cell.firstLine != report.interruptedAtLine }.count
        if failures > 0 { facts.append(("errors", "\(failures) cell\(failures == 1 ? "" : "s") failed")) }
        if let line = report.interruptedAtLine { facts.append(("interrupted", "by Ctrl-C at line \(line)")) }
        // The title comes from the script's first heading, which the prose shows; the header only shows it
        // when the script does not open with a level-1 heading.
        let opensWithTitle = report.cells.first.map {
            $0.status == .prose && MarkdownParser.parse($0.cell.text).contains { block in
                if case .heading(1, _) = block { return true } else { return false }
            }
        } ?? false
        let heading = opensWithTitle ? "" : "<h1>\(htmlEscape(report.title))</h1>\n"
        return "<header class=\"report-header\">\n" + heading + "<ul class=\"meta\">"
            + facts.map { "<li>\(htmlEscape($0.0)) <b>\(htmlEscape($0.1))</b></li>" }.joined()
            + "</ul>\n</header>\n"
    }

    private static func codeCell(_ cell: Report.Cell, number: Int) -> String {
        let status = cell.status == .skipped ? " skipped" : cell.status == .failed ? " failed" : ""
        var label = "[\(number)] line \(cell.cell.firstLine)"
        if cell.status == .skipped { label += " · not run" } else if cell.seconds >= 0.05 {
            label += " · " + Report.duration(cell.seconds)
        }
        var out = "<section class=\"cell code\(status)\" id=\"cell-\(number)\">\n"
            + "<div class=\"cell-label\">\(htmlEscape(label))</div>\n"
            + "<pre class=\"source\"><code>\(SyntaxHighlighter.html(cell.cell.text))</code></pre>\n"
        if !cell.outputs.isEmpty { out += "<div class=\"output\">\n" + outputs(cell.outputs) + "</div>\n" }
        return out + "</section>\n"
    }

    private static func outputs(_ outputs: [CellOutput]) -> String {
        var out = ""
        var pendingText = ""
        func flushText() {
            let cleaned = ReportText.forDocument(pendingText)
            if !cleaned.isEmpty { out += "<pre class=\"stdout\">\(htmlEscape(cleaned))</pre>\n" }
            pendingText = ""
        }
        for output in outputs {
            if case .text(let text) = output { pendingText += text; continue }
            flushText()
            switch output {
            case .text: break
            case .image(let image):
                out += imageFigure(image)
            case .plot(let svg, let title):
                out += "<figure class=\"plot\" aria-label=\"\(htmlEscape(title))\">\n"
                    + ReportText.inlineSVG(svg) + "</figure>\n"
            case .error(let message):
                out += "<div class=\"error\" role=\"alert\"><div class=\"error-title\">Error</div>"
                    + "<pre>\(htmlEscape(message.rendered))</pre></div>\n"
            }
        }
        flushText()
        return out
    }

    private static func imageFigure(_ image: ReportImage) -> String {
        let size = ReportText.displaySize(width: image.width, height: image.height)
        let pixelated = size.width > image.width ? " class=\"pixelated\"" : ""
        let alt = image.caption.isEmpty ? "image \(image.width)×\(image.height)" : image.caption
        var out = "<figure class=\"image\"><img\(pixelated) src=\"data:image/png;base64,\(base64Encode(image.png))\" "
            + "width=\"\(size.width)\" height=\"\(size.height)\" alt=\"\(htmlEscape(alt))\">"
        if !image.caption.isEmpty { out += "<figcaption>\(htmlEscape(image.caption))</figcaption>" }
        return out + "</figure>\n"
    }
}

/// Output shaping shared by the HTML and Markdown writers.
enum ReportText {
    /// Printed text ready for a document: trailing blank lines dropped, and very long output cut in the middle so
    /// one chatty loop cannot bury the walkthrough.
    static func forDocument(_ text: String, keepLines: Int = 200) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isBlank == true { lines.removeLast() }
        if lines.count > 2 * keepLines {
            let omitted = lines.count - 2 * keepLines
            lines = Array(lines.prefix(keepLines)) + ["… \(omitted) lines not shown …"]
                + Array(lines.suffix(keepLines))
        }
        return lines.joined(separator: "\n")
    }

    /// How large to show a picture: small ones (a 28×28 digit) are enlarged by a whole factor to about 168 pixels
    /// wide, so they read on a projector and every source pixel stays the same size; large ones keep their size.
    static func displaySize(width: Int, height: Int) -> (width: Int, height: Int) {
        let factor = Image.displayFactor(width: width)
        return (width * factor, height * factor)
    }

    /// An SVG document for inlining in HTML: the XML declaration (if any) removed, the rest unchanged. The
    /// plot's own width becomes a CSS maximum, so it shrinks on a phone but is never blown up past its design.
    static func inlineSVG(_ svg: String) -> String {
        var body = Substring(svg)
        if body.hasPrefix("<?xml"), let end = body.firstIndex(of: ">") { body = body[body.index(after: end)...] }
        guard let open = body.firstRange(of: "<svg"), let widthRange = body.firstRange(of: " width=\""),
              let tagEnd = body[open.upperBound...].firstIndex(of: ">"),
              widthRange.lowerBound > open.lowerBound, widthRange.lowerBound < tagEnd,
              let quote = body[widthRange.upperBound...].firstIndex(of: "\"") else { return String(body) }
        let width = body[widthRange.upperBound..<quote]
        return "<svg style=\"--plot-width: \(width)px\"" + body[open.upperBound...]
    }
}
