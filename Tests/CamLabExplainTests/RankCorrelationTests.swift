import Testing
@testable import CamLabExplain

@Test func spearmanWithTiesMatchesTheHandComputation() {
    // a = 1, 2, 2, 3 ranks 1, 2.5, 2.5, 4 (the tied pair shares ranks 2 and 3); b = 1, 3, 2, 2 ranks 1, 4, 2.5, 2.5.
    // Both rank lists have mean 2.5; deviations (−1.5, 0, 0, 1.5) and (−1.5, 1.5, 0, 0): the cross sum is 2.25,
    // each sum of squares 4.5, so rho = 2.25 / 4.5 = 0.5.
    #expect(averageRanks([1, 2, 2, 3]) == [1, 2.5, 2.5, 4])
    #expect(averageRanks([1, 3, 2, 2]) == [1, 4, 2.5, 2.5])
    #expect(abs(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 2]) - 0.5) < 1e-12)
    // Three-way tie: 0, 0, 0, 5 ranks 2, 2, 2, 4.
    #expect(averageRanks([0, 5, 0, 0]) == [2, 4, 2, 2])
}

@Test func spearmanSeesOnlyOrder() {
    #expect(spearmanCorrelation([1, 2, 3, 4], [10, 20, 300, 4000]) == 1)
    #expect(spearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
    // A flat map has no order to compare.
    #expect(spearmanCorrelation([1, 1, 1], [1, 2, 3]).isNaN)
    #expect(spearmanCorrelation([1, 2], [1, 2, 3]).isNaN)
}
