import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// The resolver's verdicts on whole programs, before anything runs.
private func problems(_ text: String, globals: Set<String> = []) -> [String] {
    guard case .success(let program) = Parser.parse(Source(text)) else { return ["does not parse"] }
    var resolver = Resolver(source: Source(text), registry: .standard, globals: globals)
    return resolver.resolve(program).map { "\($0.line):\($0.column) \($0.message)" }
}

@Test func loopsAndFunctionsDecideWhereBreakContinueAndReturnBelong() {
    #expect(problems("for i in 0..<3 { if i > 1 { break } else { continue } }").isEmpty)
    #expect(problems("while true { break }").isEmpty)
    #expect(problems("func f(x) { for i in x { return i } }").isEmpty)
    #expect(problems("func f() { func g() { return 1 }; return g() }").isEmpty)
    #expect(problems("break") == ["1:1 'break' outside a loop"])
    #expect(problems("if true {\n  continue\n}") == ["2:3 'continue' outside a loop"])
    #expect(problems("return") == ["1:1 'return' outside a function"])
    // A loop around a function does not count inside it.
    #expect(problems("for i in 0..<2 {\n  func f() { break }\n}") == ["2:14 'break' outside a loop"])
    // Every problem is reported, in source order.
    #expect(problems("return 1\nbreak\ncontinue") == [
        "1:1 'return' outside a function", "2:1 'break' outside a loop", "3:1 'continue' outside a loop",
    ])
}

@Test func callsOfCertainCalleesAreBoundBeforeRunning() {
    #expect(problems("round(2.5, x: 7.7)") == ["1:12 round() got two values for 'x': one by position and one by label"])
    #expect(problems("func f(a) { return a }\nf(1, 2)") == ["2:6 f() takes 1 positional argument (a) but 2 were given"])
    #expect(problems("func f(a) { return a }\nf(b: 1)") == ["2:3 f() has no parameter 'b'"])
    // Inside a function, the call is checked too.
    #expect(problems("func g() { return round(1, nope: 2) }") == ["1:28 round() has no parameter 'nope'"])
}

@Test func calleesThatMayBeReboundAreLeftToRunTime() {
    // A variable of the program, a session global or a parameter may hold anything when the call runs.
    #expect(problems("round = print\nround(1, x: 2)").isEmpty)
    #expect(problems("round(1, x: 2)", globals: ["round"]).isEmpty)
    #expect(problems("func f(round) { return round(1, x: 2) }").isEmpty)
    // A function declared twice, or also assigned, is not certain either.
    #expect(problems("func f(a) { }\nfunc f(a, b) { }\nf(1, 2)").isEmpty)
    #expect(problems("func f(a) { }\nf = 3\nf(1, 2)").isEmpty)
    // Methods may be members of objects.
    #expect(problems("m.fit(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)").isEmpty)
}

@Test func aNameIsBoundOnceByOneAssignment() {
    #expect(problems("a, b = 1, 2").isEmpty)
    #expect(problems("a, (b, a) = 1, (2, 3)") == ["1:8 'a' is bound twice in one assignment"])
    #expect(problems("for (k, k) in [(1, 2)] { }") == ["1:9 'k' is bound twice in one assignment"])
}

@Test func theBinderNamesTheReceiverWhenItIsGivenTwice() {
    let output = RecordedOutput()
    let outcome = Session(output: output).run("t = tensor([1, 2])\nt.sum(x: t)")
    #expect(outcome.diagnostics.first?.message == "sum() got two values for 'x': one from the receiver of '.sum(…)' "
            + "and one by label")
    #expect(outcome.diagnostics.first?.column == 7)
}

@Test func variadicParametersTakeLabelledValuesWhole() {
    let output = RecordedOutput()
    let session = Session(output: output)
    session.run("print(zeros(shape: 3).shape, zeros(shape: (2, 3)).shape, zeros(2, 3).shape, zeros().shape)")
    #expect(output.text == "(3,) (2, 3) (2, 3) ()\n", "\(output.errors)")
}
