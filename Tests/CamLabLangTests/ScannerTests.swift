import Testing
@testable import CamLabLang
@testable import CamLabLibrary

private func kinds(_ text: String) -> [TokenKind] {
    var scanner = Scanner(Source(text))
    return scanner.scanAll().map(\.kind)
}

@Test func scansOperatorsAndPunctuation() {
    #expect(kinds("( ) [ ] { } , . : ; + - * / % ** = == ! != < <= > >= ..< ...") == [
        .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .dot, .colon,
        .semicolon, .plus, .minus, .star, .slash, .percent, .starStar, .equal, .equalEqual, .bang, .bangEqual,
        .less, .lessEqual, .greater, .greaterEqual, .halfOpenRange, .closedRange, .endOfInput,
    ])
}

@Test func scansNumbersNamesAndKeywords() {
    #expect(kinds("12 3.5 1e3 2.5e-2 1_000 .5 conv2d_1 if else for in while func return break continue "
                  + "true false none and or not") == [
        .number(12), .number(3.5), .number(1000), .number(0.025), .number(1000), .number(0.5),
        .identifier("conv2d_1"), .if, .else, .for, .in, .while, .func, .return, .break, .continue, .true,
        .false, .none, .and, .or, .not, .endOfInput,
    ])
}

@Test func rangeAfterNumberIsNotAFraction() {
    #expect(kinds("0..<10") == [.number(0), .halfOpenRange, .number(10), .endOfInput])
    #expect(kinds("x[idx:idx+1]") == [.identifier("x"), .leftBracket, .identifier("idx"), .colon,
                                       .identifier("idx"), .plus, .number(1), .rightBracket, .endOfInput])
}

@Test func newlinesEndStatementsExceptInsideParenthesesAndBrackets() {
    #expect(kinds("a\nb") == [.identifier("a"), .newline, .identifier("b"), .endOfInput])
    #expect(kinds("f(a,\n b)\n[1,\n2]") == [.identifier("f"), .leftParen, .identifier("a"), .comma,
                                            .identifier("b"), .rightParen, .newline, .leftBracket, .number(1),
                                            .comma, .number(2), .rightBracket, .endOfInput])
    #expect(kinds("{\n}") == [.leftBrace, .newline, .rightBrace, .endOfInput])
}

@Test func commentsRunToTheEndOfTheLine() {
    #expect(kinds("x # a comment ( [\ny") == [.identifier("x"), .newline, .identifier("y"), .endOfInput])
}

@Test func stringsSplitIntoTextAndInterpolatedCode() {
    let source = "\"a \\(x + 1) b\\n\""
    let tokens = kinds(source)
    guard case .string(let segments) = tokens[0] else { Issue.record("not a string: \(tokens)"); return }
    #expect(segments.count == 3)
    #expect(segments[0] == .text("a "))
    if case .code(let span) = segments[1] { #expect(Source(source).slice(span) == "x + 1") }
    #expect(segments[2] == .text(" b\n"))
}

@Test func errorsBecomeTokensWithLocations() {
    var scanner = Scanner(Source("x = \"open\ny = 3 @"))
    let tokens = scanner.scanAll()
    #expect(tokens[2].kind == .error("unterminated string", atEndOfInput: false))
    #expect(tokens[2].span == Span(4, 9))
    #expect(tokens.contains { $0.kind == .error("unexpected character '@'", atEndOfInput: false) })
    #expect(kinds("12abc").first == .error("malformed number '12abc'", atEndOfInput: false))
    #expect(kinds("\"\\q\"").first == .error("unknown escape '\\q' in string; use \\n, \\t, \\\", \\\\ or \\( )",
                                             atEndOfInput: false))
}
