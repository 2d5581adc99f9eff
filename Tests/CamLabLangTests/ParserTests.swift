import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// Renders the tree as an s-expression, so each test states the exact structure it expects.
private func tree(_ text: String) -> String {
    switch Parser.parse(Source(text)) {
    case .success(let program): return program.map(render).joined(separator: " ")
    case .failure(let failure): return "error: " + failure.diagnostics.map(\.message).joined(separator: " | ")
    }
}

private func render(_ s: Stmt) -> String {
    switch s.kind {
    case .expression(let e): return render(e)
    case .assign(let target, let value): return "(= \(render(target)) \(render(value)))"
    case .if(let c, let then, let otherwise):
        return "(if \(render(c)) {\(then.map(render).joined(separator: " "))}"
            + (otherwise.map { " else {\($0.map(render).joined(separator: " "))}" } ?? "") + ")"
    case .for(let target, let sequence, let body):
        return "(for \(render(target)) \(render(sequence)) {\(body.map(render).joined(separator: " "))})"
    case .while(let c, let body): return "(while \(render(c)) {\(body.map(render).joined(separator: " "))})"
    case .function(let f):
        let parameters = f.parameters.map { p in p.defaultValue.map { "\(p.name)=\(render($0))" } ?? p.name }
        return "(func \(f.name) [\(parameters.joined(separator: " "))] {\(f.body.map(render).joined(separator: " "))})"
    case .return(let e): return "(return\(e.map { " " + render($0) } ?? ""))"
    case .break: return "(break)"
    case .continue: return "(continue)"
    }
}

private func render(_ t: Target) -> String {
    switch t {
    case .name(let n, _): return n
    case .tuple(let items, _): return "(" + items.map(render).joined(separator: " ") + ")"
    case .index(let base, let items, _): return "\(render(base))[\(items.map(render).joined(separator: ", "))]"
    case .member(let base, let name, _, _): return "\(render(base)).\(name)"
    }
}

private func render(_ item: IndexItem) -> String {
    switch item {
    case .single(let e): return render(e)
    case .slice(let a, let b, _): return (a.map(render) ?? "") + ":" + (b.map(render) ?? "")
    }
}

private func render(_ e: Expr) -> String {
    switch e.kind {
    case .number(let n): return formatNumber(n)
    case .string(let s): return quoted(s)
    case .interpolation(let parts):
        return "(str " + parts.map { part in
            switch part {
            case .text(let t): return quoted(t)
            case .expr(let e): return render(e)
            }
        }.joined(separator: " ") + ")"
    case .bool(let b): return b ? "true" : "false"
    case .none: return "none"
    case .variable(let n): return n
    case .list(let items): return "[" + items.map(render).joined(separator: " ") + "]"
    case .tuple(let items): return "(tuple" + items.map { " " + render($0) }.joined() + ")"
    case .unary(let op, let x): return "(\(op.rawValue) \(render(x)))"
    case .binary(let op, let a, let b): return "(\(op.rawValue) \(render(a)) \(render(b)))"
    // Flat chains print as the left-nested trees they evaluate like.
    case .chain(let first, let links):
        return links.reduce(render(first)) { "(\($1.op.rawValue) \($0) \(render($1.operand)))" }
    case .logical(let op, let operands):
        return operands.dropFirst().reduce(render(operands[0])) { "(\(op.rawValue) \($0) \(render($1)))" }
    case .range(let a, let b, let closed): return "(\(closed ? "..." : "..<") \(render(a)) \(render(b)))"
    case .call(let f, let args):
        return "(call \(render(f))" + args.map { " " + ($0.label.map { $0 + ": " } ?? "") + render($0.value) }.joined() + ")"
    case .member(let base, let name, _): return "(. \(render(base)) \(name))"
    case .index(let base, let items): return "(index \(render(base)) \(items.map(render).joined(separator: ", ")))"
    }
}

@Test func precedenceFromOrDownToPower() {
    #expect(tree("a or b and not c == d + e * -f ** g") ==
            "(or a (and b (not (== c (+ d (* e (- (** f g))))))))")
    #expect(tree("1 - 2 - 3") == "(- (- 1 2) 3)")
    #expect(tree("2 ** 3 ** 2") == "(** 2 (** 3 2))")
    #expect(tree("0..<n + 1") == "(..< 0 (+ n 1))")
    #expect(tree("1...3") == "(... 1 3)")
}

@Test func literalsListsTuplesAndInterpolation() {
    #expect(tree("[1, \"a\", true, none]") == "[1 \"a\" true none]")
    #expect(tree("(1,)") == "(tuple 1)")
    #expect(tree("()") == "(tuple)")
    #expect(tree("(1)") == "1")
    #expect(tree("\"n = \\(n + 1)!\"") == "(str \"n = \" (+ n 1) \"!\")")
}

@Test func callsMembersAndIndexing() {
    #expect(tree("explain(model, x, layer: \"conv2d_1\", colormap: reds)") ==
            "(call explain model x layer: \"conv2d_1\" colormap: reds)")
    #expect(tree("e.method") == "(. e method)")
    #expect(tree("model.fit(x, epochs: 8)") == "(call (. model fit) x epochs: 8)")
    #expect(tree("x_test[idx]") == "(index x_test idx)")
    #expect(tree("x_test[idx:idx+1]") == "(index x_test idx:(+ idx 1))")
    #expect(tree("h[0, :, 1:]") == "(index h 0, :, 1:)")
    #expect(tree("f(\n  a,\n  b: 2,\n)") == "(call f a b: 2)")
}

@Test func assignmentsAndDestructuring() {
    #expect(tree("x = 1") == "(= x 1)")
    #expect(tree("a, b = b, a") == "(= (a b) (tuple b a))")
    #expect(tree("(w, a), i = f()") == "(= ((w a) i) (call f))")
    #expect(tree("xs[0] = 2") == "(= xs[0] 2)")
}

@Test func statements() {
    #expect(tree("if a { b } else if c { d } else { e }") == "(if a {b} else {(if c {d} else {e})})")
    #expect(tree("if a {\n  b\n}\nelse {\n  c\n}") == "(if a {b} else {c})")
    #expect(tree("for i in 0..<3 { print(i) }") == "(for i (..< 0 3) {(call print i)})")
    #expect(tree("for (k, v) in pairs { }") == "(for (k v) pairs {})")
    #expect(tree("while x < 3 { x = x + 1; continue }") == "(while (< x 3) {(= x (+ x 1)) (continue)})")
    #expect(tree("func f(a, b = 2) { return a + b }") == "(func f [a b=2] {(return (+ a b))})")
    #expect(tree("for x in xs { break }") == "(for x xs {(break)})")
    #expect(tree("a; b\n\nc") == "a b c")
}

/// Each syntax error, with its message, line and column.
@Test(arguments: [
    ("x = ", "unexpected end of input; expected an expression", 1, 5),
    ("f(1, 2", "'(' was never closed", 1, 2),
    ("[1, 2", "'[' was never closed", 1, 1),
    ("if x {\n  y", "unexpected end of input; expected '}' to close the block", 2, 4),
    ("1 + * 2", "expected an expression, found '*'", 1, 5),
    ("x = 1 2", "expected end of statement (a new line or ';') before a number", 1, 7),
    ("f(a: 1, 2)", "positional arguments must come before labelled ones", 1, 9),
    ("f(a: 1, a: 2)", "argument 'a' is given twice", 1, 9),
    ("func (x) { }", "expected a function name after 'func', found '('", 1, 6),
    ("func f(a, a) { }", "duplicate parameter 'a'", 1, 11),
    ("func f(a = 1, b) { }", "parameter 'b' needs a default value because the one before it has one", 1, 15),
    ("for 1 in xs { }", "cannot assign to this expression; the left side of '=' must be a name, a tuple of names, an element like xs[0] or a member like layer.trainable", 1, 5),
    ("for x xs { }", "expected 'in' after the loop variable, found 'xs'", 1, 7),
    ("x.(1)", "expected a member name after '.', found '('", 1, 3),
    ("\"a \\(\"", "unterminated interpolation '\\(' in string", 1, 1),
    ("\"\\()\"", "empty interpolation '\\()' in string", 1, 4),
    ("\"\\(1 2)\"", "expected ')' to end the interpolation, found a number", 1, 6),
    ("while { }", "expected an expression, found '{'", 1, 7),
    ("}", "expected an expression, found '}'", 1, 1),
])
func syntaxErrors(text: String, message: String, line: Int, column: Int) throws {
    guard case .failure(let failure) = Parser.parse(Source(text)) else {
        Issue.record("\(text) parsed without error")
        return
    }
    let first = try #require(failure.diagnostics.first)
    #expect(first.message == message)
    #expect(first.line == line)
    #expect(first.column == column)
}

@Test func oneErrorPerMistakeThenParsingResumes() {
    guard case .failure(let failure) = Parser.parse(Source("x = * 1\ny = (2\nz = 3 3\nok = 1")) else {
        Issue.record("should fail")
        return
    }
    // `(2` swallows the newline (brackets continue lines), so lines 2–3 are one mistake.
    #expect(failure.diagnostics.map(\.line) == [1, 3])
}

@Test func endOfInputMeansIncomplete() {
    func incomplete(_ text: String) -> Bool {
        if case .failure(let failure) = Parser.parse(Source(text)) { return failure.isIncomplete }
        return false
    }
    #expect(incomplete("f(1,"))
    #expect(incomplete("if x {"))
    #expect(incomplete("func f() {\n  return 1"))
    #expect(incomplete("x = [1,\n 2"))
    #expect(incomplete("x = 1 +"))
    #expect(!incomplete("x = 1"))
    #expect(!incomplete("x = )"))
    #expect(!incomplete("print(\"open"))
}
