/// "Did you mean …?" for mistyped names, by optimal-string-alignment (Damerau–Levenshtein) distance.
public enum Suggestions {
    /// Up to `limit` candidates close to `name`, closest first.
    public static func closest(to name: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        let allowed = max(1, min(3, target.count / 3))
        var scored: [(String, Int)] = []
        for candidate in Set(candidates) where candidate != name {
            let lowered = Array(candidate.lowercased())
            if abs(lowered.count - target.count) > allowed { continue }
            let d = distance(target, lowered)
            if d <= allowed { scored.append((candidate, d)) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// "did you mean 'explain'?" or "did you mean 'relu' or 'selu'?", or nil when nothing is close.
    public static func didYouMean(_ name: String, among candidates: some Sequence<String>) -> String? {
        let close = closest(to: name, among: candidates)
        guard !close.isEmpty else { return nil }
        let quoted = close.map { "'\($0)'" }
        return "did you mean " + (quoted.count == 1 ? quoted[0]
            : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!) + "?"
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], previous2[j - 2] + 1)  // a transposition counts as one edit
                }
            }
            (previous2, previous, row) = (previous, row, previous2)
        }
        return previous[b.count]
    }
}
