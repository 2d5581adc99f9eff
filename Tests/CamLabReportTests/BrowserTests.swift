import CamLabTestSupport
import CamLabPlot
import Foundation
import Testing
@testable import CamLabReport

/// Headless Chromium (Debian's `chromium` package), or nil when it is not installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs Chromium headless on `url` with `arguments`; returns standard output. Gives up after 90 seconds.
    static func run(_ arguments: [String], url: String, profile: String) throws -> String {
        guard let path else { throw TestFailure("chromium is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--disable-dev-shm-usage", "--user-data-dir=\(profile)"] + arguments + [url]
        // Output goes to a file, so a long DOM dump cannot fill a pipe while the test waits.
        let outputPath = profile + "-stdout.txt"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw TestFailure("chromium did not finish within 90 s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: outputPath))
        return String(decoding: data, as: UTF8.self)
    }
}

/// What the probe script measured in the browser.
struct PageProbe: Decodable {
    struct Picture: Decodable {
        let kind: String
        let naturalWidth: Int
    }
    struct Overflow: Decodable {
        let element: String
        let right: Double
    }
    let viewportWidth: Int
    let scrollWidth: Int
    let pictures: [Picture]
    let overflowing: [Overflow]
    let bodyFontSize: String
}

/// A copy of the report with a probe appended: every plot also as an `<img>` of its SVG (a malformed SVG does not
/// decode), and a script that, once everything loaded, sends its measurements to the framing page.
private func probePage(_ html: String, plots: [String]) -> String {
    let images = plots.map {
        "<img class=\"probe\" style=\"max-width:100%\" src=\"data:image/svg+xml;base64,\(base64Encode(Array($0.utf8)))\">"
    }.joined()
    let script = """
    <script>
    window.addEventListener('load', () => {
      const viewport = document.documentElement.clientWidth;
      const pictures = [...document.images].map(i => ({
        kind: i.classList.contains('probe') ? 'svg' : 'png', naturalWidth: i.naturalWidth }));
      const boxes = document.querySelectorAll('main *');
      const overflowing = [...boxes].filter(e => !e.closest('.probe') && !e.closest('pre, .table-scroll, svg'))
        .map(e => ({ element: e.tagName.toLowerCase() + '.' + (e.getAttribute('class') || ''),
                     right: e.getBoundingClientRect().right }))
        .filter(e => e.right > viewport + 0.5);
      parent.postMessage(JSON.stringify({ viewportWidth: viewport,
        scrollWidth: document.documentElement.scrollWidth, pictures, overflowing,
        bodyFontSize: getComputedStyle(document.body).fontSize }), '*');
    });
    </script>
    """
    return html.replacing("</body>", with: "<div class=\"probe\">\(images)</div>\n\(script)\n</body>")
}

@Test(.enabled(if: Chromium.path != nil,
               "chromium is not installed; Scripts/test installs Debian's 'chromium' package"))
func reportRendersInHeadlessChromiumAtPhoneAndDesktopWidths() throws {
    let (report, _) = try WalkthroughFixture.report(keepGoing: true)
    let folder = scratchFolder("browser")
    let page = folder + "/report.html"
    try ReportFile.write(report, to: page)
    let plots = report.cells.flatMap(\.outputs).compactMap { output -> String? in
        if case .plot(let svg, _) = output { return svg } else { return nil }
    }
    #expect(plots.count == 4)
    try probePage(HTMLReport.render(report), plots: plots).write(toFile: folder + "/probe.html", atomically: true,
                                                                 encoding: .utf8)
    for (name, width, height) in [("phone", 390, 844), ("desktop", 1280, 800)] {
        // Headless windows are at least 500 px wide, so the page is measured in a frame of the exact width; the
        // frame posts its measurements up, and the framing page writes them into its DOM for --dump-dom.
        let frame = "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"probe.html\" width=\"\(width)\" "
            + "height=\"\(height)\" style=\"border:0\"></iframe><script>window.addEventListener('message', e => {"
            + " const out = document.createElement('pre'); out.id = 'probe'; out.textContent = e.data;"
            + " document.body.appendChild(out); });</script></body></html>"
        try frame.write(toFile: folder + "/frame-\(name).html", atomically: true, encoding: .utf8)
        let dom = try Chromium.run(["--window-size=1400,1000", "--virtual-time-budget=10000", "--dump-dom"],
                                   url: "file://\(folder)/frame-\(name).html", profile: folder + "/profile")
        let start = try #require(dom.firstRange(of: "<pre id=\"probe\">"), "no probe result in \(dom.suffix(300))")
        let end = try #require(dom[start.upperBound...].firstRange(of: "</pre>"))
        let json = dom[start.upperBound..<end.lowerBound].replacing("&quot;", with: "\"")
            .replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&amp;", with: "&")
        let probe = try JSONDecoder().decode(PageProbe.self, from: Data(json.utf8))
        #expect(probe.viewportWidth == width, "\(name)")
        // Every picture decoded: the PNG and the four plots as standalone SVG images.
        #expect(probe.pictures.count == 5, "\(name)")
        #expect(probe.pictures.allSatisfy { $0.naturalWidth > 0 }, "\(name): \(probe.pictures)")
        // Nothing widens the page; wide code, tables and plots scroll or shrink inside the column.
        #expect(probe.scrollWidth <= width, "\(name): page is \(probe.scrollWidth) px wide")
        #expect(probe.overflowing.isEmpty, "\(name): \(probe.overflowing)")
        let fontSize = Double(probe.bodyFontSize.replacing("px", with: "")) ?? 0
        #expect(fontSize >= 17, "\(name): body text is \(probe.bodyFontSize)")

        let shot = folder + "/\(name).png"
        _ = try Chromium.run(["--window-size=\(width),\(height)", "--screenshot=\(shot)"],
                             url: "file://\(page)", profile: folder + "/profile")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: shot)))
        let image = try #require(ReportImage(png: bytes), "screenshot is not a PNG")
        #expect(image.width == width)
        print("screenshot: \(shot)")
    }
}
