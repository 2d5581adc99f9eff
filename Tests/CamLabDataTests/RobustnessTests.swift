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
