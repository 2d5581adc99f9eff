/// A pass between the parser and the interpreter, as in Crafting Interpreters: it walks the whole program once
/// before any of it runs and reports, with a caret, what would otherwise fail (or silently misbehave) at run
/// time, perhaps after minutes of training:
///
/// - `break` and `continue` outside a loop, `return` outside a function (a loop around a function does not
///   count: `for … { func f() { break } }` is an error, as in Python);
/// - a name bound twice by one assignment (`a, a = f()`);
/// - calls whose arguments do not fit: when the callee is certainly a builtin (the name is not a variable) or a
///   function the program declares once, the `ArgumentBinder` that checks every call at run time checks it now,
///   with the same messages.
///
/// It reports every problem it finds, not just the first.
struct Resolver {
    let source: Source
    let registry: BuiltinRegistry
    /// Names the session already holds (from earlier inputs): they may shadow builtins.
    let globals: Set<String>

    private var diagnostics: [Diagnostic] = []
    private var loopDepth = 0
    private var functionDepth = 0
    /// Names assigned anywhere at the top level of the program, with how many `func` declarations bind them.
    private var topLevelAssigned: Set<String> = []
    private var topLevelFunctions: [String: [FunctionDeclaration]] = [:]
    /// Locals of the functions being resolved, innermost last.
    private var localScopes: [Set<String>] = []

    init(source: Source, registry: BuiltinRegistry, globals: Set<String>) {
        self.source = source
        self.registry = registry
        self.globals = globals
    }

    /// The problems in `program`, in source order; empty when it may run.
    mutating func resolve(_ program: [Stmt]) -> [Diagnostic] {
        collectBindings(program, into: &topLevelAssigned, functions: &topLevelFunctions)
        statements(program)
        return diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    // MARK: Statements

    private mutating func statements(_ list: [Stmt]) { for statement in list { self.statement(statement) } }

    private mutating func statement(_ statement: Stmt) {
        switch statement.kind {
        case .expression(let expr): expression(expr)
        case .assign(let target, let value):
            expression(value)
            self.target(target)
        case .if(let condition, let thenBranch, let elseBranch):
            expression(condition)
            statements(thenBranch)
            if let elseBranch { statements(elseBranch) }
        case .for(let target, let sequence, let body):
            expression(sequence)
            self.target(target)
            loopDepth += 1
            statements(body)
            loopDepth -= 1
        case .while(let condition, let body):
            expression(condition)
            loopDepth += 1
            statements(body)
            loopDepth -= 1
        case .function(let declaration):
            for parameter in declaration.parameters { if let value = parameter.defaultValue { expression(value) } }
            var locals = Set(declaration.parameters.map(\.name))
            var nested: [String: [FunctionDeclaration]] = [:]
            collectBindings(declaration.body, into: &locals, functions: &nested)
            locals.formUnion(nested.keys)
            let savedLoops = loopDepth
            loopDepth = 0  // a loop around a function is not a loop inside it
            functionDepth += 1
            localScopes.append(locals)
            statements(declaration.body)
            localScopes.removeLast()
            functionDepth -= 1
            loopDepth = savedLoops
        case .return(let value):
            if let value { expression(value) }
            if functionDepth == 0 {
                report(.syntax, "'return' outside a function", help: "to stop a script early, use an if around the rest",
                       at: Span(statement.span.start, statement.span.start + 6))
            }
        case .break, .continue:
            if loopDepth == 0 {
                let word = { if case .break = statement.kind { return "break" } else { return "continue" } }()
                report(.syntax, "'\(word)' outside a loop",
                       help: functionDepth > 0 ? "a function cannot \(word) a loop that calls it; return a value and "
                           + "test it in the loop" : nil,
                       at: statement.span)
            }
        }
    }

    /// Checks the names a target binds: each at most once.
    private mutating func target(_ target: Target) {
        var seen: Set<String> = []
        func walk(_ target: Target) {
            switch target {
            case .name(let name, let span):
                if !seen.insert(name).inserted {
                    report(.syntax, "'\(name)' is bound twice in one assignment", help: nil, at: span)
                }
            case .tuple(let items, _): for item in items { walk(item) }
            case .index(let base, let items, _):
                expression(base)
                indexItems(items)
            case .member(let base, _, _, _):
                expression(base)
            }
        }
        walk(target)
    }

    // MARK: Expressions

    private mutating func expression(_ expr: Expr) {
        if case .call(let callee, let arguments) = expr.kind { checkCall(callee, arguments, span: expr.span) }
        for child in expr.kind.children { expression(child) }
    }

    private mutating func indexItems(_ items: [IndexItem]) {
        for item in items {
            switch item {
            case .single(let expr): expression(expr)
            case .slice(let lower, let upper, _): for bound in [lower, upper].compactMap({ $0 }) { expression(bound) }
            }
        }
    }

    /// Binds a call's arguments now when the callee is certain: a builtin no variable shadows, or a function the
    /// program declares exactly once and assigns nowhere else.
    private mutating func checkCall(_ callee: Expr, _ arguments: [CallArgument], span: Span) {
        guard case .variable(let name) = callee.kind else { return }
        if localScopes.contains(where: { $0.contains(name) }) || globals.contains(name) { return }
        let binder: ArgumentBinder
        if let declarations = topLevelFunctions[name] {
            guard declarations.count == 1, !topLevelAssigned.contains(name) else { return }
            let function = UserFunction(declarations[0], source: source)
            binder = ArgumentBinder(function: declarations[0], signature: function.signature)
        } else if !topLevelAssigned.contains(name), let builtin = registry.functions[name] {
            binder = ArgumentBinder(builtin: builtin)
        } else {
            return
        }
        let shapes = arguments.map {
            ArgumentBinder.Argument(label: $0.label, labelSpan: $0.labelSpan, span: $0.value.span, isReceiver: false)
        }
        do {
            _ = try binder.bind(shapes, at: span)
        } catch {
            report(.runtime, error.message, help: error.help, at: error.span)
        }
    }

    // MARK: Helpers

    /// Every name `list` assigns, at any depth except inside nested functions (whose names are their own), and
    /// the `func` declarations among them.
    private func collectBindings(_ list: [Stmt], into names: inout Set<String>,
                                 functions: inout [String: [FunctionDeclaration]]) {
        func targetNames(_ target: Target) {
            switch target {
            case .name(let name, _): names.insert(name)
            case .tuple(let items, _): for item in items { targetNames(item) }
            case .index, .member: break  // xs[0] = … changes a list, it does not rebind xs; so for a member
            }
        }
        for statement in list {
            switch statement.kind {
            case .assign(let target, _): targetNames(target)
            case .for(let target, _, let body):
                targetNames(target)
                collectBindings(body, into: &names, functions: &functions)
            case .while(_, let body): collectBindings(body, into: &names, functions: &functions)
            case .if(_, let thenBranch, let elseBranch):
                collectBindings(thenBranch, into: &names, functions: &functions)
                if let elseBranch { collectBindings(elseBranch, into: &names, functions: &functions) }
            case .function(let declaration): functions[declaration.name, default: []].append(declaration)
            default: break
            }
        }
    }

    private mutating func report(_ kind: Diagnostic.Kind, _ message: String, help: String?, at span: Span) {
        diagnostics.append(Diagnostic(kind, message, help: help, span: span, in: source))
    }
}
