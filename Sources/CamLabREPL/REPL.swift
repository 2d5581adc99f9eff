import CamLabLang
import CamLabLibrary
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop over a `Session`, in the manner of lua.c: read a line; while the input stops in the
/// middle of a construct, read continuation lines; run the whole chunk; put it in history once.
///
/// On a terminal it uses GNU readline (line editing, history in ~/.camlab_history, tab completion). When
/// standard input is a pipe or a file it reads plainly, without prompts, and stops at the first error.
public final class REPL {
    public let session: Session
    public static let prompt = "camlab> "
    public static let continuationPrompt = "   ...> "

    public init(session: Session) { self.session = session }

    /// Runs until end of input; returns the process exit status.
    public func run() -> Int32 {
        isatty(STDIN_FILENO) != 0 ? runInteractive() : runPiped()
    }

    private func runInteractive() -> Int32 {
        let editor = LineEditor(session: session, historyPath: History.defaultPath)
        session.interpreter.echoesValues = true
        session.output.write("CamLab \(Session.version). help() lists the builtins; Ctrl-D leaves.\n")
        defer { editor.saveHistory() }
        var chunk = ""
        while true {
            switch editor.readLine(prompt: chunk.isEmpty ? Self.prompt : Self.continuationPrompt) {
            case .endOfInput where !chunk.isEmpty:
                // Ctrl-D in the middle of a multi-line input drops that input, not the session and its variables.
                let lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).count
                session.output.write("\n(Ctrl-D: the unfinished input of \(lines) line\(lines == 1 ? "" : "s") was "
                                     + "discarded; Ctrl-D at an empty prompt leaves)\n")
                chunk = ""
            case .endOfInput:
                session.output.write("\n")
                return 0
            case .interrupted:
                chunk = ""  // Ctrl-C at the prompt abandons the line (and any open multi-line input)
            case .line(let line):
                chunk += chunk.isEmpty ? line : "\n" + line
                if chunk.allSatisfy({ $0 == " " || $0 == "\t" }) { chunk = ""; continue }
                if session.needsMoreInput(chunk) { continue }
                editor.addToHistory(chunk)
                let text = chunk
                chunk = ""
                SignalHandling.whileEvaluating { _ = session.run(text) }
            }
        }
    }

    private func runPiped() -> Int32 {
        var chunk = ""
        var lineNumber = 0, chunkStart = 1
        while let line = Swift.readLine(strippingNewline: true) {
            lineNumber += 1
            if chunk.isEmpty { chunkStart = lineNumber }
            chunk += chunk.isEmpty ? line : "\n" + line
            if session.needsMoreInput(chunk) { continue }
            let text = chunk
            chunk = ""
            let outcome = SignalHandling.whileEvaluating { session.run(text, name: "<stdin>", firstLine: chunkStart) }
            if !outcome.succeeded { return 1 }
        }
        if !chunk.isEmpty {
            let outcome = session.run(chunk, name: "<stdin>", firstLine: chunkStart)
            if !outcome.succeeded { return 1 }
        }
        return 0
    }
}
