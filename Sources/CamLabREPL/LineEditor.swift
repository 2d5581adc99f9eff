import CamLabCore
import CamLabLang
import CamLabLibrary
import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// GNU readline behind a small Swift interface: the rest of CamLab never sees a C pointer.
///
/// It uses readline's callback interface, as CPython does: we wait for input with poll(), so Ctrl-C at the
/// prompt interrupts the wait (EINTR) and we can abandon the line cleanly instead of killing the process.
final class LineEditor {
    enum Input: Equatable { case line(String), interrupted, endOfInput }

    private let historyPath: String?

    init(session: Session, historyPath: String?) {
        self.historyPath = historyPath
        CompletionBridge.session = session
        rl_readline_name = UnsafePointer(strdup("camlab"))
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"'()[]{},=+-*/%<>;:!"))
        rl_attempted_completion_function = CompletionBridge.complete
        History.load(from: historyPath)
        SignalHandling.unblockInterrupt()
    }

    func readLine(prompt: String) -> Input {
        LineEditor.received = nil
        SignalHandling.promptInterrupted = 0
        InterruptSignal.mainThread = pthread_self()
        SignalHandling.installPromptHandler()
        defer { SignalHandling.restoreDefault() }
        rl_callback_handler_install(prompt, lineHandler)
        while LineEditor.received == nil {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, -1)
            if ready < 0 {
                guard errno == EINTR else { rl_callback_handler_remove(); return .endOfInput }
                if SignalHandling.promptInterrupted != 0 {
                    fputs("^C", stdout)  // at the end of the abandoned line, as shells show it
                    fflush(stdout)
                    rl_free_line_state()
                    rl_callback_sigcleanup()
                    rl_cleanup_after_signal()
                    rl_callback_handler_remove()
                    fputs("\n", stdout)
                    fflush(stdout)
                    return .interrupted
                }
                continue
            }
            rl_callback_read_char()
        }
        return LineEditor.received ?? .endOfInput
    }

    func addToHistory(_ entry: String) { History.add(entry) }

    /// Merges this session's new entries into the history file (at exit).
    func saveHistory() { History.merge(into: historyPath) }

    /// What the line handler received; set on the main thread from inside `rl_callback_read_char`.
    fileprivate static var received: Input?
}

/// Called by readline with a finished line (malloc'd) or nil at end of input (Ctrl-D on an empty line).
private let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { raw in
    rl_callback_handler_remove()  // so readline does not print the prompt again
    guard let raw else {
        LineEditor.received = .endOfInput
        return
    }
    LineEditor.received = .line(String(cString: raw))
    free(raw)
}
