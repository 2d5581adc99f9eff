import Foundation
import Testing
@testable import CamLabReport

/// `Examples/fashion_mnist.dsl` as a report, shortened to 200 images and one epoch, with its files written to a
/// scratch folder instead of out/.
@Test func fashionMNISTWalkthroughBecomesAReport() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var script = try String(contentsOf: root.appendingPathComponent("Examples/fashion_mnist.dsl"), encoding: .utf8)
    let folder = scratchFolder("example")
    for (full, short) in [("fashion_mnist()", "fashion_mnist(limit: 200)"), ("epochs: 8", "epochs: 1"),
                          ("\"out/", "\"\(folder)/out/")] {
        #expect(script.contains(full), "the walkthrough should contain \(full)")
        script = script.replacing(full, with: short)
    }
    let report = Report.run(script: script, scriptName: "fashion_mnist.dsl", runner: SessionCellRunner(),
                            keepGoing: false)
    #expect(report.failedCells.isEmpty, "\(report.failedCells.map(\.outputs))")
    #expect(report.title == "Fashion-MNIST: train a small CNN and see where it looks")
    #expect(report.seed == 42)
    let parsed = try parseReport(HTMLReport.render(report))
    #expect(parsed.errors == [])
    #expect(parsed.external == [] && parsed.scripts == 1)  // only the page's own inline script
    #expect(parsed.headingIDs.contains("5-why-did-it-say-that-grad-cam"))
    // Every prose block and code cell of the script is a section, in order.
    #expect(parsed.sections.count == report.cells.count)
    // The first training image and the Grad-CAM explanation are shown; the saved PNGs appear too.
    #expect(parsed.images.count >= 2 + 6)
    #expect(parsed.images.allSatisfy { $0.pngWidth > 0 })
    let training = try #require(report.cells.first { $0.cell.text.contains("model.fit(") })
    guard case .text(let printed)? = training.outputs.first else { Issue.record("fit printed nothing"); return }
    #expect(ReportText.forDocument(printed).split(separator: "\n").count == 2)  // "Epoch 1/1" and its summary
}
