import CamLabTestSupport
import Testing
@testable import CamLabPlot

@Test func lineChartDrawsBrailleWithinTheWidth() throws {
    let chart = try LineChart(title: "Loss", yLabel: "loss",
                              series: [LineSeries(name: "training", values: [2, 1.5, 1, 0.8, 0.7])])
    let text = chart.terminal(width: 60, color: false)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.allSatisfy { $0.count <= 60 })
    #expect(text.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
    #expect(!text.contains("\u{1B}"))
    // 0.7…2: the range rounds up to 2, the step 0.4 to 0.5, so the axis runs from 0.5 to 2.0.
    #expect(lines.contains { $0.hasPrefix("2.0 ┤") })
    #expect(lines.contains { $0.hasPrefix("0.5 ┤") })
}

@Test func brailleCanvasSetsTheRightDots() {
    var canvas = BrailleCanvas(columns: 1, rows: 1)
    canvas.set(0, 0, color: nil)
    canvas.set(1, 3, color: nil)
    // Dot 1 (0x01) and dot 8 (0x80).
    #expect(canvas.render(color: false) == ["\u{2881}"])
}

@Test func colouredOutputUsesTrueColourEscapes() throws {
    let plot = try ConfusionMatrixPlot(counts: [[9, 1], [2, 8]], labels: ["a", "b"])
    let plain = plot.terminal(width: 40, color: false)
    #expect(plain.contains("[9]") && plain.contains("[8]"))
    let coloured = plot.terminal(width: 40, color: true)
    #expect(coloured.contains("\u{1B}[48;2;"))
}

@Test func barChartBarLengthsFollowTheValues() throws {
    let chart = try GroupedBarChart(title: "b", categories: ["x"], series: [("half", [0.5]), ("full", [1.0])])
    let lines = chart.terminal(width: 50, color: false).split(separator: "\n")
    let half = try #require(lines.first { $0.contains("half") }).filter { $0 == "█" }.count
    let full = try #require(lines.first { $0.contains("full") }).filter { $0 == "█" }.count
    #expect(full == 2 * half)
}

@Test func galleryDrawsPicturesWithHalfBlocks() throws {
    let pixels = gradientPixels(width: 28, height: 28)
    let image = try GalleryImage(width: 28, height: 28, rgba: pixels, png: testPNG(width: 28, height: 28,
                                                                                      rgba: pixels))
    let gallery = try ImageGallery(title: "g", items: [GalleryItem(images: [image], caption: ["one"])])
    let coloured = gallery.terminal(width: 80, color: true)
    #expect(coloured.filter { $0 == "▀" }.count == 28 * 14)
    let plain = gallery.terminal(width: 80, color: false)
    #expect(plain.split(separator: "\n").count == 1 + 14 + 1)
}
