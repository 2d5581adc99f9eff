import CamLabCore
import Foundation
import Testing
@testable import CamLabImaging

/// A smooth picture (JPEG's loss on it is a few levels), gray or RGB.
func smoothPicture(_ width: Int, _ height: Int, channels: Int) -> Image {
    var pixels: [UInt8] = []
    for y in 0..<height {
        for x in 0..<width {
            let rgb = [x * 255 / (width - 1), y * 255 / (height - 1), (x + y) * 127 / (width + height - 2)]
            pixels += channels == 1 ? [UInt8(rgb[0] / 2 + rgb[1] / 2)] : rgb.map { UInt8($0) }
        }
    }
    return try! Image(width: width, height: height, channels: channels, pixels: pixels)
}

func maxDifference(_ a: [UInt8], _ b: [UInt8]) -> Int { zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0 }

@Test(arguments: [1, 3])
func jpegRoundTripsWithinAFewLevels(channels: Int) throws {
    let image = smoothPicture(40, 24, channels: channels)
    let path = temporaryPath("roundtrip-\(channels).JPEG")
    defer { unlink(path) }
    try image.write(to: path, quality: 95)
    let back = try Image.read(from: path)
    #expect(back.width == 40 && back.height == 24 && back.channels == channels)
    #expect(maxDifference(back.pixels, image.pixels) <= 10)  // 4:2:0 chroma on a colour gradient: 7 measured
}

@Test func jpegQualityTradesSizeForLossAndDefaultsToPillows() throws {
    let image = smoothPicture(64, 64, channels: 3)
    let low = try JPEG.encode(image, quality: 20), high = try JPEG.encode(image, quality: 98)
    #expect(low.count < high.count)
    #expect(try JPEG.encode(image) == (try JPEG.encode(image, quality: 75)))
    let lossLow = maxDifference(try JPEG.decode(low).pixels, image.pixels)
    let lossHigh = maxDifference(try JPEG.decode(high).pixels, image.pixels)
    #expect(lossHigh < lossLow)
    #expect(throws: Problem("JPEG quality must be between 1 and 100, got 0")) { try JPEG.encode(image, quality: 0) }
}

@Test func jpegDropsAlphaWhenWriting() throws {
    let image = try smoothPicture(8, 8, channels: 3).converted(toChannels: 4)
    let bytes = try JPEG.encode(image, quality: 100)
    #expect(try JPEG.decode(bytes).channels == 3)
    #expect(bytes == (try JPEG.encode(try image.converted(toChannels: 3), quality: 100)))
}

@Test func jpegAsksForGrayOrColourWhateverTheFileHolds() throws {
    let colour = try JPEG.encode(smoothPicture(16, 16, channels: 3), quality: 95)
    let gray = try JPEG.decode(colour, channels: 1)
    let viaRGB = try JPEG.decode(colour).converted(toChannels: 1)
    #expect(gray.channels == 1)
    #expect(maxDifference(gray.pixels, viaRGB.pixels) <= 2)  // libjpeg's Y against 601-2 luma of decoded RGB
    let fromGray = try JPEG.decode(try JPEG.encode(smoothPicture(16, 16, channels: 1)), channels: 3)
    #expect(fromGray.channels == 3)
}

@Test func jpegBadInputIsAnErrorNamingTheFile() throws {
    let bytes = try JPEG.encode(smoothPicture(32, 32, channels: 3), quality: 90)
    let path = temporaryPath("truncated.jpg")
    defer { unlink(path) }
    try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
    let truncated = #expect(throws: Problem.self) { try Image.read(from: path) }
    #expect(truncated?.message.hasPrefix("cannot read '\(path)': ") == true)
    #expect(truncated?.message.contains("Premature end of JPEG file") == true, "\(truncated?.message ?? "")")

    #expect(throws: Problem("cannot read JPEG data: not a JPEG file (it does not start with the JPEG marker FF D8)")) {
        try JPEG.decode(Array("hello".utf8))
    }
    var corrupt = bytes
    for i in stride(from: 200, to: corrupt.count - 2, by: 7) { corrupt[i] = 0xFF }
    #expect(throws: Problem.self) { try JPEG.decode(corrupt) }
    #expect(throws: Problem.self) { try JPEG.decode(Array(bytes.prefix(20))) }
}

@Test func jpegHeaderIsCheckedAgainstTheBudgetBeforeDecoding() throws {
    let bytes = try JPEG.encode(smoothPicture(200, 100, channels: 3))
    #expect(throws: Problem("decoding the 200×100 JPEG 'big.jpg' would need 59 KiB; the memory budget is 1 KiB")) {
        try JPEG.decode(bytes, source: "'big.jpg'", budget: MemoryBudget(bytes: 1024))
    }
}

@Test func cmykJPEGBecomesTheRGBItWasMadeFrom() throws {
    let back = try Image.read(from: fixturePath("keras_folders/cmyk.jpg"))
    let source = try Image.read(from: fixturePath("keras_folders/cmyk_source.png"))
    #expect(back.channels == 3 && back.width == source.width && back.height == source.height)
    // A noisy 13×11 picture at quality 95: JPEG's loss, not a wrong conversion (that would be ~255 off).
    #expect(maxDifference(back.pixels, source.pixels) <= 40)
    let mean = zip(back.pixels, source.pixels).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(back.pixels.count)
    #expect(mean < 6)
}

func fixturePath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

@Test func heatmapOverlayOverAColourPictureSavesAsJPEG() throws {
    let picture = try Image.read(from: fixturePath("keras_folders/flowers/rose/e.jpeg")).resized(
        width: 96, height: 128, filter: .bilinear)
    let values = (0..<6 * 8).map { i -> Float in
        let (x, y) = (Float(i % 6) - 3.5, Float(i / 6) - 2.5)
        return exp(-(x * x + y * y) / 4)
    }
    let overlay = try overlayHeatmap(try Heatmap(width: 6, height: 8, values: values), on: picture)
    let path = temporaryPath("overlay.jpg")
    defer { unlink(path) }
    try overlay.write(to: path, quality: 90)
    let back = try Image.read(from: path)
    #expect(back.width == 96 && back.height == 128 && back.channels == 3)
    let flat = try overlay.converted(toChannels: 3).pixels
    let mean = zip(back.pixels, flat).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(flat.count)
    #expect(mean < 4, "mean difference \(mean)")
}

@Test func progressiveFilesWithTooManyScansAreRefused() throws {
    // A valid 16×16 picture in 128 scans (Scripts/fixtures/many_scans_jpeg.sh); Pillow reads it.
    let path = fixturePath("many_scans.jpg")
    #expect(throws: Problem("cannot read '\(path)': more than 100 progressive scans (a decompression bomb?)")) {
        try Image.read(from: path)
    }
    #expect(try JPEG.header(try FileIO.read(path)).progressive == 1)
}
