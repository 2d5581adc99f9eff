import CamLabCore

/// The bounds CamLab puts on what a program may ask for, so that a mistyped number gets a message instead of
/// a trap (an Int conversion out of range) or an abort (an allocation the machine cannot make).
package enum Limits {
    /// Numbers are Doubles; up to 10^15 every whole number is exact and any Int arithmetic on it stays far
    /// from overflow.
    static let largestWholeNumber = 1e15
    static let wholeNumberRange = "between -1e15 and 1e15"

    /// Why `count` elements of 4 bytes are too many for `what` ("zeros(1e6, 1e6)") under `budget`, or nil when
    /// they fit. `count` is a Double so that a product of extents cannot overflow while being checked.
    package static func tooMany(_ count: Double, for what: String, budget: MemoryBudget) -> Problem? {
        do { try budget.check(elements: count, for: what); return nil } catch { return error }
    }

    /// Bytes a list of `count` values takes.
    package static func listBytes(_ count: Int) -> Double { Double(count) * Double(MemoryLayout<Value>.stride) }

    /// Extents multiplied as Doubles, which cannot overflow (a huge product becomes a huge Double or infinity).
    package static func elementCount(_ shape: [Int]) -> Double { shape.reduce(1.0) { $0 * Double($1) } }

    /// Lists and tuples nest at most this deep: printing, comparing and freeing them recurse once per level.
    package static let maxListNesting = 1000

}

extension String {
    /// `pieces` joined into a buffer of exactly their size: appending piece by piece grows a String's buffer to
    /// twice its capacity, which can ask for twice the bytes the memory budget was checked for.
    package static func joinedExactly(_ pieces: [String], separator: String = "") -> String {
        let bytes = pieces.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * Swift.max(0, pieces.count - 1)
        var text = ""
        text.reserveCapacity(bytes)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { text += separator }
            text += piece
        }
        return text
    }
}

extension Value {
    /// This value as an Int when it is a whole number within `Limits.largestWholeNumber`: a number, a bool,
    /// or a one-element tensor. The one place a language number becomes an Int.
    package var wholeNumber: Int? {
        let n: Double
        switch self {
        case .number(let x): n = x
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: n = Double(t.scalars[0])
        default: return nil
        }
        guard n.isFinite, n == n.rounded(), abs(n) <= Limits.largestWholeNumber else { return nil }
        return Int(n)
    }
}

extension Value {
    /// Levels of lists and tuples in this value: 0 for a number, 1 for `[1, 2]`, 2 for `[[1]]`.
    package var nestingDepth: Int {
        var known: [UnsafeRawPointer: Int] = [:]
        return nestingDepth(&known)
    }

    /// Lists share their storage (`l = append([l], l)` holds `l` twice), so a loop can build a value of 2^40
    /// paths in 40 steps: each storage is measured once, remembered by its address while the value is alive.
    private func nestingDepth(_ known: inout [UnsafeRawPointer: Int]) -> Int {
        switch self {
        case .list(let items), .tuple(let items):
            let address = items.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
            if let address, let depth = known[address] { return depth }
            var deepest = 0
            for item in items {
                switch item {
                case .list, .tuple: deepest = Swift.max(deepest, item.nestingDepth(&known))
                default: break
                }
            }
            if let address { known[address] = 1 + deepest }
            return 1 + deepest
        default: return 0
        }
    }
}
