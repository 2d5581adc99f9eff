import Foundation
import Testing
import CamLabTestSupport

/// The REPL driven through a pseudo-terminal by `pty_driver.py` (python3 stdlib), as a person would use it.
struct REPLTests {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The `camlab` executable built next to the test bundle.
    static var camlab: String { builtExecutable("camlab") }

    enum Step {
        case send(String), expect(String), sleep(Double), kill(Int32)

        /// Expects `text` printed on a line of its own (after the echo of Enter).
        static func output(_ text: String) -> Step {
            .expect("(^|[\\r\\n])" + NSRegularExpression.escapedPattern(for: text) + "\\r\\n")
        }
        var json: [Any] {
            switch self {
            case .send(let text): return ["send", text]
            case .expect(let pattern): return ["expect", pattern]
            case .sleep(let seconds): return ["sleep", seconds]
            case .kill(let signal): return ["kill", signal]
            }
        }
    }

    /// Runs the REPL in `home` (also its working directory) through the steps; returns the transcript.
    static func drive(_ steps: [Step], home: URL) throws -> (transcript: String, succeeded: Bool) {
        try drivePseudoTerminal(steps.map(\.json), camlab: camlab, home: home)
    }

    static func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func historyPersistsAcrossSessionsWithoutConsecutiveDuplicates() throws {
        let home = try Self.temporaryHome()
        let first = try Self.drive([
            .expect("camlab> "), .send("x = 41\r"), .expect("camlab> "),
            .send("print(x + 1)\r"), .expect("42"), .send("print(x + 1)\r"), .expect("42"),
            .send("func f(a) {\r"), .expect("\\.\\.\\.> "), .send("return a * 2\r}\r"), .expect("camlab> "),
            .send("\u{04}"),
        ], home: home)
        #expect(first.succeeded, "\(first.transcript)")
        let history = try String(contentsOf: home.appendingPathComponent(".camlab_history"), encoding: .utf8)
        #expect(history == "x = 41\nprint(x + 1)\nfunc f(a) {\\nreturn a * 2\\n}\n")
        // A new session recalls the previous one's entries with the Up key: three up is "print(x + 1)".
        let second = try Self.drive([
            .expect("camlab> "), .send("x = 1\r"), .expect("camlab> "),
            .send("\u{1B}[A\u{1B}[A\u{1B}[A\r"), .output("2"), .send("\u{04}"),
        ], home: home)
        #expect(second.succeeded, "\(second.transcript)")
    }

    @Test func aKilledREPLsEntriesReachTheHistoryAtTheNextStart() throws {
        let home = try Self.temporaryHome()
        try "older entry\n".write(to: home.appendingPathComponent(".camlab_history"), atomically: true, encoding: .utf8)
        let killed = try Self.drive([
            .expect("camlab> "), .send("typed_1 = 1\r"), .expect("camlab> "),
            .send("for i in 0..<2 {\r"), .expect("\\.\\.\\.> "), .send("print(i)\r}\r"), .expect("camlab> "),
            .kill(SIGKILL),
        ], home: home)
        #expect(killed.transcript.contains("EXIT -9"), "\(killed.transcript)")
        let journals = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.contains(".journal.") }
        #expect(journals.count == 1)
        // The next REPL merges the journal into the history, removes it, and offers the entries with Up.
        let next = try Self.drive([
            .expect("camlab> "), .send("\u{1B}[A\u{1B}[A\r"), .expect("camlab> "), .send("typed_1\r"), .output("1"),
            .send("\u{04}"),
        ], home: home)
        #expect(next.succeeded, "\(next.transcript)")
        let history = try String(contentsOf: home.appendingPathComponent(".camlab_history"), encoding: .utf8)
        #expect(history == "older entry\ntyped_1 = 1\nfor i in 0..<2 {\\nprint(i)\\n}\ntyped_1 = 1\ntyped_1\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.contains(".journal.") }
        #expect(left.isEmpty, "journals left: \(left)")
    }

    @Test func twoREPLsOpenAtOnceKeepEachOthersHistory() throws {
        let home = try Self.temporaryHome()
        try "older entry\n".write(to: home.appendingPathComponent(".camlab_history"), atomically: true, encoding: .utf8)
        // Both sessions start before either leaves; each adds its own entries, then they leave one after the other.
        func session(_ name: String, leaveAfter seconds: Double) -> Thread {
            let thread = Thread {
                _ = try? Self.drive([
                    .expect("camlab> "), .send("\(name)_1 = 1\r"), .expect("camlab> "),
                    .send("\(name)_2 = 2\r"), .expect("camlab> "), .sleep(seconds), .send("\u{04}"),
                ], home: home)
            }
            thread.start()
            return thread
        }
        let first = session("first", leaveAfter: 1.0), second = session("second", leaveAfter: 2.0)
        while first.isExecuting || second.isExecuting || !first.isFinished || !second.isFinished {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let history = try String(contentsOf: home.appendingPathComponent(".camlab_history"), encoding: .utf8)
        #expect(history == "older entry\nfirst_1 = 1\nfirst_2 = 2\nsecond_1 = 1\nsecond_2 = 2\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }

    @Test func ctrlDInAMultiLineInputKeepsTheSession() throws {
        let run = try Self.drive([
            .expect("camlab> "), .send("kept = 7\r"), .expect("camlab> "),
            .send("for i in 0..<3 {\r"), .expect("\\.\\.\\.> "), .send("\u{04}"),
            .expect("the unfinished input of 1 line was discarded; Ctrl-D at an empty prompt leaves"),
            .expect("camlab> "), .send("kept\r"), .output("7"), .send("\u{04}"),
        ], home: try Self.temporaryHome())
        #expect(run.succeeded, "\(run.transcript)")
    }

    @Test func tabCompletesBuiltinsVariablesLabelsAndFileNames() throws {
        let home = try Self.temporaryHome()
        FileManager.default.createFile(atPath: home.appendingPathComponent("sample_image.png").path, contents: Data())
        let run = try Self.drive([
            .expect("camlab> "), .send("learning_rate = 3\r"), .expect("camlab> "),
            .send("pri\t(learn\t)\r"), .output("3"),
            .send("print(round(2.567, dig\t1))\r"), .output("2.6"),
            .send("print(\"sample_\t)\r"), .output("sample_image.png"),
            .send("t = tensor([1, 2])\r"), .expect("camlab> "), .send("print(t.sha\t)\r"), .expect("\\(2,\\)"),
            // Inside a string given for `layer:`, the names of the call's model complete (with the closing quote).
            .send("m = sequential([conv2d(2, 3, input_shape: (8, 8, 1)), flatten(), dense(2)])\r"), .expect("camlab> "),
            .send("func pick(model, layer = none) { return layer }\r"), .expect("camlab> "),
            .send("pick(m, layer: \"con\t)\r"), .output("\"conv2d\""),
            .send("\u{04}"),
        ], home: home)
        #expect(run.succeeded, "\(run.transcript)")
    }

    @Test func multiLineInputContinuesWhileABracketIsOpen() throws {
        let run = try Self.drive([
            .expect("camlab> "), .send("xs = [1,\r"), .expect("   \\.\\.\\.> "), .send("2, 3]\r"),
            .expect("camlab> "), .send("for x in xs {\r"), .expect("\\.\\.\\.> "),
            .send("print(x * 10)\r"), .expect("\\.\\.\\.> "), .send("}\r"), .output("10"), .output("20"), .output("30"),
            .send("\u{04}"),
        ], home: try Self.temporaryHome())
        #expect(run.succeeded, "\(run.transcript)")
    }

    @Test func ctrlCClearsThePromptLineAndStopsRunningCodeKeepingVariables() throws {
        let run = try Self.drive([
            .expect("camlab> "), .send("this is not code\u{03}"), .expect("\\^C"), .expect("camlab> "),
            .send("print(7)\r"), .output("7"),
            .send("n = 0\r"), .expect("camlab> "),
            .send("while true { n = n + 1 }\r"), .sleep(0.5), .send("\u{03}"), .expect("interrupted"),
            .expect("camlab> "), .send("n > 0\r"), .expect("true"),
            .send("\u{04}"),
        ], home: try Self.temporaryHome())
        #expect(run.succeeded, "\(run.transcript)")
        #expect(!run.transcript.contains("error"), "\(run.transcript)")
    }

    @Test func ctrlCDuringFitStopsAtTheNextBatchKeepingTheModelAndItsHistory() throws {
        let run = try Self.drive([
            .expect("camlab> "),
            .send("m = sequential([dense(64, activation: relu, input_shape: (256,)), dense(2, activation: softmax)])\r"),
            .expect("camlab> "), .send("m.compile()\r"), .expect("camlab> "),
            // Batches of one example: thousands of batches, so the run is still going when Ctrl-C arrives.
            .send("h = m.fit(ones(4000, 256), zeros(4000), epochs: 100, batch_size: 1)\r"),
            .expect("Epoch 1/100"), .expect("ETA"), .sleep(0.3), .send("\u{03}"),
            .expect("Training interrupted in epoch \\d+ before batch \\d+"), .expect("interrupted"),
            .expect("camlab> "), .send("m.compiled\r"), .output("true"),
            .send("m.history.epochs == len(m.history.loss)\r"), .output("true"),
            .send("\u{04}"),
        ], home: try Self.temporaryHome())
        #expect(run.succeeded, "\(run.transcript)")
    }

    @Test func runtimeErrorAtThePromptLeavesVariablesAsTheyWere() throws {
        let run = try Self.drive([
            .expect("camlab> "), .send("a = 1\r"), .expect("camlab> "),
            .send("a = 2; b = nope\r"), .expect("unknown name 'nope'"), .expect("camlab> "),
            .send("a\r"), .output("1"), .send("\u{04}"),
        ], home: try Self.temporaryHome())
        #expect(run.succeeded, "\(run.transcript)")
    }
}
