import CamLabCore
import CamLabLang
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C, as lua.c handles it: while code runs, SIGINT only sets `InterruptionFlag.ctrlC` (the evaluator stops
/// at its next safe point) and restores the default action, so a second Ctrl-C ends a stuck process. At the
/// prompt a separate handler makes readline abandon the line.
///
/// Handlers are installed with `sigaction` *without* `SA_RESTART`, so a system call blocked in a read (a FIFO
/// with no writer, a slow pipe) returns EINTR and the reader can see the request; glibc's `signal()` would
/// restart the call and leave the session stuck.
public enum SignalHandling {
    /// Runs `body` with the evaluation handler installed, then restores the default action.
    public static func whileEvaluating<T>(_ body: () -> T) -> T {
        _ = InterruptionFlag.ctrlC  // initialised here, never inside the handler
        mainThread = pthread_self()
        // Handler first, then unblock: a Ctrl-C held back during start-up (see preinit.c) sets the flag instead
        // of killing the process.
        install(evaluationHandler)
        unblockInterrupt()
        defer { restoreDefault() }
        return body()
    }

    /// Like `whileEvaluating`, but the handler stays until the process exits, so a Ctrl-C after `body` (while
    /// the caller reports and exits) cannot kill the process between writing a file and returning its status.
    public static func untilExit<T>(_ body: () -> T) -> T {
        _ = InterruptionFlag.ctrlC
        mainThread = pthread_self()
        install(evaluationHandler)
        unblockInterrupt()
        return body()
    }

    /// Handles SIGINT while readline waits for input.
    static func installPromptHandler() { install(promptHandler) }

    static func restoreDefault() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
    }

    private static func install(_ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: blocked reads must return EINTR
        sigaction(SIGINT, &action, nil)
    }

    /// A parent process (a test runner, a job-control shell) may have blocked SIGINT; Ctrl-C must reach us.
    static func unblockInterrupt() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Set by the prompt handler, read by readline's signal hook on the main thread.
    nonisolated(unsafe) static var promptInterrupted: sig_atomic_t = 0
    /// The thread evaluating code: a SIGINT delivered to a worker thread is passed on to it, so its blocked
    /// read is the one that returns EINTR.
    nonisolated(unsafe) static var mainThread: pthread_t = pthread_self()
}

private let evaluationHandler: @convention(c) (Int32) -> Void = { _ in
    if pthread_equal(pthread_self(), SignalHandling.mainThread) == 0 {
        pthread_kill(SignalHandling.mainThread, SIGINT)  // async-signal-safe; the main thread's handler takes it
        return
    }
    SignalHandling.restoreDefault()  // a second Ctrl-C terminates
    InterruptionFlag.ctrlC.request()
}

private let promptHandler: @convention(c) (Int32) -> Void = { _ in
    if pthread_equal(pthread_self(), SignalHandling.mainThread) == 0 {
        pthread_kill(SignalHandling.mainThread, SIGINT)  // so the main thread's poll() returns EINTR
        return
    }
    SignalHandling.promptInterrupted = 1
}
