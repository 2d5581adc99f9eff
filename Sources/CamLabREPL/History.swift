import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// Persistent history, as CPython keeps it: loaded at start, written after each command, I/O errors ignored,
/// consecutive duplicates not stored.
enum History {
    static let limit: Int32 = 2000

    /// `$HOME/.camlab_history`, or nil without a home directory.
    static var defaultPath: String? {
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.camlab_history"
    }

    static func load(from path: String?) {
        stifle_history(limit)
        guard let path else { return }
        _ = read_history(path)  // a missing or unreadable file just means no history yet
    }

    static func add(_ entry: String, savingTo path: String?) {
        if history_length > 0, let last = history_get(history_base + history_length - 1),
           let text = last.pointee.line, String(cString: text) == entry {
            return
        }
        add_history(entry)
        if let path { _ = write_history(path) }
    }
}
