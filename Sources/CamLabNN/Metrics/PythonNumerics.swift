/// Python's and NumPy's arithmetic habits, reproduced so that CamLab's classification report matches
/// scikit-learn's text digit for digit, not merely to within rounding.
enum PythonNumerics {
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
