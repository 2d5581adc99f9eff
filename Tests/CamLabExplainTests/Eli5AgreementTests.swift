import CamLabCore
import CamLabImaging
import CamLabNN
import Testing
@testable import CamLabExplain

// eli5 0.16 (Keras 3), which averages the raw gradients, reproduced with `normalizeGradients: false`; the default,
// graph-mode eli5 0.13, is checked in Eli5GraphAgreementTests.

/// The Keras model of Scripts/fixtures/eli5_gradcam.py, with its weights (see Eli5Reference.swift).
func eli5ReferenceModel() throws -> Model {
    let first = try Conv2D(filters: 6, kernelSize: (3, 3), padding: .same, activation: .relu)
    let second = try Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu)
    let dense = try Dense(units: 3, activation: .softmax)
    let model = try Model(inputShape: [12, 12, 1],
                               layers: [first, MaxPooling2D(), second, Flatten(), dense])
    first.kernel.value = Tensor(shape: [3, 3, 1, 6], scalars: Eli5Reference.conv2d_kernel)
    first.bias.value = Tensor(Eli5Reference.conv2d_bias)
    second.kernel.value = Tensor(shape: [3, 3, 6, 4], scalars: Eli5Reference.conv2d1_kernel)
    second.bias.value = Tensor(Eli5Reference.conv2d1_bias)
    dense.kernel.value = Tensor(shape: [36 * 4, 3], scalars: Eli5Reference.dense_kernel)
    dense.bias.value = Tensor(Eli5Reference.dense_bias)
    return model
}

let eli5Input = Tensor(shape: [1, 12, 12, 1], scalars: Eli5Reference.input)

@Test func defaultLayerWithRawGradientsAgreesWithEli5_0_16() throws {
    let explanation = try explain(model: eli5ReferenceModel(), x: eli5Input, normalizeGradients: false)
    #expect(explanation.layerName == "conv2d_1")
    #expect(explanation.target == Eli5Reference.defaultTarget)
    #expect(abs(explanation.score - Eli5Reference.defaultScore) < 1e-6)
    #expect([explanation.heatmap.height, explanation.heatmap.width] == Eli5Reference.defaultHeatmapShape)
    for (ours, theirs) in zip(explanation.heatmap.values, Eli5Reference.defaultHeatmap) {
        #expect(abs(Double(ours) - theirs) < 1e-5)
    }
    #expect(explanation.image.pixels == Eli5Reference.defaultImage)
    let picture = try formatAsImage(explanation)
    // Exact on the development machine; one level allows for a different libm or BLAS summation order.
    #expect(maxLevelDifference(picture.pixels, Eli5Reference.defaultPicture) <= 1)
}

@Test func explicitLayerAndTargetWithRawGradientsAgreeWithEli5_0_16() throws {
    let explanation = try explain(model: eli5ReferenceModel(), x: eli5Input, targets: [0], layer: "conv2d",
                                  normalizeGradients: false)
    #expect(explanation.target == Eli5Reference.firstConvClass0Target)
    #expect(abs(explanation.score - Eli5Reference.firstConvClass0Score) < 1e-6)
    #expect([explanation.heatmap.height, explanation.heatmap.width] == Eli5Reference.firstConvClass0HeatmapShape)
    for (ours, theirs) in zip(explanation.heatmap.values, Eli5Reference.firstConvClass0Heatmap) {
        #expect(abs(Double(ours) - theirs) < 1e-5)
    }
    let picture = try formatAsImage(explanation, colormap: .jet, alphaLimit: nil, resampling: .bilinear)
    #expect(maxLevelDifference(picture.pixels, Eli5Reference.firstConvClass0Picture) <= 1)
}

func maxLevelDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
    guard a.count == b.count else { return Int.max }
    return zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0
}
