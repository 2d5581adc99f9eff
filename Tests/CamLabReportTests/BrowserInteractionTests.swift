import Foundation
import Testing
@testable import CamLabReport

/// In headless Chromium: wide code and printed tables scroll inside their cell (nothing is cut off out of reach),
/// and a click on a picture shows it enlarged over the page, with the page's own inline script only.
@Test(.enabled(if: Chromium.path != nil,
               "chromium is not installed; Scripts/test installs Debian's 'chromium' package"))
func wideOutputScrollsAndPicturesEnlargeWhenClicked() throws {
    let script = """
        #: # Wide things
        very_long_name = [\((1...60).map(String.init).joined(separator: ", "))]
        print(join(range(0, 150), separator: " | "))
        show(zeros(28, 28))
        """
    let report = Report.run(script: script, scriptName: "wide.dsl", runner: SessionCellRunner(), keepGoing: false)
    let html = HTMLReport.render(report)
    #expect(!html.contains("<script src"), "no script from outside the page")
    // The probe clicks the picture, then writes what it measured into the page for --dump-dom.
    let probe = """
        <script>
        window.addEventListener('load', () => {
          const pres = [...document.querySelectorAll('pre')].map(p => ({
            wide: p.scrollWidth > p.clientWidth + 1, scrolls: getComputedStyle(p).overflowX === 'auto' }));
          const image = document.querySelector('figure.image img');
          const before = image.getBoundingClientRect().width;
          image.click();
          const after = image.getBoundingClientRect().width;
          const enlarged = image.closest('figure').classList.contains('enlarged');
          image.click();
          const out = document.createElement('pre');
          out.id = 'probe';
          out.textContent = JSON.stringify({ pres, before, after, enlarged,
            closed: !image.closest('figure').classList.contains('enlarged') });
          document.body.appendChild(out);
        });
        </script>
        """
    let folder = scratchFolder("browser-interaction")
    try html.replacing("</body>", with: probe + "</body>").write(toFile: folder + "/probe.html", atomically: true,
                                                                 encoding: .utf8)
    let dom = try Chromium.run(["--window-size=1200,900", "--virtual-time-budget=10000", "--dump-dom"],
                               url: "file://\(folder)/probe.html", profile: folder + "/profile")
    let start = try #require(dom.firstRange(of: "<pre id=\"probe\">"), "no probe result in \(dom.suffix(300))")
    let end = try #require(dom[start.upperBound...].firstRange(of: "</pre>"))
    let json = String(dom[start.upperBound..<end.lowerBound]).replacing("&quot;", with: "\"")
    struct Probe: Decodable {
        struct Pre: Decodable { let wide: Bool; let scrolls: Bool }
        let pres: [Pre], before: Double, after: Double, enlarged: Bool, closed: Bool
    }
    let result = try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
    #expect(result.pres.filter(\.wide).count == 2, "the long code line and the long printed line: \(result.pres)")
    #expect(result.pres.allSatisfy { !$0.wide || $0.scrolls }, "a wide block is cut off: \(result.pres)")
    #expect(result.enlarged && result.after > 3 * result.before, "\(result.before) → \(result.after)")
    #expect(result.closed)
}
