import Testing
@testable import CamLabReport

private func kinds(_ source: String) -> [(SyntaxHighlighter.Kind, String)] {
    SyntaxHighlighter.tokens(source).filter { $0.kind != .space }.map { ($0.kind, $0.text) }
}

@Test func tokensCoverTheSourceExactly() {
    let sources = ["history = fit(model, x, y, epochs: 3, validation: 0.1)  # train\n",
                   "print(\"loss \\(h.loss[-1]) done\\n\")", "s = \"unterminated \\(x + (1", "x = 1e-3 ..< 2.5 @ $",
                   "for i in 0..<10 { if not ok { break } }"]
    for source in sources {
        #expect(SyntaxHighlighter.tokens(source).map { token in token.text }.joined() == source)
    }
}

@Test func callsLabelsKeywordsAndNumbersAreTold() {
    let tokens = kinds("if x > 1e-3 { m = fit(model, epochs: 3) } # done")
    #expect(tokens[0] == (.keyword, "if"))
    #expect(tokens[3] == (.number, "1e-3"))
    #expect(tokens.contains { $0 == (.function, "fit") })
    #expect(tokens.contains { $0 == (.label, "epochs") })
    #expect(tokens.last! == (.comment, "# done"))
    #expect(kinds("x.fit(1)").contains { $0 == (.identifier, "fit") })
    #expect(kinds("none")[0] == (.constant, "none"))
}

@Test func interpolationIsHighlightedAsCode() {
    let html = SyntaxHighlighter.html("\"acc \\(round(a, 2))%\"")
    #expect(html == "<span class=\"tok-string\">&quot;acc </span><span class=\"tok-escape\">\\(</span>"
        + "<span class=\"tok-function\">round</span>(a, <span class=\"tok-number\">2</span>)"
        + "<span class=\"tok-escape\">)</span><span class=\"tok-string\">%&quot;</span>")
}

@Test func brokenCodeStillColoursAndEscapes() {
    let html = SyntaxHighlighter.html("x = \"<b>\n y = 2")
    #expect(html.contains("<span class=\"tok-string\">&quot;&lt;b&gt;</span>"))
    #expect(html.contains("<span class=\"tok-number\">2</span>"))
}
