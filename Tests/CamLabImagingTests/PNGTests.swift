import CamLabCore
import Foundation
import Testing
@testable import CamLabImaging

@Test(arguments: [1, 3, 4])
func pngRoundTripsBitExactAndPassesIndependentDecoders(channels: Int) throws {
    let image = try Image(width: 13, height: 7, channels: channels,
                          pixels: (0..<13 * 7 * channels).map { UInt8(($0 * 71 + $0 / 5) % 256) })
    let path = temporaryPath("roundtrip-\(channels).png")
    defer { unlink(path) }
    try image.write(to: path)
    #expect(try Image.read(from: path) == image)

    let fields = try runPython(pythonPNGDecoder, [path]).split(separator: " ")
    try #require(fields.count == 4, "the Python decoder rejected the file")
    #expect(fields[0] == "13" && fields[1] == "7")
    #expect(fields[2] == ["1": "0", "3": "2", "4": "6"]["\(channels)"]!)
    #expect(hexBytes(fields[3].dropLast(fields[3].hasSuffix("\n") ? 1 : 0)) == image.pixels)

    if let (status, output) = try runIfInstalled("pngcheck", [path]) {
        #expect(status == 0, "pngcheck: \(output)")
        #expect(output.hasPrefix("OK"))
    }
}

@Test(arguments: ["palette", "palette-trns", "rgb16", "gray16", "gray-alpha", "gray-trns", "gray2"])
func pngReaderConvertsEveryLayoutTo8Bits(kind: String) throws {
    let path = temporaryPath("layout-\(kind).png")
    defer { unlink(path) }
    let fields = try runPython(pythonPNGWriter, [kind, path])
        .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
    try #require(fields.count == 4)
    let image = try Image.read(from: path)
    #expect(image.width == Int(fields[0]) && image.height == Int(fields[1]))
    #expect(image.channels == Int(fields[2]))
    #expect(image.pixels == hexBytes(fields[3]))
}

@Test func unreadableTruncatedAndForeignFilesGiveClearErrors() throws {
    let missing = temporaryPath("missing.png")
    #expect(throws: Problem("cannot open '\(missing)': No such file or directory")) {
        try Image.read(from: missing)
    }

    let notPNG = temporaryPath("text.png")
    defer { unlink(notPNG) }
    try Array("hello, not an image".utf8).writeForTest(to: notPNG)
    #expect(throws: Problem("cannot read '\(notPNG)': not a PNG file (the first 8 bytes are not the PNG "
                               + "signature)")) { try Image.read(from: notPNG) }

    let whole = try PNG.encode(rgbPattern(9, 9))
    let truncated = temporaryPath("truncated.png")
    defer { unlink(truncated) }
    try Array(whole.prefix(whole.count / 2)).writeForTest(to: truncated)
    #expect(throws: Problem("cannot read '\(truncated)': file ends early (truncated)")) {
        try Image.read(from: truncated)
    }

    var corrupt = whole
    corrupt[40] ^= 0xFF  // inside IDAT: the chunk's CRC no longer matches
    #expect(throws: Problem.self) { try PNG.decode(corrupt) }
}

extension Array where Element == UInt8 {
    func writeForTest(to path: String) throws {
        try Data(self).write(to: URL(fileURLWithPath: path))
    }
}
