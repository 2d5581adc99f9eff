import Foundation
import Testing

/// `Scripts/ensure-deps` on a machine missing packages, with apt stood in for by stubs that print a wall of
/// output: the person sees one line per step (what, why, how long), the wall goes to the log, and a failure names it.
@Suite struct SetupScriptTests {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts")

    /// Runs ensure-deps with stub `dpkg-query`, `apt-get` and `sudo` first on PATH; returns (status, stderr, log).
    static func ensureDeps(failing: Bool) throws -> (Int32, String, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-setup-\(UUID().uuidString)")
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stubs = [
            // Every real package is installed; the test's extra one is not.
            "dpkg-query": "case \"$*\" in *fake-package*) exit 1;; *) printf 'install ok installed';; esac",
            "apt-get": "for i in $(seq 300); do echo \"Get:$i http://deb.debian.org/debian bookworm/main package-$i\"; done\n"
                + (failing ? "echo 'E: Unable to locate package fake-package' >&2; exit 100" : "echo 'Setting up fake-package'"),
            "sudo": "exec \"$@\"",
        ]
        for (name, body) in stubs {
            let url = bin.appendingPathComponent(name)
            try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        let log = folder.appendingPathComponent("setup.log")
        let process = Process()
        process.executableURL = scripts.appendingPathComponent("ensure-deps")
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["CAMLAB_EXTRA_PACKAGES"] = "fake-package"
        environment["CAMLAB_SETUP_LOG"] = log.path
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text.replacingOccurrences(of: log.path, with: "LOG"), logText)
    }

    @Test func oneLinePerStepWithTheWallInTheLog() throws {
        let (status, errors, log) = try Self.ensureDeps(failing: false)
        #expect(status == 0)
        let lines = errors.split(separator: "\n")
        #expect(lines.count == 2, "\(errors)")
        #expect(lines.first?.hasPrefix("CamLab: updating the package lists to install 1 package(s) ... done in ") == true)
        #expect(lines.last?.hasPrefix("CamLab: installing fake-package (requested) ... done in ") == true)
        #expect(log.contains("Get:300 http://deb.debian.org") && log.contains("Setting up fake-package"))
    }

    @Test func aFailureShowsTheEndOfTheLogAndNamesIt() throws {
        let (status, errors, log) = try Self.ensureDeps(failing: true)
        #expect(status == 100)
        #expect(errors.contains("CamLab: updating the package lists to install 1 package(s) ... failed after "))
        #expect(errors.contains("(exit status 100)\n"))
        #expect(errors.contains("  | E: Unable to locate package fake-package"))
        #expect(errors.hasSuffix("CamLab: the full log is LOG\n"), "\(errors)")
        #expect(errors.split(separator: "\n").count < 20, "the wall stays in the log: \(errors)")
        #expect(log.contains("Get:300"))
    }
}
