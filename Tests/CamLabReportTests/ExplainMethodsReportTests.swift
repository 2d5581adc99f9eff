import CamLabData
import Foundation
import Testing
@testable import CamLabReport

/// `Examples/explain_methods.dsl` shortened to 200 images, one epoch and ten pictures for the faithfulness table,
/// run as a report with its files in a scratch folder; checked as a page and as a notebook.
@Test func explainMethodsWalkthroughBecomesAReportAndANotebook() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var script = try String(contentsOf: root.appendingPathComponent("Examples/explain_methods.dsl"), encoding: .utf8)
    let folder = scratchFolder("explain-methods")
    for (full, short) in [("fashion_mnist()", "fashion_mnist(limit: 200)"), ("epochs: 8", "epochs: 1"),
                          ("x_test[0:100]", "x_test[0:10]"), ("\"out/", "\"\(folder)/out/")] {
        #expect(script.contains(full), "the walkthrough should contain \(full)")
        script = script.replacing(full, with: short)
    }
    let report = Report.run(script: script, scriptName: "explain_methods.dsl", runner: SessionCellRunner(),
                            keepGoing: false)
    #expect(report.failedCells.isEmpty, "\(report.failedCells.map(\.outputs))")
    #expect(report.title == "Which map can you trust? Comparing and testing explanations")

    let printed = report.cells.flatMap(\.outputs).compactMap { output -> String? in
        if case .text(let text) = output { text } else { nil }
    }.joined()
    // No saved weights in the scratch folder: it trains, then saves them for the next run.
    #expect(printed.contains("no saved weights at \(folder)/out/fashion_mnist.safetensors: training"))
    #expect(FileManager.default.fileExists(atPath: "\(folder)/out/fashion_mnist.safetensors"))
    for phrase in ["<deletion curve: AUC ", "<insertion curve: AUC ", "<confidence change: score ", "<ROAD: score ",
                   "Faithfulness over 10 images", "Cascading randomisation: rank correlation",
                   "Random other class: rank correlation"] {
        #expect(printed.contains(phrase), "missing \(phrase)")
    }
    #expect(printed.range(of: #"right: picture \d+: [A-Za-z/ -]+, predicted [A-Za-z/ -]+"#, options: .regularExpression) != nil)

    // Four comparisons, three curves and the two checks' grids, each shown as SVG.
    let plots = report.cells.flatMap(\.outputs).compactMap { output -> String? in
        if case .plot(_, let title) = output { title } else { nil }
    }
    #expect(plots.filter { $0.contains(", predicted ") }.count == 4, "\(plots)")
    #expect(plots.contains("Cascading randomisation") && plots.contains("Random other class"))
    #expect(plots.contains { $0.hasPrefix("Deletion (AUC ") } && plots.contains { $0.hasPrefix("ROAD: score after") })

    let parsed = try parseReport(HTMLReport.render(report))
    #expect(parsed.errors == [])
    #expect(parsed.external == [] && parsed.scripts == 1)  // only the page's own inline script
    #expect(parsed.sections.count == report.cells.count)
    for name in ["compare_right_cam.png", "compare_right_pixels.png", "compare_wrong_cam.png",
                 "compare_wrong_pixels.png", "sanity_check.png", "random_logit.png"] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out/\(name)"))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name)")
    }
    let notebook = try JSON.parse(Array(NotebookReport.render(report).utf8)[...])
    let code = try #require(notebook["cells"]?.array).filter { $0["cell_type"]?.string == "code" }
    let svgs = code.flatMap { $0["outputs"]?.array ?? [] }.filter { $0["data"]?["image/svg+xml"] != nil }
    #expect(svgs.count == plots.count)
}
