import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// Every numeric builtin, given finite numbers at the edges of their range, answers with a finite number or an
/// error naming the argument, never with infinity or nan.
struct NumericDomainTests {
    static let edges = ["0", "-1", "1e-308", "5e-324", "1e308", "-1e308", "1e15", "-7.5"]
    static let calls = ["round(X)", "round(X, digits: 10)", "round(X, digits: -300)", "round(1e300, digits: X)",
                        "abs(X)", "exp(X)", "log(X)", "sqrt(X)", "number(str(X))"]

    @Test("finite in, finite out or an error", arguments: calls)
    func finiteOrError(_ call: String) {
        for edge in Self.edges {
            let output = RecordedOutput()
            let code = "y = " + call.replacingOccurrences(of: "X", with: edge) + "\nprint(y == y and abs(y) < 1e309)"
            let outcome = Session(output: output).run(code)
            if let diagnostic = outcome.diagnostics.first {
                #expect(diagnostic.message.contains("must be") || diagnostic.message.contains("too large"),
                        "\(call) with \(edge): \(diagnostic.message)")
            } else {
                #expect(output.text == "true\n", "\(call) with \(edge) gave \(output.text)")
            }
        }
    }

    @Test func domainsDescribeThemselves() {
        #expect(NumericDomain.whole(from: 0, to: 17).description == "a whole number from 0 to 17")
        #expect(NumericDomain.positive.description == "a number greater than 0")
        #expect(NumericDomain.nonNegative.description(plural: true) == "numbers from 0 up")
        #expect(NumericDomain.any.contains(.nan) && !NumericDomain.positive.contains(0))
    }
}
