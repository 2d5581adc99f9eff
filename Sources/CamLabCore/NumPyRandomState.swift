/// NumPy's legacy `np.random.RandomState(seed)`: the Mersenne Twister MT19937 (Matsumoto and Nishimura 1998) seeded
/// as NumPy seeds it from an integer, and the two draws Keras' `image_dataset_from_directory` makes with it —
/// `shuffle` of a list and the bounded integers shuffle is built on. Implemented exactly (the same numbers as NumPy)
/// so a folder shuffled with a seed comes out in the order Keras gives for that seed.
public struct NumPyRandomState: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// `RandomState(seed)` for an integer seed (NumPy's `init_genrand`; seeds must fit in 32 bits, as there).
    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    /// The next 32-bit output (`genrand_int32`).
    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// A uniform integer in `0...max` by rejection under the smallest all-ones mask (NumPy's legacy
    /// `random_interval`; 32-bit draws while `max` fits in 32 bits, two draws per 64-bit value beyond).
    public mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        for shift in [1, 2, 4, 8, 16, 32] as [UInt64] { mask |= mask >> shift }
        while true {
            let value: UInt64
            if max <= 0xFFFF_FFFF {
                value = UInt64(nextUInt32()) & mask
            } else {
                let high = UInt64(nextUInt32()), low = UInt64(nextUInt32())
                value = (high << 32 | low) & mask
            }
            if value <= max { return value }
        }
    }

    /// `RandomState.shuffle(x)` for a list or a 1-D array: Fisher–Yates from the end, `j = interval(i)`.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = Int(interval(UInt64(i)))
            items.swapAt(i, j)
        }
    }
}
