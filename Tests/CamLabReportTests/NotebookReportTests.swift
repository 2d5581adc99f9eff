import CamLabCore
import CamLabData
import Testing
@testable import CamLabReport

/// The `.ipynb` writer and reader on the fixture walkthrough (nbformat itself validates real runs in Tests/Jupyter).
@Test func notebookKeepsCellsOutputsAndCountsInNbformat4() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: false)
    let notebook = try JSON.parse(Array(NotebookReport.render(report).utf8)[...])
    #expect(notebook["nbformat"]?.integer == 4 && notebook["nbformat_minor"]?.integer == 5)
    #expect(notebook["metadata"]?["kernelspec"]?["name"]?.string == "camlab")
    let cells = try #require(notebook["cells"]?.array)
    #expect(cells.map { $0["cell_type"]?.string ?? "" } == ["markdown", "code", "markdown", "code", "markdown", "code",
                                                            "markdown", "code", "markdown", "code"])
    let code = cells.filter { $0["cell_type"]?.string == "code" }
    // Cells that ran are numbered in order; the one skipped after the error has none.
    #expect(code.map { $0["execution_count"] ?? .null } == [.number("1"), .number("2"), .number("3"), .number("4"), .null])
    let outputTypes = code.map { ($0["outputs"]?.array ?? []).map { $0["output_type"]?.string ?? "" } }
    #expect(outputTypes == [["stream"], ["stream", "display_data"], Array(repeating: "display_data", count: 4),
                            ["error"], []])
    let error = try #require(code[3]["outputs"]?.array?.first)
    #expect(error["traceback"]?.array?.compactMap(\.string) == ["walk.dsl:21:5: error: unknown name 'explian'",
        " 21 | y = explian(model, x.test[0])", "    |     ^~~~~~~", "    help: did you mean 'explain'?"])
    // Sources are lists of lines, each but the last ending in a newline.
    #expect(code[0]["source"] == .array([.string("x = load_dataset(\"fashion-mnist\")\n"),
                                         .string("print(\"train: \\(x.train.count) images\")")]))
}

@Test func convertingBackGivesTheScript() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: true)
    let script = try NotebookConverter.script(fromNotebook: Array(NotebookReport.render(report).utf8), name: "w.ipynb")
    // The same cells, in the walkthrough style: a blank line after each code cell.
    func cells(_ text: String) -> [String] { ScriptCells.split(text).map { "\($0.kind): \($0.text)" } }
    #expect(cells(script) == cells(WalkthroughFixture.script))
    #expect(script.contains("print(\"train: \\(x.train.count) images\")\n\n#: ## Training\n#: The bar"))
}

@Test func convertRefusesWhatIsNotANotebook() {
    #expect(throws: Problem.self) { try NotebookConverter.script(fromNotebook: Array("{\"cells\": 3}".utf8), name: "x.ipynb") }
    do {
        _ = try NotebookConverter.script(fromNotebook: Array("{".utf8), name: "x.ipynb")
        Issue.record("a broken file converted")
    } catch {
        #expect("\(error)".hasPrefix("'x.ipynb' is not a notebook: "))
    }
}
