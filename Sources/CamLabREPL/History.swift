import CamLabCore
import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// Persistent history, as CPython keeps it: loaded at start, saved at exit, I/O errors ignored, consecutive
/// duplicates not stored. A multi-line input is one entry; in the file its line breaks are written as `\n` (and
/// backslashes doubled) so each entry stays on one line.
///
/// Saving *merges*: it reads the file again and appends only this session's new entries to what is there now,
/// then replaces the file atomically. Two REPLs open at once therefore keep each other's history, and a crash
/// mid-write never leaves a truncated file. Entries are also journaled as they are typed (`HistoryJournal`), so
/// a killed REPL's entries reach the history when the next one starts.
enum History {
    static let limit = 2000

    /// Entries this session added, oldest first, not yet in the file.
    private(set) static var added: [String] = []

    /// `$HOME/.camlab_history`, or nil without a home directory.
    static var defaultPath: String? {
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.camlab_history"
    }

    static func load(from path: String?) {
        stifle_history(Int32(limit))
        guard let path else { return }
        recoverJournals(beside: path)
        for entry in read(path) { add_history(entry) }
        HistoryJournal.open(beside: path)
    }

    static func add(_ entry: String) {
        if let last = entries.last, last == entry { return }
        add_history(entry)
        added.append(entry)
        HistoryJournal.append(encode(entry))
    }

    /// Merges the journals of REPLs that were killed before they could save, then removes them.
    static func recoverJournals(beside path: String) {
        for journal in HistoryJournal.orphans(beside: path) {
            let entries = read(journal)
            if !entries.isEmpty && !write(read(path), adding: entries, to: path) { continue }
            unlink(journal)
        }
    }

    /// Appends this session's entries to the file as it is now (other sessions may have written to it since this
    /// one started), keeping the newest `limit` entries.
    static func merge(into path: String?) {
        guard let path else { return }
        if !added.isEmpty {
            guard write(read(path), adding: added, to: path) else { return }  // the journal keeps them
            added = []
        }
        HistoryJournal.remove()
    }

    /// Writes `entries` followed by `new` (consecutive duplicates dropped), keeping the newest `limit`.
    private static func write(_ entries: [String], adding new: [String], to path: String) -> Bool {
        var merged = entries
        for entry in new where merged.last != entry { merged.append(entry) }
        let text = merged.suffix(limit).map { encode($0) + "\n" }.joined()
        return (try? FileIO.writeAtomically(Array(text.utf8), to: path)) != nil
    }

    /// The decoded entries of a history file; none when it is missing or unreadable.
    static func read(_ path: String) -> [String] {
        guard let bytes = try? FileIO.read(path, limit: 64 << 20) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            .map { decode(String($0)) }
    }

    /// The entries in memory, oldest first.
    static var entries: [String] {
        (0..<history_length).compactMap { offset in
            history_get(history_base + offset)?.pointee.line.map { String(cString: $0) }
        }
    }

    static func encode(_ entry: String) -> String {
        entry.escaping { $0 == "\\" ? "\\\\" : $0 == "\n" ? "\\n" : nil }
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for c in line {
            if escaped { out.append(c == "n" ? "\n" : c); escaped = false }
            else if c == "\\" { escaped = true }
            else { out.append(c) }
        }
        return out
    }
}
