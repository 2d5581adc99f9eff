#if canImport(Glibc)
import Glibc
#endif

/// Axis ticks at "nice" values (1, 2, 5 times a power of ten) covering a data range.
///
/// Paul Heckbert, "Nice Numbers for Graph Labels", Graphics Gems (1990): round the range to a nice number, divide it
/// into about `maxTicks` steps, round the step to a nice number, then widen the range to whole steps.
public struct NiceScale: Equatable, Sendable {
    /// The axis start, a multiple of `step`, at or below the smallest value.
    public let lower: Double
    /// The axis end, a multiple of `step`, at or above the largest value.
    public let upper: Double
    /// The distance between neighbouring ticks.
    public let step: Double

    /// Ticks covering `minimum...maximum` with at most about `maxTicks` intervals. A degenerate range (one value, or
    /// non-finite values) is widened around the value so the axis still has ticks. `integral` keeps the step a
    /// whole number, for counts and epochs.
    public init(minimum: Double, maximum: Double, maxTicks: Int = 5, integral: Bool = false) {
        var low = minimum.isFinite ? minimum : 0
        var high = maximum.isFinite ? maximum : 1
        if low > high { swap(&low, &high) }
        if high - low < 1e-12 * max(1, abs(low)) {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let range = NiceScale.niceNumber(high - low, round: false)
        var step = NiceScale.niceNumber(range / Double(max(1, maxTicks)), round: true)
        if integral { step = max(1, step) }
        self.step = step
        self.lower = NiceScale.clean((low / step).rounded(.down) * step)
        self.upper = NiceScale.clean((high / step).rounded(.up) * step)
    }

    /// The tick values from `lower` to `upper`, computed from integer multiples so they carry no drift.
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        let first = (lower / step).rounded()
        return (0...count).map { NiceScale.clean((first + Double($0)) * step) }
    }

    /// Digits after the decimal point that show every tick exactly: 0 for step 5, 1 for step 0.2, 2 for 0.05.
    public var fractionDigits: Int { max(0, -Int(log10(step).rounded(.down))) }

    /// A tick value as its label, with `fractionDigits` digits ("0.25", "1000", "-0.5").
    public func label(_ value: Double) -> String { formatNumber(value, fractionDigits: fractionDigits) }

    /// A nice number near `x`: 1, 2, 5 or 10 times a power of ten. Rounded to the nearest when `round`, else the
    /// smallest nice number at or above `x`.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = log10(x).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// Removes binary noise such as 0.30000000000000004 by rounding to 12 significant digits.
    private static func clean(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        let scale = pow(10, 11 - log10(abs(x)).rounded(.down))
        return (x * scale).rounded() / scale
    }
}

/// `value` with exactly `fractionDigits` digits after the point, without locale and without "-0".
public func formatNumber(_ value: Double, fractionDigits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    let digits = min(max(0, fractionDigits), 12)
    let scale = pow(10, Double(digits))
    let scaled = (abs(value) * scale).rounded()
    let negative = value < 0 && scaled != 0
    guard scaled < 9e15 else { return String(value) }
    var text = String(Int64(scaled))
    if digits > 0 {
        if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    }
    return negative ? "-" + text : text
}
