import CamLabCore
import Testing
@testable import CamLabImaging

/// `Image.alpha_composite(dst, src)` by Pillow 13.0.0 at development time (Scripts/imaging-references.py), with
/// translucent destinations and sources, including fully transparent and fully opaque source pixels.
@Test func alphaCompositingMatchesPillow() throws {
    let destination = try Image(width: 6, height: 1, channels: 4, pixels: [7, 60, 113, 200, 219, 16, 69, 5, 175, 228, 25, 66, 131, 184, 237, 127, 87, 140, 193, 188, 43, 96, 149, 249])
    let source = try Image(width: 6, height: 1, channels: 4, pixels: [43, 96, 149, 0, 87, 140, 193, 135, 131, 184, 237, 38, 175, 228, 25, 197, 219, 16, 69, 100, 7, 60, 113, 0])
    let expected: [UInt8] = [7, 60, 113, 200, 89, 138, 191, 137, 157, 210, 111, 94, 169, 222, 52, 226, 149, 82, 135, 214, 43, 96, 149, 249]
    #expect(try destination.alphaComposited(with: source).pixels == expected)
}

@Test func compositingOverAnOpaqueImageIsTheUsualBlend() throws {
    // Opaque background 200, source 100 at alpha 128: 100·128/255 + 200·127/255 = 149.8 → 150.
    let background = try Image(width: 1, height: 1, color: [200, 200, 200, 255])
    let overlay = try Image(width: 1, height: 1, color: [100, 100, 100, 128])
    #expect(try background.alphaComposited(with: overlay).pixels == [150, 150, 150, 255])
}

@Test func compositingNeedsTwoRGBAImagesOfOneSize() throws {
    let rgba = rgbaPattern(2, 2)
    #expect(throws: Problem("alpha compositing needs two RGBA images, got 3 and 4 channels; convert with "
                               + "converted(toChannels: 4) first")) { try rgbPattern(2, 2).alphaComposited(with: rgba) }
    #expect(throws: Problem("alpha compositing needs images of the same size, got 2×2 and 3×2; "
                               + "resize the overlay first")) { try rgba.alphaComposited(with: rgbaPattern(3, 2)) }
}
