import CamLabCore
import CamLabLang
import CamLabLibrary
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C in the REPL and scripts, as lua.c handles it: while code runs, `InterruptSignal`'s handler (shared with
/// the Jupyter kernel) only sets `InterruptionFlag.ctrlC` and restores the default action, so a second Ctrl-C
/// ends a stuck process. At the prompt a separate handler makes readline abandon the line.
public enum SignalHandling {
    /// Runs `body` with the evaluation handler installed, then restores the default action.
    public static func whileEvaluating<T>(_ body: () -> T) -> T {
        InterruptSignal.install(.endsProcess)
        defer { restoreDefault() }
        return body()
    }

    /// Like `whileEvaluating`, but the handler stays until the process exits, so a Ctrl-C after `body` (while
    /// the caller reports and exits) cannot kill the process between writing a file and returning its status.
    public static func untilExit<T>(_ body: () -> T) -> T {
        InterruptSignal.install(.endsProcess)
        return body()
    }

    /// Handles SIGINT while readline waits for input.
    static func installPromptHandler() { InterruptSignal.install(handler: promptHandler) }

    static func restoreDefault() { InterruptSignal.restoreDefault() }

    /// A parent process (a test runner, a job-control shell) may have blocked SIGINT; Ctrl-C must reach us.
    static func unblockInterrupt() { InterruptSignal.unblock() }

    /// Set by the prompt handler, read by readline's signal hook on the main thread.
    nonisolated(unsafe) static var promptInterrupted: sig_atomic_t = 0
}

private let promptHandler: @convention(c) (Int32) -> Void = { _ in
    // On a worker thread: pass it on, so the main thread's poll() returns EINTR.
    guard InterruptSignal.onMainThread else { return InterruptSignal.forwardToMainThread() }
    SignalHandling.promptInterrupted = 1
}
