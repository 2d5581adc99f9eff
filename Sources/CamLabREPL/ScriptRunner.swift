import CamLabLang
import CamLabLibrary
#if canImport(Glibc)
import Glibc
#endif

/// Runs scripts and `-e` code for the command line, with the same Ctrl-C handling as the REPL.
public enum ScriptRunner {
    /// Runs the script at `path`; returns the exit status: 0 on success, 1 after an error, 130 after Ctrl-C,
    /// 2 when the file cannot be read.
    public static func runFile(_ path: String, session: Session) -> Int32 {
        do {
            return run(try Session.readScript(path), name: path, session: session)
        } catch {
            writeAll(STDERR_FILENO, "camlab: \(error)\n")
            return 2
        }
    }

    public static func run(_ text: String, name: String, session: Session) -> Int32 {
        let outcome = SignalHandling.whileEvaluating { session.run(text, name: name) }
        return outcome.interrupted ? 130 : outcome.succeeded ? 0 : 1
    }
}
