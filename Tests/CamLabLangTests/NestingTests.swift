import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// Programs and values nested deeper than the limits are refused with a message instead of overflowing the
/// stack while parsing, evaluating, printing, comparing or freeing them.
struct NestingTests {
    static func firstError(_ source: String) -> Diagnostic? {
        Session(output: RecordedOutput()).run(source).diagnostics.first
    }

    /// A program too deep to accept, named briefly so test logs do not print the whole source.
    struct DeepProgram: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let source: String
        let message: String
        init(_ name: String, _ source: String, _ message: String = "expression nested too deeply (more than 200 levels)") {
            (testDescription, self.source, self.message) = (name, source, message)
        }
    }

    static let split = "expression nested too deeply (more than 200 levels); split it with intermediate variables"
    static let tooDeep: [DeepProgram] = [
        DeepProgram("5000 parentheses", "x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)),
        DeepProgram("5000 brackets", "x = " + String(repeating: "[", count: 5000) + "1" + String(repeating: "]", count: 5000)),
        DeepProgram("20000 minus signs", "x = " + String(repeating: "-", count: 20_000) + "1"),
        DeepProgram("10000 nots", "x = " + String(repeating: "not ", count: 10_000) + "true"),
        DeepProgram("300 brackets in a chain", "x = 1 + " + String(repeating: "(1 + ", count: 300) + "1" + String(repeating: ")", count: 300)),
        DeepProgram("300 nested interpolations",
                    "x = " + String(repeating: "\"\\(", count: 300) + "1" + String(repeating: ")\"", count: 300)),
        DeepProgram("10000 powers", "x = 2" + String(repeating: " ** 1", count: 10_000)),
        DeepProgram("20000 subscripts", "x = [1]" + String(repeating: "[0]", count: 20_000), split),
        DeepProgram("20000 nested while blocks",
                    String(repeating: "while false {\n", count: 20_000) + String(repeating: "}\n", count: 20_000),
                    "block nested too deeply (more than 200 levels)"),
        DeepProgram("20001 nested if blocks",
                    "if true {\n" + String(repeating: "if true {\n", count: 20_000) + String(repeating: "}\n", count: 20_001),
                    "block nested too deeply (more than 200 levels)"),
    ]

    @Test("deeply nested programs are syntax errors", arguments: tooDeep)
    func deepProgram(_ program: DeepProgram) throws {
        let diagnostic = try #require(Self.firstError(program.source))
        #expect(diagnostic.kind == .syntax)
        #expect(diagnostic.message == program.message)
    }

    /// A chain's length is not nesting: 20,000 terms are one flat level, evaluated in a loop.
    @Test("long flat chains run", arguments: [
        DeepProgram("20000 additions", "x = 1" + String(repeating: " + 1", count: 19_999), "20000"),
        DeepProgram("5000 mixed products", "x = 1" + String(repeating: " * 1 - 0 / 1 % 7", count: 5_000), "1"),
        DeepProgram("5000 concatenations", "x = \"\"" + String(repeating: " + \"ab\"", count: 5_000) + "\nx = len(x)", "10000"),
        DeepProgram("a 20000-item list", "x = len([" + String(repeating: "1, ", count: 20_000) + "])", "20000"),
        DeepProgram("5000 ors", "x = false" + String(repeating: " or false", count: 5_000) + " or 3", "3"),
        DeepProgram("5000 ands", "x = true" + String(repeating: " and true", count: 5_000), "true"),
    ])
    func flatChain(_ program: DeepProgram) {
        let output = RecordedOutput()
        let outcome = Session(output: output).run(program.source + "\nprint(x)")
        #expect(outcome.diagnostics.map(\.message) == [])
        #expect(output.text == program.message + "\n")
    }

    @Test func aChainStepPointsAtItsOwnOperator() throws {
        let diagnostic = try #require(Self.firstError("x = 1 + 2 + \"a\" + 4"))
        #expect(diagnostic.column == 5)
        #expect(diagnostic.width == 11)  // `1 + 2 + "a"`, as for `(1 + 2) + "a"`
    }

    static let deepValues = [
        "l = []\nfor i in 0..<20000 { l = [l] }",
        "l = []\nfor i in 0..<20000 { l = (l, 1) }",
        "l = []\nfor i in 0..<20000 { l = append([], l) }",
        "l = [0]\nfor i in 0..<20000 { l[0] = l }",
    ]

    @Test("lists cannot nest more than 1000 deep", arguments: deepValues)
    func deepValue(_ source: String) throws {
        let session = Session(output: RecordedOutput())
        let diagnostic = try #require(session.run(source).diagnostics.first)
        #expect(diagnostic.message.hasSuffix("lists nest at most 1000 deep"))
        #expect(diagnostic.line == 2)
        // The deepest list allowed is kept, and can still be printed and compared.
        let output = RecordedOutput()
        let next = Session(output: output)
        #expect(next.run("l = 0\nfor i in 0..<1000 { l = [l] }\nprint(len(str(l)))\nprint(l == l)").diagnostics.isEmpty)
        #expect(output.text == "2001\ntrue\n")
    }

    @Test func deepExpressionsInDeepRecursionStopWithAMessage() throws {
        // 190 levels of brackets inside 199 nested calls: each limit holds, their product would overflow.
        let body = String(repeating: "(", count: 190) + "f(n - 1)" + String(repeating: " + 0)", count: 190)
        let output = RecordedOutput()
        let session = Session(output: output)
        let diagnostic = try #require(session.run("func f(n) {\n  if n <= 0 { return 0 }\n  return \(body)\n}\nf(199)")
            .diagnostics.first)
        #expect(diagnostic.message == "the program nests too deeply to evaluate (expressions within recursive calls)")
        #expect(session.run("print(1 + 1)").diagnostics.isEmpty)
        #expect(output.text == "2\n")
    }
}

/// A list that holds the same list twice, 40 times over, has 2^40 paths but 41 storages: measuring its depth
/// visits each storage once.
@Test func sharedListsAreMeasuredOnce() throws {
    let output = RecordedOutput()
    let outcome = Session(output: output).run("l = [1]\nfor i in 0..<40 { l = append([l], l) }\nprint(len(l))")
    #expect(outcome.diagnostics.isEmpty)
    #expect(output.text == "2\n")
}
