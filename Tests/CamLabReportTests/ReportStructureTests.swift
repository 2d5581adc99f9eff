import CamLabTestSupport
import Foundation
import Testing
@testable import CamLabReport

/// What Python's `html.parser` finds in a report: nesting errors, and per section its class, label and outputs
/// in order, plus document-wide facts (external references, scripts, images and their decoded PNG sizes).
struct ParsedReport: Decodable {
    struct Section: Decodable {
        let cls: String
        let label: String
        let outputs: [String]
    }
    struct Image: Decodable {
        let pngWidth: Int
        let pngHeight: Int
        let width: String
        let cls: String
        let alt: String
    }
    let errors: [String]
    let doctype: Bool
    let title: String
    let sections: [Section]
    let images: [Image]
    let external: [String]
    let scripts: Int
    let styles: Int
    let meta: [String]
    let headingIDs: [String]
    let stopped: Int
}

private let parserScript = #"""
import sys, json, base64, struct
from html.parser import HTMLParser
VOID = {'area','base','br','col','embed','hr','img','input','link','meta','source','track','wbr'}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack=[]; self.errors=[]; self.doctype=False; self.title=''; self.sections=[]; self.images=[]
        self.external=[]; self.scripts=0; self.styles=0; self.meta=[]; self.ids=[]; self.stopped=0
        self.capture=None; self.text=''
    def handle_decl(self, d): self.doctype = d.lower() == 'doctype html'
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); cls = a.get('class') or ''
        for key in ('src','href'):
            v = a.get(key) or ''
            if tag != 'a' and (v.startswith('http') or v.startswith('//')): self.external.append(tag+' '+v)
        if tag == 'link': self.external.append('link')
        if tag == 'script': self.scripts += 1
        if tag == 'script' and a.get('src') is not None: self.external.append('script src')
        if tag == 'style': self.styles += 1
        if tag == 'section': self.sections.append({'cls': cls, 'label': '', 'outputs': []})
        if tag in ('h1','h2','h3') and a.get('id'): self.ids.append(a['id'])
        if tag == 'p' and 'stopped' in cls: self.stopped += 1
        sec = self.sections[-1] if self.sections else None
        in_svg = any(t == 'svg' for t, _ in self.stack)
        if sec is not None and not in_svg:
            if tag == 'pre' and 'stdout' in cls: sec['outputs'].append('text')
            if tag == 'img': sec['outputs'].append('image')
            if tag == 'svg': sec['outputs'].append('plot')
            if tag == 'div' and cls == 'error': sec['outputs'].append('error')
        if tag == 'img':
            src = a.get('src','')
            assert src.startswith('data:image/png;base64,'), src[:40]
            png = base64.b64decode(src.split(',',1)[1])
            assert png[:8] == b'\x89PNG\r\n\x1a\n'
            w, h = struct.unpack('>II', png[16:24])
            self.images.append({'pngWidth': w, 'pngHeight': h, 'width': a.get('width',''), 'cls': cls,
                                'alt': a.get('alt','')})
        if (tag == 'div' and cls == 'cell-label') or (tag == 'title' and not in_svg):
            self.capture = tag; self.text = ''
        if tag == 'li' and self.stack and 'meta' in self.stack[-1][1]: self.capture = 'li'; self.text = ''
        if tag not in VOID: self.stack.append((tag, cls))
    def handle_startendtag(self, tag, attrs):
        if tag not in VOID: self.handle_starttag(tag, attrs); self.stack.pop()
        else: self.handle_starttag(tag, attrs)
    def handle_endtag(self, tag):
        if tag in VOID: return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append('unexpected </%s> inside %s' % (tag, [t for t,_ in self.stack][-3:])); return
        self.stack.pop()
        if self.capture == tag:
            if tag == 'div': self.sections[-1]['label'] = self.text
            if tag == 'title': self.title = self.text
            if tag == 'li': self.meta.append(self.text)
            self.capture = None
    def handle_data(self, data):
        if self.capture: self.text += data
p = P(); p.feed(sys.stdin.read()); p.close()
if p.stack: p.errors.append('unclosed: %s' % [t for t,_ in p.stack])
print(json.dumps({'errors': p.errors, 'doctype': p.doctype, 'title': p.title, 'sections': p.sections,
  'images': p.images, 'external': p.external, 'scripts': p.scripts, 'styles': p.styles, 'meta': p.meta,
  'headingIDs': p.ids, 'stopped': p.stopped}))
"""#

func parseReport(_ html: String) throws -> ParsedReport {
    try JSONDecoder().decode(ParsedReport.self, from: Data(try runPython(parserScript, input: html).utf8))
}

@Test func reportIsOneWellNestedSelfContainedPage() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: false)
    let parsed = try parseReport(HTMLReport.render(report))
    #expect(parsed.errors == [])
    #expect(parsed.doctype)
    #expect(parsed.title == "Fashion-MNIST walkthrough")
    #expect(parsed.scripts == 1 && parsed.styles == 1)  // the inline script that enlarges a clicked picture
    #expect(parsed.external == [])
    #expect(parsed.meta == ["CamLab 0.1.0", "date 2026-11-27 05:30 UTC", "run time \(Report.duration(report.runSeconds))",
                            "seed 42", "script walk.dsl", "errors 1 cell failed"])
    #expect(parsed.headingIDs == ["fashion-mnist-walkthrough", "training", "plots", "a-mistake", "after-the-error"])
}

@Test func cellsAppearInScriptOrderWithTheirOutputs() throws {
    let (report, runner) = try WalkthroughFixture.report(keepGoing: false)
    let parsed = try parseReport(HTMLReport.render(report))
    let kinds = parsed.sections.map { $0.cls.replacing("cell ", with: "") }
    #expect(kinds == ["prose", "code", "prose", "code", "prose", "code", "prose", "code failed", "prose",
                      "code skipped"])
    let code = parsed.sections.filter { $0.cls.hasPrefix("cell code") }
    #expect(code.map { $0.outputs } == [["text"], ["text", "image"], ["plot", "plot", "plot", "plot"], ["error"], []])
    #expect(code.map { $0.label.split(separator: " ").prefix(3).joined(separator: " ") } ==
            ["[1] line 11", "[2] line 15", "[3] line 18", "[4] line 21", "[5] line 23"])
    #expect(code.last?.label == "[5] line 23 · not run")
    #expect(parsed.stopped == 1)
    // The failing cell stopped the run: the last cell was never handed to the runner.
    #expect(runner.ran.map { $0.firstLine } == [11, 15, 18, 21])
}

@Test func keepGoingRunsPastTheError() throws {
    let (report, runner) = try WalkthroughFixture.report(keepGoing: true)
    let parsed = try parseReport(HTMLReport.render(report))
    #expect(runner.ran.count == 5)
    #expect(parsed.stopped == 0)
    #expect(parsed.sections.last?.outputs == ["text"])
    #expect(report.failedCells.map { $0.cell.firstLine } == [21])
}

@Test func smallPicturesAreEnlargedCrisply() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: false)
    let parsed = try parseReport(HTMLReport.render(report))
    let image = try #require(parsed.images.first)
    #expect(parsed.images.count == 1)
    #expect(image.pngWidth == 28 && image.pngHeight == 28)
    // 28 px is enlarged by the whole factor 6 to 168 px and drawn pixelated.
    #expect(image.width == "168" && image.cls == "pixelated")
    #expect(image.alt == "x.test[0]: Ankle boot")
    #expect(ReportText.displaySize(width: 640, height: 480) == (640, 480))
}

@Test func epochLinesAndTextAreEscapedIntoOneBlock() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: false)
    let html = HTMLReport.render(report)
    #expect(html.contains("<pre class=\"stdout\">Epoch 1/2\n422/422 ━━━━━━━━━━━━━━━━━━━━ 9s 21ms/step - accuracy: "
        + "0.7800 - loss: 0.6100\nEpoch 2/2\n"))
    #expect(html.contains("help: did you mean &#39;explain&#39;?"))
    #expect(html.contains("<span class=\"tok-label\">epochs</span>"))
}

@Test func renderingIsFastComparedWithARun() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: true)
    let clock = ContinuousClock()
    let elapsed = clock.measure { for _ in 0..<20 { _ = HTMLReport.render(report) } }
    // A page with four plots and a picture renders in well under 50 ms even in a debug build; the budget is 5%
    // of a training run that takes minutes, so this leaves a wide margin.
    #expect(elapsed / 20 < .milliseconds(50), "rendering took \(elapsed / 20)")
}
