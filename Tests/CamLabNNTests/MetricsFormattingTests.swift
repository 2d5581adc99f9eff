import Testing
@testable import CamLabNN

@Test func fixedPointMatchesPython() {
    // (x, format(x, '.2f'), format(x, '.4f')), printed by Python 3.11 at dev time.
    let cases: [(Double, String, String)] = [
        (0.125, "0.12", "0.1250"), (0.375, "0.38", "0.3750"), (0.005, "0.01", "0.0050"), (0.015, "0.01", "0.0150"),
        (0.025, "0.03", "0.0250"), (1.0 / 3, "0.33", "0.3333"), (2.0 / 3, "0.67", "0.6667"), (0.995, "0.99", "0.9950"),
        (0.9950000000000001, "1.00", "0.9950"), (1, "1.00", "1.0000"), (0, "0.00", "0.0000"),
        (123.456, "123.46", "123.4560"), (1e-9, "0.00", "0.0000"), (0.285, "0.28", "0.2850"),
        (0.8125, "0.81", "0.8125"), (.leastNonzeroMagnitude, "0.00", "0.0000"),
    ]
    for (x, two, four) in cases {
        #expect(x.fixed(decimals: 2) == two, "\(x)")
        #expect(x.fixed(decimals: 4) == four, "\(x)")
    }
    #expect((-0.5).fixed(decimals: 0) == "-0")  // Python: format(-0.5, '.0f') == '-0'
    #expect((2.5).fixed(decimals: 0) == "2")
    #expect(Double.nan.fixed(decimals: 2) == "nan")
}

@Test func sumFollowsNumPysPairwiseOrder() {
    // float(np.sum(np.array(values))) printed by NumPy 2.4 at dev time; a plain left-to-right sum gives 7.0 for
    // the first (1s added to 1e16 are lost) and 2010.0000000000002 for the second.
    let cancelling: [Double] = [1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1, 1, 1, 1, 1, 1, 1]
    #expect(PythonNumerics.numpySum(cancelling[...]) == 14.0)
    let tenths = (1...200).map { Double($0) * 0.1 }
    #expect(PythonNumerics.numpySum(tenths[...]) == 2010.0)
}
