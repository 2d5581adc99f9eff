import CamLabCore

/// The numbers a numeric argument accepts, stated once so every numeric builtin checks its arguments and its
/// results the same way and words the error the same way: "log: 'x' must be a number greater than 0, got -1".
///
/// Values that are not finite (nan, inf) are let through: what a builtin makes of them is not a wrong answer.
/// A finite argument outside the domain, or a finite argument whose result is not finite, is an error.
struct NumericDomain: Sendable {
    var lower = -Double.infinity
    var upper = Double.infinity
    /// True when `lower` itself is excluded (log's domain is greater than 0, not from 0).
    var lowerExcluded = false
    var whole = false

    /// Any finite number.
    static let any = NumericDomain()
    static let positive = NumericDomain(lower: 0, lowerExcluded: true)
    static let nonNegative = NumericDomain(lower: 0)
    static func whole(from lower: Double, to upper: Double) -> NumericDomain {
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

extension Arguments {
    /// Argument `name` as a number in `domain`, or an error naming the argument and the valid range.
    func number(_ name: String, in domain: NumericDomain) throws -> Double {
        let x = try number(name)
        guard domain.contains(x) else { throw outside(name, domain, got: formatNumber(x)) }
        return x
    }

    func int(_ name: String, in domain: NumericDomain) throws -> Int {
        let x = try number(name, in: NumericDomain(lower: domain.lower, upper: domain.upper,
                                                   lowerExcluded: domain.lowerExcluded, whole: true))
        guard x.isFinite, let n = self[name].wholeNumber else { throw fail(name, expected: domain.description) }
        return n
    }

    /// Argument `name` as a tensor whose finite elements all lie in `domain`; the error names the first that does not.
    func tensor(_ name: String, in domain: NumericDomain) throws -> Tensor {
        let t = try tensor(name)
        if let bad = t.scalars.firstIndex(where: { !domain.contains(Double($0)) }) {
            throw outside(name, domain, got: "element \(bad) of the \(t.shape.shapeDescription) tensor is "
                          + formatNumber(Double(shortest: t.scalars[bad])), elements: true)
        }
        return t
    }

    /// A result that is not finite although its input `x` was is a wrong answer (an overflow): refuse it.
    func finite(_ result: Double, from x: Double, _ what: String) throws -> Double {
        guard result.isFinite || !x.isFinite else {
            throw BuiltinError("\(builtin.name): \(what) is too large for a number (beyond ±1.8e308)",
                               help: "work with smaller numbers, or with their logarithms")
        }
        return result
    }

    /// `finite` for every element of a tensor computed elementwise from `input`.
    func finite(_ result: Tensor, from input: Tensor, _ what: String) throws -> Tensor {
        if let bad = zip(result.scalars, input.scalars).enumerated()
            .first(where: { !$0.element.0.isFinite && $0.element.1.isFinite })?.offset {
            throw BuiltinError("\(builtin.name): \(what) of element \(bad) "
                               + "(\(formatNumber(Double(shortest: input.scalars[bad])))) is too large for a "
                               + "float32 tensor (beyond ±3.4e38)", help: "scale the tensor down first")
        }
        return result
    }

    private func outside(_ name: String, _ domain: NumericDomain, got: String, elements: Bool = false) -> BuiltinError {
        BuiltinError("\(builtin.name): '\(name)' must \(elements ? "hold" : "be") \(domain.description(plural: elements))"
                     + (elements ? "; " : ", got ") + got,
                            argument: name)
    }
}
