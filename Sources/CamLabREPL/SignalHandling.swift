import CamLabLang
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C, as lua.c handles it: while code runs, SIGINT only sets CamLab's interruption flag (the evaluator
/// stops at its next safe point) and restores the default action, so a second Ctrl-C ends a stuck process.
/// At the prompt a separate handler makes readline abandon the line.
enum SignalHandling {
    /// Runs `body` with the evaluation handler installed, then puts the prompt handler back.
    static func whileEvaluating<T>(_ body: () -> T) -> T {
        unblockInterrupt()
        signal(SIGINT, evaluationHandler)
        defer { signal(SIGINT, SIG_DFL) }
        return body()
    }

    /// Handles SIGINT while readline waits for input.
    static func installPromptHandler() { signal(SIGINT, promptHandler) }

    /// A parent process (a test runner, a job-control shell) may have blocked SIGINT; Ctrl-C must reach us.
    static func unblockInterrupt() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Set by the prompt handler, read by readline's signal hook on the main thread.
    static var promptInterrupted: sig_atomic_t = 0
}

private let evaluationHandler: @convention(c) (Int32) -> Void = { _ in
    signal(SIGINT, SIG_DFL)  // a second Ctrl-C terminates
    Interruption.request()
}

private let promptHandler: @convention(c) (Int32) -> Void = { _ in
    SignalHandling.promptInterrupted = 1
}
