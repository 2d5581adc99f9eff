#if canImport(Glibc)
import Glibc
#endif

/// A small, fast, seedable generator (xoshiro256**, Blackman & Vigna 2018) so that a whole CamLab run —
/// initial weights, shuffling, dropout — is reproduced exactly from one seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        // SplitMix64 spreads any seed, even 0, over the four words of state.
        var x = seed
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 24 random bits, the resolution of a Float.
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * nextUnitFloat() }

    /// A standard normal sample (Box–Muller).
    public mutating func normal() -> Float {
        let u1 = Swift.max(nextUnitFloat(), 0x1p-24)
        let u2 = nextUnitFloat()
        return (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
    }
}

extension Tensor {
    /// Uniform samples in [low, high).
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                               using generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in generator.uniform(low, high) })
    }

    /// Normal samples with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                              using generator: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in mean + std * generator.normal() })
    }
}
