import CamLabCore
import Testing
@testable import CamLabExplain

/// Imputes without noise, so the result is the linear system's exact solution.
private func impute(_ image: [Float], height: Int, width: Int, channels: Int = 1, removed: [Int],
                    noise: Float = 0, seed: UInt64 = 0) -> [Float] {
    var kept = [Bool](repeating: true, count: height * width)
    for p in removed { kept[p] = false }
    var generator = SeededGenerator(seed: seed)
    return noisyLinearImputation(image, height: height, width: width, channels: channels, kept: kept, noise: noise,
                                 generator: &generator)
}

@Test func oneRemovedPixelBecomesTheWeightedMeanOfItsNeighbours() {
    // 3×3, centre removed: beside it 1, 2, 3, 4 (weight 1/6 each), diagonal 5, 6, 7, 8 (1/12 each).
    let image: [Float] = [5, 1, 6,
                          2, 99, 3,
                          7, 4, 8]
    let centre = impute(image, height: 3, width: 3, removed: [4])[4]
    #expect(abs(centre - (10.0 / 6 + 26.0 / 12)) < 1e-5)
    // A corner has three neighbours in the image: right (1/6), below (1/6), diagonal (1/12); the weights of the
    // missing ones are left out, so the mean divides by 5/12.
    let corner: [Float] = [99, 1, 0,
                           2, 3, 0,
                           0, 0, 0]
    #expect(abs(impute(corner, height: 3, width: 3, removed: [0])[0] - (1.0 / 6 + 2.0 / 6 + 3.0 / 12) / (5.0 / 12)) < 1e-5)
}

@Test func everyImputedPixelIsTheWeightedMeanOfAllItsNeighbours() {
    // The defining property, checked on the solution: each removed pixel equals the weighted mean of its
    // in-image neighbours, removed ones included. It pins the solution down (the system has one).
    var generator = SeededGenerator(seed: 7)
    let (height, width, channels) = (9, 7, 2)
    let image = (0..<height * width * channels).map { _ in generator.uniform(-1, 1) }
    let removed = (0..<height * width).filter { _ in generator.nextUnitFloat() < 0.6 }
    let out = impute(image, height: height, width: width, channels: channels, removed: removed)
    for p in 0..<height * width where !removed.contains(p) {
        for c in 0..<channels { #expect(out[p * channels + c] == image[p * channels + c]) }
    }
    var worst: Float = 0
    for p in removed {
        let (y, x) = (p / width, p % width)
        for c in 0..<channels {
            var sum = 0.0, weights = 0.0
            for (dy, dx, w) in imputationNeighbours
            where (0..<height).contains(y + dy) && (0..<width).contains(x + dx) {
                sum += w * Double(out[((y + dy) * width + x + dx) * channels + c])
                weights += w
            }
            worst = max(worst, abs(out[p * channels + c] - Float(sum / weights)))
        }
    }
    #expect(worst < 1e-5)
}

@Test func aLinearRampIsFilledExactlyAwayFromTheEdges() {
    // The stencil is symmetric, so a linear function is its own weighted mean: holes inside the picture are
    // filled with the ramp itself, whatever their shape.
    let (height, width) = (8, 8)
    let ramp = (0..<height * width).map { Float(2 * ($0 % width) + 3 * ($0 / width) + 1) }
    let removed = [18, 19, 20, 26, 27, 28, 34, 35, 36, 13, 50, 53]
    let out = impute(ramp, height: height, width: width, removed: removed)
    for p in removed { #expect(abs(out[p] - ramp[p]) < 1e-4, "pixel \(p)") }
}

@Test func noiseHasTheStandardDeviationAsked() {
    let (height, width) = (40, 40)
    let flat = [Float](repeating: 0.5, count: height * width)
    let removed = Array(0..<height * width).filter { $0 % 3 == 0 }
    let out = impute(flat, height: height, width: width, removed: removed, noise: 0.01, seed: 3)
    let deviations = removed.map { Double(out[$0] - 0.5) }
    let mean = deviations.reduce(0, +) / Double(deviations.count)
    let std = (deviations.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(deviations.count)).squareRoot()
    #expect(abs(mean) < 0.002 && abs(std - 0.01) < 0.001, "mean \(mean), std \(std)")
    #expect(out == impute(flat, height: height, width: width, removed: removed, noise: 0.01, seed: 3))
}

@Test func roadRewardsAMapOnThePixelsALinearModelUses() throws {
    let (model, image, perfect) = try patchModel()
    let good = try road(model: model, images: image, maps: [perfect], targets: [0])
    // Least relevant first removes only pixels class 0 ignores (32 of the 36 at 90 %), so its score stays 4.
    for score in good.leastRelevantFirst { #expect(abs(score - 4) < 1e-5) }
    // Most relevant first removes patch pixels, which fill in darker from the black around them.
    #expect(good.mostRelevantFirst.allSatisfy { $0 < 3.5 })
    #expect(good.score > 0.5)
    for seed in 0..<5 as Range<UInt64> {
        let chance = try road(model: model, images: image, maps: [try randomMap(6, 6, seed: seed)], targets: [0], seed: seed)
        #expect(good.score > chance.score + 0.3, "seed \(seed): \(chance.score)")
    }
}

@Test func roadRefusesFractionsItCannotRemove() throws {
    let (model, image, perfect) = try patchModel()
    #expect(throws: Problem("road: the fractions of pixels to remove must lie strictly between 0 and 1, got 0.5, 1.0")) {
        try road(model: model, images: image, maps: [perfect], targets: [0], fractions: [0.5, 1])
    }
}

@Test func bandedCholeskySolvesASmallSystemExactly() {
    // [[4, -1, 0], [-1, 4, -1], [0, -1, 4]] x = [3, 2, 3] has the solution x = [1, 1, 1].
    var system = BandedSystem(size: 3)
    system.set(row: 0, column: 0, to: 4)
    system.set(row: 1, column: 1, to: 4)
    system.set(row: 2, column: 2, to: 4)
    system.set(row: 0, column: 1, to: -1)
    system.set(row: 1, column: 2, to: -1)
    system.factorize()
    let x = system.solve([3, 2, 3])
    #expect(x.allSatisfy { abs($0 - 1) < 1e-12 })
}
