import CamLabCore

extension Check where T == Int {
    /// A whole number of 1 or more: a count of filters, units, images.
    public static var positive: Check {
        Check { n, slot in guard n > 0 else { throw slot.fail(expected: "a positive whole number") } }
    }
}

extension Check where T == Double {
    /// A number in `domain`; a whole domain also refuses nan and infinity, which no count can be.
    package static func within(_ domain: NumericDomain) -> Check {
        Check { x, slot in
            guard domain.contains(x) else { throw slot.outside(domain, got: formatNumber(x)) }
            if domain.whole && !x.isFinite { throw slot.fail(expected: domain.description) }
        }
    }
}

extension Check where T == Tensor {
    /// A tensor whose finite elements all lie in `domain`; the error names the first that does not.
    package static func within(_ domain: NumericDomain) -> Check {
        Check { t, slot in
            if let bad = t.scalars.firstIndex(where: { !domain.contains(Double($0)) }) {
                throw slot.outside(domain, got: "element \(bad) of the \(t.shape.shapeDescription) tensor is "
                                   + formatNumber(Double(shortest: t.scalars[bad])), elements: true)
            }
        }
    }
}

extension ParameterSlot {
    fileprivate func outside(_ domain: NumericDomain, got: String, elements: Bool = false) -> Problem {
        error("\(builtinName): '\(name)' must \(elements ? "hold" : "be") \(domain.description(plural: elements))"
              + (elements ? "; " : ", got ") + got)
    }
}

extension BuiltinCall {
    /// A result that is not finite although its input `x` was is a wrong answer (an overflow): refuse it.
    public func finite(_ result: Double, from x: Double, _ what: String) throws -> Double {
        guard result.isFinite || !x.isFinite else {
            throw Problem("\(name): \(what) is too large for a number (beyond ±1.8e308)",
                               help: "work with smaller numbers, or with their logarithms")
        }
        return result
    }

    /// `finite` for every element of a tensor computed elementwise from `input`.
    public func finite(_ result: Tensor, from input: Tensor, _ what: String) throws -> Tensor {
        if let bad = zip(result.scalars, input.scalars).enumerated()
            .first(where: { !$0.element.0.isFinite && $0.element.1.isFinite })?.offset {
            throw Problem("\(name): \(what) of element \(bad) "
                               + "(\(formatNumber(Double(shortest: input.scalars[bad])))) is too large for a "
                               + "float32 tensor (beyond ±3.4e38)", help: "scale the tensor down first")
        }
        return result
    }
}
