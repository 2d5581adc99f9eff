import CamLabCore
#if canImport(Glibc)
import Glibc
#endif

/// Printing, help, conversions, lists and numbers.
func registerCoreBuiltins(in r: BuiltinRegistry) {
    r.define("print(values..., separator: \" \", end: \"\\n\")", topic: "basics",
             "Prints the values separated by spaces, then a new line.") { args, interpreter in
        let text = try args.items("values").map(\.printed).joined(separator: try args.string("separator"))
        interpreter.output.write(text + (try args.string("end")))
        return .none
    }
    r.define("help(topic = none)", topic: "basics",
             "Lists every builtin and constant, or describes one: help(explain).") { args, interpreter in
        interpreter.output.write(Help(registry: interpreter.registry).text(for: args["topic"]) + "\n")
        return .none
    }
    r.define("versions()", topic: "basics",
             "Prints CamLab's version and the BLAS kernels tensors run on.") { _, interpreter in
        interpreter.output.write("CamLab \(camLabVersion)\n\(BLAS.summary)\n")
        return .none
    }
    r.define("type(value)", topic: "basics", "The name of a value's type: \"number\", \"tensor\", \"model\" and so on.") { args, _ in
        .string(args["value"].typeName)
    }
    r.define("len(value)", topic: "basics",
             "The number of items of a list, tuple, string or range, or the first extent of a tensor.") { args, _ in
        switch args["value"] {
        case .list(let items), .tuple(let items): return .number(Double(items.count))
        case .string(let s): return .number(Double(s.count))
        case .range(let lower, let upper): return .number(Double(max(0, upper - lower)))
        case .tensor(let t) where t.rank > 0: return .number(Double(t.shape[0]))
        default: throw args.fail("value", expected: "a list, tuple, string, range or tensor of rank ≥ 1")
        }
    }
    r.define("range(start, end = none, step: 1)", topic: "basics",
             "Whole numbers from start up to end (excluded); range(n) counts 0..<n.") { args, _ in
        let (lower, upper) = args.isNone("end") ? (0, try args.int("start")) : (try args.int("start"), try args.int("end"))
        let step = try args.int("step")
        guard step != 0 else { throw BuiltinError("range: 'step' must not be 0", argument: "step") }
        if step == 1 { return .range(lower, upper) }
        try args.checkElements(Limits.listBytes(1) / 4 * ((Double(upper) - Double(lower)) / Double(step)),
                               for: "range(\(lower), \(upper), step: \(step))", argument: "step")
        return .list(Swift.stride(from: lower, to: upper, by: step).map { .number(Double($0)) })
    }
    r.define("str(value)", topic: "basics", "The value as text, as print shows it.") { args, _ in
        .string(args["value"].printed)
    }
    r.define("number(value)", topic: "basics",
             "Converts a string (\"0.5\"), bool or one-element tensor to a number.") { args, _ in
        if case .string(let text) = args["value"] {
            guard let n = Double(text.filter { $0 != "_" }) else {
                throw BuiltinError("number: \(quoted(text)) is not a number", argument: "value")
            }
            // "1e999" reads as infinity: a wrong answer unless the text asked for it ("inf", "nan").
            let asked = text.lowercased().contains("inf") || text.lowercased().contains("nan")
            return .number(asked ? n : try args.finite(n, from: 0, "\(quoted(text))"))
        }
        return .number(try args.number("value"))
    }
    r.define("round(x, digits: 0)", topic: "basics",
             "Rounds a number to the given decimal digits (negative digits round to tens, hundreds, …).") { args, _ in
        let x = try args.number("x"), digits = try args.int("digits")
        // A Double holds about 16 significant digits: rounding finer changes nothing, and 10^digits would overflow.
        guard digits < 17, x.isFinite else { return .number(x) }
        guard digits > -309 else { return .number(0 * x) }
        let scale = pow(10.0, Double(abs(digits)))
        // Beyond 2^53 a Double is already whole at this scale, and x * scale could overflow: nothing to round.
        if digits >= 0 && Swift.abs(x) * scale >= 0x1p53 { return .number(x) }
        let rounded = digits >= 0 ? (x * scale).rounded() / scale : (x / scale).rounded() * scale
        return .number(try args.finite(rounded, from: x, "round(\(formatNumber(x)), digits: \(digits))"))
    }
    r.define("format(x, digits: 4)", topic: "basics",
             "A number as text with exactly the given decimal digits: format(0.8, digits: 2) is \"0.80\".") { args, _ in
        .string(try args.number("x").fixed(decimals: try args.int("digits", in: .whole(from: 0, to: 17))))
    }
    r.define("abs(x)", topic: "basics", "Absolute value of a number, or of each element of a tensor.") { args, _ in
        if case .tensor(let t) = args["x"] { return .tensor(t.map { Swift.abs($0) }) }
        return .number(Swift.abs(try args.number("x", in: .any)))
    }
    r.define("append(list, item)", topic: "basics", "A new list with item added at the end.") { args, _ in
        let items = try args.items("list")
        try args.checkElements(Limits.listBytes(items.count + 1) / 4, for: "append: the longer list", argument: "list")
        let list = Value.list(items + [args["item"]])
        guard list.nestingDepth <= Limits.maxListNesting else {
            throw BuiltinError("append: lists nest at most \(Limits.maxListNesting) deep", argument: "item")
        }
        return list
    }
    r.define("join(items, separator: \"\")", topic: "basics",
             "The items as text, joined: join([\"a\", \"b\"], separator: \", \").") { args, _ in
        let pieces = try args.items("items").map(\.printed), separator = try args.string("separator")
        let bytes = pieces.reduce(0.0) { $0 + Double($1.utf8.count) } + Double(separator.utf8.count * max(0, pieces.count - 1))
        try args.checkElements(bytes / 4, for: "join: the joined text", argument: "items")
        return .string(String.joinedExactly(pieces, separator: separator))
    }
    r.define("memory_limit(size = none)", topic: "basics",
             "Shows the memory budget and where it comes from, or sets it: memory_limit(\"8 GiB\"). No one tensor, "
             + "string, list or file read may take more, so a mistyped size gets a message instead of exhausting "
             + "the machine.") { args, interpreter in
        if args.isNone("size") {
            let budget = interpreter.memoryBudget
            return .string(MemoryBudget.text(Double(budget.bytes)) + " (\(budget.source))")
        }
        let bytes: Int?
        switch args["size"] {
        case .string(let text): bytes = MemoryBudget.parse(text)
        default:
            let n = try args.number("size")
            bytes = n.isFinite && n >= 1 && n < 9e18 ? Int(n) : nil
        }
        guard let bytes, bytes >= 1 << 20 else {
            throw args.fail("size", expected: "a size from 1 MiB up, like \"8 GiB\", \"512 MB\" or a number of bytes")
        }
        guard bytes <= MemoryBudget.physicalMemory else {
            throw BuiltinError("memory_limit: \(MemoryBudget.text(Double(bytes))) is more than this machine has "
                               + "(\(MemoryBudget.text(Double(MemoryBudget.physicalMemory))))", argument: "size")
        }
        interpreter.memoryBudget = MemoryBudget(bytes: bytes)
        return .none
    }
    r.define("seed(n)", topic: "basics", "Restarts the random generator at n, so random results repeat.") { args, interpreter in
        interpreter.seed = UInt64(truncatingIfNeeded: try args.int("n"))
        interpreter.random = SeededGenerator(seed: interpreter.seed)
        return .none
    }
    r.define("random_int(low, high)", topic: "basics", "A random whole number in low..<high.") { args, interpreter in
        let (low, high) = (try args.int("low"), try args.int("high"))
        guard high > low else { throw BuiltinError("random_int: high (\(high)) must be larger than low (\(low))") }
        return .number(Double(Int.random(in: low..<high, using: &interpreter.random)))
    }
    r.define("assert(condition, message: \"assertion failed\")", topic: "basics",
             "Stops with the message when the condition is false.") { args, _ in
        guard args["condition"].isTruthy else { throw BuiltinError(try args.string("message"), argument: "condition") }
        return .none
    }
}
