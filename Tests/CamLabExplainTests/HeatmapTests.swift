import CamLabCore
import CamLabImaging
import CamLabNN
import Testing
@testable import CamLabExplain

/// Input pixels x = 1, 2, 3, 4 (row-major 2×2) through `handBuiltModel`: A0 = 2x = (2, 4, 6, 8),
/// A1 = 3 - x = (2, 1, 0, -1).
let handInput = Tensor(shape: [2, 2, 1], scalars: [1, 2, 3, 4])

@Test func heatmapOfTheHandBuiltModelMatchesTheHandComputation() throws {
    // Class 0: score = ΣA0 - 2ΣA1 = 20 - 4 = 16 (class 1 scores 0.5·8 = 4, so 0 is predicted).
    // d score / d A0 = 1 and d A1 = -2 at every pixel: raw weights (1, -2). L2-normalised over the 8 gradients
    // (norm √20) they become (1, -2)/√20; h = ReLU(A0 - 2·A1)/√20 = (0, 2, 6, 10)/√20, divided by its max + 1e-7.
    let model = try handBuiltModel()
    let explanation = try explain(model: model, x: handInput)
    #expect(explanation.target == 0)
    #expect(explanation.score == 16)
    #expect(explanation.layerName == "conv2d" && explanation.layerIndex == 0)
    #expect(explanation.heatmap.width == 2 && explanation.heatmap.height == 2)
    let norm = 20.0.squareRoot()
    let expected: [Double] = [0, 2, 6, 10].map { $0 / norm / (10 / norm + 1e-7) }
    for (value, want) in zip(explanation.heatmap.values, expected) { #expect(abs(Double(value) - want) < 1e-7) }

    let normalized = try gradcamBackend(model: model, x: handInput, targets: [0], layer: "conv2d")
    for (value, want) in zip(normalized.weights, [1, -2].map { $0 / norm }) { #expect(abs(Double(value) - want) < 1e-7) }
    for (value, want) in zip(normalized.gradients.scalars, [1, -2, 1, -2, 1, -2, 1, -2].map { $0 / norm }) {
        #expect(abs(Double(value) - want) < 1e-7)
    }
    #expect(normalized.activations.scalars == [2, 2, 4, 1, 6, 0, 8, -1])

    let raw = try gradcamBackend(model: model, x: handInput, targets: [0], layer: "conv2d", normalizeGradients: false)
    #expect(raw.weights == [1, -2])
    #expect(raw.gradients.scalars == [1, -2, 1, -2, 1, -2, 1, -2])
    #expect(raw.activations.scalars == normalized.activations.scalars)
    let rawExpected: [Double] = [0, 2, 6, 10].map { $0 / (10 + 1e-7) }
    let rawHeatmap = try explain(model: model, x: handInput, normalizeGradients: false).heatmap
    for (value, want) in zip(rawHeatmap.values, rawExpected) { #expect(abs(Double(value) - want) < 1e-7) }
}

@Test func explainingTheOtherClassUsesItsGradients() throws {
    // Class 1: score = 0.5·A0(last pixel) = 4; the gradient is 0.5 at one of 8 entries, 1 once normalised, so
    // the weights are (1/4, 0); h = 0.25·(2, 4, 6, 8) = (0.5, 1, 1.5, 2) → (0.25, 0.5, 0.75, 1) after scaling.
    let explanation = try explain(model: handBuiltModel(), x: handInput, targets: [1], layer: 0)
    #expect(explanation.target == 1 && explanation.score == 4)
    let expected: [Double] = [0.5, 1, 1.5, 2].map { $0 / (2 + 1e-7) }
    for (value, want) in zip(explanation.heatmap.values, expected) { #expect(abs(Double(value) - want) < 1e-6) }
    let components = try gradcamBackend(model: handBuiltModel(), x: handInput, targets: [1], layer: 0)
    #expect(components.weights == [0.25, 0])
}

@Test func tinyGradientsAreScaledByTheMillionThatEli5sFloorGives() throws {
    // Keras' l2_normalize divides by sqrt(max(Σg², 1e-12)): gradients whose norm is below 1e-6 are multiplied by
    // 10⁶ rather than brought to norm 1. Scaling the dense layer by 1e-9 makes class 0's gradients (1, -2)·1e-9.
    let model = try handBuiltModel()
    let dense = try #require(model.layers[2] as? Dense)
    dense.kernel.value = dense.kernel.value.map { $0 * 1e-9 }
    let c = try gradcamBackend(model: model, x: handInput, targets: [0], layer: 0)
    for (value, want) in zip(c.gradients.scalars, [1, -2, 1, -2, 1, -2, 1, -2].map { $0 * 1e-3 }) {
        #expect(abs(Double(value) - want) < 1e-9)
    }
    for (value, want) in zip(c.weights, [1e-3, -2e-3]) { #expect(abs(Double(value) - want) < 1e-9) }
}

@Test func l2NormalizationMatchesKerasOnAFewVectors() {
    // K.l2_normalize(x) = x / sqrt(max(Σx², 1e-12)), over every element.
    func close(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-7 } }
    #expect(close(l2Normalized([3, 4]), [0.6, 0.8]))
    #expect(close(l2Normalized([1, -1, 1, -1]), [0.5, -0.5, 0.5, -0.5]))
    #expect(l2Normalized([0, 0, 0]) == [0, 0, 0])
    #expect(l2Normalized([-2]) == [-1])
    // Norm 5e-7 is below the floor of 1e-6: scaled by 1e6, not to norm 1.
    #expect(close(l2Normalized([3e-7, 4e-7]), [0.3, 0.4]))
}

@Test func gradcamByHand() throws {
    // A (2×1×2): pixel 0 = (1, 3), pixel 1 = (2, 0); w = (1, -0.5): h = (1 - 1.5, 2) → ReLU (0, 2),
    // normalized (0, 2 / (2 + 1e-7)).
    let heatmap = try gradcam(weights: [1, -0.5], activations: Tensor(shape: [2, 1, 2], scalars: [1, 3, 2, 0]))
    #expect(heatmap.width == 1 && heatmap.height == 2)
    #expect(heatmap.values[0] == 0)
    #expect(abs(Double(heatmap.values[1]) - 2 / (2 + 1e-7)) < 1e-7)
    // An all-negative map stays zero rather than dividing by zero.
    let flat = try gradcam(weights: [-1], activations: Tensor(shape: [1, 2, 1], scalars: [1, 2]))
    #expect(flat.values == [0, 0])
    #expect(throws: Problem("gradcam needs activations of shape (height, width, channels) and one weight per "
                                 + "channel; got activations (1, 2, 1) and 2 weights")) {
        try gradcam(weights: [1, 2], activations: Tensor(shape: [1, 2, 1], scalars: [1, 2]))
    }
}

@Test func explanationCarriesTheRescaledImageAndADescription() throws {
    let explanation = try explain(model: handBuiltModel(), x: handInput)
    #expect(explanation.method == "Grad-CAM")
    #expect(explanation.description.contains("Grad-CAM") && explanation.description.contains("heatmap"))
    // (x - 1) / 3 · 255 truncated: 0, 85, 170, 255; one channel stays gray.
    #expect(explanation.image.channels == 1)
    #expect(explanation.image.pixels == [0, 85, 170, 255])
}

@Test func formatAsImageOverlaysTheHeatmapOnTheInput() throws {
    let explanation = try explain(model: handBuiltModel(), x: handInput)
    let picture = try formatAsImage(explanation)
    #expect(picture.width == 2 && picture.height == 2 && picture.channels == 4)
    #expect(picture == (try overlayHeatmap(explanation.heatmap, on: explanation.image)))
    // Pixel 0 has h = 0 (transparent heatmap), so it keeps the image's black; pixel 3 has h ≈ 1: viridis'
    // last entry (253, 231, 36) at alpha 0.65 → 165 over white 255: (253·165 + 255·90) / 255 ≈ 253.7 → 254.
    #expect(picture.pixel(x: 0, y: 0) == [0, 0, 0, 255])
    let top = picture.pixel(x: 1, y: 1)
    #expect(top[0] >= 252 && top[3] == 255)
    #expect(try formatAsImage(explanation, alphaLimit: 0) == explanation.image.converted(toChannels: 4))
    #expect(throws: Problem.self) { try formatAsImage(explanation, alphaLimit: 1.5) }
}

@Test func explanationPanelsShowInputHeatmapAndOverlay() throws {
    let explanation = try explain(model: handBuiltModel(), x: handInput)
    let panels = try explanation.panels(scale: 3)
    #expect(panels.map(\.title) == ["input", "Grad-CAM conv2d", "class 0 (16.0)"])
    #expect(panels.allSatisfy { $0.image.width == 6 && $0.image.height == 6 })
    #expect(panels[0].image.pixels.prefix(3) == [0, 0, 0])
    // The heatmap's last cell (h ≈ 1) in greens is matplotlib's darkest green (0, 68, 27).
    #expect(panels[1].image.pixel(x: 5, y: 5) == [0, 68, 27])
    #expect(panels[2].image == (try formatAsImage(explanation).upscaled(by: 3)))
    let figure = try Figure.sideBySide(panels)
    #expect(figure.channels == 3 && figure.width > 3 * 6)
}
