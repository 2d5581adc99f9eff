#if canImport(Glibc)
import Glibc
#endif

/// SIGINT while a program runs, for every front end (the REPL, scripts, reports, the Jupyter kernel), as lua.c
/// handles it: the handler only sets `InterruptionFlag.ctrlC`, and the evaluator stops at its next safe point.
///
/// A SIGINT the kernel delivers to a worker thread (a kernel pool's thread, the kernel server's orphan watch) is
/// passed on to the thread running the program, so that thread's blocked read is the one that returns EINTR.
/// The handler is installed with `sigaction` *without* `SA_RESTART`: glibc's `signal()` would restart a read
/// blocked on a FIFO and leave the session stuck.
public enum InterruptSignal {
    /// What a second SIGINT does while the first is still being handled.
    public enum Repeat: Sendable {
        /// Ends the process (the default action is restored), so a stuck REPL or script can still be stopped.
        case endsProcess
        /// Asks again: a notebook's every interrupt only stops the running cell; Jupyter's restart ends the kernel.
        case asksAgain
    }

    /// Installs the handler for the calling thread, which runs the program, and unblocks SIGINT (a parent process
    /// may have blocked it; see preinit.c for the start-up window).
    public static func install(_ second: Repeat) {
        _ = InterruptionFlag.ctrlC  // initialised here, never inside the handler
        mainThread = pthread_self()
        endsProcessOnRepeat = second == .endsProcess ? 1 : 0
        // Handler first, then unblock: a Ctrl-C held back during start-up sets the flag instead of killing us.
        install(handler: interruptHandler)
        unblock()
    }

    /// Installs `handler` for SIGINT without `SA_RESTART` (the REPL's prompt has its own).
    public static func install(handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: blocked reads must return EINTR
        sigaction(SIGINT, &action, nil)
    }

    public static func restoreDefault() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
    }

    /// True on the thread running the program; a handler on another thread forwards the signal to it.
    public static var onMainThread: Bool { pthread_equal(pthread_self(), mainThread) != 0 }

    /// Sends SIGINT to the thread running the program (async-signal-safe).
    public static func forwardToMainThread() { pthread_kill(mainThread, SIGINT) }

    public static func unblock() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The thread running the program (the REPL's prompt sets it too, for its own handler).
    nonisolated(unsafe) public static var mainThread: pthread_t = pthread_self()
    nonisolated(unsafe) static var endsProcessOnRepeat: sig_atomic_t = 1
}

private let interruptHandler: @convention(c) (Int32) -> Void = { _ in
    guard InterruptSignal.onMainThread else { return InterruptSignal.forwardToMainThread() }
    if InterruptSignal.endsProcessOnRepeat != 0 { InterruptSignal.restoreDefault() }  // a second Ctrl-C terminates
    InterruptionFlag.ctrlC.request()
}
