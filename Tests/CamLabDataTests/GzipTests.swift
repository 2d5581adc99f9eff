import Testing
import CamLabCore
@testable import CamLabData

// Produced at dev time by Python: list(gzip.compress(b'CamLab reads gzip\n', mtime=0)).
let pythonGzip: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 115, 78, 204, 245, 73, 76, 82, 40, 74, 77, 76, 41, 86,
                           72, 175, 202, 44, 224, 2, 0, 53, 98, 115, 232, 18, 0, 0, 0]
// Produced at dev time by Python: list(zlib.compress(b'and zlib too')).
let pythonZlib: [UInt8] = [120, 156, 75, 204, 75, 81, 168, 202, 201, 76, 82, 40, 201, 207, 7, 0, 28, 167, 4, 119]

@Test func inflatesGzipWrittenByPython() throws {
    #expect(try Gzip.inflate(pythonGzip) == bytes("CamLab reads gzip\n"))
}

@Test func detectsZlibHeaderToo() throws {
    #expect(try Gzip.inflate(pythonZlib) == bytes("and zlib too"))
}

@Test func roundTripsLargeDataThroughTheGrowingBuffer() throws {
    var generator = SeededGenerator(seed: 7)
    // Random bytes barely compress, and zeros compress 1000-fold: both stress the output buffer.
    let data = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        + [UInt8](repeating: 0, count: 2_000_000)
    let compressed = try Gzip.deflate(data)
    #expect(Gzip.isCompressed(compressed))
    #expect(compressed.count < data.count / 2)
    #expect(try Gzip.inflate(compressed) == data)
}

@Test func prefixStopsEarly() throws {
    let data = (0..<500_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 3) }
    let compressed = try Gzip.deflate(data)
    #expect(try Gzip.inflate(compressed, prefix: 1000) == Array(data.prefix(1000)))
    #expect(try Gzip.inflate(compressed, prefix: 0) == [])
    #expect(try Gzip.inflate(compressed, prefix: 10_000_000) == data)
    // The damage lies beyond the prefix, so the prefix still inflates; the whole stream does not.
    let cut = Array(compressed.prefix(compressed.count / 2))
    #expect(try Gzip.inflate(cut, prefix: 1000) == Array(data.prefix(1000)))
    #expect(throws: Problem.self) { try Gzip.inflate(cut) }
}

@Test func inflatesConcatenatedMembers() throws {
    #expect(try Gzip.inflate(pythonGzip + Gzip.deflate(bytes("second"))) == bytes("CamLab reads gzip\nsecond"))
}

@Test func reportsTruncatedStream() {
    let message = errorMessage { _ = try Gzip.inflate(Array(pythonGzip.prefix(20)), source: "'x.gz'") }
    #expect(message == "'x.gz' is truncated: the compressed stream ends early after 20 bytes (9 bytes "
            + "decompressed); download or copy the file again")
}

@Test func reportsCorruptStream() throws {
    var corrupt = pythonGzip
    corrupt[30] ^= 0xFF  // inside the CRC-32 trailer
    let message = try #require(errorMessage { _ = try Gzip.inflate(corrupt, source: "'x.gz'") })
    #expect(message.hasPrefix("'x.gz' is not valid gzip/zlib data: incorrect data check"))
    let notGzip = errorMessage { _ = try Gzip.inflate(bytes("plain text"), source: "'y.gz'") }
    #expect(notGzip?.hasPrefix("'y.gz' is not valid gzip/zlib data: incorrect header check") == true)
    #expect(notGzip?.hasSuffix("starts with 70 6c 61 69)") == true)
}

@Test func reportsTrailingGarbage() {
    let message = errorMessage { _ = try Gzip.inflate(pythonGzip + bytes("junk"), source: "'z.gz'") }
    #expect(message == "'z.gz' has 4 unexpected bytes after its compressed stream (at offset 38: 6a 75 6e 6b)")
}

@Test func dataFileInflatesByNameOrMagic() throws {
    let dir = try makeTemporaryDirectory()
    try FileIO.writeAtomically(pythonGzip, to: dir + "/a.gz")
    try FileIO.writeAtomically(pythonGzip, to: dir + "/a-without-suffix")
    try FileIO.writeAtomically(bytes("plain"), to: dir + "/b")
    #expect(try DataFile.read(dir + "/a.gz") == bytes("CamLab reads gzip\n"))
    #expect(try DataFile.read(dir + "/a-without-suffix") == bytes("CamLab reads gzip\n"))
    #expect(try DataFile.read(dir + "/b") == bytes("plain"))
}
