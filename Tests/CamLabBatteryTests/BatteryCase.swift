import Foundation

/// One bad input and what a robust CamLab does with it, read from `Cases/CATEGORY.battery`:
///
///     ## a NUL in a file name cuts nothing short
///     via: script                        session (default), cli (-e), script, report or repl
///     file notes.txt: hello\n            files the case starts with (escapes \n \t \0 \xHH \e); all stay untouched
///     run: save(tensor([1]), "notes.txt\0.npy")
///     expect error: contains the control character <U+0000> (NUL)
///     expect status: 1
///
/// Other lines: `setup:` (code run first, in the same session), `then:` (code run after, which must succeed), `args:` (the command line after `camlab`, for
/// cli and report), `link NAME -> TARGET`, `fifo NAME`, `folder NAME`, `signal-after: SECONDS` (Ctrl-C then),
/// `keys: TEXT` (REPL keys typed after the input, e.g. \x03), `expect help:`, `expect output:`, `expect ok`,
/// `expect changed: NAME` (a file the case may change), `expect missing: NAME`, `expect file NAME contains: TEXT`.
///
/// Every case also checks what holds for all bad input: the process is not killed by a signal and prints no
/// crash report, the session still answers and an earlier variable (`canary`) keeps its value, and every file
/// the case started with is unchanged.
struct BatteryCase: CustomStringConvertible, Sendable {
    enum Via: String, Sendable { case session, cli, script, report, repl }
    enum FileSetup: Sendable { case content(String, [UInt8]), link(String, String), fifo(String), folder(String) }

    var category = ""
    var title = ""
    var line = 0
    var via = Via.session
    var files: [FileSetup] = []
    var setup: [String] = []
    /// Code run after the input in the same session, which must succeed (to look at what the input left behind).
    var then: [String] = []
    var run: [String] = []
    var args: String? = nil
    var signalAfter: Double? = nil
    var keys: String? = nil
    var errors: [String] = []
    var helps: [String] = []
    var outputs: [String] = []
    var status: Int32? = nil
    var succeeds = false
    var changed: Set<String> = []
    var missing: [String] = []
    var fileContains: [(String, String)] = []
    /// The most characters of error output the case may print (a 40 KB line must not come back twice).
    var errorLimit: Int? = nil

    var description: String { "\(category).battery:\(line) \(title)" }
    var code: String { (setup + run).joined(separator: "\n") }

    /// `\n \t \r \0 \e \\ \xHH` in case text.
    static func unescape(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count else { out.append(bytes[i]); i += 1; continue }
            let c = bytes[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "e"): out.append(27)
            case UInt8(ascii: "x") where i + 2 <= bytes.count:
                out.append(UInt8(String(decoding: bytes[i..<(i + 2)], as: UTF8.self), radix: 16) ?? 0)
                i += 2
            case UInt8(ascii: "\\"): out.append(c)
            default: out += [UInt8(ascii: "\\"), c]  // CamLab's own escapes (\( … ), \q) pass through
            }
        }
        return out
    }

    /// Case text with escapes decoded and `{REPEAT:x:N}` expanded to N copies of x.
    static func text(_ escaped: String) -> String {
        var text = escaped
        while let open = text.range(of: "{REPEAT:"), let close = text[open.upperBound...].firstIndex(of: "}") {
            let parts = text[open.upperBound..<close].split(separator: ":")
            let piece = parts.first.map(String.init) ?? "", count = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            text.replaceSubrange(open.lowerBound...close, with: String(repeating: piece, count: count))
        }
        return String(decoding: unescape(text), as: UTF8.self)
    }

    static func parse(_ text: String, category: String) throws -> [BatteryCase] {
        var cases: [BatteryCase] = []
        var current: BatteryCase? = nil
        var defaultVia = Via.session
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            // `file empty.npy:` is a file with no content.
            let line = trimmed.hasSuffix(":") ? trimmed + " " : trimmed
            if trimmed.isEmpty || line.hasPrefix("# ") || line == "#" { continue }
            if line.hasPrefix("default via: ") {
                defaultVia = Via(rawValue: String(line.dropFirst(13))) ?? .session
                continue
            }
            if line.hasPrefix("## ") {
                if let current { cases.append(current) }
                current = BatteryCase(category: category, title: String(line.dropFirst(3)), line: index + 1, via: defaultVia)
                continue
            }
            guard var c = current, let colon = line.range(of: ": ") ?? line.range(of: " -> ") ?? line.range(of: " ")
            else { throw BatteryError("\(category).battery:\(index + 1): a line outside a case: \(line)") }
            let key = String(line[..<colon.lowerBound]), value = String(line[colon.upperBound...])
            switch key {
            case "via": c.via = Via(rawValue: value) ?? c.via
            case "run": c.run.append(Self.text(value))
            case "setup": c.setup.append(Self.text(value))
            case "then": c.then.append(Self.text(value))
            case "args": c.args = Self.text(value)
            case "signal-after": c.signalAfter = Double(value)
            case "keys": c.keys = Self.text(value)
            case "expect error": c.errors.append(value)
            case "expect help": c.helps.append(value)
            case "expect output": c.outputs.append(value)
            case "expect status": c.status = Int32(value)
            case "expect errors under": c.errorLimit = Int(value)
            case "expect changed": c.changed.insert(value)
            case "expect missing": c.missing.append(value)
            case "fifo": c.files.append(.fifo(value))
            case "folder": c.files.append(.folder(value))
            case "expect": if value == "ok" { c.succeeds = true }
            default:
                if key.hasPrefix("file "), let name = key.split(separator: " ").dropFirst().first {
                    if value.hasPrefix("@hex ") {
                        let hex = value.dropFirst(5).split(separator: " ").compactMap { UInt8($0, radix: 16) }
                        c.files.append(.content(String(name), hex))
                    } else { c.files.append(.content(String(name), Self.unescape(value))) }
                } else if key.hasPrefix("expect file "), key.hasSuffix(" contains") {
                    c.fileContains.append((String(key.dropFirst(12).dropLast(9)), value))
                } else if key.hasPrefix("link ") || line.hasPrefix("link ") {
                    let parts = line.dropFirst(5).components(separatedBy: " -> ")
                    c.files.append(.link(parts[0], parts.count > 1 ? parts[1] : ""))
                } else {
                    throw BatteryError("\(category).battery:\(index + 1): unknown line '\(line)'")
                }
            }
            current = c
        }
        if let current { cases.append(current) }
        return cases
    }
}

struct BatteryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
