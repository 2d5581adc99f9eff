import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// How diagnostics show what users typed: hidden characters named, long lines cut around the caret.
@Test func hiddenCharactersAreNamedAndTheCaretStillLinesUp() {
    let diagnostic = Diagnostic(.syntax, "unexpected character '\u{FEFF}'", span: Span(5, 8),
                                in: Source("x = \u{1}\u{FEFF} + 1", name: "t.dsl"))
    #expect(diagnostic.message == "unexpected character '<U+FEFF>'")
    #expect(diagnostic.description == """
        t.dsl:1:6: syntax error: unexpected character '<U+FEFF>'
         1 | x = <U+0001><U+FEFF> + 1
           |             ^~~~~~~~
        """)
}

@Test func aLongLineIsCutAroundTheCaret() {
    let line = String(repeating: "a", count: 40_000) + " + nope + " + String(repeating: "b", count: 40_000)
    let diagnostic = Diagnostic(.runtime, "unknown name 'nope'", span: Span(40_003, 40_007), in: Source(line))
    let lines = diagnostic.description.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(diagnostic.description.count < 400)
    #expect(lines[1].hasPrefix(" 1 | …aaa") && lines[1].hasSuffix("bbb…"))
    // The caret sits under 'nope' in the cut line.
    let caretColumn = lines[2].distance(from: lines[2].startIndex, to: lines[2].firstIndex(of: "^")!)
    let nopeColumn = lines[1].distance(from: lines[1].startIndex, to: lines[1].range(of: "nope")!.lowerBound)
    #expect(caretColumn == nopeColumn)
}

@Test func aHugeMessageIsCut() {
    let name = String(repeating: "q", count: 40_000)
    let diagnostic = Diagnostic(.runtime, "unknown name '\(name)'", span: Span(0, 40_000), in: Source(name))
    #expect(diagnostic.message.count < 700)
    #expect(diagnostic.message.hasSuffix("more characters)"))
}
