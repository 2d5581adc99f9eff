/// Help for the name at the cursor, as a notebook's Shift-Tab or `?` asks for it: the name under or just before
/// the cursor, or else the function whose call the cursor is in (`explain(model, |`).
struct Inspector {
    let interpreter: Interpreter

    func help(_ line: String, cursor: Int) -> String? {
        let bytes = Array(line.utf8)
        let cursor = min(max(cursor, 0), bytes.count)
        func isNameByte(_ b: UInt8) -> Bool { b == 95 || (b >= 48 && b <= 57) || (b | 32 >= 97 && b | 32 <= 122) }
        var start = cursor, end = cursor
        while start > 0, isNameByte(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
        if start < end, let text = describe(String(decoding: bytes[start..<end], as: UTF8.self)) { return text }

        // Inside a call: the innermost '(' still open before the cursor, and the name in front of it.
        var scanner = Scanner(Source(String(decoding: bytes[..<cursor], as: UTF8.self)))
        var open: [String?] = []
        var previous: Token? = nil
        for token in scanner.scanAll() {
            switch token.kind {
            case .leftParen:
                if case .identifier(let name)? = previous?.kind { open.append(name) } else { open.append(nil) }
            case .rightParen: _ = open.popLast()
            default: break
            }
            previous = token
        }
        for callee in open.reversed() {
            if let callee, let text = describe(callee) { return text }
        }
        return nil
    }

    private func describe(_ name: String) -> String? {
        let help = Help(registry: interpreter.registry)
        if let value = interpreter.lookup(name) {
            switch value {
            case .builtin, .function, .named: return help.text(for: value)
            default: return "\(name): " + help.text(for: value)
            }
        }
        if keywords[name] != nil { return "\(name): a keyword of the language" }
        return nil
    }
}

extension Session {
    /// The `help` text for what the cursor (a byte offset into `line`) is on, or nil when it is on nothing known.
    public func help(in line: String, cursor: Int) -> String? {
        Inspector(interpreter: interpreter).help(line, cursor: cursor)
    }
}
