/// Cleans what a cell printed for a report: keeps what a terminal would finally show of each redrawn line, drops
/// the intermediate redraws of a training progress bar so only its per-epoch lines remain, and removes ANSI
/// escape sequences (colours, cursor moves) that mean nothing in a document.
public enum ProgressText {
    public static func collapse(_ text: String) -> String {
        var lines: [String] = []
        // Split by scalars: "\r\n" is a single Character, but here "\r" and "\n" mean different things.
        for rawLine in stripANSI(text).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            // A bar redraws itself with "\r": the terminal ends up showing the last non-empty redraw.
            let redraws = rawLine.split(separator: "\r", omittingEmptySubsequences: true)
            lines.append(redraws.last.map { String(String.UnicodeScalarView($0)) } ?? "")
        }
        // Without "\r" (output piped), each redraw is its own line: of a run of bar lines, keep the last line of
        // each epoch ("Epoch N/M …"), which carries the epoch's final loss.
        var kept: [String] = []
        var index = 0
        while index < lines.count {
            guard isProgressBar(lines[index]) else { kept.append(lines[index]); index += 1; continue }
            var end = index
            while end + 1 < lines.count, isProgressBar(lines[end + 1]) { end += 1 }
            for i in index...end where i == end || epoch(of: lines[i]) != epoch(of: lines[i + 1]) {
                kept.append(lines[i])
            }
            index = end + 1
        }
        return kept.joined(separator: "\n")
    }

    /// A line that draws a bar: "[====>....]", "|████▌   |" or "━━━━╺━━━━".
    static func isProgressBar(_ line: String) -> Bool {
        if let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]") {
            let inside = line[line.index(after: open)..<close]
            if inside.count >= 5, inside.allSatisfy({ "=>.-# ".contains($0) }), inside.contains("=") || inside
                .contains("#") { return true }
        }
        return line.filter { "█━▓▒░■".contains($0) }.count >= 5
    }

    /// The "Epoch N/M" a progress line belongs to, or nil.
    static func epoch(of line: String) -> Substring? {
        guard let range = line.firstRange(of: "Epoch ") else { return nil }
        let after = line[range.upperBound...]
        let number = after.prefix { $0.isNumber || $0 == "/" }
        return number.contains("/") ? number : nil
    }

    /// `text` without ANSI escape sequences (`ESC [ … letter` and `ESC ] … BEL`).
    public static func stripANSI(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var out = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\u{1B}" else { out.unicodeScalars.append(scalar); continue }
            guard let kind = iterator.next() else { break }
            if kind == "[" {
                while let c = iterator.next(), !(c.value >= 0x40 && c.value <= 0x7E) {}
            } else if kind == "]" {
                while let c = iterator.next(), c != "\u{07}" {}
            }
        }
        return out
    }
}
