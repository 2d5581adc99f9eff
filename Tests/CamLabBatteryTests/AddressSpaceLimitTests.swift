import Foundation
import Testing
import CamLabTestSupport

/// Under `ulimit -v 4000000` (about 3.8 GiB of address space, of which the runtime maps a good part), a string
/// or list that doubles in a loop must end with a message naming the limit, never with Swift's allocation trap.
@Suite(.serialized) struct AddressSpaceLimitTests {
    static let limitKiB = 4_000_000

    /// A shell script that lowers the limit and then becomes camlab, so every process under test starts limited.
    static func limitedCamlab(in folder: URL) throws -> String {
        let wrapper = folder.appendingPathComponent("camlab-limited")
        try "#!/bin/sh\nulimit -v \(limitKiB) || exit 99\nexec '\(BatteryRunner.camlab)' \"$@\"\n"
            .write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        return wrapper.path
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-ulimit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let doublings = [
        ("a string", "s = \"ab\"\nfor i in 0..<40 { s = s + s }\n", "joining two strings would need"),
        ("an interpolated string", "s = \"ab\"\nfor i in 0..<40 { s = \"\\(s)\\(s)\" }\n", "this string would need"),
        ("a list", "l = [1, \"a\"]\nfor i in 0..<40 { l = l + l }\n", "joining two lists would need"),
    ]

    @Test("a doubling script ends with a message", arguments: doublings.map(\.0))
    func doublingScript(_ name: String) throws {
        let (_, code, message) = try #require(Self.doublings.first { $0.0 == name })
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try (code + "print(\"unreachable\")\n").write(to: folder.appendingPathComponent("grow.dsl"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.limitedCamlab(in: folder))
        process.arguments = ["grow.dsl"]
        process.currentDirectoryURL = folder
        let errors = folder.appendingPathComponent("errors.txt")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: errors, encoding: .utf8)
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "status \(process.terminationStatus): \(text.prefix(600))")
        #expect(text.contains(message), "\(text.prefix(600))")
        #expect(text.contains("left under the address-space limit (ulimit -v)") || text.contains("the memory budget is"),
                "\(text.prefix(600))")
        #expect(!text.contains("Fatal error"))
    }

    @Test func theREPLSurvivesDoublingAtThePromptAndNamesTheLimit() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let steps: [[Any]] = [
            ["expect", "camlab> "], ["send", "kept = 7\r"], ["expect", "camlab> "],
            ["send", "memory_limit()\r"], ["expect", "address-space limit \\(ulimit -v\\)"], ["expect", "camlab> "],
            ["send", "s = \"ab\"; for i in 0..<40 { s = s + s }\r"], ["expect", "would need", 60], ["expect", "camlab> ", 20],
            ["send", "l = [1]; for i in 0..<40 { l = l + l }\r"], ["expect", "would need", 60], ["expect", "camlab> ", 20],
            ["send", "print(kept + 1)\r"], ["expect", "8\\r\\n"], ["send", "\u{04}"],
        ]
        let (transcript, succeeded) = try drivePseudoTerminal(steps, camlab: try Self.limitedCamlab(in: folder), home: folder)
        #expect(succeeded, "\(transcript.suffix(1500))")
        #expect(!transcript.contains("Fatal error"))
    }
}
