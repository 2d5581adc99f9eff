import CamLabCore

/// Walks the syntax tree. Variables live in `globals`; a function call adds a frame of locals that reads
/// through to the globals. Names resolve as locals → globals → builtins → named constants.
public final class Interpreter {
    public let registry: BuiltinRegistry
    public let output: OutputReceiver
    public internal(set) var globals: [String: Value] = [:]
    /// Local variables of the running function calls, innermost last.
    var frames: [[String: Value]] = []
    /// The source being run, for diagnostics; swapped while a function from another input runs.
    var source: Source = Source("")
    /// Seeds `random_int` and friends; `seed(n)` resets it so runs repeat.
    public var random = SeededGenerator(seed: 42)
    /// The seed `random` last started from (42 until a program calls `seed`), for reports.
    public package(set) var seed: UInt64 = 42
    /// When true, a top-level bare expression prints its value (the REPL and `-e`).
    public var echoesValues = false
    /// Where evaluation must stop recursing on the thread running the program.
    var stackGuard = StackGuard(lowestAddress: 0)
    /// Checked at every safe point; this session's own, so parallel sessions never stop each other.
    public let interruption: InterruptionFlag
    /// The most one tensor, string, list or file may take; `memory_limit(…)` changes it.
    public var memoryBudget: MemoryBudget
    /// The folder relative paths are resolved against; nil for the process's working directory.
    public let workingDirectory: String?

    enum Flow { case normal, breakLoop, continueLoop, returned(Value) }

    /// The object a builtin displayed during the current top-level expression (`plot(h)`), so echoing its
    /// value does not show it a second time.
    package var displayedObject: ObjectIdentifier?

    public init(registry: BuiltinRegistry, output: OutputReceiver,
                interruption: InterruptionFlag = InterruptionFlag(), memoryBudget: MemoryBudget = .standard,
                workingDirectory: String? = nil) {
        self.registry = registry
        self.output = output
        self.interruption = interruption
        self.memoryBudget = memoryBudget
        self.workingDirectory = workingDirectory
    }

    /// Runs a parsed program from `source` at the top level.
    func run(_ program: [Stmt], from source: Source) throws {
        self.source = source
        frames.removeAll()
        stackGuard = StackGuard.forCurrentThread()
        for statement in program {
            if echoesValues, case .expression(let expr) = statement.kind {
                displayedObject = nil
                let value = try evaluate(expr)
                if case .none = value { continue }
                if case .object(let object) = value, ObjectIdentifier(object) == displayedObject { continue }
                output.receive(.value(text: value.description, picture: value.picture))
                continue
            }
            // The resolver has refused 'return', 'break' and 'continue' outside a function or loop.
            _ = try execute(statement)
        }
    }

    // MARK: Statements

    func execute(_ statements: [Stmt]) throws -> Flow {
        for statement in statements {
            let flow = try execute(statement)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ statement: Stmt) throws -> Flow {
        switch statement.kind {
        case .expression(let expr):
            _ = try evaluate(expr)
        case .assign(let target, let expr):
            try assign(try evaluate(expr), to: target)
        case .if(let condition, let thenBranch, let elseBranch):
            if try evaluate(condition).isTruthy { return try execute(thenBranch) }
            if let elseBranch { return try execute(elseBranch) }
        case .for(let target, let sequenceExpr, let body):
            return try executeFor(target, try evaluate(sequenceExpr), at: sequenceExpr.span, body)
        case .while(let condition, let body):
            while try evaluate(condition).isTruthy {
                try interruption.check()
                switch try execute(body) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                case .normal, .continueLoop: continue
                }
            }
        case .function(let declaration):
            setVariable(declaration.name, .function(UserFunction(declaration, source: source)))
        case .return(let expr):
            return .returned(try expr.map(evaluate) ?? .none)
        case .break: return .breakLoop
        case .continue: return .continueLoop
        }
        return .normal
    }

    private func executeFor(_ target: Target, _ sequence: Value, at span: Span, _ body: [Stmt]) throws -> Flow {
        func step(_ item: Value) throws -> Flow? {
            try interruption.check()
            try assign(item, to: target)
            switch try execute(body) {
            case .breakLoop: return .normal
            case .returned(let value): return .returned(value)
            case .normal, .continueLoop: return nil
            }
        }
        switch sequence {
        case .range(let lower, let upper):
            var i = lower
            while i < upper {
                if let flow = try step(.number(Double(i))) { return flow }
                i += 1
            }
        case .list(let items), .tuple(let items):
            for item in items { if let flow = try step(item) { return flow } }
        case .string(let text):
            for c in text { if let flow = try step(.string(String(c))) { return flow } }
        case .tensor(let t) where t.rank >= 1:
            for i in 0..<t.shape[0] { if let flow = try step(Self.scalarOrTensor(try t.row(i))) { return flow } }
        default:
            throw error("cannot loop over a \(sequence.typeName); use a list, a range like 0..<10, or a tensor",
                        at: span)
        }
        return .normal
    }

    // MARK: Variables

    func setVariable(_ name: String, _ value: Value) {
        if frames.isEmpty { globals[name] = value } else { frames[frames.count - 1][name] = value }
    }

    func lookup(_ name: String) -> Value? {
        if let local = frames.last?[name] { return local }
        if let global = globals[name] { return global }
        if let builtin = registry.functions[name] { return .builtin(builtin) }
        return registry.constants[name]?.value
    }

    /// Every name visible here, for completion and "did you mean".
    public var visibleNames: [String] {
        Array(frames.last?.keys ?? [:].keys) + Array(globals.keys) + registry.allNames
    }

    private func assign(_ value: Value, to target: Target) throws {
        switch target {
        case .name(let name, _):
            setVariable(name, value)
        case .tuple(let targets, let span):
            let items: [Value]
            switch value {
            case .tuple(let values), .list(let values): items = values
            case .object(let record as Record): items = record.unpacked
            default:
                throw error("cannot unpack a \(value.typeName) into \(targets.count) names; it needs a tuple or list",
                            at: span)
            }
            guard items.count == targets.count else {
                throw error("cannot unpack \(items.count) values into \(targets.count) names", at: span)
            }
            for (item, target) in zip(items, targets) { try assign(item, to: target) }
        case .index(let baseExpr, let indexItems, let span):
            guard case .variable(let name) = baseExpr.kind, let base = lookup(name) else {
                throw error("only elements of a list variable can be assigned, like xs[0] = 1", at: span)
            }
            guard case .list(var items) = base, indexItems.count == 1, case .single(let indexExpr) = indexItems[0] else {
                throw error("only list elements can be assigned (a \(base.typeName) is read-only)", at: span)
            }
            let index = try resolveIndex(try evaluate(indexExpr), count: items.count, at: indexExpr.span)
            items[index] = value
            setVariable(name, try nestable(.list(items), at: span))
        case .member(let baseExpr, let name, let nameSpan, _):
            let base = try evaluate(baseExpr)
            guard case .object(let object as any SettableMembers) = base,
                  object.settableMemberNames.contains(name) else {
                var settable: [String] = []
                if case .object(let object as any SettableMembers) = base { settable = object.settableMemberNames }
                throw error("\(base.typeNameWithArticle)'s member '\(name)' cannot be assigned",
                            help: settable.isEmpty ? nil : "only " + settable.map { "'\($0)'" }.joined(separator: ", ")
                                + " can", at: nameSpan)
            }
            do {
                try object.setMember(name, to: value)
            } catch let failure as Problem {
                throw error(failure.message, help: failure.help, at: nameSpan)
            }
        }
    }

    // MARK: Errors

    func error(_ message: String, help: String? = nil, at span: Span) -> Diagnostic {
        Diagnostic(.runtime, message, help: help, span: span, in: source)
    }

    package static func scalarOrTensor(_ t: Tensor) -> Value { t.rank == 0 ? .number(t.scalars[0]) : .tensor(t) }
}
