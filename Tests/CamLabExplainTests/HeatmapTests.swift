import CamLabCore
import CamLabImaging
import Testing
@testable import CamLabExplain

/// Input pixels x = 1, 2, 3, 4 (row-major 2×2) through `handBuiltModel`: A0 = 2x = (2, 4, 6, 8),
/// A1 = 3 - x = (2, 1, 0, -1).
let handInput = Tensor(shape: [2, 2, 1], scalars: [1, 2, 3, 4])

@Test func heatmapOfTheHandBuiltModelMatchesTheHandComputation() throws {
    // Class 0: score = ΣA0 - 2ΣA1 = 20 - 4 = 16 (class 1 scores 0.5·8 = 4, so 0 is predicted).
    // d score / d A0 = 1 and d A1 = -2 at every pixel, so the weights are (1, -2);
    // h = ReLU(A0 - 2·A1) = ReLU(4x - 6) = (0, 2, 6, 10); normalized h / (10 + 1e-7).
    let model = try handBuiltModel()
    let explanation = try explain(model: model, x: handInput)
    #expect(explanation.target == 0)
    #expect(explanation.score == 16)
    #expect(explanation.layerName == "conv2d" && explanation.layerIndex == 0)
    #expect(explanation.heatmap.width == 2 && explanation.heatmap.height == 2)
    let expected: [Double] = [0, 2, 6, 10].map { $0 / (10 + 1e-7) }
    for (value, want) in zip(explanation.heatmap.values, expected) { #expect(abs(Double(value) - want) < 1e-7) }

    let components = try gradcamBackend(model: model, x: handInput, targets: [0], layer: "conv2d")
    #expect(components.weights == [1, -2])
    #expect(components.gradients.scalars == [1, -2, 1, -2, 1, -2, 1, -2])
    #expect(components.activations.scalars == [2, 2, 4, 1, 6, 0, 8, -1])
}

@Test func explainingTheOtherClassUsesItsGradients() throws {
    // Class 1: score = 0.5·A0(last pixel) = 4; gradient 0.5 at one of 4 pixels of A0 → weights (0.125, 0);
    // h = 0.125·(2, 4, 6, 8) → (0.25, 0.5, 0.75, 1) after normalizing.
    let explanation = try explain(model: handBuiltModel(), x: handInput, targets: [1], layer: 0)
    #expect(explanation.target == 1 && explanation.score == 4)
    let expected: [Double] = [0.25, 0.5, 0.75, 1].map { $0 / (1 + 1e-7) }
    for (value, want) in zip(explanation.heatmap.values, expected) { #expect(abs(Double(value) - want) < 1e-6) }
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
    #expect(throws: ExplainError("gradcam needs activations of shape (height, width, channels) and one weight per "
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
    #expect(throws: ImageError.self) { try formatAsImage(explanation, alphaLimit: 1.5) }
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
