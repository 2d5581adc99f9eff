import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// Persistent history, as CPython keeps it: loaded at start, written after each command, I/O errors ignored,
/// consecutive duplicates not stored. A multi-line input is one entry; in the file its line breaks are
/// written as `\n` (and backslashes doubled) so each entry stays on one line.
enum History {
    static let limit: Int32 = 2000

    /// `$HOME/.camlab_history`, or nil without a home directory.
    static var defaultPath: String? {
        guard let home = getenv("HOME"), home.pointee != 0 else { return nil }
        return String(cString: home) + "/.camlab_history"
    }

    static func load(from path: String?) {
        stifle_history(limit)
        guard let path, let file = fopen(path, "r") else { return }  // no file yet: no history yet
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let line {
            var entry = String(cString: line)
            if entry.hasSuffix("\n") { entry.removeLast() }
            if !entry.isEmpty { add_history(decode(entry)) }
        }
    }

    static func add(_ entry: String, savingTo path: String?) {
        if let last = entries.last, last == entry { return }
        add_history(entry)
        if let path { save(to: path) }
    }

    /// The entries in memory, oldest first.
    static var entries: [String] {
        (0..<history_length).compactMap { offset in
            history_get(history_base + offset)?.pointee.line.map { String(cString: $0) }
        }
    }

    private static func save(to path: String) {
        guard let file = fopen(path, "w") else { return }
        for entry in entries { fputs(encode(entry) + "\n", file) }
        fclose(file)
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for c in entry {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
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
