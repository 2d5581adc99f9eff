import Testing
import CamLabCore
import CamLabModelFiles

/// A damaged file is an error, never a crash: every truncation of a fixture, and random byte flips.
@Suite struct ONNXDamageTests {
    @Test func everyTruncationIsAnError() throws {
        let bytes = try ONNXFixture.bytes("plain_cnn")
        var loaded: [Int] = []
        for length in 0..<bytes.count {
            if (try? ONNXModel.decode(Array(bytes[..<length]))) != nil { loaded.append(length) }
        }
        #expect(loaded.isEmpty, "truncations that loaded: \(loaded.prefix(10))")
        #expect(try ONNXModel.decode(bytes).layers.count == 7)
    }

    @Test func randomByteFlipsNeverCrash() throws {
        let original = try ONNXFixture.bytes("resnet_bn")
        var generator = SeededGenerator(seed: 18)
        var outcomes = (loaded: 0, refused: 0)
        for _ in 0..<500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if (try? ONNXModel.decode(bytes)) != nil { outcomes.loaded += 1 } else { outcomes.refused += 1 }
        }
        print("resnet_bn with random byte flips: \(outcomes.loaded) loaded (weights or names changed), "
              + "\(outcomes.refused) refused")
        #expect(outcomes.refused > 0)
    }
}
