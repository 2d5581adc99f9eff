/// Cleans what a cell printed for a report: keeps what a terminal would finally show of each redrawn line, drops
/// the intermediate redraws of a training progress bar so only its per-epoch lines remain, and removes ANSI
/// escape sequences (colours, cursor moves) that mean nothing in a document.
public enum ProgressText {
    public static func collapse(_ text: String) -> String {
        var lines: [String] = []
        for rawLine in stripANSI(text).split(separator: "\n", omittingEmptySubsequences: false) {
            // A bar redraws itself with "\r": the terminal ends up showing the last non-empty redraw.
            let redraws = rawLine.split(separator: "\r", omittingEmptySubsequences: true)
            lines.append(String(redraws.last ?? ""))
        }
        // Without "\r" (output piped), each redraw is its own line: of a run of bar lines, keep those that close
        // an epoch ("Epoch N/M … loss:") and the run's last line.
        var kept: [String] = []
        var index = 0
        while index < lines.count {
            guard isProgressBar(lines[index]) else { kept.append(lines[index]); index += 1; continue }
            var end = index
            while end + 1 < lines.count, isProgressBar(lines[end + 1]) { end += 1 }
            for i in index...end where i == end || isEpochSummary(lines[i]) { kept.append(lines[i]) }
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

    /// The line a training bar leaves at the end of an epoch.
    static func isEpochSummary(_ line: String) -> Bool {
        guard let range = line.firstRange(of: "Epoch ") else { return false }
        let after = line[range.upperBound...]
        let digits = after.prefix { $0.isNumber }
        return !digits.isEmpty && after.dropFirst(digits.count).first == "/" && line.contains("loss:")
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
