import CamLabData
import Testing
@testable import CamLabReport

/// A walkthrough's report as its tests read it: the text its cells printed, the titles of its charts, and its page
/// and notebook, checked for what every walkthrough's report must be (no failed cell, a page that parses with one
/// section per cell).
struct WalkthroughReport {
    let report: Report

    init(_ report: Report) {
        self.report = report
        #expect(report.failedCells.isEmpty, "\(report.failedCells.map(\.outputs))")
    }

    var printed: String {
        report.cells.flatMap(\.outputs).compactMap { output -> String? in
            if case .text(let text) = output { text } else { nil }
        }.joined()
    }

    var plotTitles: [String] {
        report.cells.flatMap(\.outputs).compactMap { output -> String? in
            if case .plot(_, let title) = output { title } else { nil }
        }
    }

    /// The rendered page, parsed; it must parse cleanly with a section per cell.
    func page() throws -> ParsedReport {
        let parsed = try parseReport(HTMLReport.render(report))
        #expect(parsed.errors == [])
        #expect(parsed.sections.count == report.cells.count)
        return parsed
    }

    /// The notebook's code-cell outputs that are pictures (PNG, and SVG charts when `countingCharts`).
    func notebookPictures(countingCharts: Bool = true) throws -> Int {
        let notebook = try JSON.parse(Array(NotebookReport.render(report).utf8)[...])
        let code = try #require(notebook["cells"]?.array).filter { $0["cell_type"]?.string == "code" }
        return code.flatMap { $0["outputs"]?.array ?? [] }.filter {
            $0["data"]?["image/png"] != nil || (countingCharts && $0["data"]?["image/svg+xml"] != nil)
        }.count
    }
}
