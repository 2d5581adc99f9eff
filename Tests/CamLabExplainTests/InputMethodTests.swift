#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabNN
import Testing
@testable import CamLabExplain

/// d logit / d input of one image of the pooled model (two channels), by finite differences.
private func inputGradient(_ model: Model, _ x: Tensor, target: Int, kind: ScoreKind = .logit) -> [Double] {
    numericLayerGradient(model, x, layer: -1, target: target, kind: kind, step: 1e-3)
}

@Test func saliencyIsTheLargestGradientMagnitudeOverEachPixelsChannels() throws {
    let model = try pooledModel()
    let x = pooledInput()
    let g = inputGradient(model, x, target: 1)
    let expected = (0..<36).map { p in max(abs(g[2 * p]), abs(g[2 * p + 1])) }
    let explanation = try rawMap(.saliency, model, x, target: 1)
    #expect(explanation.layerNames.isEmpty && explanation.map.shape == [6, 6])
    #expect(relativeError(explanation.map.scalars, expected) < 2e-3)
}

@Test func inputXGradientSumsEachPixelsChannelsTimesTheirGradients() throws {
    let model = try pooledModel()
    let x = pooledInput()
    let g = inputGradient(model, x, target: 0)
    let expected: [Double] = (0..<36).map { (p: Int) -> Double in
        let first: Double = Double(x.scalars[2 * p]) * g[2 * p]
        return first + Double(x.scalars[2 * p + 1]) * g[2 * p + 1]
    }
    #expect(relativeError(try rawMap(.inputXGradient, model, x, target: 0).map.scalars, expected) < 2e-3)
}

@Test func smoothgradAveragesTheGradientsAtTheNoisyCopies() throws {
    let model = try smoothModel()
    let x = smoothInput()
    // Without noise every copy is the image: the map is its gradient.
    let plain = try rawMap(.smoothgrad, model, x, target: 2) { $0.samples = 3; $0.noise = 0 }
    #expect(relativeError(plain.map.scalars, inputGradient(model, x, target: 2)) < 2e-3)
    // With noise: the same noisy copies, drawn here as the method draws them (a generator seeded from the seed
    // and the image, copy by copy, pixel by pixel), and their gradients averaged.
    var generator = SeededGenerator(seed: noiseSeed(7, x.scalars))
    let sigma = (x.scalars.max()! - x.scalars.min()!) * 0.2
    var mean = [Double](repeating: 0, count: 25)
    for _ in 0..<4 {
        let noisy = Tensor(shape: x.shape, scalars: x.scalars.map { $0 + sigma * generator.normal() })
        for (j, value) in inputGradient(model, noisy, target: 2).enumerated() { mean[j] += value / 4 }
    }
    let noisy = try rawMap(.smoothgrad, model, x, target: 2) { $0.samples = 4; $0.noise = 0.2; $0.seed = 7 }
    #expect(relativeError(noisy.map.scalars, mean) < 2e-3)
    #expect(relativeError(noisy.map.scalars, inputGradient(model, x, target: 2)) > 1e-2)  // the noise did something
}

/// Integrated Gradients' completeness: the attributions add up to score(x) − score(baseline). With 50
/// Gauss–Legendre points the sum is within 0.1% of the difference on a smooth model, within 1% on the pooled
/// model's ReLUs; the trapezoidal rule needs more points for the same.
@Test(arguments: [ScoreKind.logit, .probability])
func integratedGradientsAddUpToTheScoreDifference(kind: ScoreKind) throws {
    for (model, x, tolerance) in [(try smoothModel(), smoothInput(), 1e-3), (try pooledModel(), pooledInput(), 1e-2)] {
        for baseline: Float in [0, 0.5] {
            let explanation = try rawMap(.integratedGradients, model, x, target: 1, score: kind) { $0.baseline = baseline }
            let total = explanation.map.scalars.reduce(0.0) { $0 + Double($1) }
            let reference = Tensor(repeating: baseline, shape: x.shape)
            let difference = score(of: model, fromLayer: -1, activations: x, target: 1, kind: kind)
                - score(of: model, fromLayer: -1, activations: reference, target: 1, kind: kind)
            #expect(abs(total - difference) <= tolerance * abs(difference),
                    "\(kind) baseline \(baseline): sum \(total), difference \(difference)")
        }
    }
    let model = try smoothModel(), x = smoothInput()
    let trapezoid = try rawMap(.integratedGradients, model, x, target: 1, score: kind) {
        $0.integration = .riemannTrapezoid
        $0.steps = 200
    }
    let difference = score(of: model, fromLayer: -1, activations: x, target: 1, kind: kind)
        - score(of: model, fromLayer: -1, activations: Tensor.zeros(x.shape), target: 1, kind: kind)
    #expect(abs(trapezoid.map.scalars.reduce(0.0) { $0 + Double($1) } - difference) <= 1e-3 * abs(difference))
}

@Test func gaussLegendreHasTheKnownNodesAndWeights() {
    let two = gaussLegendreRule(2)
    #expect(abs(two.nodes[1] - 1 / 3.0.squareRoot()) < 1e-14 && abs(two.nodes[0] + two.nodes[1]) < 1e-14)
    #expect(two.weights.allSatisfy { abs($0 - 1) < 1e-14 })
    let three = gaussLegendreRule(3)
    #expect(abs(three.nodes[1]) < 1e-14 && abs(three.nodes[2] - 0.6.squareRoot()) < 1e-14)
    #expect(abs(three.weights[1] - 8 / 9.0) < 1e-14 && abs(three.weights[0] - 5 / 9.0) < 1e-14)
    for n in [1, 5, 50] {
        let (alphas, weights) = IntegrationRule.gaussLegendre.points(n)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
        #expect(alphas.allSatisfy { (0...1).contains($0) } && alphas == alphas.sorted())
        // Exact for polynomials of degree < 2n: ∫₀¹ t^(2n−1) dt = 1 / 2n.
        let integral = zip(alphas, weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(2 * n - 1)) }
        #expect(abs(integral - 1 / Double(2 * n)) < 1e-12, "\(n) points")
    }
}

/// Guided Backpropagation on conv (relu, 2×2, valid) → flatten → dense, by hand: at the ReLU the gradient
/// passes only where it is positive and the ReLU was active, then through the convolution's transpose.
@Test func guidedBackpropPassesOnlyPositiveGradientsThroughActiveReLUs() throws {
    let model = try Model(inputShape: [4, 4, 1], layers: [
        Conv2D(filters: 2, kernelSize: (2, 2), activation: .relu), Flatten(), Dense(units: 3),
    ], seed: 17)
    let conv = model.layers[0] as! Conv2D, dense = model.layers[2] as! Dense
    conv.bias.value = Tensor([0.1, -0.2])
    var generator = SeededGenerator(seed: 12)
    let x = Tensor.uniform([1, 4, 4, 1], low: -1, high: 1, using: &generator)
    let y = layerOutput(of: model, x, layer: 0)
    let target = 2
    var expected = [Double](repeating: 0, count: 16)
    for oy in 0..<3 { for ox in 0..<3 { for f in 0..<2 {
        let index = (oy * 3 + ox) * 2 + f
        let g = Double(dense.kernel.value.scalars[index * 3 + target])
        guard y.scalars[index] > 0, g > 0 else { continue }
        for ky in 0..<2 { for kx in 0..<2 {
            expected[(oy + ky) * 4 + ox + kx] += g * Double(conv.kernel.value.scalars[(ky * 2 + kx) * 2 + f])
        } }
    } } }
    let explanation = try rawMap(.guidedBackprop, model, x, target: target)
    #expect(relativeError(explanation.map.scalars, expected) < 1e-6)
    #expect(expected.contains { $0 != 0 })
    // And it is not the plain gradient, which also passes the negative parts.
    #expect(relativeError(explanation.map.scalars, inputGradient(model, x, target: target)) > 1e-2)
}

/// Guided Grad-CAM is Guided Backprop times the ReLU'd Grad-CAM map (raw gradients averaged), resized by
/// nearest neighbour: both parts computed independently here (Grad-CAM from finite differences).
@Test func guidedGradcamIsGuidedBackpropTimesTheUpsampledGradcamMap() throws {
    let model = try pooledModel()
    let x = pooledInput()
    let layer = 2  // 3×3 after the pooling: the map is resized to 6×6
    let a = layerOutput(of: model, x, layer: layer)
    let g = numericLayerGradient(model, x, layer: layer, target: 1, kind: .logit, step: 1e-3)
    let weights = (0..<3).map { k in (0..<9).reduce(0.0) { $0 + g[$1 * 3 + k] } / 9 }
    let cam = (0..<9).map { p in max((0..<3).reduce(0.0) { $0 + weights[$1] * Double(a.scalars[p * 3 + $1]) }, 0) }
    let guided = try rawMap(.guidedBackprop, model, x, target: 1).map
    let expected = (0..<36).map { p in Double(guided.scalars[p]) * cam[(p / 6 / 2) * 3 + (p % 6) / 2] }
    let explanation = try rawMap(.guidedGradcam, model, x, target: 1, layer: .index(layer))
    #expect(explanation.map.shape == [6, 6])
    #expect(relativeError(explanation.map.scalars, expected) < 2e-3)
}

/// Occlusion against plain forward passes: every window position's score drop spread over its pixels and
/// averaged; windows cut at the edge as captum's are.
@Test func occlusionAveragesTheScoreDropOfEveryWindowCoveringAPixel() throws {
    let model = try pooledModel()
    let x = pooledInput()
    let target = 2
    let original = score(of: model, fromLayer: -1, activations: x, target: target, kind: .logit)
    var total = [Double](repeating: 0, count: 36), count = [Double](repeating: 0, count: 36)
    // Window 4×4, stride 3: rows start at 0 and 3 (ceil((6 − 4) / 3) + 1 = 2), the second cut at row 6.
    for top in [0, 3] { for left in [0, 3] {
        var occluded = x
        for yy in top..<min(top + 4, 6) { for xx in left..<min(left + 4, 6) { for c in 0..<2 {
            occluded.scalars[(yy * 6 + xx) * 2 + c] = 0.25
        } } }
        let drop = original - score(of: model, fromLayer: -1, activations: occluded, target: target, kind: .logit)
        for yy in top..<min(top + 4, 6) { for xx in left..<min(left + 4, 6) {
            total[yy * 6 + xx] += drop
            count[yy * 6 + xx] += 1
        } }
    } }
    let expected = zip(total, count).map { $0 / $1 }
    let explanation = try rawMap(.occlusion, model, x, target: target) {
        $0.window = (4, 4)
        $0.stride = (3, 3)
        $0.baseline = 0.25
    }
    #expect(relativeError(explanation.map.scalars, expected) < 1e-5)
}

/// On a model linear in its input, occluding one pixel at a time drops the logit by exactly the pixel's
/// Input×Gradient attribution.
@Test func oneByOneOcclusionOfALinearModelIsInputTimesGradient() throws {
    let model = try Model(inputShape: [4, 4, 1], layers: [Flatten(), Dense(units: 3)], seed: 2)
    var generator = SeededGenerator(seed: 1)
    let x = Tensor.uniform([1, 4, 4, 1], low: 0, high: 1, using: &generator)
    let occlusion = try rawMap(.occlusion, model, x, target: 1) { $0.window = (1, 1); $0.stride = (1, 1) }
    let inputXGradient = try rawMap(.inputXGradient, model, x, target: 1)
    #expect(relativeError(occlusion.map.scalars, inputXGradient.map.scalars.map(Double.init)) < 1e-5)
}
