import CamLabTestSupport
import Foundation
import Testing
import CamLabCore
@testable import CamLabReport

/// `camlab report` and Ctrl-C: whenever the signal arrives — during start-up, between cells, inside a cell, while
/// rendering — the run ends with a report, marked interrupted (status 130) or complete (status 0), never nothing.
@Suite(.serialized) struct ReportSignalTests {
    static var camlab: String { builtExecutable("camlab") }

    static let script = """
        #: # Counting
        x = 0
        #: ## Up
        for i in 0..<30000 { x = x + 1 }
        #: ## Further
        for i in 0..<30000 { x = x + 1 }
        print("counted", x)
        """

    static let execWithSIGINTDefault = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        + "signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT]); os.execv(sys.argv[1], sys.argv[1:])"

    @Test func ctrlCAtAnyMomentStillWritesAReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-report-sigint-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.script.utf8).write(to: folder.appendingPathComponent("walk.dsl"))
        var outcomes: [Int32: Int] = [:]
        // 20 runs, the signal sent from 2 ms after start-up began to after the run would have ended. Start-up
        // begins once camlab's first hook holds SIGINT (before it, the dynamic loader is at work: the one moment
        // no program can guard), so a loaded machine cannot turn a late spawn into a false failure.
        for run in 0..<20 {
            let delay = run == 0 ? 0 : 0.002 + Double(run) * Double(run) * 0.004
            let report = folder.appendingPathComponent("walk\(run).html")
            let process = Process()
            // As from a shell at a terminal: SIGINT unblocked and fatal when camlab starts (a test runner's threads
            // may pass it on blocked, which would hide a gap in camlab's own start-up).
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.execWithSIGINTDefault, Self.camlab,
                                 "report", "walk.dsl", "-o", report.lastPathComponent]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let held = Self.waitUntilSIGINTIsHeld(process, orCaught: run > 0)
            if run == 0 { #expect(held, "camlab report never held SIGINT during start-up") }
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            let what = "run \(run), Ctrl-C after \(Int(delay * 1000)) ms"
            #expect(process.terminationReason == .exit, "\(what): killed by the signal")
            #expect([0, 130].contains(process.terminationStatus), "\(what): status \(process.terminationStatus)")
            outcomes[process.terminationStatus, default: 0] += 1
            // A Ctrl-C during start-up (sent while the first hook holds it) is not lost: the run stops before its
            // first cell.
            if run == 0 { #expect(process.terminationStatus == 130, "\(what): Ctrl-C during start-up was lost") }
            let html = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
            #expect(!html.isEmpty, "\(what): no report")
            if process.terminationStatus == 130 {
                #expect(html.contains("interrupted"), "\(what): the report does not say it was interrupted")
            } else if process.terminationStatus == 0 {
                #expect(html.contains("counted 60000"), "\(what): a complete report lacks the last cell's output")
            }
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "temporary files left behind: \(left)")
        #expect(outcomes[130, default: 0] > 0, "no run was interrupted: \(outcomes)")
    }

    /// Waits (at most 5 s) until the process runs camlab and SIGINT is blocked by its preinit hook (or, with
    /// `orCaught`, already caught by its handler), as /proc/PID/status says. The hook re-executes the program
    /// through /proc/self/exe, whose name is then "exe".
    @discardableResult
    static func waitUntilSIGINTIsHeld(_ process: Process, orCaught: Bool) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline {
            let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            var fields: [String: String] = [:]
            for line in status.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            let mask = { (name: String) in UInt64(fields[name] ?? "", radix: 16) ?? 0 }
            if ["camlab", "exe"].contains(fields["Name"]), mask("SigBlk") & 2 != 0 || (orCaught && mask("SigCgt") & 2 != 0) {
                return true
            }
            Thread.sleep(forTimeInterval: 0.0002)
        }
        return false
    }

    @Test func anOutputThatCannotBeCreatedIsFoundBeforeAnyCellRuns() throws {
        let (folder, script) = try folderWithScript()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A name the file system refuses passes the folder checks; only creating the file finds it out.
        let name = String(repeating: "r", count: 250) + ".html"
        let runner = CountingRunner()
        var log: [String] = []
        let status = Walkthrough.run(scriptPath: script, outputPath: folder.path + "/" + name, keepGoing: false,
                                     runner: runner, log: { log.append($0) })
        #expect(status == 2)
        #expect(runner.runs == 0)
        #expect(log.first?.hasSuffix("File name too long") == true, "\(log)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["walk.dsl"])
    }
}
