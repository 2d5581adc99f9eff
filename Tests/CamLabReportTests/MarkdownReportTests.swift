import CamLabCore
import Foundation
import Testing
@testable import CamLabReport

@Test func markdownReportLinksPicturesWrittenBesideIt() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: false)
    let folder = scratchFolder("markdown")
    try ReportFile.write(report, to: folder + "/walk.md")
    let markdown = try String(contentsOfFile: folder + "/walk.md", encoding: .utf8)
    let assets = try FileManager.default.contentsOfDirectory(atPath: folder + "/walk_files").sorted()
    #expect(assets == ["cell2-1.png", "cell3-1.svg", "cell3-2.svg", "cell3-3.svg", "cell3-4.svg"])
    #expect(markdown.contains("<img src=\"walk_files/cell2-1.png\" width=\"168\""))
    #expect(markdown.contains("![Confusion matrix](walk_files/cell3-2.svg)"))
    #expect(markdown.hasPrefix("# Fashion-MNIST walkthrough\n\n_CamLab 0.1.0 · 2026-11-27 05:30 UTC · run time "))
    #expect(markdown.contains("· script `walk.dsl` · 1 failed cell(s)_\n\nWe train a **small CNN**"))
    #expect(markdown.contains("```camlab\nx = load_dataset(\"fashion-mnist\")\n"))
    #expect(markdown.contains("> **Error**\n>\n> ```text\n> walk.dsl:21:5: error: unknown name 'explian'\n"))
    #expect(markdown.contains("_Not run: an earlier cell failed._"))
    let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/walk_files/cell2-1.png"))
    #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
}

@Test func fencesOutgrowBackticksInOutput() {
    #expect(MarkdownReport.fence("a ``` b", language: "text") == "````text\na ``` b\n````\n\n")
}

@Test func unknownOutputFormatIsRejectedWithBothChoices() {
    #expect(throws: Problem("cannot tell the report format of 'walk.pdf': name the output file .html (one "
        + "self-contained page), .md (Markdown with pictures in a folder beside it) or .ipynb (a Jupyter notebook)")) {
        try ReportFile.format(of: "walk.pdf")
    }
}
