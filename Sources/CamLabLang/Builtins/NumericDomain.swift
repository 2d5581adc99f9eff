import CamLabCore

/// The numbers a numeric argument accepts, stated once so every numeric builtin checks its arguments and its
/// results the same way and words the error the same way: "log: 'x' must be a number greater than 0, got -1".
///
/// Values that are not finite (nan, inf) are let through: what a builtin makes of them is not a wrong answer.
/// A finite argument outside the domain, or a finite argument whose result is not finite, is an error.
package struct NumericDomain: Sendable {
    var lower = -Double.infinity
    var upper = Double.infinity
    /// True when `lower` itself is excluded (log's domain is greater than 0, not from 0).
    var lowerExcluded = false
    var whole = false

    package init(lower: Double = -.infinity, upper: Double = .infinity, lowerExcluded: Bool = false,
                 whole: Bool = false) {
        (self.lower, self.upper, self.lowerExcluded, self.whole) = (lower, upper, lowerExcluded, whole)
    }

    /// Any finite number.
    package static let any = NumericDomain()
    package static let positive = NumericDomain(lower: 0, lowerExcluded: true)
    package static let nonNegative = NumericDomain(lower: 0)
    package static func whole(from lower: Double, to upper: Double) -> NumericDomain {
        NumericDomain(lower: lower, upper: upper, whole: true)
    }

    func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return true }
        if whole && x.rounded() != x { return false }
        return (lowerExcluded ? x > lower : x >= lower) && x <= upper
    }

    /// "a whole number from 0 to 17", "a number greater than 0", "a number from 0 up" ("numbers …" in `plural`).
    var description: String { description(plural: false) }

    func description(plural: Bool) -> String {
        let kind = plural ? (whole ? "whole numbers" : "numbers") : (whole ? "a whole number" : "a number")
        switch (lower.isFinite, upper.isFinite) {
        case (true, true): return "\(kind) from \(formatNumber(lower)) to \(formatNumber(upper))"
        case (true, false): return lowerExcluded ? "\(kind) greater than \(formatNumber(lower))"
                                                  : "\(kind) from \(formatNumber(lower)) up"
        case (false, true): return "\(kind) up to \(formatNumber(upper))"
        case (false, false): return kind
        }
    }
}
