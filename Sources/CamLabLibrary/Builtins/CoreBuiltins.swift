import CamLabCore
import CamLabLang
#if canImport(Glibc)
import Glibc
#endif

/// Printing, help, conversions, lists and numbers.
func registerCoreBuiltins(in r: BuiltinRegistry) {
    r.register([
        Print.self, HelpBuiltin.self, Versions.self, TypeName.self, Length.self, RangeBuiltin.self, Str.self,
        NumberBuiltin.self, Round.self, Format.self, Abs.self, Append.self, Join.self, MemoryLimit.self, Seed.self,
        RandomInt.self, Assert.self,
    ])
}

struct Print: BuiltinFunction {
    static let configuration = BuiltinConfiguration("print", topic: "basics",
                                                    "Prints the values separated by spaces, then a new line.")
    @Variadic var values: [Value]
    @Labelled var separator = " "
    @Labelled var end = "\n"

    func run(_ call: BuiltinCall) throws -> Value {
        call.output.write(values.map(\.printed).joined(separator: separator) + end)
        return .none
    }
}

struct HelpBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("help", topic: "basics",
                                                    "Lists every builtin and constant, or describes one: help(explain).")
    @Positional var topic: Value = .none

    func run(_ call: BuiltinCall) throws -> Value {
        call.output.write(Help(registry: call.interpreter.registry).text(for: topic) + "\n")
        return .none
    }
}

struct Versions: BuiltinFunction {
    static let configuration = BuiltinConfiguration("versions", topic: "basics",
                                                    "Prints CamLab's version and the BLAS kernels tensors run on.")
    func run(_ call: BuiltinCall) throws -> Value {
        call.output.write("CamLab \(camLabVersion)\n\(BLAS.summary)\n")
        return .none
    }
}

struct TypeName: BuiltinFunction {
    static let configuration = BuiltinConfiguration("type", topic: "basics",
                                                    "The name of a value's type: \"number\", \"tensor\", \"model\" and so on.")
    @Positional var value: Value
    func run(_ call: BuiltinCall) throws -> Value { .string(value.typeName) }
}

struct Length: BuiltinFunction {
    static let configuration = BuiltinConfiguration("len", topic: "basics",
        "The number of items of a list, tuple, string or range, or the first extent of a tensor.")
    @Positional var value: Value

    func run(_ call: BuiltinCall) throws -> Value {
        switch value {
        case .list(let items), .tuple(let items): return .number(Double(items.count))
        case .string(let s): return .number(Double(s.count))
        case .range(let lower, let upper): return .number(Double(max(0, upper - lower)))
        case .tensor(let t) where t.rank > 0: return .number(Double(t.shape[0]))
        default: throw $value.fail(expected: "a list, tuple, string, range or tensor of rank ≥ 1")
        }
    }
}

struct RangeBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("range", topic: "basics",
        "Whole numbers from start up to end (excluded); range(n) counts 0..<n.")
    @Positional var start: Int
    @Positional var end: Int? = nil
    @Labelled var step = 1

    func run(_ call: BuiltinCall) throws -> Value {
        let (lower, upper) = end.map { (start, $0) } ?? (0, start)
        guard step != 0 else { throw $step.error("range: 'step' must not be 0") }
        if step == 1 { return .range(lower, upper) }
        try call.checkElements(Limits.listBytes(1) / 4 * ((Double(upper) - Double(lower)) / Double(step)),
                               for: "range(\(lower), \(upper), step: \(step))", at: $step)
        return .list(Swift.stride(from: lower, to: upper, by: step).map { .number(Double($0)) })
    }
}

struct Str: BuiltinFunction {
    static let configuration = BuiltinConfiguration("str", topic: "basics", "The value as text, as print shows it.")
    @Positional var value: Value
    func run(_ call: BuiltinCall) throws -> Value { .string(value.printed) }
}

struct NumberBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("number", topic: "basics",
        "Converts a string (\"0.5\"), bool or one-element tensor to a number.")
    @Positional var value: Value

    func run(_ call: BuiltinCall) throws -> Value {
        guard case .string(let text) = value else { return .number(try Double.argument($value)) }
        guard let n = Double(text.filter { $0 != "_" }) else {
            throw $value.error("number: \(quoted(text)) is not a number")
        }
        // "1e999" reads as infinity: a wrong answer unless the text asked for it ("inf", "nan").
        let asked = text.lowercased().contains("inf") || text.lowercased().contains("nan")
        return .number(asked ? n : try call.finite(n, from: 0, "\(quoted(text))"))
    }
}

struct Round: BuiltinFunction {
    static let configuration = BuiltinConfiguration("round", topic: "basics",
        "Rounds a number to the given decimal digits (negative digits round to tens, hundreds, …).")
    @Positional var x: Double
    @Labelled var digits = 0

    func run(_ call: BuiltinCall) throws -> Value {
        // A Double holds about 16 significant digits: rounding finer changes nothing, and 10^digits would overflow.
        guard digits < 17, x.isFinite else { return .number(x) }
        guard digits > -309 else { return .number(0 * x) }
        let scale = pow(10.0, Double(abs(digits)))
        // Beyond 2^53 a Double is already whole at this scale, and x * scale could overflow: nothing to round.
        if digits >= 0 && Swift.abs(x) * scale >= 0x1p53 { return .number(x) }
        let rounded = digits >= 0 ? (x * scale).rounded() / scale : (x / scale).rounded() * scale
        return .number(try call.finite(rounded, from: x, "round(\(formatNumber(x)), digits: \(digits))"))
    }
}

struct Format: BuiltinFunction {
    static let configuration = BuiltinConfiguration("format", topic: "basics",
        "A number as text with exactly the given decimal digits: format(0.8, digits: 2) is \"0.80\".")
    @Positional var x: Double
    @Labelled(.within(.whole(from: 0, to: 17))) var digits = 4.0

    func run(_ call: BuiltinCall) throws -> Value { .string(x.fixed(decimals: Int(digits))) }
}

struct Abs: BuiltinFunction {
    static let configuration = BuiltinConfiguration("abs", topic: "basics",
        "Absolute value of a number, or of each element of a tensor.")
    @Positional var x: Value

    func run(_ call: BuiltinCall) throws -> Value {
        if case .tensor(let t) = x { return .tensor(t.map { Swift.abs($0) }) }
        return .number(Swift.abs(try Double.argument($x)))
    }
}

struct Append: BuiltinFunction {
    static let configuration = BuiltinConfiguration("append", topic: "basics", "A new list with item added at the end.")
    @Positional var list: [Value]
    @Positional var item: Value

    func run(_ call: BuiltinCall) throws -> Value {
        try call.checkElements(Limits.listBytes(list.count + 1) / 4, for: "append: the longer list", at: $list)
        let longer = Value.list(list + [item])
        guard longer.nestingDepth <= Limits.maxListNesting else {
            throw $item.error("append: lists nest at most \(Limits.maxListNesting) deep")
        }
        return longer
    }
}

struct Join: BuiltinFunction {
    static let configuration = BuiltinConfiguration("join", topic: "basics",
        "The items as text, joined: join([\"a\", \"b\"], separator: \", \").")
    @Positional var items: [Value]
    @Labelled var separator = ""

    func run(_ call: BuiltinCall) throws -> Value {
        let pieces = items.map(\.printed)
        let bytes = pieces.reduce(0.0) { $0 + Double($1.utf8.count) } + Double(separator.utf8.count * max(0, pieces.count - 1))
        try call.checkElements(bytes / 4, for: "join: the joined text", at: $items)
        return .string(String.joinedExactly(pieces, separator: separator))
    }
}

struct MemoryLimit: BuiltinFunction {
    static let configuration = BuiltinConfiguration("memory_limit", topic: "basics",
        "Shows the memory budget and where it comes from, or sets it: memory_limit(\"8 GiB\"). No one tensor, "
        + "string, list or file read may take more, so a mistyped size gets a message instead of exhausting "
        + "the machine.")
    @Positional var size: Value = .none

    func run(_ call: BuiltinCall) throws -> Value {
        if case .none = size {
            let budget = call.budget
            return .string(MemoryBudget.text(Double(budget.bytes)) + " (\(budget.source))")
        }
        let bytes: Int?
        switch size {
        case .string(let text): bytes = MemoryBudget.parse(text)
        default:
            let n = try Double.argument($size)
            bytes = n.isFinite && n >= 1 && n < 9e18 ? Int(n) : nil
        }
        guard let bytes, bytes >= 1 << 20 else {
            throw $size.fail(expected: "a size from 1 MiB up, like \"8 GiB\", \"512 MB\" or a number of bytes")
        }
        guard bytes <= MemoryBudget.physicalMemory else {
            throw $size.error("memory_limit: \(MemoryBudget.text(Double(bytes))) is more than this machine has "
                              + "(\(MemoryBudget.text(Double(MemoryBudget.physicalMemory))))")
        }
        call.interpreter.memoryBudget = MemoryBudget(bytes: bytes)
        return .none
    }
}

struct Seed: BuiltinFunction {
    static let configuration = BuiltinConfiguration("seed", topic: "basics",
        "Restarts the random generator at n, so random results repeat.")
    @Positional var n: Int

    func run(_ call: BuiltinCall) throws -> Value {
        call.interpreter.seed = UInt64(truncatingIfNeeded: n)
        call.interpreter.random = SeededGenerator(seed: call.interpreter.seed)
        return .none
    }
}

struct RandomInt: BuiltinFunction {
    static let configuration = BuiltinConfiguration("random_int", topic: "basics", "A random whole number in low..<high.")
    @Positional var low: Int
    @Positional var high: Int

    func run(_ call: BuiltinCall) throws -> Value {
        guard high > low else { throw Problem("random_int: high (\(high)) must be larger than low (\(low))") }
        return .number(Double(Int.random(in: low..<high, using: &call.interpreter.random)))
    }
}

struct Assert: BuiltinFunction {
    static let configuration = BuiltinConfiguration("assert", topic: "basics",
                                                    "Stops with the message when the condition is false.")
    @Positional var condition: Value
    @Labelled var message = "assertion failed"

    func run(_ call: BuiltinCall) throws -> Value {
        guard condition.isTruthy else { throw $condition.error(message) }
        return .none
    }
}
