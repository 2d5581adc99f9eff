import CamLabLang
#if canImport(Glibc)
import Glibc
#endif

/// Runs scripts and `-e` code for the command line, with the same Ctrl-C handling as the REPL.
public enum ScriptRunner {
    /// Runs the script at `path`; returns the exit status: 0 on success, 1 after an error, 130 after Ctrl-C,
    /// 2 when the file cannot be read.
    public static func runFile(_ path: String, session: Session) -> Int32 {
        guard let text = Session.readScript(path) else {
            writeAll(STDERR_FILENO, "camlab: cannot read '\(path)': \(String(cString: strerror(errno)))\n")
            return 2
        }
        return run(text, name: path, session: session)
    }

    public static func run(_ text: String, name: String, session: Session) -> Int32 {
        let outcome = SignalHandling.whileEvaluating { session.run(text, name: name) }
        return outcome.interrupted ? 130 : outcome.succeeded ? 0 : 1
    }
}
