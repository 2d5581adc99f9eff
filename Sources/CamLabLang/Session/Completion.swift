#if canImport(Glibc)
import Glibc
#endif

/// What can replace the word before the cursor: `line[start..<cursor]` (byte offsets) by any candidate.
public struct Completions: Sendable, Equatable {
    public let start: Int
    public let candidates: [String]
}

/// Completes, from the text before the cursor: names (builtins, constants, variables, keywords), members after
/// `name.`, labelled-argument names inside a call (`layer:`), a model's layer names in a string given for
/// `layer:`, and file names in any other string.
struct CompletionEngine {
    let interpreter: Interpreter

    private struct OpenCall {
        var callee: String?
        /// `model` in `model.explain(`.
        var receiver: String?
        var sawComma = false
        var firstArgumentTokens = 0
        var firstArgumentName: String?
        /// The object the call is about: the receiver, or the first argument when it is a plain name.
        var subject: String? { receiver ?? (firstArgumentTokens == 1 ? firstArgumentName : nil) }
    }

    func complete(_ line: String, cursor: Int) -> Completions {
        let bytes = Array(line.utf8)
        let cursor = min(max(cursor, 0), bytes.count)
        let prefix = String(decoding: bytes[..<cursor], as: UTF8.self)
        // Nothing completes inside a comment.
        if Self.cursorIsInComment(Array(bytes[..<cursor])) { return Completions(start: cursor, candidates: []) }
        var scanner = Scanner(Source(prefix))
        var tokens = scanner.scanAll()
        tokens.removeLast()  // end of input
        while tokens.last?.kind == .newline { tokens.removeLast() }

        // Track the calls that are open at the cursor.
        var calls: [OpenCall] = []
        for (i, token) in tokens.enumerated() {
            if token.kind != .comma, token.kind != .rightParen, !calls.isEmpty, !calls[calls.count - 1].sawComma {
                calls[calls.count - 1].firstArgumentTokens += 1
                if case .identifier(let name) = token.kind { calls[calls.count - 1].firstArgumentName = name }
            }
            switch token.kind {
            case .leftParen:
                var call = OpenCall()
                if i > 0, case .identifier(let name) = tokens[i - 1].kind {
                    call.callee = name
                    if i > 2, tokens[i - 2].kind == .dot, case .identifier(let receiver) = tokens[i - 3].kind {
                        call.receiver = receiver
                    }
                }
                calls.append(call)
            case .rightParen: _ = calls.popLast()
            case .comma: if !calls.isEmpty { calls[calls.count - 1].sawComma = true }
            default: break
            }
        }

        let last = tokens.last
        let endsAtCursor = last.map { $0.span.end == cursor } ?? false
        // After text that is not CamLab (a non-ASCII word, a stray character) there is nothing sensible to offer:
        // names would replace nothing and be appended to the strange word.
        if let last, endsAtCursor, case .error(let message, _) = last.kind, message != "unterminated string" {
            return Completions(start: cursor, candidates: [])
        }
        if cursor > 0, !endsAtCursor, bytes[cursor - 1] >= 0x80 {
            return Completions(start: cursor, candidates: [])
        }
        // The end of a word such as "naïve": "ve" is not a name of its own.
        if let last, endsAtCursor, case .identifier = last.kind, last.span.start > 0, bytes[last.span.start - 1] >= 0x80 {
            return Completions(start: cursor, candidates: [])
        }

        // Inside an unterminated string: layer names or file names.
        if let last, endsAtCursor, case .error(let message, _) = last.kind, message == "unterminated string" {
            let start = last.span.start + 1
            let typed = String(decoding: bytes[start..<cursor], as: UTF8.self)
            let count = tokens.count
            if count >= 3, tokens[count - 2].kind == .colon, case .identifier(let label) = tokens[count - 3].kind,
               let subject = calls.last?.subject, case .object(let object)? = interpreter.lookup(subject) {
                let options = object.stringCompletions(forLabel: label)
                if !options.isEmpty { return Completions(start: start, candidates: matching(typed, options)) }
            }
            return Completions(start: start, candidates: fileNames(matching: typed))
        }

        // After `name.` (with or without the start of a member name).
        var word = ""
        var wordStart = cursor
        var dotIndex: Int? = nil
        if let last, endsAtCursor, case .identifier(let name) = last.kind {
            word = name
            wordStart = last.span.start
            if tokens.count >= 2, tokens[tokens.count - 2].kind == .dot { dotIndex = tokens.count - 2 }
        } else if let last, endsAtCursor, last.kind == .dot {
            dotIndex = tokens.count - 1
        }
        if let dotIndex {
            guard dotIndex > 0, case .identifier(let baseName) = tokens[dotIndex - 1].kind,
                  let base = interpreter.lookup(baseName) else { return Completions(start: wordStart, candidates: []) }
            let options = interpreter.memberNames(of: base) + methodNames(for: base)
            return Completions(start: wordStart, candidates: matching(word, options))
        }

        var options = interpreter.visibleNames + keywords.keys
        if let call = calls.last, let callee = call.callee, let function = interpreter.lookup(callee) {
            let labels: [String]
            switch function {
            case .builtin(let builtin): labels = builtin.labels
            case .function(let user): labels = user.declaration.parameters.map(\.name)
            default: labels = []
            }
            options += labels.map { $0 + ":" }
        }
        return Completions(start: wordStart, candidates: matching(word, options))
    }

    /// True when a `#` outside any string starts a comment before the cursor on its line.
    static func cursorIsInComment(_ bytes: [UInt8]) -> Bool {
        let lineStart = (bytes.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        var inString = false, escaped = false
        for byte in bytes[lineStart...] {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "#") {
                return true
            }
        }
        return false
    }

    /// Builtins that take this kind of value first (`a.f(b)` calls `f(a, b)`), so `model.` offers `fit`,
    /// `summary`, … and a string offers `load`, never every builtin.
    private func methodNames(for base: Value) -> [String] {
        interpreter.registry.functions.values.filter { $0.isMethod(of: base) }.map(\.name)
    }

    private func matching(_ prefix: String, _ options: [String]) -> [String] {
        Array(Set(options.filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// Entries of the directory part of `typed` that start with its last component; folders end in '/'.
    private func fileNames(matching typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let stem = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let base = interpreter.workingDirectory.map { $0 + "/" } ?? ""
        let path = folder.isEmpty ? (base.isEmpty ? "." : base)
            : folder.hasPrefix("~/") ? home() + folder.dropFirst(1) : folder.hasPrefix("/") ? folder : base + folder
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name != ".", name != "..", name.hasPrefix(stem), stem.hasPrefix(".") || !name.hasPrefix(".") else {
                continue
            }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                var info = stat()
                isFolder = stat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            names.append(folder + name + (isFolder ? "/" : ""))
        }
        return names.sorted()
    }

    private func home() -> String { getenv("HOME").map { String(cString: $0) } ?? "" }
}
