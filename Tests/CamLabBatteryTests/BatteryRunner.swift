import Foundation
import CamLabCore
import CamLabTestSupport
import CamLabLang
import CamLabLibrary

/// Runs battery cases: in a language session, or through the `camlab` command (`-e`, a script, `report`), or
/// typed into the REPL through the pseudo-terminal driver. Returns what went wrong, one sentence per failure.
enum BatteryRunner {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let canary = "canary = 12345"

    static var camlab: String { builtExecutable("camlab") }

    static var cases: [BatteryCase] {
        let folder = testsFolder.appendingPathComponent("CamLabBatteryTests/Cases")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".battery") }.sorted()
        return files.flatMap { name -> [BatteryCase] in
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            do { return try BatteryCase.parse(text, category: String(name.dropLast(8))) } catch {
                var broken = BatteryCase()
                broken.title = "\(error)"
                broken.category = "unreadable"
                return [broken]
            }
        }
    }

    // MARK: Workspace

    /// A fresh folder holding the case's files; returns it and a snapshot of their bytes.
    static func workspace(for c: BatteryCase) throws -> (URL, [String: [UInt8]]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-battery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try workspace(into: folder, c)
    }

    /// Failures common to every case: files changed that should not be, files that should be missing, contents.
    static func checkFiles(_ c: BatteryCase, _ folder: URL, _ snapshot: [String: [UInt8]]) -> [String] {
        var failures: [String] = []
        for (name, bytes) in snapshot where !c.changed.contains(name) {
            let now = (try? Data(contentsOf: folder.appendingPathComponent(name))).map { Array($0) }
            if now != bytes { failures.append("file '\(name)' was changed or removed") }
        }
        for name in c.missing where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            failures.append("file '\(name)' should not exist")
        }
        for (name, text) in c.fileContains {
            let content = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            if !content.contains(text) { failures.append("file '\(name)' lacks \(text)") }
        }
        return failures
    }

    /// Failures of the messages a case printed.
    static func checkMessages(_ c: BatteryCase, errors: String, output: String) -> [String] {
        var failures: [String] = []
        for expected in c.errors where !errors.contains(expected) {
            failures.append("no error containing \"\(expected)\"; errors were: \(errors.prefix(1500))")
        }
        for expected in c.helps where !errors.contains("help: " + expected) {
            failures.append("no help containing \"\(expected)\"; errors were: \(errors.prefix(1500))")
        }
        for expected in c.outputs where !output.contains(expected) {
            failures.append("no output containing \"\(expected)\"; output was: \(output.prefix(1500))")
        }
        if c.succeeds, !errors.isEmpty { failures.append("expected success, got: \(errors.prefix(1500))") }
        // errno 0 read after the fact: the message says nothing about what went wrong.
        if errors.contains(": Success") { failures.append("an error carries errno 0 (\"Success\"): \(errors.prefix(600))") }
        if let limit = c.errorLimit, errors.count > limit {
            failures.append("\(errors.count) characters of errors, more than \(limit): \(errors.prefix(600))…")
        }
        if !c.succeeds, c.errors.isEmpty, c.helps.isEmpty, c.outputs.isEmpty, c.status == nil {
            failures.append("the case states no expectation")
        }
        return failures
    }

    // MARK: In a session

    static func runInSession(_ c: BatteryCase) throws -> [String] {
        let (folder, snapshot) = try workspace(for: c)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = RecordedOutput()
        // A deadline stands in for a user's patience: a hang fails the case instead of the whole test run.
        let session = Session(output: output, interruption: InterruptionFlag(expiringAfter: 60),
                              workingDirectory: folder.path)
        session.run(canary)
        for line in c.setup { session.run(line) }
        let setupErrors = output.errors
        let outcome = session.run(c.run.joined(separator: "\n"), name: "case.dsl")
        var failures: [String] = []
        if !setupErrors.isEmpty { failures.append("setup failed: \(setupErrors)") }
        if outcome.interrupted { failures.append("the input did not finish within a minute") }
        let errors = String(output.errors.dropFirst(setupErrors.count))
        for line in c.then where !session.run(line).succeeded {
            failures.append("'\(line)' failed after the input: \(output.errors.dropFirst(setupErrors.count + errors.count))")
        }
        failures += checkMessages(c, errors: errors, output: output.text)
        let before = output.text.count
        session.run("print(canary)")
        if !output.text.dropFirst(before).hasPrefix("12345") { failures.append("the session lost 'canary'") }
        return failures + checkFiles(c, folder, snapshot)
    }

    // MARK: Through the command

    static func runCommand(_ c: BatteryCase) throws -> [String] {
        let (folder, snapshot) = try workspace(for: c)
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments: [String]
        let script = canary + "\n" + c.code + "\n"
        switch c.via {
        case .cli: arguments = ["-e", canary + "\n" + c.code]
        case .script:
            try Data(script.utf8).write(to: folder.appendingPathComponent("case.dsl"))
            arguments = ["case.dsl"]
        default:
            try Data(script.utf8).write(to: folder.appendingPathComponent("case.dsl"))
            arguments = ["report", "case.dsl", "-o", "case.html"]
        }
        if let args = c.args { arguments = args.split(separator: " ").map(String.init) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: camlab)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path
        process.environment = environment
        // Output goes to files, not pipes: a chatty process can never block on a full pipe.
        let outURL = folder.appendingPathExtension("out"), errURL = folder.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if let delay = c.signalAfter {
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGINT)
        }
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.terminate(); return ["the command did not finish within two minutes"] }
        let errData = (try? Data(contentsOf: errURL)) ?? Data(), outData = (try? Data(contentsOf: outURL)) ?? Data()
        let errors = String(decoding: errData, as: UTF8.self), output = String(decoding: outData, as: UTF8.self)
        var failures = checkMessages(c, errors: errors, output: output)
        if process.terminationReason == .uncaughtSignal {
            failures.append("camlab was killed by signal \(process.terminationStatus)")
        }
        if errors.contains("Fatal error") || errors.contains("crashed") { failures.append("camlab crashed: \(errors.prefix(800))") }
        let expectedStatus = c.status ?? (c.succeeds ? 0 : 1)
        if process.terminationStatus != expectedStatus {
            failures.append("exit status \(process.terminationStatus), expected \(expectedStatus)")
        }
        return failures + checkFiles(c, folder, snapshot)
    }

    // MARK: In the REPL

    /// Runs every case in one REPL through the pseudo-terminal driver: after each bad input the session must
    /// answer and `canary` must keep its value.
    static func runInREPL(_ cases: [BatteryCase]) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-battery-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var snapshots: [(BatteryCase, [String: [UInt8]])] = []
        var steps: [[Any]] = [["expect", "camlab> "], ["send", canary + "\r"], ["expect", "camlab> "]]
        for c in cases {
            let (_, snapshot) = try workspace(into: folder, c)  // the cases share the folder: names must not collide
            snapshots.append((c, snapshot))
            for line in c.setup { steps += [["paste", line + "\r"], ["expect", "camlab> ", 10]] }
            // Typed when it holds a Tab (a paste would insert the Tab instead of completing), pasted otherwise.
            let input = c.run.joined(separator: "\r") + (c.keys == nil ? "\r" : "")
            steps.append([input.contains("\t") ? "send" : "paste", input])
            if let keys = c.keys { steps += [["sleep", c.signalAfter ?? 0.3], ["send", keys]] }
            // What a program prints comes before the error that stops it.
            for expected in c.outputs + c.errors {
                steps.append(["expect", NSRegularExpression.escapedPattern(for: expected), 20])
            }
            steps += [["expect", "camlab> ", 20], ["send", "canary\r"], ["expect", "12345\\r\\n"]]
        }
        steps.append(["send", "\u{04}"])
        let (transcript, succeeded) = try drivePseudoTerminal(steps, camlab: camlab, home: folder)
        var failures: [String] = []
        if !succeeded {
            let saved = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-battery-repl-failure.txt")
            try? Data(transcript.utf8).write(to: saved)
            let reason = transcript.components(separatedBy: "\n").last { $0.hasPrefix("TIMEOUT") } ?? "no prompt"
            failures.append("the REPL session failed (\(reason)); transcript in \(saved.path), ending:\n"
                            + transcript.suffix(1200))
        }
        if transcript.contains("Fatal error") || transcript.contains("crashed") { failures.append("the REPL crashed") }
        for (c, snapshot) in snapshots { failures += checkFiles(c, folder, snapshot).map { "\(c): \($0)" } }
        return failures
    }

    /// Writes the case's files into `folder`; returns it and a snapshot of their bytes.
    static func workspace(into folder: URL, _ c: BatteryCase) throws -> (URL, [String: [UInt8]]) {
        var snapshot: [String: [UInt8]] = [:]
        for file in c.files {
            switch file {
            case .content(let name, let bytes):
                let url = folder.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
                snapshot[name] = bytes
            case .link(let name, let target):
                try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(name).path,
                                                           withDestinationPath: target)
            case .fifo(let name):
                guard mkfifo(folder.appendingPathComponent(name).path, 0o644) == 0 else { throw BatteryError("mkfifo \(name)") }
            case .folder(let name):
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(name),
                                                        withIntermediateDirectories: true)
            }
        }
        return (folder, snapshot)
    }
}
