import Testing
import CamLabLang
import CamLabLibrary
@testable import CamLabReport

@Test func sessionRunnerKeepsStateAndOrderAcrossCells() throws {
    let runner = SessionCellRunner()
    #expect(runner.run(cell: "seed(7)\nx = 20\nprint(\"x is \\(x)\")", firstLine: 3, scriptName: "w.dsl") ==
            [.text("x is 20\n")])
    let outputs = runner.run(cell: "print(x + 1)\nshow(zeros(28, 28), title: \"blank\")\nprint(\"after\")",
                             firstLine: 9, scriptName: "w.dsl")
    #expect(outputs.count == 3)
    #expect(outputs.first == .text("21\n") && outputs.last == .text("after\n"))
    guard case .image(let image) = outputs[1] else { Issue.record("no picture: \(outputs)"); return }
    #expect(image.width == 28 && image.height == 28 && image.caption == "blank")
    #expect(ReportImage(png: image.png)?.width == 28)
    // For viewers that scale pictures themselves, a crisp copy enlarged six times.
    #expect(ReportImage(png: image.displayPNG)?.width == 168)
    #expect(runner.seed == 7)
}

@Test func sessionRunnerReportsErrorsAtScriptLines() {
    let runner = SessionCellRunner()
    let outputs = runner.run(cell: "print(1)\ny = undefined_name + 1", firstLine: 40, scriptName: "w.dsl")
    #expect(outputs.first == .text("1\n"))
    guard case .error(let error)? = outputs.last else { Issue.record("no error: \(outputs)"); return }
    #expect(error.name == "error" && error.message == "unknown name 'undefined_name'")
    let message = error.rendered
    #expect(message.hasPrefix("w.dsl:41:5: error: unknown name 'undefined_name'"))
    #expect(message.contains(" 41 | y = undefined_name + 1"))
}
