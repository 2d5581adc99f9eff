import Testing
import CamLabCore
@testable import CamLabData

@Test func decodesEveryElementTypeFromHandWrittenBytes() throws {
    // Each file: magic 00 00 TT 01, extent 2, then two big-endian elements written out by hand.
    let cases: [([UInt8], [Float])] = [
        ([0, 0, 0x08, 1, 0, 0, 0, 2, 0, 255], [0, 255]),
        ([0, 0, 0x09, 1, 0, 0, 0, 2, 0x80, 0x7F], [-128, 127]),
        ([0, 0, 0x0B, 1, 0, 0, 0, 2, 0xFF, 0xFE, 0x01, 0x00], [-2, 256]),
        ([0, 0, 0x0C, 1, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00], [-1, 65536]),
        ([0, 0, 0x0D, 1, 0, 0, 0, 2, 0x3F, 0xC0, 0, 0, 0xC1, 0x20, 0, 0], [1.5, -10]),
        ([0, 0, 0x0E, 1, 0, 0, 0, 2, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18],
         [1.5, Float(Double.pi)]),
    ]
    for (file, expected) in cases {
        let tensor = try IDX.decode(file)
        #expect(tensor.shape == [2])
        #expect(tensor.scalars == expected)
    }
}

@Test func decodesShapeInRowMajorOrder() throws {
    let file: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3] + (1...6).map { UInt8($0) }
    let tensor = try IDX.decode(file)
    #expect(tensor.shape == [2, 1, 3])
    #expect(tensor.scalars == [1, 2, 3, 4, 5, 6])
}

@Test func writerRoundTripsAndMatchesTheLayout() throws {
    let pixels = Tensor(shape: [2, 2], scalars: [0, 17, 200, 255])
    let encoded = try IDX.encode(pixels, as: .uint8)
    #expect(encoded == [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 17, 200, 255])
    let values = Tensor(shape: [3], scalars: [-1.25, 0, 3e7])
    let dir = try makeTemporaryDirectory()
    try IDX.write(values, to: dir + "/v.idx")
    #expect(try IDX.read(dir + "/v.idx") == values)
    #expect(try IDX.decode(IDX.encode(pixels, as: .uint8)) == pixels)
    try FileIO.writeAtomically(Gzip.deflate(encoded), to: dir + "/p.idx.gz")
    #expect(try IDX.read(dir + "/p.idx.gz") == pixels)
}

@Test func writerRefusesValuesThatDoNotFitUInt8() {
    let message = errorMessage { _ = try IDX.encode(Tensor([1, 2.5]), as: .uint8) }
    #expect(message == "cannot write IDX as uint8: element 1 is 2.5, not a whole number in 0...255; write as "
            + "float32 instead")
}

@Test func errorsSayWhatIsWrong() {
    #expect(errorMessage { _ = try IDX.decode([0x1F, 0x8B, 8, 0, 1], source: "'f'") }
            == "'f' is not an IDX file: bad magic 1f 8b 08 00, expected 00 00 followed by a type byte and a "
            + "dimension count")
    #expect(errorMessage { _ = try IDX.decode([0, 0, 0x0A, 1, 0, 0, 0, 0], source: "'f'") }
            == "'f': unsupported IDX element type 0x0a (magic 00 00 0a 01); supported: 08 u8, 09 i8, 0b i16, "
            + "0c i32, 0d f32, 0e f64")
    #expect(errorMessage { _ = try IDX.decode([0, 0], source: "'f'") }
            == "'f' is too short to be an IDX file: 2 bytes, the magic alone needs 4")
    #expect(errorMessage { _ = try IDX.decode([0, 0, 8, 3, 0, 0, 0, 2], source: "'f'") }
            == "'f' is truncated: its IDX header declares 3 dimensions (16 header bytes), but the file has only "
            + "8 bytes")
    #expect(errorMessage { _ = try IDX.decode([0, 0, 0x0C, 1, 0, 0, 0, 2, 1, 2, 3, 4, 5], source: "'f'") }
            == "'f' is truncated: IDX shape (2,) of int32 needs 8 bytes of data, found 5")
    #expect(errorMessage { _ = try IDX.decode([0, 0, 8, 1, 0, 0, 0, 1, 9, 9, 9], source: "'f'") }
            == "'f' has 2 bytes of trailing garbage after the 1 bytes of data its shape (1,) declares")
    // Extents whose product overflows must be an error, not a crash.
    let huge: [UInt8] = [0, 0, 0x0E, 4] + [UInt8](repeating: 0xFF, count: 16)
    #expect(errorMessage { _ = try IDX.decode(huge, source: "'f'") }
            == "'f': IDX shape (4294967295, 4294967295, 4294967295, 4294967295) is too large to hold in memory")
}

@Test func firstItemsKeepsOnlyThePrefix() throws {
    let file: [UInt8] = [0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6]
    let tensor = try IDX.decode(file, firstItems: 2)
    #expect(tensor.shape == [2, 2])
    #expect(tensor.scalars == [1, 2, 3, 4])
}
