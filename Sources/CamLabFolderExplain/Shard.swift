import CamLabCore

/// One of N disjoint parts of a sorted list (`--shard K/N`, 1-based), so that N machines that run the N shards
/// apart explain every picture exactly once. Part K holds positions ⌊(K−1)·count/N⌋ ..< ⌊K·count/N⌋: contiguous,
/// and no two parts differ in size by more than one.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = Shard(validIndex: 1, count: 1)

    private init(validIndex: Int, count: Int) {
        index = validIndex
        self.count = count
    }

    /// Parses "K/N" with 1 ≤ K ≤ N.
    public init(parsing text: String) throws(Problem) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw Problem("--shard needs K/N, such as 1/4 (the first of four parts); got '\(text)'")
        }
        guard n >= 1, (1...n).contains(k) else {
            throw Problem("--shard \(text): K must be between 1 and N (N at least 1)")
        }
        self.init(validIndex: k, count: n)
    }

    /// The positions of this part in a list of `total` items.
    public func range(of total: Int) -> Range<Int> {
        (index - 1) * total / count ..< index * total / count
    }

    public var description: String { "\(index)/\(count)" }

    /// The index file of this shard, `index-K-of-N.jsonl`.
    public var indexFileName: String { "index-\(index)-of-\(count).jsonl" }
}
