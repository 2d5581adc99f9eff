/// A piece of CamLab source text with its name ("script.dsl", "<input>"), kept as UTF-8 bytes so the
/// scanner walks it quickly; lines and columns are computed only when a diagnostic needs them.
public struct Source: Sendable {
    public let name: String
    public let text: String
    let bytes: [UInt8]
    /// Byte offsets where each line starts.
    let lineStarts: [Int]

    public init(_ text: String, name: String = "<input>") {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// `text` without a leading UTF-8 byte-order mark, which editors on Windows write at the start of a file:
    /// it is not code. Applied wherever source text enters (scripts, REPL entries, report and notebook cells).
    public static func withoutByteOrderMark(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }

    /// The text of script bytes as UTF-8, without a leading byte-order mark.
    public static func text(of bytes: [UInt8]) -> String {
        withoutByteOrderMark(String(decoding: bytes, as: UTF8.self))
    }

    /// The 1-based line holding byte `offset`.
    public func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The 1-based column of byte `offset`, counted in characters so carets line up under non-ASCII text.
    public func column(of offset: Int) -> Int {
        let start = lineStarts[line(of: offset) - 1]
        let end = min(max(offset, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self).count + 1
    }

    /// The text of 1-based line `line`, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    func slice(_ span: Span) -> String {
        let lower = min(max(span.start, 0), bytes.count), upper = min(max(span.end, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// A range of bytes in a `Source`: where a token or syntax node came from.
public struct Span: Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = end }
    public func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}
