import Testing
@testable import CamLabImaging

// Test inputs, built by the same formulas as Scripts/imaging-references.py (which produced the expected bytes).
func grayPattern(_ width: Int, _ height: Int) -> Image {
    try! Image(width: width, height: height, channels: 1,
               pixels: (0..<width * height).map { UInt8(($0 * 37 + 11) % 256) })
}

func rgbPattern(_ width: Int, _ height: Int) -> Image {
    try! Image(width: width, height: height, channels: 3,
               pixels: (0..<width * height * 3).map { UInt8(($0 * 53 + 7) % 256) })
}

func rgbaPattern(_ width: Int, _ height: Int) -> Image {
    var pixels = (0..<width * height * 4).map { UInt8(($0 * 53 + 7) % 256) }
    for p in 0..<width * height { pixels[4 * p + 3] = p % 5 == 0 ? 0 : UInt8((p * 97 + 3) % 256) }
    return try! Image(width: width, height: height, channels: 4, pixels: pixels)
}

func pattern(_ kind: String, _ width: Int, _ height: Int) -> Image {
    switch kind {
    case "gray": grayPattern(width, height)
    case "rgb": rgbPattern(width, height)
    default: rgbaPattern(width, height)
    }
}
