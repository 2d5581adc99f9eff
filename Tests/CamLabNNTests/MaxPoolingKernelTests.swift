import Testing
import CamLabCore
@testable import CamLabNN

/// Max pooling's kernel takes channel counts that are multiples of 16 sixteen at a time; here its maxima and winners
/// are checked against a plain scan of each window, ties, nan and padding included.
@Suite struct MaxPoolingKernelTests {
    /// The first maximum of each window in scan order (a nan is never greater, so a leading nan stays) and its flat
    /// index in the batch.
    static func plainMaxPool(_ x: Tensor, _ pool: MaxPooling2D) -> (output: [Float], winners: [Int32]) {
        let g = pool.built
        let (batch, c) = (x.shape[0], g.channels)
        var output: [Float] = [], winners: [Int32] = []
        for n in 0..<batch {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let (ys, xs) = g.window(oy, ox)
                    for k in 0..<c {
                        var best = Float.nan, winner = -1
                        for y in ys {
                            for xx in xs {
                                let at = ((n * g.inputHeight + y) * g.inputWidth + xx) * c + k
                                if winner < 0 || x.scalars[at] > best { (best, winner) = (x.scalars[at], at) }
                            }
                        }
                        output.append(best)
                        winners.append(Int32(winner))
                    }
                }
            }
        }
        return (output, winners)
    }

    @Test(arguments: [16, 32, 48])
    func sixteenChannelsAtATimeEqualAPlainScan(channels: Int) throws {
        var generator = SeededGenerator(seed: UInt64(channels))
        // Few distinct values, so that windows tie, and a few nans.
        var values = (0..<(2 * 7 * 9 * channels)).map { _ in Float(Int.random(in: -3...3, using: &generator)) }
        for at in stride(from: 5, to: values.count, by: 97) { values[at] = .nan }
        let input = Tensor(shape: [2, 7, 9, channels], scalars: values)
        let pools = [try MaxPooling2D(), try MaxPooling2D(poolSize: (3, 3), strides: (2, 2), padding: .same),
                     try MaxPooling2D(poolSize: (3, 2), strides: (1, 2),
                                      explicitPadding: ExplicitPadding(top: 1, bottom: 0, left: 1, right: 1))]
        for pool in pools {
            _ = try pool.build(inputShapes: [[7, 9, channels]], generator: &generator)
            let expected = Self.plainMaxPool(input, pool)
            var call = LayerCall(training: true, applyActivation: true, random: RandomStream(seed: 0))
            let kept = pool.forward([input], call)
            let winners = try #require(kept.memo as? MaxPooling2D.Winners)
            #expect(winners.indices == expected.winners)
            // Bit patterns, so that the nans compare too.
            #expect(kept.output.scalars.map(\.bitPattern) == expected.output.map(\.bitPattern))
            call.keepsMemo = false
            #expect(pool.forward([input], call).output.scalars.map(\.bitPattern) == expected.output.map(\.bitPattern))
        }
    }
}
