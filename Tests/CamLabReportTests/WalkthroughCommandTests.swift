import Foundation
import Testing
@testable import CamLabReport

@Test func commandWritesTheReportAndReportsTheFailure() throws {
    let folder = scratchFolder("command")
    try WalkthroughFixture.script.write(toFile: folder + "/walk.dsl", atomically: true, encoding: .utf8)
    var lines: [String] = []
    let status = Walkthrough.run(scriptPath: folder + "/walk.dsl", outputPath: nil, keepGoing: false,
                                 runner: FakeRunner(try WalkthroughFixture.outputs())) { lines.append($0) }
    #expect(status == 1)
    #expect(FileManager.default.fileExists(atPath: folder + "/walk.html"))
    #expect(Array(lines.prefix(4)) == ["[1/5] walk.dsl:11", "[2/5] walk.dsl:15", "[3/5] walk.dsl:18",
                                       "[4/5] walk.dsl:21"])
    let summary = try #require(lines.last)
    #expect(summary.hasPrefix("wrote \(folder)/walk.html: ran in "))
    #expect(summary.hasSuffix("; 1 cell failed, the first at walk.dsl:21 (use --keep-going to run the cells after it)"))
}

@Test func commandRefusesAnUnknownFormatBeforeRunning() throws {
    let folder = scratchFolder("command-format")
    try "print(1)".write(toFile: folder + "/a.dsl", atomically: true, encoding: .utf8)
    let runner = FakeRunner([])
    var lines: [String] = []
    let status = Walkthrough.run(scriptPath: folder + "/a.dsl", outputPath: folder + "/a.pdf", keepGoing: false,
                                 runner: runner) { lines.append($0) }
    #expect(status == 2)
    #expect(runner.ran.isEmpty)
    #expect(lines.first?.hasPrefix("camlab report: cannot tell the report format of") == true)
}

@Test func commandNamesAMissingScript() {
    var lines: [String] = []
    let status = Walkthrough.run(scriptPath: "/nonexistent/walk.dsl", outputPath: nil, keepGoing: false,
                                 runner: FakeRunner([])) { lines.append($0) }
    #expect(status == 2)
    #expect(lines == ["camlab report: cannot open '/nonexistent/walk.dsl': No such file or directory"])
}
