import CamLabCore
#if canImport(Glibc)
import Glibc
#endif

/// Each entry typed in this session, appended to `HISTORY.journal.PID` the moment it is typed, with one
/// unbuffered write: a REPL that is killed (or whose machine loses power after the kernel has the bytes) loses
/// none of its history. A clean exit merges the session's entries into the history and removes its journal; the
/// next REPL to start merges the journals left by processes that are gone.
///
/// One journal per process, so two REPLs open at once never merge each other's entries twice.
enum HistoryJournal {
    private nonisolated(unsafe) static var descriptor: Int32 = -1
    private nonisolated(unsafe) static var path: String?

    /// `HISTORY.journal.PID` for this process.
    static func path(beside historyPath: String, pid: pid_t = getpid()) -> String {
        historyPath + ".journal.\(pid)"
    }

    /// Starts this session's journal (errors are ignored, as for the history itself).
    static func open(beside historyPath: String) {
        let path = Self.path(beside: historyPath)
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        Self.path = descriptor >= 0 ? path : nil
    }

    /// Appends one encoded entry and its newline in a single write.
    static func append(_ encodedEntry: String) {
        guard descriptor >= 0 else { return }
        let bytes = Array((encodedEntry + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// Closes and removes this session's journal (at a clean exit, after the merge).
    static func remove() {
        guard descriptor >= 0, let path else { return }
        close(descriptor)
        unlink(path)
        descriptor = -1
        Self.path = nil
    }

    /// Journals beside `historyPath` whose process no longer runs: entries a killed REPL never merged.
    static func orphans(beside historyPath: String) -> [String] {
        let slash = historyPath.lastIndex(of: "/")
        let folder = slash.map { String(historyPath[..<$0]) } ?? "."
        let prefix = (slash.map { String(historyPath[historyPath.index(after: $0)...]) } ?? historyPath) + ".journal."
        guard let directory = opendir(folder.isEmpty ? "/" : folder) else { return [] }
        defer { closedir(directory) }
        var found: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)) else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists.
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { found.append(folder + "/" + name) }
        }
        return found.sorted()
    }
}
