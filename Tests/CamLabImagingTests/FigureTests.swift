import CamLabCore
import Testing
@testable import CamLabImaging

@Test func sideBySidePlacesPanelsInEqualCells() throws {
    let red = try Image(width: 4, height: 3, color: [255, 0, 0])
    let gray = try Image(width: 2, height: 2, color: [90])
    let figure = try Figure.sideBySide([Panel(red), Panel(gray)], spacing: 2, background: [10, 20, 30])
    // Two 4×3 cells (the largest panel) with 2 pixels around and between them: 2+4+2+4+2 by 2+3+2.
    #expect(figure.width == 14 && figure.height == 7 && figure.channels == 3)
    #expect(figure.pixel(x: 0, y: 0) == [10, 20, 30])
    #expect(figure.pixel(x: 2, y: 2) == [255, 0, 0])
    #expect(figure.pixel(x: 5, y: 4) == [255, 0, 0])
    // The 2×2 panel is centred in the second cell: x from 8 + 1, y from 2 + 0 (3 - 2 = 1, halved down).
    #expect(figure.pixel(x: 9, y: 2) == [90, 90, 90])
    #expect(figure.pixel(x: 10, y: 3) == [90, 90, 90])
    #expect(figure.pixel(x: 8, y: 2) == [10, 20, 30])
}

@Test func titlesAreDrawnWithTheBitmapFont() throws {
    let panel = try Image(width: 20, height: 4, color: [200, 200, 200])
    let figure = try Figure.sideBySide([Panel(panel, title: "A")], spacing: 0)
    // Title band: 7 rows of glyph + 4 of padding; "A" (5 wide) is centred: x from (20 - 5) / 2 = 7, y from 1.
    #expect(figure.height == 11 + 4)
    let expectedA = [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"]
    for (row, pattern) in expectedA.enumerated() {
        for (column, mark) in pattern.enumerated() {
            let expected: [UInt8] = mark == "#" ? [0, 0, 0] : [255, 255, 255]
            #expect(figure.pixel(x: 7 + column, y: 1 + row) == expected, "A at row \(row) column \(column)")
        }
    }
    #expect(figure.pixel(x: 0, y: 11) == [200, 200, 200])
}

@Test func fontCoversPrintableASCII() {
    #expect(BitmapFont.glyphs.count == 95)
    #expect(BitmapFont.glyphs.allSatisfy { $0.count == 7 && $0.allSatisfy { $0 < 32 } })
    #expect(BitmapFont.glyph(" ") == [0, 0, 0, 0, 0, 0, 0])
    #expect(BitmapFont.glyph("I") == [0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110])
    #expect(BitmapFont.glyph("é") == BitmapFont.glyph("?"))
    // Every glyph but the space has ink, and no two glyphs are the same.
    #expect(Set(BitmapFont.glyphs.map { $0.map(String.init).joined(separator: ",") }).count == 95)
    #expect(BitmapFont.width(of: "abc") == 17)
}

@Test func gridWrapsRowsAndLongTitlesAreShortened() throws {
    let tile = try Image(width: 3, height: 3, color: [0, 0, 255, 255])
    let figure = try Figure.grid(Array(repeating: Panel(tile), count: 5), columns: 2, spacing: 1)
    #expect(figure.width == 1 + 3 + 1 + 3 + 1 && figure.height == 1 + 3 * (3 + 1))
    #expect(figure.pixel(x: 1, y: 9) == [0, 0, 255])   // fifth panel, third row
    #expect(figure.pixel(x: 5, y: 9) == [255, 255, 255])  // no sixth panel
    let long = String(repeating: "x", count: 60)
    #expect(Figure.fitted(long, width: 240).count == 40 - 2 + 2)
    #expect(Figure.fitted(long, width: 240).hasSuffix(".."))
    #expect(throws: Problem("a figure needs at least one panel")) { try Figure.grid([], columns: 1) }
    #expect(throws: Problem("a figure grid needs at least 1 column, got 0")) {
        try Figure.grid([Panel(tile)], columns: 0)
    }
}

@Test func translucentPanelsAreCompositedOverTheBackground() throws {
    let half = try Image(width: 1, height: 1, color: [0, 0, 0, 128])
    let figure = try Figure.sideBySide([Panel(half)], spacing: 0, background: [200, 200, 200])
    // 0·128/255 + 200·127/255 = 99.6 → 100 (Pillow's rounding).
    #expect(figure.pixels == [100, 100, 100])
}

@Test func terminalRenderingUsesHalfBlocks() throws {
    let image = try Image(width: 2, height: 3, channels: 1, pixels: [1, 2, 3, 4, 5, 6])
    let text = image.terminalRendering()
    let expected = "\u{1B}[38;2;1;1;1m\u{1B}[48;2;3;3;3m▀\u{1B}[38;2;2;2;2m\u{1B}[48;2;4;4;4m▀\u{1B}[0m\n"
        + "\u{1B}[38;2;5;5;5m\u{1B}[49m▀\u{1B}[38;2;6;6;6m\u{1B}[49m▀\u{1B}[0m\n"
    #expect(text == expected)
}
