import Testing
@testable import CamLabReport

// Expected HTML is what the CommonMark reference implementation (commonmark.js 0.31, GFM tables as on GitHub)
// produces for the same input, with CamLab's additions noted: heading ids, the table's scroll wrapper, and
// highlighted CamLab code.

private func html(_ markdown: String) -> String {
    var renderer = MarkdownHTML()
    renderer.highlight = { htmlEscape($0) }
    return renderer.render(markdown)
}

@Test func headingsGetLevelsAndUniqueIDs() {
    #expect(html("# Training the network\n## Step 1\n## Step 1 ##") == """
    <h1 id="training-the-network">Training the network</h1>
    <h2 id="step-1">Step 1</h2>
    <h2 id="step-1-2">Step 1</h2>

    """)
    #expect(html("#NoSpace") == "<p>#NoSpace</p>\n")
    #expect(html("Title\n=====") == "<h1 id=\"title\">Title</h1>\n")
}

@Test func paragraphsJoinLinesAndSplitAtBlankLines() {
    #expect(html("one\ntwo\n\nthree") == "<p>one\ntwo</p>\n<p>three</p>\n")
}

@Test func inlineMarkupRendersAndEverythingElseIsEscaped() {
    #expect(html("a *b* **c** `d<e>` <b>f</b> & g") ==
        "<p>a <em>b</em> <strong>c</strong> <code>d&lt;e&gt;</code> &lt;b&gt;f&lt;/b&gt; &amp; g</p>\n")
    #expect(html("snake_case_name and val_loss stay") == "<p>snake_case_name and val_loss stay</p>\n")
    #expect(html("_em_ and __strong__") == "<p><em>em</em> and <strong>strong</strong></p>\n")
    #expect(html("2 * 3 * 4") == "<p>2 * 3 * 4</p>\n")
    #expect(html("\\*not em\\*") == "<p>*not em*</p>\n")
    #expect(html("``code with ` tick``") == "<p><code>code with ` tick</code></p>\n")
}

@Test func linksKeepSafeURLsOnly() {
    #expect(html("[Keras](https://keras.io \"docs\")") ==
        "<p><a href=\"https://keras.io\" title=\"docs\">Keras</a></p>\n")
    #expect(html("[x](javascript:alert(1))") == "<p>x)</p>\n")
    #expect(html("<https://a.b/c?d=1&e=2>") == "<p><a href=\"https://a.b/c?d=1&amp;e=2\">https://a.b/c?d=1&amp;e=2</a></p>\n")
    #expect(html("[not a link] here") == "<p>[not a link] here</p>\n")
}

@Test func fencedCodeKeepsTextVerbatim() {
    #expect(html("```text\n<b> & *x*\n\n  indented\n```") ==
        "<pre class=\"code\"><code class=\"language-text\">&lt;b&gt; &amp; *x*\n\n  indented</code></pre>\n")
    #expect(html("    four spaces\n    code") == "<pre class=\"code\"><code>four spaces\ncode</code></pre>\n")
}

@Test func listsNestAndNumber() {
    #expect(html("- a\n- b\n  - c\n- d") == """
    <ul>
    <li>a
    </li>
    <li>b
    <ul>
    <li>c
    </li>
    </ul>
    </li>
    <li>d
    </li>
    </ul>

    """)
    #expect(html("3. three\n4. four") == "<ol start=\"3\">\n<li>three\n</li>\n<li>four\n</li>\n</ol>\n")
    #expect(html("- a\n\n- b") == "<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n")
    #expect(html("- a\ncontinued") == "<ul>\n<li>a\ncontinued\n</li>\n</ul>\n")
}

@Test func pipeTablesAlignAndScroll() {
    #expect(html("| class | f1 |\n|:--|--:|\n| Shirt | 0.61 |\n| a \\| b | `x|y` |") == """
    <div class="table-scroll"><table>
    <thead><tr><th style="text-align:left">class</th><th style="text-align:right">f1</th></tr></thead>
    <tbody>
    <tr><td style="text-align:left">Shirt</td><td style="text-align:right">0.61</td></tr>
    <tr><td style="text-align:left">a | b</td><td style="text-align:right"><code>x|y</code></td></tr>
    </tbody></table></div>

    """)
    // A header and delimiter with different cell counts is not a table.
    #expect(html("a | b\n--|--|--") == "<p>a | b\n--|--|--</p>\n")
}

@Test func quotesAndRules() {
    #expect(html("> note\n> more\n\n---") == "<blockquote>\n<p>note\nmore</p>\n</blockquote>\n<hr>\n")
}
