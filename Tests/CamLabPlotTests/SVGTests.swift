import CamLabCore
import CamLabTestSupport
import Testing
@testable import CamLabPlot
import CamLabImaging

@Test func escapingMakesAnyTextSafeInXML() {
    #expect(xmlEscape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
    #expect(xmlEscape("bell\u{07}here") == "bellhere")
}

@Test func base64MatchesRFC4648Vectors() {
    // The test vectors of RFC 4648, section 10.
    let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                   "foobar": "Zm9vYmFy"]
    for (plain, encoded) in vectors { #expect(base64Encode(Array(plain.utf8)) == encoded) }
}

@Test func historyPlotIsWellFormedWithAxesFromTheData() throws {
    let plot = try TrainingHistoryPlot(loss: [2.3, 1.1, 0.6, 0.45, 0.4], valLoss: [1.5, 0.9, 0.7, 0.65, 0.66],
                                       accuracy: [0.3, 0.6, 0.8, 0.85, 0.88], valAccuracy: [0.5, 0.7, 0.75, 0.8, 0.92])
    let parsed = try parseSVG(plot.svg())
    #expect(parsed.root == "{http://www.w3.org/2000/svg}svg")
    #expect(parsed.viewBox == "0 0 920 360")
    // Loss spans 0.4…2.3: range rounds up to 2, step 2/5 = 0.4 rounds to 0.5, so ticks run 0.0…2.5.
    for label in ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"] { #expect(parsed.texts.contains(label)) }
    // Accuracy spans 0.3…0.92: ticks 0.2…1.0 in steps of 0.2.
    for label in ["0.2", "0.4", "0.6", "0.8", "1.0"] { #expect(parsed.texts.contains(label)) }
    // Five epochs: integer ticks 1…5 on each panel.
    #expect(parsed.texts.filter { $0 == "3" }.count == 2)
    #expect(parsed.texts.contains("Loss") && parsed.texts.contains("Accuracy"))
    #expect(parsed.texts.filter { $0 == "validation" }.count == 2)
    #expect(parsed.polylines.count == 4)
}

@Test func lineChartPlacesPointsProportionally() throws {
    let chart = try LineChart(title: "t", yLabel: "y", series: [LineSeries(name: "a", values: [0, 5, 10])])
    let parsed = try parseSVG(chart.svg())
    let points = try #require(parsed.polylines.first).split(separator: " ").map {
        $0.split(separator: ",").map { Double($0)! }
    }
    // Equal steps in x and in y give equal steps on the page; y grows upwards.
    #expect(abs((points[1][0] - points[0][0]) - (points[2][0] - points[1][0])) < 0.02)
    #expect(abs((points[0][1] - points[1][1]) - (points[1][1] - points[2][1])) < 0.02)
    #expect(points[2][1] < points[0][1])
}

@Test func nonFiniteValuesBreakTheLineInsteadOfTheAxis() throws {
    let chart = try LineChart(title: "t", yLabel: "y",
                              series: [LineSeries(name: "a", values: [1, 2, .nan, 3, 4])])
    let parsed = try parseSVG(chart.svg())
    #expect(parsed.polylines.count == 2)
    #expect(parsed.texts.contains("4.0") || parsed.texts.contains("4"))
}

@Test func confusionMatrixShowsEveryCountAndEscapedLabels() throws {
    let counts = [[50, 2, 0], [3, 40, 7], [0, 1, 61]]
    let plot = try ConfusionMatrixPlot(counts: counts, labels: ["T-shirt/top", "<Shirt>", "Bag & co"])
    let svg = plot.svg()
    #expect(svg.contains("&lt;Shirt&gt;") && svg.contains("Bag &amp; co"))
    let parsed = try parseSVG(svg)
    for count in counts.flatMap({ $0 }) { #expect(parsed.texts.contains(String(count))) }
    #expect(parsed.texts.filter { $0 == "<Shirt>" }.count == 2)
    #expect(parsed.texts.contains("predicted class") && parsed.texts.contains("true class"))
    // 9 cells plus the background.
    #expect(parsed.rects == 10)
    // Row shares: the diagonal of row 1 holds 40 of 50.
    #expect(plot.share(1, 1) == 0.8)
}

@Test func confusionMatrixRejectsBadShapesWithClearMessages() {
    #expect(throws: Problem("confusion matrix must be square: row 1 has 1 columns, expected 2")) {
        try ConfusionMatrixPlot(counts: [[1, 2], [3]])
    }
    #expect(throws: Problem("confusion matrix has 2 classes but 3 labels; give one label per class")) {
        try ConfusionMatrixPlot(counts: [[1, 2], [3, 4]], labels: ["a", "b", "c"])
    }
    #expect(throws: Problem("confusion matrix has a negative count -1 at row 0, column 1")) {
        try ConfusionMatrixPlot(counts: [[1, -1], [3, 4]])
    }
}

@Test func barChartScalesBarsToTheData() throws {
    let chart = try GroupedBarChart.classificationReport(classes: ["cat", "dog"], precision: [0.5, 1.0],
                                                         recall: [0.25, 0.75], f1: [0.4, 0.9])
    let parsed = try parseSVG(chart.svg())
    for label in ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "precision", "recall", "f1", "cat", "dog"] {
        #expect(parsed.texts.contains(label))
    }
    // Background, three legend swatches and six bars.
    #expect(parsed.rects == 10)
    #expect(throws: Problem("bar chart 'b': series 'x' has 1 value for 2 categories; give one value per category")) {
        try GroupedBarChart(title: "b", categories: ["p", "q"], series: [("x", [1])])
    }
}

@Test func historyRejectsMismatchedEpochCounts() {
    #expect(throws: Problem("training history: 'val_loss' has 2 epochs but 'loss' has 3")) {
        try TrainingHistoryPlot(loss: [1, 2, 3], valLoss: [1, 2])
    }
}

@Test func galleryEmbedsEachPictureAsAPNGDataURI() throws {
    let pixels = gradientPixels(width: 28, height: 28)
    let image = try GalleryImage(width: 28, height: 28, rgba: pixels, png: testPNG(width: 28, height: 28,
                                                                                      rgba: pixels))
    let gallery = try ImageGallery.misclassified(entries: [(image, image, "Shirt", "T-shirt/top"),
                                                           (image, image, "Coat", "Pullover")])
    let parsed = try parseSVG(gallery.svg())
    #expect(parsed.images.count == 4)
    #expect(parsed.images.allSatisfy { $0.hasPrefix("data:image/png;base64,iVBORw0KGgo") })
    #expect(parsed.texts.contains("true: Shirt") && parsed.texts.contains("predicted: Pullover"))
    #expect(throws: Problem("gallery image of 2×2 needs 16 RGBA bytes, got 3")) {
        try GalleryImage(width: 2, height: 2, rgba: [1, 2, 3], png: [])
    }
}

@Test func savingRefusesNamesThatAreNotSVG() throws {
    let chart = try LineChart(title: "t", yLabel: "y", series: [LineSeries(name: "a", values: [1, 2])])
    #expect(throws: Problem("cannot save a plot as 'out.png': plots are saved as SVG; use a name ending in .svg")) {
        try chart.save(to: "out.png")
    }
}

@Test func galleryImageFromACamLabImageKeepsItsPixels() throws {
    let gray = try Image(width: 2, height: 1, channels: 1, pixels: [0, 255])
    let picture = try GalleryImage(gray)
    #expect(picture.rgba == [0, 0, 0, 255, 255, 255, 255, 255])
    // CamLab's encoder round-trips through its decoder.
    #expect(try PNG.decode(picture.png) == gray)
}
