import CamLabCore
import CamLabImaging
import Testing
@testable import CamLabExplain

@Test func confidenceChangeMultipliesTheImageByItsScaledMap() throws {
    // Score 4·x0 + 3·x1 + 2·x2 + 1·x3 = 10 on ones. The map keeps the first two pixels: after = 7 (scaled by
    // 1 / (1 + 1e-7), as pytorch-grad-cam's scale_cam_image divides by max + 1e-7), a drop of 3.
    let model = try linearModel(height: 2, width: 2, weights: [[4, 3, 2, 1], [0, 0, 0, 1]])
    let image = grayImage(2, 2, [1, 1, 1, 1])
    let half = try confidenceChange(model: model, images: image, maps: [try map(2, 2, [2, 2, 0, 0])], targets: [0])
    #expect(half.before == [10])
    #expect(abs(half.after[0] - 7) < 1e-5)
    #expect(abs(half.drop - 3) < 1e-5 && half.increase == 0)
    // Class 1 reads only the last pixel, which a map pointing there keeps: no drop. Shifted so its minimum is 0,
    // a map of 5, 5, 5, 9 keeps only that pixel too.
    let kept = try confidenceChange(model: model, images: image, maps: [try map(2, 2, [5, 5, 5, 9])], targets: [1])
    #expect(abs(kept.drop) < 1e-5)
    // A negative weight: dimming the pixel it reads raises the score, an increase.
    let negative = try linearModel(height: 2, width: 2, weights: [[1, 1, 1, -1]])
    let rise = try confidenceChange(model: negative, images: image, maps: [try map(2, 2, [1, 1, 1, 0])], targets: [0])
    #expect(rise.after[0] > rise.before[0] && rise.increase == 1 && rise.drop == 0)
}

@Test func theFaithfulnessTableRanksAPerfectMapAboveChance() throws {
    let (model, image, perfect) = try patchModel()
    let exact = MapMethod(name: "exact", readsLayer: false) { _, batch, _, _ in
        Array(repeating: perfect, count: batch.shape[0])
    }
    let table = try faithfulnessTable(model: model, images: image, methods: [exact, .random(seed: 4)], targets: [0])
    #expect(table.methods == ["exact", "Random"])
    #expect(table.metrics == FaithfulnessMetric.allCases)
    for (m, metric) in table.metrics.enumerated() where metric != .increase {
        #expect(table.best(m) == 0, "\(metric): \(table.values)")
    }
    // Neither raises the score (the map multiplies pixels by at most 1), so no method is best at "increase".
    #expect(table.best(table.metrics.firstIndex(of: .increase)!) == nil)
}

@Test func compareFillsTheGridAndMarksTheBestCell() throws {
    let model = try tinyRandomModel()
    let comparison = try compare(model: model, image: tinyInput(), methods: [.gradcam, .saliency, .random()],
                                 layers: ["conv2d", "conv2d_1"])
    #expect(comparison.layers == ["conv2d", "conv2d_1"])
    #expect(comparison.methods == ["Grad-CAM", "Saliency", "Random"])
    // Methods that read no layer appear once, in the first row.
    #expect(comparison.cells[0].allSatisfy { $0 != nil })
    #expect(comparison.cells[1].map { $0 != nil } == [true, false, false])
    // Grad-CAM's cell holds the map explain computes for that layer, brought to the input's size.
    var options = ExplainOptions()
    options.layers = ["conv2d_1"]
    options.upsample = true
    let e = try explain(model: model, batch: tinyInput(), targets: [.index(comparison.target)], options: options)[0]
    #expect(comparison.cells[1][0]?.map.values == e.map.scalars)
    #expect(comparison.cells[0][0]?.map.width == 6)
    let grid = try comparison.grid()
    #expect(grid.columnHeaders == ["image", "Grad-CAM", "Saliency", "Random"])
    #expect(grid.cells[1][0] == nil && grid.cells[0][0] != nil)
    let green = grid.cells.joined().compactMap { $0 }.flatMap(\.caption).filter { $0.tone == .good }
    #expect(green.count == comparison.metrics.indices.filter { comparison.best($0) != nil }.count)
    #expect(throws: Problem.self) { try compare(model: model, image: tinyInput(), methods: [.gradcam], layers: ["dense"]) }
}

@Test func picturesStretchMagnitudesToTheir99thPercentile() throws {
    // |values| 0, 1, …, 98 and one outlier, -1000: NumPy's percentile(99) lies at rank 0.99 × 99 = 98.01,
    // 98 + 0.01 × (1000 − 98) = 107.02; the minimum, 0, is black and the outlier is clipped to 1.
    let values = (0..<99).map(Float.init) + [-1000]
    let shown = try displayable(try Heatmap(width: 10, height: 10, values: values))
    #expect(abs(shown.values[50] - 50 / 107.02) < 1e-5)
    #expect(shown.values[0] == 0 && shown.values[99] == 1)
    // One pixel out of a hundred: the percentile is the minimum, so the largest value is the top.
    let spike = try displayable(try Heatmap(width: 10, height: 10, values: [0.5] + Array(repeating: 0, count: 99)))
    #expect(spike.values[0] == 1 && spike.values.dropFirst().allSatisfy { $0 == 0 })
    // A flat map stays black.
    #expect(try displayable(try Heatmap(width: 2, height: 2, values: [3, 3, 3, 3])).values == [0, 0, 0, 0])
}

@Test func aFlatReferenceMapSaysSoUnderItsPicture() throws {
    #expect(referenceCaption("trained", try Heatmap(width: 2, height: 1, values: [0, 0])) == GridText("trained: flat", tone: .bad))
    #expect(referenceCaption("trained", try Heatmap(width: 2, height: 1, values: [0, 1])) == GridText("trained", tone: .muted))
}
