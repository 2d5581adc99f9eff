extension Double {
    /// The number with exactly `decimals` digits after the point, as Python's `format(x, f".{decimals}f")` and
    /// NumPy write it, so CamLab's tables and progress lines match scikit-learn's and Keras' digit for digit: the
    /// exact binary value rounded half to even (0.125 is "0.12", 0.375 is "0.38"), "nan", "inf" and "-inf" as
    /// Python spells them. Handles |x| < 2^70 and 0 to 17 decimals; other values fall back to the shortest form.
    public func fixed(decimals digits: Int) -> String {
        let x = self
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        let magnitude = abs(x)
        guard (0...17).contains(digits), magnitude < 0x1p70 else { return "\(x)" }
        var quotient: UInt128 = 0
        if magnitude > 0 {
            // magnitude = mantissa × 2^exponent exactly.
            let mantissa = UInt128(magnitude.significandBitPattern) | (magnitude.isNormal ? 1 << 52 : 0)
            let exponent = magnitude.isNormal ? Int(magnitude.exponent) - 52 : -1074
            var power: UInt128 = 1
            for _ in 0..<digits { power *= 10 }
            let scaled = mantissa * power  // below 2^110
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
}

extension String {
    /// "(text)": a shape or a list in a message.
    public var parenthesized: String { "(" + self + ")" }
}
