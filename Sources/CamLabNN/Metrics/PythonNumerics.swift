/// Python's and NumPy's arithmetic habits, reproduced so that CamLab's classification report matches
/// scikit-learn's text digit for digit, not merely to within rounding.
enum PythonNumerics {
    /// `format(x, f".{digits}f")`: the exact binary value of `x` rounded half-to-even, as Python does
    /// (so 0.125 prints as "0.12" and 0.375 as "0.38"). Handles |x| < 2^70 and digits 0...15, far beyond what
    /// metrics need; other values fall back to Swift's shortest representation.
    static func fixed(_ x: Double, digits: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        let magnitude = abs(x)
        guard (0...15).contains(digits), magnitude < 0x1p70 else { return "\(x)" }
        var quotient: UInt128 = 0
        if magnitude > 0 {
            // magnitude = mantissa × 2^exponent exactly.
            let mantissa = UInt128(magnitude.significandBitPattern) | (magnitude.isNormal ? 1 << 52 : 0)
            let exponent = magnitude.isNormal ? Int(magnitude.exponent) - 52 : -1074
            var power: UInt128 = 1
            for _ in 0..<digits { power *= 10 }
            let scaled = mantissa * power  // below 2^103
            if exponent >= 0 {
                quotient = scaled << exponent
            } else if -exponent < 110 {
                let shift = -exponent
                quotient = scaled >> shift
                let remainder = scaled & ((1 << shift) - 1)
                let half: UInt128 = 1 << (shift - 1)
                if remainder > half || (remainder == half && quotient & 1 == 1) { quotient += 1 }
            }
        }
        var text = String(quotient)
        if text.count <= digits { text = String(repeating: "0", count: digits + 1 - text.count) + text }
        guard digits > 0 else { return sign + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        return sign + text
    }

    /// `numpy.sum` of a float64 array: pairwise summation with eight accumulators, exactly as NumPy orders it
    /// (blocks of at most 128 elements, split at multiples of 8), so averages round the same way.
    static func numpySum(_ values: ArraySlice<Double>) -> Double {
        let n = values.count
        let start = values.startIndex
        if n < 8 {
            var sum = 0.0
            for value in values { sum += value }
            return sum
        }
        if n <= 128 {
            var r = Array(values[start..<start + 8])
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += values[start + i + j] }
                i += 8
            }
            var sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                sum += values[start + i]
                i += 1
            }
            return sum
        }
        var half = n / 2
        half -= half % 8
        return numpySum(values[start..<start + half]) + numpySum(values[(start + half)...])
    }

    /// Python's `format(text, f">{width}")`: right-aligned, never truncated.
    static func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
