import Foundation
import CamLabCore
import CamLabTestSupport
@testable import CamLabReport

/// A runner that only counts the cells it is asked to run: a report whose output cannot be written must run none.
final class CountingRunner: CellRunner {
    var runs = 0
    func run(cell source: String, firstLine: Int, scriptName: String) -> [CellOutput] { runs += 1; return [] }
    var seed: UInt64? { nil }
}

/// A fresh temporary folder holding a one-line script `walk.dsl`; remove the folder when done.
func folderWithScript() throws -> (folder: URL, script: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let script = folder.appendingPathComponent("walk.dsl").path
    try FileIO.writeAtomically(Array("print(1)\n".utf8), to: script)
    return (folder, script)
}

/// A runner that replays scripted outputs, one list per code cell in order, and records what it was asked to
/// run; cells beyond the script print nothing.
final class FakeRunner: CellRunner {
    private var responses: [[CellOutput]]
    private(set) var ran: [(source: String, firstLine: Int)] = []
    let seed: UInt64?

    init(_ responses: [[CellOutput]], seed: UInt64? = 42) {
        self.responses = responses
        self.seed = seed
    }

    func run(cell source: String, firstLine: Int, scriptName: String) -> [CellOutput] {
        ran.append((source, firstLine))
        return responses.isEmpty ? [] : responses.removeFirst()
    }
}

/// A 28×28 test picture as a report image.
func digitImage(caption: String = "") -> ReportImage {
    ReportImage(png: testPNG(width: 28, height: 28, rgba: gradientPixels(width: 28, height: 28)), width: 28,
                height: 28, caption: caption)
}

/// A scratch folder under /tmp, unique to this process and name.
func scratchFolder(_ name: String) -> String {
    let path = "/tmp/camlab-report-tests-\(getpid())/\(name)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
