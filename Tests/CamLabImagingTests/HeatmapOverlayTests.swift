import CamLabCore
import Testing
@testable import CamLabImaging

/// eli5 0.16.0's `format_as_image` (its own code, with Pillow 13.0.0 and matplotlib 3.11.2) on a 3×3 float32
/// heatmap over `grayPattern(7, 7)`, at development time (Scripts/imaging-references.py): colormap, alpha limit,
/// resampling filter, resulting RGBA bytes.
let eli5Overlays: [(String, Double?, ResamplingFilter, [UInt8])] = [
    ("viridis", 0.65, .lanczos, [11, 11, 11, 255, 48, 48, 48, 255, 85, 85, 85, 255, 125, 120, 120, 255, 153, 141, 155, 255, 177, 166, 186, 255, 198, 193, 214, 255, 13, 17, 21, 255, 48, 53, 56, 255, 82, 88, 93, 255, 111, 119, 126, 255, 133, 146, 155, 255, 157, 172, 182, 255, 179, 196, 207, 255, 13, 37, 54, 255, 40, 70, 83, 255, 63, 105, 111, 255, 80, 136, 134, 255, 100, 159, 152, 255, 124, 181, 171, 255, 144, 199, 190, 255, 25, 76, 78, 255, 45, 103, 99, 255, 61, 134, 115, 255, 76, 162, 126, 255, 95, 181, 134, 255, 115, 195, 144, 255, 132, 209, 157, 255, 74, 120, 65, 255, 93, 140, 80, 255, 112, 162, 91, 255, 134, 184, 99, 255, 153, 199, 106, 255, 166, 211, 116, 255, 180, 223, 126, 255, 116, 147, 40, 255, 138, 162, 54, 255, 167, 179, 66, 255, 198, 196, 76, 255, 216, 209, 88, 255, 225, 221, 100, 255, 236, 234, 114, 255, 140, 162, 26, 255, 164, 174, 38, 255, 198, 188, 50, 255, 212, 201, 65, 255, 226, 215, 79, 255, 240, 227, 94, 255, 254, 241, 107, 255]),
    ("jet", nil, .bilinear, [11, 11, 11, 255, 47, 47, 50, 255, 80, 80, 94, 255, 110, 110, 134, 255, 133, 147, 174, 255, 151, 178, 208, 255, 175, 207, 238, 255, 22, 31, 22, 255, 58, 66, 57, 255, 94, 98, 93, 255, 126, 126, 124, 255, 148, 157, 159, 255, 165, 183, 189, 255, 188, 210, 217, 255, 47, 85, 46, 255, 81, 113, 68, 255, 125, 141, 79, 255, 166, 165, 85, 255, 186, 181, 108, 255, 203, 195, 127, 255, 220, 210, 145, 255, 72, 137, 70, 255, 103, 158, 78, 255, 157, 184, 65, 255, 206, 204, 46, 255, 223, 204, 55, 255, 238, 203, 64, 255, 251, 210, 73, 255, 135, 82, 41, 255, 149, 96, 48, 255, 163, 109, 40, 255, 173, 117, 27, 255, 182, 117, 32, 255, 191, 117, 37, 255, 198, 120, 42, 255, 198, 27, 13, 255, 194, 31, 16, 255, 168, 32, 13, 255, 139, 30, 8, 255, 142, 30, 9, 255, 143, 28, 9, 255, 145, 30, 11, 255, 218, 8, 3, 255, 209, 10, 6, 255, 170, 8, 5, 255, 127, 1, 1, 255, 127, 1, 1, 255, 127, 0, 0, 255, 127, 0, 0, 255]),
    ("greens", 1.0, .nearest, [11, 11, 11, 255, 48, 48, 48, 255, 99, 101, 99, 255, 133, 134, 132, 255, 166, 168, 166, 255, 196, 205, 195, 255, 224, 233, 223, 255, 14, 14, 14, 255, 51, 51, 51, 255, 102, 103, 102, 255, 135, 137, 135, 255, 169, 170, 168, 255, 199, 207, 197, 255, 227, 235, 225, 255, 66, 106, 67, 255, 84, 124, 85, 255, 70, 138, 89, 255, 83, 151, 102, 255, 96, 164, 115, 255, 93, 166, 115, 255, 104, 178, 127, 255, 67, 107, 68, 255, 86, 126, 87, 255, 71, 139, 90, 255, 84, 152, 103, 255, 97, 165, 116, 255, 94, 167, 116, 255, 105, 178, 128, 255, 69, 109, 70, 255, 87, 127, 88, 255, 72, 140, 91, 255, 85, 153, 104, 255, 98, 166, 117, 255, 95, 168, 117, 255, 106, 179, 128, 255, 3, 92, 39, 255, 6, 96, 42, 255, 0, 68, 27, 255, 1, 68, 27, 255, 1, 68, 28, 255, 0, 68, 27, 255, 0, 68, 27, 255, 3, 93, 39, 255, 7, 97, 43, 255, 0, 68, 27, 255, 1, 68, 27, 255, 1, 68, 28, 255, 0, 68, 27, 255, 0, 68, 27, 255]),
    ("viridis", 0.65, .bicubic, [11, 11, 11, 255, 48, 48, 48, 255, 85, 85, 85, 255, 121, 116, 120, 255, 149, 140, 157, 255, 168, 165, 185, 255, 192, 192, 213, 255, 14, 19, 20, 255, 50, 55, 56, 255, 84, 90, 92, 255, 114, 119, 124, 255, 139, 148, 155, 255, 159, 172, 180, 255, 183, 197, 206, 255, 14, 45, 55, 255, 42, 77, 82, 255, 66, 111, 108, 255, 87, 140, 129, 255, 109, 163, 148, 255, 130, 182, 166, 255, 149, 201, 184, 255, 25, 78, 79, 255, 45, 103, 99, 255, 62, 135, 115, 255, 76, 162, 126, 255, 94, 179, 134, 255, 115, 195, 145, 255, 130, 209, 156, 255, 70, 115, 63, 255, 89, 134, 78, 255, 113, 159, 92, 255, 133, 180, 101, 255, 149, 194, 111, 255, 166, 209, 122, 255, 178, 221, 132, 255, 117, 146, 39, 255, 138, 160, 52, 255, 170, 178, 64, 255, 199, 194, 76, 255, 216, 207, 89, 255, 227, 220, 102, 255, 240, 233, 115, 255, 138, 160, 30, 255, 158, 173, 43, 255, 193, 187, 55, 255, 214, 201, 67, 255, 227, 214, 80, 255, 241, 226, 93, 255, 254, 239, 106, 255]),
]

let eli5Heatmap: [Float] = [0.0, 0.1, 0.25, 0.5, 0.65, 0.7, 0.9, 0.999, 1.0]

@Test func overlayReproducesEli5FormatAsImage() throws {
    let heatmap = try Heatmap(width: 3, height: 3, values: eli5Heatmap)
    for (name, limit, filter, expected) in eli5Overlays {
        let image = try overlayHeatmap(heatmap, on: grayPattern(7, 7), colormap: Colormap(named: name),
                                       alphaLimit: limit, resampling: filter)
        #expect(image.channels == 4 && image.width == 7 && image.height == 7)
        #expect(image.pixels == expected, "\(name) \(String(describing: limit)) \(filter)")
    }
}

@Test func colorizingTruncatesLikeEli5() throws {
    // h = 0.5: viridis entry 128 = (0.127568, 0.566949, 0.550556) → (32, 144, 140); alpha min(0.5, 0.65) → 127.
    // h = 1: entry 255 = (0.993248, 0.906157, 0.143936) → (253, 231, 36); alpha capped at 0.65 → 165.
    let heatmap = try Heatmap(width: 2, height: 1, values: [0.5, 1])
    let colored = try colorizedHeatmap(heatmap)
    #expect(colored.pixels == [32, 144, 140, 127, 253, 231, 36, 165])
    #expect(try colorizedHeatmap(heatmap, alphaLimit: nil).pixels.last == 255)
}

@Test func alphaLimitZeroGivesTheBaseImage() throws {
    let heatmap = try Heatmap(width: 3, height: 3, values: eli5Heatmap)
    let base = grayPattern(7, 7)
    #expect(try overlayHeatmap(heatmap, on: base, alphaLimit: 0) == base.converted(toChannels: 4))
}

@Test func badHeatmapsAndLimitsAreReported() throws {
    let heatmap = try Heatmap(width: 2, height: 1, values: [0.5, 1.5])
    #expect(throws: Problem("heatmap values must lie in [0, 1], got minimum 0.5 and maximum 1.5; normalize "
                               + "the map first (e.g. divide by its maximum)")) { try colorizedHeatmap(heatmap) }
    let good = try Heatmap(width: 1, height: 1, values: [0.5])
    #expect(throws: Problem("alphaLimit must lie in [0, 1] (0 = invisible heatmap, 1 = opaque), got 1.2")) {
        try overlayHeatmap(good, on: grayPattern(2, 2), alphaLimit: 1.2)
    }
    #expect(throws: Problem("a 2×2 heatmap needs 4 values, got 3")) {
        try Heatmap(width: 2, height: 2, values: [0, 0, 0])
    }
    #expect(throws: Problem("heatmap values must be numbers in [0, 1], found NaN")) {
        try heatmapImage(Heatmap(width: 1, height: 1, values: [.nan]))
    }
}

@Test func heatmapImageIsGrayOrColoured() throws {
    let heatmap = try Heatmap(width: 2, height: 1, values: [0.5, 1])
    #expect(try heatmapImage(heatmap).pixels == [127, 255])
    #expect(try heatmapImage(heatmap, colormap: .viridis).pixels == [32, 144, 140, 253, 231, 36])
}

@Test func aSignedHeatmapIsOpaqueByMagnitudeAroundItsMiddle() throws {
    // Values 0, 0.25, 0.5, 1 stand for −1, −0.5, 0, 1: alpha |2h − 1| (capped at 0.65), colours from coolwarm.
    let heatmap = try Heatmap(width: 4, height: 1, values: [0, 0.25, 0.5, 1])
    let colored = try colorizedHeatmap(heatmap, colormap: .coolwarm, signed: true)
    #expect((0..<4).map { colored.pixels[4 * $0 + 3] } == [165, 127, 0, 165])
    #expect(Array(colored.pixels[0..<3]) == Colormap.coolwarm.color8(0))
    #expect(Array(colored.pixels[12..<15]) == Colormap.coolwarm.color8(1))
    // Unsigned, the same values are opaque by value, as eli5's.
    #expect((0..<4).map { try! colorizedHeatmap(heatmap).pixels[4 * $0 + 3] } == [0, 63, 127, 165])
}
