import Testing
@testable import CamLabPlot

// Expected values worked by hand from Heckbert's rules: the range is rounded up to a nice number, divided by the
// tick count, the step rounded to the nearest nice number, and the ends widened to multiples of the step.

@Test func niceNumbersRoundToOneTwoFiveTimesAPowerOfTen() {
    #expect(NiceScale.niceNumber(0.62, round: false) == 1)
    #expect(NiceScale.niceNumber(97, round: false) == 100)
    #expect(NiceScale.niceNumber(1.9, round: false) == 2)
    #expect(NiceScale.niceNumber(0.4, round: true) == 0.5)
    #expect(NiceScale.niceNumber(0.124, round: true) == 0.1)
    #expect(NiceScale.niceNumber(25, round: true) == 20)
}

@Test func accuracyRangeGetsTenthsFromPointTwoToOne() {
    let scale = NiceScale(minimum: 0.3, maximum: 0.92, maxTicks: 5)
    #expect(scale.step == 0.2)
    #expect(scale.ticks == [0.2, 0.4, 0.6, 0.8, 1.0])
    #expect(scale.ticks.map(scale.label) == ["0.2", "0.4", "0.6", "0.8", "1.0"])
}

@Test func countRangeGetsWholeSteps() {
    let scale = NiceScale(minimum: 0, maximum: 97, maxTicks: 5)
    #expect(scale.ticks == [0, 20, 40, 60, 80, 100])
    #expect(scale.label(40) == "40")
}

@Test func singleValueIsWidenedAroundIt() {
    let scale = NiceScale(minimum: 5, maximum: 5, maxTicks: 5)
    #expect(scale.lower == 4.4)
    #expect(scale.upper == 5.6)
    #expect(scale.ticks.count == 7)
}

@Test func integralScaleNeverStepsBelowOne() {
    let scale = NiceScale(minimum: 1, maximum: 3, maxTicks: 6, integral: true)
    #expect(scale.step == 1)
    #expect(scale.ticks == [1, 2, 3])
}

@Test func numbersFormatWithoutLocaleOrNegativeZero() {
    #expect(formatNumber(-0.0001, fractionDigits: 2) == "0.00")
    #expect(formatNumber(0.05, fractionDigits: 2) == "0.05")
    #expect(formatNumber(-2.5, fractionDigits: 1) == "-2.5")
    #expect(formatNumber(1234.5, fractionDigits: 0) == "1235")
    #expect(formatNumber(.nan, fractionDigits: 2) == "nan")
}
