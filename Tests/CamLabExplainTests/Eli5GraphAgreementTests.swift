import CamLabCore
import CamLabImaging
import CamLabNN
import Testing
@testable import CamLabExplain

// CamLab's default Grad-CAM against graph-mode eli5 0.13 (see Eli5GraphFixture): the same Keras-trained weights and
// test pictures must give the same targets and scores (to float32 rounding of two different convolution codes),
// heatmaps within 1e-4 and format_as_image pictures within 2 of 255 levels, for the default layer, conv2d_1 and
// conv2d. Measured on the development machine: heatmaps 4e-5, pictures 1 level, scores 2.5e-6.

@Test(arguments: Eli5GraphFixture.layers.indices)
func explanationsAgreeWithGraphModeEli5(layer: Int) throws {
    let fixture = try Eli5GraphFixture()
    let setting = Eli5GraphFixture.layers[layer]
    for picture in 0..<fixture.count {
        let explanation = try explain(model: fixture.model, x: fixture.input(picture), layer: setting.reference)
        let label = "picture \(picture), layer \(setting.name)"
        #expect(explanation.layerName == setting.name, "\(label)")
        #expect(explanation.target == fixture.targets[picture], "\(label)")
        #expect(abs(explanation.score - fixture.scores[picture]) <= 1e-5, "\(label)")
        #expect(explanation.image.pixels == fixture.images[picture], "\(label)")
        #expect(maxDifference(explanation.heatmap.values, fixture.heatmaps[layer][picture]) <= 1e-4, "\(label)")
        let overlay = try formatAsImage(explanation, colormap: setting.colormap)
        #expect(maxLevelDifference(overlay.pixels, fixture.overlays[layer][picture]) <= 2, "\(label)")
    }
}

@Test(arguments: Eli5GraphFixture.layers.indices)
func backendReturnsGraphModeEli5sNormalisedGradientsAndWeights(layer: Int) throws {
    let fixture = try Eli5GraphFixture()
    let setting = Eli5GraphFixture.layers[layer]
    for picture in 0..<fixture.count {
        let c = try gradcamBackend(model: fixture.model, x: fixture.input(picture), targets: nil,
                                   layer: setting.reference)
        let label = "picture \(picture), layer \(setting.name)"
        #expect(c.predictedIndex == fixture.targets[picture], "\(label)")
        // The gradients returned are the normalised ones: norm 1, or below 1 where eli5's 1e-12 floor applied.
        let norm = c.gradients.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        #expect(abs(norm - Double(fixture.gradientNorms[layer][picture])) <= 2e-5, "\(label)")
        let theirs = fixture.weights[layer][picture]
        let scale = theirs.map(abs).max() ?? 0
        #expect(maxDifference(c.weights, theirs) <= 1e-4 * scale, "\(label)")
    }
}

@Test func confidentPredictionsShowTheirHeatmap() throws {
    // The failure this guards against: a saturated softmax gives tiny gradients, the map divided by (max + 1e-7)
    // fades, and format_as_image returns the bare picture. Wherever graph-mode eli5 draws a map for a picture
    // scored above 0.9999, CamLab's overlay must visibly differ from the picture. (eli5 draws none for the
    // sneaker on conv2d_2: every weighted sum is negative there, which Grad-CAM's ReLU clears.)
    let fixture = try Eli5GraphFixture()
    let confident = (0..<fixture.count).filter { fixture.scores[$0] > 0.9999 }
    #expect(confident.count >= 4)
    for picture in confident {
        for (layer, setting) in Eli5GraphFixture.layers.enumerated() where fixture.heatmaps[layer][picture].max()! > 0.5 {
            let explanation = try explain(model: fixture.model, x: fixture.input(picture), layer: setting.reference)
            let overlay = try formatAsImage(explanation, colormap: setting.colormap)
            let base = try explanation.image.converted(toChannels: 4)
            let label = "picture \(picture) (score \(explanation.score)), layer \(setting.name)"
            #expect(overlay != base, "\(label): no heatmap drawn")
            #expect((explanation.heatmap.values.max() ?? 0) > 0.99, "\(label)")
            // At least a tenth of the pixels visibly coloured.
            let pixels = base.pixels.count / 4
            let coloured = (0..<pixels).filter { p in
                (0..<3).contains { abs(Int(overlay.pixels[4 * p + $0]) - Int(base.pixels[4 * p + $0])) > 16 }
            }
            #expect(coloured.count * 10 >= pixels, "\(label): \(coloured.count) pixels coloured")
        }
    }
}

@Test func rawGradientsFadeTheMapsOfTheMostConfidentPictures() throws {
    // Why the default normalises: with eli5 0.16's raw gradients the maps of pictures scored above 0.99999 peak
    // below a fifth of the scale, so their overlays are nearly the bare picture.
    let fixture = try Eli5GraphFixture()
    let saturated = (0..<fixture.count).filter { fixture.scores[$0] > 0.99999 }
    #expect(saturated.count >= 3)
    for picture in saturated {
        let raw = try explain(model: fixture.model, x: fixture.input(picture), normalizeGradients: false)
        #expect((raw.heatmap.values.max() ?? 1) < 0.2, "picture \(picture) (score \(raw.score))")
    }
}

func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
