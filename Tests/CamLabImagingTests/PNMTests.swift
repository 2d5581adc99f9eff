import CamLabCore
import Foundation
import Testing
@testable import CamLabImaging

@Test func ppmAndPgmAreWrittenAsNetpbmSpecifies() throws {
    let image = rgbPattern(3, 2)
    let ppm = try PNM.encodePPM(image)
    #expect(Array(ppm.prefix(11)) == Array("P6\n3 2\n255\n".utf8))
    #expect(Array(ppm.dropFirst(11)) == image.pixels)

    // Luma by hand for the first pixel (7, 60, 113): (7·19595 + 60·38470 + 113·7471 + 32768) >> 16 = 50.
    let pgm = try PNM.encodePGM(image)
    #expect(Array(pgm.prefix(11)) == Array("P5\n3 2\n255\n".utf8))
    #expect(pgm[11] == 50)
    #expect(pgm.count == 11 + 6)
}

@Test func fileFormatFollowsTheExtension() throws {
    for (name, channels) in [("a.ppm", 3), ("b.PGM", 1), ("c.png", 4)] {
        let path = temporaryPath(name)
        defer { unlink(path) }
        let image = rgbaPattern(4, 3)
        try image.write(to: path)
        let back = try Image.read(from: path)
        #expect(back.channels == channels)
        #expect(back == (try image.converted(toChannels: channels)))
    }
    #expect(throws: Problem("cannot tell the image format of 'photo.tiff': unknown extension '.tiff'; use one of "
                               + ".png, .jpg, .jpeg, .ppm, .pgm")) { try rgbPattern(2, 2).write(to: "photo.tiff") }
    #expect(throws: Problem("cannot tell the image format of 'noext': unknown extension (none); use one of "
                               + ".png, .jpg, .jpeg, .ppm, .pgm")) { try Image.read(from: "noext") }
}

@Test func writesAreAtomicAndLeaveNoTemporaryFiles() throws {
    let folder = temporaryPath("atomic")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try grayPattern(5, 5).write(to: folder + "/x.png")
    try grayPattern(6, 6).write(to: folder + "/x.png")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["x.png"])
    #expect(try Image.read(from: folder + "/x.png") == grayPattern(6, 6))
}

@Test func truncatedNetpbmFilesAreReported() throws {
    let bytes = Array("P6\n4 4\n255\n".utf8) + [UInt8](repeating: 9, count: 10)
    #expect(throws: Problem("cannot read x.ppm: truncated, 48 bytes of pixels expected after the header but "
                               + "10 present")) { try PNM.decode(bytes, source: "x.ppm") }
    #expect(throws: Problem("cannot read x.ppm: not a binary PPM (P6) or PGM (P5) file")) {
        try PNM.decode(Array("P3\n1 1\n255\n0 0 0".utf8), source: "x.ppm")
    }
}
