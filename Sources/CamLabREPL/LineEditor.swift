import CamLabLang
import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// GNU readline behind a small Swift interface: the rest of CamLab never sees a C pointer.
final class LineEditor {
    enum Input { case line(String), interrupted, endOfInput }

    private let historyPath: String?

    init(session: Session, historyPath: String?) {
        self.historyPath = historyPath
        CompletionBridge.session = session
        rl_readline_name = UnsafePointer(strdup("camlab"))
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"'()[]{},=+-*/%<>;:!"))
        rl_attempted_completion_function = CompletionBridge.complete
        rl_signal_event_hook = signalEventHook
        History.load(from: historyPath)
    }

    func readLine(prompt: String) -> Input {
        SignalHandling.promptInterrupted = 0
        SignalHandling.installPromptHandler()
        defer { signal(SIGINT, SIG_DFL) }
        guard let raw = readline(prompt) else { return .endOfInput }
        defer { free(raw) }
        if SignalHandling.promptInterrupted != 0 {
            SignalHandling.promptInterrupted = 0
            fputs("\n", stdout)
            return .interrupted
        }
        return .line(String(cString: raw))
    }

    func addToHistory(_ entry: String) { History.add(entry, savingTo: historyPath) }
}

/// Called by readline when a signal interrupts its read: on Ctrl-C, empty the line and finish it; the
/// editor then reports `.interrupted`.
private let signalEventHook: @convention(c) () -> Int32 = {
    if SignalHandling.promptInterrupted != 0 {
        rl_replace_line("", 0)
        rl_done = 1
    }
    return 0
}
