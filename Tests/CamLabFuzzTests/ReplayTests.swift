import Foundation
import Testing
import CamLabFuzzTargets

/// Every fuzz target replays its seeds and every input a fuzzer has found (`Fuzz/regressions/TARGET/`), so a
/// finding stays fixed. A crash here takes the test run down with the input's name in the log.
struct ReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ kind: String, _ target: String) -> [URL] {
        let folder = root.appendingPathComponent(kind).appendingPathComponent(target)
        return ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("fuzz target replays its seeds and regressions", arguments: FuzzTargets.all.map(\.name))
    func replay(_ target: String) throws {
        let run = try #require(FuzzTargets.target(named: target))
        let files = Self.inputs("seeds", target) + Self.inputs("regressions", target)
        #expect(!files.isEmpty, "target \(target) has no seeds")
        for file in files { run(Array(try Data(contentsOf: file))) }
    }

    @Test func generatedProgramsAreCamLabCode() {
        // Programs from arbitrary bytes scan and, nearly always, parse: the evaluator target tests evaluation.
        var parsed = 0
        for seed in 0..<200 {
            let bytes = (0..<64).map { UInt8(truncatingIfNeeded: ($0 &* 31 &+ seed &* 17) ^ seed) }
            if FuzzTargets.programParses(bytes) { parsed += 1 }
        }
        #expect(parsed >= 190, "only \(parsed) of 200 generated programs parse")
    }
}
