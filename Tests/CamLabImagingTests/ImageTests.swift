import CamLabCore
import Testing
@testable import CamLabImaging

@Test func imagesCheckTheirSizes() throws {
    #expect(throws: Problem("a 2×2 image with 3 channel(s) needs 12 bytes, got 11")) {
        try Image(width: 2, height: 2, channels: 3, pixels: [UInt8](repeating: 0, count: 11))
    }
    #expect(throws: Problem("an image has 1 (gray), 3 (RGB) or 4 (RGBA) channels, got 2")) {
        try Image(width: 1, height: 1, channels: 2, pixels: [0, 0])
    }
    #expect(throws: Problem("an image needs a positive size, got 0×3")) {
        try Image(width: 0, height: 3, channels: 1, pixels: [])
    }
}

@Test func conversionsFollowPillow() throws {
    let gray = try Image(width: 2, height: 1, channels: 1, pixels: [7, 200])
    #expect(try gray.converted(toChannels: 4).pixels == [7, 7, 7, 255, 200, 200, 200, 255])
    // Luma of (255, 0, 0) = (255·19595 + 32768) >> 16 = 76; of (0, 0, 255) = (255·7471 + 32768) >> 16 = 29.
    let rgb = try Image(width: 2, height: 1, channels: 3, pixels: [255, 0, 0, 0, 0, 255])
    #expect(try rgb.converted(toChannels: 1).pixels == [76, 29])
    let rgba = try Image(width: 1, height: 1, channels: 4, pixels: [1, 2, 3, 4])
    #expect(try rgba.converted(toChannels: 3).pixels == [1, 2, 3])
}

@Test func tensorsAreRescaledLikeKerasArrayToImg() throws {
    // (x - min) / (max - min) * 255, truncated: [-1, 0, 1, 3] → [0, 63.75, 127.5, 255] → [0, 63, 127, 255].
    let tensor = Tensor(shape: [1, 2, 2, 1], scalars: [-1, 0, 1, 3])
    let image = try Image(rescaling: tensor)
    #expect(image.width == 2 && image.height == 2 && image.channels == 1)
    #expect(image.pixels == [0, 63, 127, 255])
    // A constant image stays at zero (no division by zero).
    #expect(try Image(rescaling: Tensor(repeating: 5, shape: [2, 2])).pixels == [0, 0, 0, 0])
    #expect(throws: Problem("an image tensor has shape (height, width, channels) with 1, 3 or 4 channels, or "
                               + "a batch of one such image; got (2, 2, 2)")) {
        try Image(rescaling: Tensor.zeros([2, 2, 2]))
    }
    let back = image.tensor()
    #expect(back.shape == [2, 2, 1])
    #expect(back.scalars == [0, 63, 127, 255].map { Float($0) / 255 })
}
