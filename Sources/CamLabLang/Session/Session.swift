import CamLabCore

/// The public face of the language: the REPL, the command line and notebook reports all run code through a
/// `Session`, which keeps variables between inputs. The session runs the builtins of the registry it is given;
/// CamLabLibrary's `Session(output:…)` gives it CamLab's standard library:
///
///     let session = Session(output: TerminalOutput())
///     let outcome = session.run("x = 1 + 2\nprint(x)", name: "cell 1")
public final class Session {
    public let interpreter: Interpreter
    public var output: OutputReceiver { interpreter.output }

    /// The result of running one input.
    public struct Outcome: Sendable {
        /// Syntax errors (all of them) or the one runtime error that stopped the input.
        public let diagnostics: [Diagnostic]
        /// True when Ctrl-C stopped the input.
        public let interrupted: Bool
        public var succeeded: Bool { diagnostics.isEmpty && !interrupted }
    }

    /// `echoesValues`: print the value of each top-level bare expression, as the REPL does.
    /// `interruption`: what stops a running input; the command line passes `InterruptionFlag.ctrlC`, which its
    /// SIGINT handler sets, and every other session gets a flag of its own.
    /// `workingDirectory`: where relative file names point (nil: the process's working directory).
    public init(output: OutputReceiver, echoesValues: Bool = false,
                registry: BuiltinRegistry, interruption: InterruptionFlag = InterruptionFlag(),
                memoryBudget: MemoryBudget = .standard, workingDirectory: String? = nil) {
        interpreter = Interpreter(registry: registry, output: output, interruption: interruption,
                                  memoryBudget: memoryBudget, workingDirectory: workingDirectory)
        interpreter.echoesValues = echoesValues
    }

    /// What stops this session's running input at its next safe point.
    public var interruption: InterruptionFlag { interpreter.interruption }

    /// Runs `text`, sending every diagnostic to the output as a `.diagnostic` event.
    ///
    /// A runtime error restores every variable to its value before the input ran (objects such as a model
    /// keep changes already made to them). Ctrl-C keeps what the input assigned before it stopped, so a
    /// model interrupted during `fit` keeps its training and history.
    ///
    /// `firstLine` is the line of the file where `text` starts (a notebook cell, a chunk of piped input), so
    /// diagnostics give positions in the whole file.
    ///
    /// `keepingInterruption` leaves a stop request made before the run (or after its last safe point) in place
    /// instead of clearing it, so a report run loses no Ctrl-C that arrives between cells.
    @discardableResult
    public func run(_ text: String, name: String = "<input>", firstLine: Int = 1,
                    keepingInterruption: Bool = false) -> Outcome {
        let text = Source.withoutByteOrderMark(text)
        let source = Source(String(repeating: "\n", count: max(0, firstLine - 1)) + text, name: name)
        let program: [Stmt]
        switch Parser.parse(source) {
        case .success(let statements): program = statements
        case .failure(let failure):
            for diagnostic in failure.diagnostics { output.receive(.diagnostic(diagnostic)) }
            return Outcome(diagnostics: failure.diagnostics, interrupted: false)
        }
        var resolver = Resolver(source: source, registry: interpreter.registry, globals: Set(interpreter.globals.keys))
        let problems = resolver.resolve(program)
        if !problems.isEmpty {
            for diagnostic in problems { output.receive(.diagnostic(diagnostic)) }
            return Outcome(diagnostics: problems, interrupted: false)
        }
        let saved = interpreter.globals
        if !keepingInterruption { interpreter.interruption.clear() }
        defer { if !keepingInterruption { interpreter.interruption.clear() } }
        do {
            try interpreter.run(program, from: source)
            return Outcome(diagnostics: [], interrupted: false)
        } catch let diagnostic as Diagnostic {
            interpreter.globals = saved
            output.receive(.diagnostic(diagnostic))
            return Outcome(diagnostics: [diagnostic], interrupted: false)
        } catch is Interrupted {
            output.receive(.interrupted)
            return Outcome(diagnostics: [], interrupted: true)
        } catch {
            interpreter.globals = saved
            let diagnostic = Diagnostic(.runtime, "\(error)", span: Span(0, 0), in: source)
            output.receive(.diagnostic(diagnostic))
            return Outcome(diagnostics: [diagnostic], interrupted: false)
        }
    }

    /// The problems the parser and the resolver find in `text`, without running it (an empty list when it may run).
    public func check(_ text: String, name: String = "<input>") -> [Diagnostic] {
        let source = Source(Source.withoutByteOrderMark(text), name: name)
        switch Parser.parse(source) {
        case .failure(let failure): return failure.diagnostics
        case .success(let program):
            var resolver = Resolver(source: source, registry: interpreter.registry, globals: Set(interpreter.globals.keys))
            return resolver.resolve(program)
        }
    }

    /// True when `text` stops in the middle of a construct (an open bracket, a dangling operator), so the
    /// REPL should read a continuation line instead of reporting an error.
    public func needsMoreInput(_ text: String) -> Bool { completeness(of: text) == .incomplete }

    public enum Completeness: String, Sendable { case complete, incomplete, invalid }

    /// Whether `text` parses (`complete`), stops in the middle of a construct (`incomplete`: a front end asks
    /// for another line), or holds a syntax error that more lines cannot mend (`invalid`: run it to show it).
    public func completeness(of text: String) -> Completeness {
        guard case .failure(let failure) = Parser.parse(Source(Source.withoutByteOrderMark(text))) else { return .complete }
        return failure.isIncomplete ? .incomplete : .invalid
    }

    /// CamLab's version ("0.1.0").
    public static var version: String { camLabVersion }

    /// The BLAS library and kernels tensors run on, for version banners.
    public static var blasSummary: String { BLAS.summary }

    /// The text of a script file, without a leading byte-order mark; the error names the path and what is wrong.
    public static func readScript(_ path: String) throws -> String { Source.text(of: try FileIO.read(path)) }

    /// The seed of the random generator (42 unless the program called `seed(n)`).
    public var seed: UInt64 { interpreter.seed }

    /// The value of a variable, or nil.
    public func variable(_ name: String) -> Value? { interpreter.globals[name] }

    /// Candidate completions for the word ending at `cursor` (a byte offset into `line`).
    public func completions(in line: String, cursor: Int) -> Completions {
        CompletionEngine(interpreter: interpreter).complete(line, cursor: cursor)
    }
}
