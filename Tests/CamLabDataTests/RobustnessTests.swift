import Testing
import CamLabCore
@testable import CamLabData

/// Every prefix of a valid file and many randomly damaged copies must either decode or throw; a crash here takes
/// the whole test run down, which is the failure this guards against.
func survivesDamage(_ valid: [UInt8], mutations: Int = 400, seed: UInt64, _ decode: ([UInt8]) throws -> Void) {
    var outcomes = (decoded: 0, rejected: 0)
    func attempt(_ bytes: [UInt8]) {
        do { try decode(bytes); outcomes.decoded += 1 } catch { outcomes.rejected += 1 }
    }
    for length in 0..<valid.count { attempt(Array(valid.prefix(length))) }
    var generator = SeededGenerator(seed: seed)
    for _ in 0..<mutations {
        var damaged = valid
        for _ in 0..<(1 + Int(generator.next() % 3)) {
            let position = Int(generator.next() % UInt64(damaged.count))
            damaged[position] = UInt8(truncatingIfNeeded: generator.next())
        }
        attempt(damaged)
    }
    #expect(outcomes.rejected >= valid.count - 1, "every strict prefix is incomplete and must be rejected")
}

@Test func idxSurvivesDamage() throws {
    let valid = try IDX.encode(Tensor(shape: [3, 2, 2], scalars: (0..<12).map(Float.init)), as: .uint8)
    survivesDamage(valid, seed: 1) { _ = try IDX.decode($0) }
}

@Test func gzipSurvivesDamage() throws {
    let valid = try Gzip.deflate(Array("Fashion-MNIST, Fashion-MNIST, Fashion-MNIST".utf8))
    survivesDamage(valid, seed: 2) { _ = try Gzip.inflate($0) }
}

@Test func npySurvivesDamage() {
    let valid = hexBytes(NumPyFixtures.float32)
    survivesDamage(valid, seed: 3) { _ = try NPY.decode($0) }
}

@Test func safetensorsSurvivesDamage() {
    let valid = hexBytes(ReferenceSafetensors.float32)
    survivesDamage(valid, mutations: 2000, seed: 4) { _ = try Safetensors.decode($0) }
}

@Test func decompressionStopsAtTheLimit() throws {
    let bomb = try Gzip.deflate([UInt8](repeating: 0, count: 1 << 20))
    #expect(bomb.count < 2000)
    #expect(throws: Problem("data decompresses to more than the memory budget of 64 KiB; it is corrupt, or too "
                              + "large for CamLab")) { _ = try Gzip.inflate(bomb, limit: 64 << 10) }
    #expect(try Gzip.inflate(bomb, limit: 1 << 20).count == 1 << 20)
    #expect(try Gzip.inflate(bomb, prefix: 10, limit: 4).count == 10, "a prefix read is not an error")
}

@Test func declaredShapesAreCheckedAgainstTheBudgetBeforeDecoding() {
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000000, 0), }"
    let bytes = NPY.magic + [1, 0, UInt8(header.utf8.count + 1), 0] + Array((header + "\n").utf8)
    #expect(throws: Problem.self) { _ = try NPY.decode(bytes) }
    let idx: [UInt8] = [0, 0, 8, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
    #expect(throws: Problem.self) { _ = try IDX.decode(idx, budget: MemoryBudget(bytes: 1 << 20)) }
}

@Test func compressedFilesInflateNoFurtherThanTheirHeadersDeclare() throws {
    // A .npy claiming two floats, followed by a megabyte of zeros, all gzipped: only 8 data bytes and one more are
    // inflated, and the reader reports the trailing data instead of decompressing all of it.
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
    let padded = header + String(repeating: " ", count: 64 - (10 + header.utf8.count + 1) % 64) + "\n"
    let file = NPY.magic + [1, 0, UInt8(padded.utf8.count), 0] + Array(padded.utf8) + [UInt8](repeating: 0, count: 1 << 20)
    #expect(NPY.declaredLength(file) == 10 + padded.utf8.count + 8)
    let path = try makeTemporaryDirectory() + "/padded.npy"
    try FileIO.writeAtomically(try Gzip.deflate(file), to: path)
    #expect(throws: Problem("'\(path)': shape (2,) of '<f4' needs 8 bytes of data, found 9")) {
        _ = try NPY.read(path)
    }
}
