import Testing
@testable import CamLabExplain

/// Values printed by Scripts/fixtures/judging_references.py with SciPy 1.17.

@Test func riseBlurKernelIsSciPysGaussianFilterOfAnImpulse() {
    // gaussian_filter(impulse 11×11, 5): separable, so its row sums are the 1-D factor.
    let scipy = [0.087958145777, 0.088896119777, 0.090474196549, 0.092191117819, 0.093489388443, 0.093982063268,
                 0.093489388443, 0.092191117819, 0.090474196549, 0.088896119777, 0.087958145777]
    let factor = riseKernel(size: 11, sigma: 5)
    #expect(factor.count == 11)
    for (ours, theirs) in zip(factor, scipy) { #expect(abs(ours - theirs) < 1e-11) }
    #expect(abs(factor.reduce(0, +) - 1) < 1e-12)
    // The 2-D kernel's corner and centre.
    #expect(abs(factor[0] * factor[0] - 0.007736635409) < 1e-11)
    #expect(abs(factor[5] * factor[5] - 0.008832628216) < 1e-11)
}

@Test func spearmanAgreesWithSciPyOnMapsWithManyTies() {
    let a: [Float] = [0.2, 0.5, 0.5, 0.9, 0.1, 0.5, 0.0, 0.0]
    let b: [Float] = [0.1, 0.4, 0.6, 0.6, 0.0, 0.3, 0.2, 0.0]
    #expect(abs(spearmanCorrelation(a, b) - 0.838654923606) < 1e-9)
}
