import CamLabCore
import CamLabImaging
import Testing
@testable import CamLabExplain

/// A 2×2 image of ones and a linear class-0 score 4·x0 + 3·x1 + 2·x2 + 1·x3 = 10. The perfect map is each
/// pixel's contribution, so deletion removes 4, then 3, then 2, then 1: scores 10, 6, 3, 1, 0. RISE's area,
/// the trapezoid rule over [0, 1] in four steps: (10/2 + 6 + 3 + 1 + 0/2) / 4 = 3.75.
@Test func deletionAreaOfAPerfectMapMatchesTheHandComputation() throws {
    let model = try linearModel(height: 2, width: 2, weights: [[4, 3, 2, 1], [0, 0, 0, 1]])
    let image = grayImage(2, 2, [1, 1, 1, 1])
    let perfect = try map(2, 2, [4, 3, 2, 1])
    let deletion = try causalCurve(.deletion, model: model, images: image, maps: [perfect], targets: [0], step: 1)
    #expect(deletion.scores == [10, 6, 3, 1, 0])
    #expect(deletion.fractions == [0, 0.25, 0.5, 0.75, 1])
    #expect(abs(deletion.auc - 3.75) < 1e-6)
    // Insertion onto black puts them back in the same order: 0, 4, 7, 9, 10 → (0 + 4 + 7 + 9 + 5) / 4 = 6.25.
    let insertion = try causalCurve(.insertion, model: model, images: image, maps: [perfect], targets: [0], step: 1,
                                    substrate: .zeros)
    #expect(insertion.scores == [0, 4, 7, 9, 10])
    #expect(abs(insertion.auc - 6.25) < 1e-6)
    // The worst map, the reverse order: 10, 9, 7, 4, 0 → (5 + 9 + 7 + 4 + 0) / 4 = 6.25, far worse than 3.75.
    let reversed = try causalCurve(.deletion, model: model, images: image, maps: [try map(2, 2, [1, 2, 3, 4])],
                                   targets: [0], step: 1)
    #expect(abs(reversed.auc - 6.25) < 1e-6)
    // Three pixels a step: two steps, the last one partial, as RISE counts them: 10, 1, 0 → (5 + 1 + 0) / 2 = 3.
    let coarse = try causalCurve(.deletion, model: model, images: image, maps: [perfect], targets: [0], step: 3)
    #expect(coarse.scores == [10, 1, 0])
    #expect(abs(coarse.auc - 3) < 1e-6)
}

@Test func aMapOnThePixelsALinearModelUsesBeatsARandomMap() throws {
    let (model, image, perfect) = try patchModel()
    for seed in 0..<5 as Range<UInt64> {
        let random = try randomMap(6, 6, seed: seed)
        for metric in CausalMetric.allCases {
            let good = try causalCurve(metric, model: model, images: image, maps: [perfect], targets: [0], seed: seed)
            let chance = try causalCurve(metric, model: model, images: image, maps: [random], targets: [0], seed: seed)
            if metric == .deletion { #expect(good.auc < chance.auc, "seed \(seed)") } else {
                #expect(good.auc > chance.auc, "seed \(seed)")
            }
        }
    }
    // Deleting the patch in the first row of six pixels: four used pixels, tied at 1, go first; 4 → 0 at once.
    let deletion = try causalCurve(.deletion, model: model, images: image, maps: [perfect], targets: [0])
    #expect(deletion.scores == [4, 0, 0, 0, 0, 0, 0])
}

@Test func batchesAverageTheirCurvesAndEachImageKeepsItsArea() throws {
    let model = try linearModel(height: 2, width: 2, weights: [[4, 3, 2, 1], [1, 1, 1, 1]])
    let images = Tensor(shape: [2, 2, 2, 1], scalars: [1, 1, 1, 1, 2, 2, 2, 2])
    let maps = [try map(2, 2, [4, 3, 2, 1]), try map(2, 2, [0, 0, 0, 1])]
    let curve = try causalCurve(.deletion, model: model, images: images, maps: maps, targets: [0, 1], step: 1)
    // Image 2, class 1: 8, 6, 4, 2, 0 (ties broken in a random order; each pixel weighs the same) → area 4.
    #expect(abs(curve.imageAUCs[0] - 3.75) < 1e-6 && abs(curve.imageAUCs[1] - 4) < 1e-6)
    #expect(abs(curve.auc - 3.875) < 1e-6)
    #expect(curve.scores == [9, 6, 3.5, 1.5, 0])
}

@Test func mapsAtALayersResolutionAreResizedAsOpenCVDoes() throws {
    // cv2.resize(np.float32([[0, 1], [2, 3]]), (4, 4)) with its default, INTER_LINEAR.
    let small = try map(2, 2, [0, 1, 2, 3])
    #expect(small.resampled(width: 4, height: 4) == [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5,
                                                    1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3])
    #expect(small.resampled(width: 2, height: 2) == [0, 1, 2, 3])
}

@Test func tiesAreBrokenInAnOrderTheSeedFixes() {
    let flat = [Float](repeating: 0, count: 50) + [1]
    let first = rankedPixels(flat, seed: 1), again = rankedPixels(flat, seed: 1), other = rankedPixels(flat, seed: 2)
    #expect(first[0] == 50 && first == again && first != other)
    // Not scan order: the top rows of a flat map are not always removed first.
    #expect(Array(first[1...]) != Array(0..<50))
    #expect(rankedPixels([0.5, .nan, 0.7], seed: 0) == [2, 0, 1])
}

@Test func substratesAreWhatRISEUses() throws {
    let image: [Float] = (0..<16).map(Float.init)
    #expect(Substrate.zeros.fill(image[...], height: 4, width: 4, channels: 1) == [Float](repeating: 0, count: 16))
    #expect(Substrate.mean.fill(image[...], height: 4, width: 4, channels: 1) == [Float](repeating: 7.5, count: 16))
    // A constant image far from the edges stays constant under the blur (the kernel sums to 1); zeros beyond
    // the edges darken the border, as RISE's zero-padded convolution does.
    let constant = [Float](repeating: 1, count: 31 * 31)
    let blurred = Substrate.riseBlur.fill(constant[...], height: 31, width: 31, channels: 1)
    #expect(abs(blurred[15 * 31 + 15] - 1) < 1e-6)
    #expect(blurred[0] < 0.5)
}

@Test func curvesRefuseWhatTheyCannotMeasure() throws {
    let (model, image, perfect) = try patchModel()
    #expect(throws: Problem("deletion: step must be between 1 and the 36 pixels of an image, got 0")) {
        try causalCurve(.deletion, model: model, images: image, maps: [perfect], targets: [0], step: 0)
    }
    #expect(throws: Problem("insertion: 1 image but 2 maps; give one map per image")) {
        try causalCurve(.insertion, model: model, images: image, maps: [perfect, perfect], targets: [0])
    }
    #expect(throws: Problem("class 2 is outside the model's classes 0 to 1")) {
        try causalCurve(.deletion, model: model, images: image, maps: [perfect], targets: [2])
    }
}
