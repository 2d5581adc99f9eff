import CamLabLang
import CamLabLibrary

/// Turns fuzz bytes into a CamLab program that always scans and mostly parses, so the fuzzer spends its time
/// in the evaluator and the builtins instead of in syntax errors. Each byte is a choice: which statement, which
/// builtin, which argument, which edge-case number. Builtins that touch files or change the memory budget are
/// never called, and no file name is ever written.
struct ProgramGenerator {
    private var bytes: [UInt8]
    private var position = 0
    private var out = ""
    private var indent = ""

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Builtins a generated program may call, with the labels it may pass.
    static let builtins: [(name: String, labels: [String])] = {
        let excluded: Set = ["save", "save_weights", "load", "load_weights", "load_image", "fashion_mnist",
                             "memory_limit", "help", "versions"]
        return BuiltinRegistry.standard.functions.values
            .filter { !excluded.contains($0.name) }
            .sorted { $0.name < $1.name }
            .map { builtin in
                (builtin.name, builtin.parameters.map(\.name).filter { $0 != "path" && $0 != "directory" })
            }
    }()

    static let constants = BuiltinRegistry.standard.constants.keys.sorted()
    static let numbers = ["0", "1", "-1", "2", "3", "0.5", "28", "255", "1e15", "1e300", "-1e15", "1e-9", "4294967296",
                          "9007199254740993", "(0 / 1e-300)", "(1e308 * 10)", "(-1e308 * 10)", "1e6", "7.7", "10"]
    static let strings = ["\"\"", "\"a\"", "\"conv2d\"", "\"dense_1\"", "\"\\n\\t\"", "\"\u{FEFF}é\"", "\"\\(1 + 2)\"",
                          "\"relu\"", "\"viridis\"", "\"x.npy\""]
    static let members = ["shape", "rank", "size", "count", "layers", "layer_names", "history", "loss", "heatmap",
                          "train", "test", "name", "fit", "predict", "evaluate", "compile", "summary", "reshape", "nope"]
    static let variables = ["a", "b", "c", "m", "xs"]

    mutating func program() -> String {
        out = ""
        var statements = 0
        while position < bytes.count && statements < 16 {
            statement(depth: 0)
            statements += 1
        }
        return out
    }

    private mutating func next() -> Int {
        guard position < bytes.count else { return 0 }
        position += 1
        return Int(bytes[position - 1])
    }

    private mutating func pick<T>(_ options: [T]) -> T { options[next() % options.count] }

    private mutating func line(_ text: String) { out += indent + text + "\n" }

    private mutating func statement(depth: Int) {
        switch next() % 14 {
        case 0, 1, 2: line("\(pick(Self.variables)) = \(expression(depth: 0))")
        case 3: line("print(\(expression(depth: 0)))")
        case 4 where depth < 3:
            line("if \(expression(depth: 1)) {")
            block(depth: depth)
            line("} else {")
            block(depth: depth)
            line("}")
        case 5 where depth < 3:
            line("for \(pick(Self.variables)) in \(pick(["0..<3", "xs", "a", "range(4)", "\"ab\"", "zeros(2, 2)"])) {")
            block(depth: depth)
            line("}")
        case 6 where depth < 3:
            line("while \(pick(Self.variables)) \(pick(["<", "!=", "and"])) \(expression(depth: 2)) {")
            block(depth: depth)
            line("}")
        case 7 where depth < 2:
            line("func f\(next() % 3)(\(pick(["", "p", "p, q = 2", "p = none"]))) {")
            block(depth: depth)
            line("    return \(expression(depth: 1))")
            line("}")
        case 8: line(pick(["break", "continue", "return 1"]))
        case 9: line("m = sequential([\(layers())], input_shape: \(pick(["(4,)", "(4, 4, 1)", "(2, 2)", "(1e9,)"])))")
        case 10: line("m.compile(\(pick(["", "learning_rate: 0.1", "optimizer: sgd", "learning_rate: -1", "loss: mean_squared_error"])))")
        case 11: line("h = m.fit(\(expression(depth: 1)), \(expression(depth: 1)), epochs: \(pick(["1", "2", "0", "-1"])), batch_size: \(pick(["1", "2", "32", "0"])))")
        case 12: line("xs[\(expression(depth: 2))] = \(expression(depth: 2))")
        default: line(call(depth: 0))
        }
    }

    private mutating func block(depth: Int) {
        let saved = indent
        indent += "    "
        for _ in 0..<(1 + next() % 3) { statement(depth: depth + 1) }
        indent = saved
    }

    private mutating func layers() -> String {
        (0..<(1 + next() % 3)).map { _ in
            pick(["dense(\(pick(["2", "3", "1e9", "0"])), activation: \(pick(["relu", "softmax", "linear"])))",
                  "conv2d(2, \(pick(["1", "2", "(3, 1)", "5"])), padding: \(pick(["same", "valid"])))", "flatten()",
                  "max_pooling2d()", "dropout(\(pick(["0.5", "1", "-1"])))"])
        }.joined(separator: ", ")
    }

    private mutating func expression(depth: Int) -> String {
        if depth >= 4 { return atom() }
        switch next() % 12 {
        case 0, 1: return atom()
        case 2: return "\(expression(depth: depth + 1)) \(pick(["+", "-", "*", "/", "%", "**", "==", "<", ">=", "and", "or"])) \(expression(depth: depth + 1))"
        case 3: return pick(["-\(atom())", "(not \(atom()))", "(!\(atom()))"])
        case 4: return "[\((0..<(next() % 4)).map { _ in expression(depth: depth + 1) }.joined(separator: ", "))]"
        case 5: return "(\(expression(depth: depth + 1)), \(expression(depth: depth + 1)))"
        case 6: return "\(atom()).\(pick(Self.members))"
        case 7: return "\(atom())[\(pick(["0", "-1", "1:", ":2", "0, 0", "1e15", "a"]))]"
        case 8: return "\(atom())..<\(atom())"
        case 9: return "\"v=\\(\(expression(depth: depth + 1)))\""
        default: return call(depth: depth + 1)
        }
    }

    private mutating func call(depth: Int) -> String {
        let builtin = pick(Self.builtins)
        let positional: [String] = (0..<(next() % 4)).map { _ in expression(depth: depth + 1) }
        var labels: [String] = [], labelled: [String] = []
        for _ in 0..<(next() % 3) where !builtin.labels.isEmpty {
            let label = pick(builtin.labels)
            if !labels.contains(label) {
                labels.append(label)
                labelled.append("\(label): \(expression(depth: depth + 1))")
            }
        }
        if next() % 5 == 0, let receiver = positional.first {
            return "(\(receiver)).\(builtin.name)(\((positional.dropFirst() + labelled).joined(separator: ", ")))"
        }
        return "\(builtin.name)(\((positional + labelled).joined(separator: ", ")))"
    }

    private mutating func atom() -> String {
        switch next() % 6 {
        case 0, 1: return pick(Self.numbers)
        case 2: return pick(Self.strings)
        case 3: return pick(Self.variables)
        case 4: return pick(Self.constants)
        default: return pick(["true", "false", "none", "zeros(2, 3)", "ones(4)", "tensor([[1, 2], [3, 4]])", "m"])
        }
    }
}
