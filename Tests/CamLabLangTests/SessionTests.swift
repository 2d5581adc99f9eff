import Testing
import CamLabCore
@testable import CamLabLang
@testable import CamLabLibrary

@Test func variablesPersistAcrossInputs() {
    let output = RecordedOutput()
    let session = Session(output: output)
    session.run("x = 2")
    session.run("func twice(v) { return v * 2 }")
    session.run("print(twice(x))")
    #expect(output.text == "4\n")
}

@Test func aRuntimeErrorLeavesEveryVariableAsItWas() {
    let output = RecordedOutput()
    let session = Session(output: output)
    session.run("a = 1\nb = [1, 2]")
    let outcome = session.run("a = 100\nb = append(b, 3)\nc = 5\nd = b[10]")
    #expect(!outcome.succeeded)
    #expect(session.variable("a").map { Value.equal($0, .number(Double(1))) } == true)
    #expect(session.variable("b").map { Value.equal($0, .list([.number(Double(1)), .number(Double(2))])) } == true)
    #expect(session.variable("c") == nil)
}

@Test func interruptionKeepsWhatWasAssignedAndReportsInterrupted() {
    // A builtin that requests an interruption stands in for Ctrl-C arriving mid-loop.
    let registry = BuiltinRegistry.makeStandard()
    registry.register(PressCtrlC.self)
    let output = RecordedOutput()
    let session = Session(output: output, registry: registry)
    let outcome = session.run("n = 0\nfor i in 0..<1000000 {\n  n = i\n  if i == 5 { press_ctrl_c() }\n}")
    #expect(outcome.interrupted)
    #expect(output.errors == "interrupted\n")
    #expect(session.variable("n").map { Value.equal($0, .number(Double(5))) } == true)
    #expect(!session.interruption.isRequested, "the request is spent once the input stops")
    // Another session's flag is its own: it never saw the request.
    #expect(session.interruption !== InterruptionFlag.ctrlC)
}

@Test func errorsPrintWithFileLineColumnSourceAndCaret() {
    let output = RecordedOutput()
    let session = Session(output: output)
    session.run("total = 3\nprint(totl)", name: "demo.dsl")
    #expect(output.errors == """
        demo.dsl:2:7: error: unknown name 'totl'
         2 | print(totl)
           |       ^~~~
             help: did you mean 'total'?

        """)
}

@Test func bareExpressionsEchoOnlyWhenAsked() {
    let quiet = RecordedOutput()
    Session(output: quiet).run("1 + 2\n\"text\"\nprint(\"shown\")")
    #expect(quiet.text == "shown\n")
    let echoing = RecordedOutput()
    Session(output: echoing, echoesValues: true).run("1 + 2\n\"text\"\nnone\nprint(\"shown\")")
    #expect(echoing.text == "3\n\"text\"\nshown\n")
}

@Test func needsMoreInputForOpenConstructsOnly() {
    let session = Session(output: RecordedOutput())
    #expect(session.needsMoreInput("model = sequential([\n  dense(10),"))
    #expect(session.needsMoreInput("for i in 0..<3 {"))
    #expect(!session.needsMoreInput("print(1)"))
    #expect(!session.needsMoreInput("print(1))"))
}

@Test func aLineEndingInABinaryOperatorContinuesOnTheNext() {
    let output = RecordedOutput()
    let session = Session(output: output)
    #expect(session.needsMoreInput("x = 1 +"))
    #expect(session.needsMoreInput("ok = x > 0 and"))
    #expect(!session.needsMoreInput("x = 1 +\n2"))
    let outcome = session.run("x = 1 +\n2\nok = x > 2 or  # a comment\n  x == 3\nprint(x, ok)")
    #expect(outcome.diagnostics.isEmpty)
    #expect(output.text == "3 true\n")
}

@Test func helpListsEveryBuiltinFromTheRegistry() {
    let output = RecordedOutput()
    Session(output: output).run("help()")
    for builtin in BuiltinRegistry.standard.functions.values {
        #expect(output.text.unwrapped.contains(builtin.signature), "help() misses \(builtin.name)")
        #expect(output.text.unwrapped.contains(builtin.doc), "help() misses the doc of \(builtin.name)")
    }
}


@Test func diagnosticsCountLinesFromWhereACellStarts() {
    let output = RecordedOutput()
    let outcome = Session(output: output).run("x = 1\nprint(y)", name: "notebook.dsl", firstLine: 14)
    #expect(outcome.diagnostics.first?.line == 15)
    #expect(output.errors.hasPrefix("notebook.dsl:15:7: error: unknown name 'y'\n 15 | print(y)\n"))
}

@Test func echoedStringsNameTheirControlCharacters() {
    let echoing = RecordedOutput()
    let session = Session(output: echoing, echoesValues: true)
    session.run("x = \"bell\u{7} esc\u{1B}[31m nul\u{0} bom\u{FEFF}\"\nx")
    #expect(echoing.text == "\"bell<U+0007> esc<U+001B>[31m nul<U+0000> bom<U+FEFF>\"\n")
}

/// A leading byte-order mark is not code wherever text enters: a cell, an entry, a script's text.
@Test func aLeadingByteOrderMarkIsSkipped() {
    let output = RecordedOutput()
    let session = Session(output: output)
    #expect(session.run("\u{FEFF}x = 1\nprint(x)", name: "<cell>").diagnostics.isEmpty)
    #expect(session.completeness(of: "\u{FEFF}y = [") == .incomplete)
    #expect(session.check("\u{FEFF}y = 2").isEmpty)
    #expect(output.text == "1\n")
    // Elsewhere the mark is a mistake, and named.
    #expect(session.run("x = 1\u{FEFF}").diagnostics.first?.message == "unexpected character '<U+FEFF>'")
}

@Test func aLayerValueDoesNotKeepItsSessionAlive() {
    // A layer value keeps the builtin that makes its layers; the builtin's parameters must not keep the call's
    // interpreter, which keeps the value: the session would never be freed.
    weak var interpreter: Interpreter?
    do {
        let session = Session(output: RecordedOutput())
        #expect(session.run("d = dense(10, input_shape: (4,))\nm = sequential([d])").succeeded)
        interpreter = session.interpreter
    }
    #expect(interpreter == nil)
}

/// A builtin that requests an interruption, standing in for Ctrl-C.
private struct PressCtrlC: BuiltinFunction {
    static let configuration = BuiltinConfiguration("press_ctrl_c", topic: "test", "Requests an interruption.")
    func run(_ call: BuiltinCall) throws -> Value {
        call.interruption.request()
        return .none
    }
}
