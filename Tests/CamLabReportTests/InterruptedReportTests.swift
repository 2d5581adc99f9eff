import Foundation
import Testing
import CamLabCore
import CamLabLang
import CamLabLibrary
@testable import CamLabReport

/// A run stopped by Ctrl-C still gives a report: what ran, the cell that was stopped, and a note that it was.
@Test func anInterruptedRunReportsWhatRanAndSaysItWasInterrupted() throws {
    // A builtin standing in for Ctrl-C pressed while the second code cell runs.
    let registry = BuiltinRegistry.makeStandard()
    registry.register(PressCtrlC.self)
    let runner = SessionCellRunner(registry: registry)
    let script = "#: # Walk\nprint(\"first ran\")\n#: ## Long\nwhile true { press_ctrl_c() }\n#: ## After\nprint(\"never\")\n"
    let report = Report.run(script: script, scriptName: "walk.dsl", runner: runner, keepGoing: true)
    #expect(report.interruptedAtLine == 4)
    #expect(report.cells.map(\.status) == [.prose, .succeeded, .prose, .failed, .prose, .skipped],
            "even with --keep-going, nothing runs after Ctrl-C")
    let html = HTMLReport.render(report)
    #expect(html.contains("first ran"))
    #expect(html.contains("The run was interrupted (Ctrl-C) in this cell; the cells below were not run."))
    #expect(html.contains("<li>interrupted <b>by Ctrl-C at line 4</b></li>"))
    #expect(!html.contains("cell failed"), "the interrupted cell is not counted as a failure")
    let markdown = MarkdownReport.render(report, assetFolder: "walk_files").markdown
    #expect(markdown.contains("interrupted by Ctrl-C at line 4") && markdown.contains("_Not run: the run was interrupted._"))
}

@Test func anUnwritableOutputIsFoundBeforeAnyCellRuns() throws {
    let (folder, script) = try folderWithScript()
    defer { try? FileManager.default.removeItem(at: folder) }
    let runner = CountingRunner()
    var log: [String] = []
    let status = Walkthrough.run(scriptPath: script, outputPath: folder.path + "/no/such/folder/out.html",
                                 keepGoing: false, runner: runner, log: { log.append($0) })
    #expect(status == 2)
    #expect(runner.runs == 0)
    #expect(log == ["camlab report: cannot write the report: the folder '\(folder.path)/no/such/folder' does not exist"])
}

/// A builtin that requests an interruption, standing in for Ctrl-C.
private struct PressCtrlC: BuiltinFunction {
    static let configuration = BuiltinConfiguration("press_ctrl_c", topic: "test", "Requests an interruption of the running cell.")
    func run(_ call: BuiltinCall) throws -> Value {
        call.interruption.request()
        return .none
    }
}
