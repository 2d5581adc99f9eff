#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabNN
import Testing
@testable import CamLabExplain

/// Each gradient CAM method's raw map against its formula evaluated on finite-difference gradients of the logit,
/// in Double, at two layers of the pooled model (after the pooling, and the last convolution).
struct GradientCAMMethods {
    let model: Model
    let x = pooledInput()
    let target = 2

    init() throws { model = try pooledModel() }

    /// (activations, finite-difference gradients, positions, channels) of one layer.
    func measured(_ index: Int) -> (a: [Double], g: [Double], positions: Int, channels: Int) {
        let output = layerOutput(of: model, x, layer: index)
        let g = numericLayerGradient(model, x, layer: index, target: target, kind: .logit, step: 1e-3)
        return (output.scalars.map(Double.init), g, output.count / output.shape[3], output.shape[3])
    }

    func check(_ method: ExplanationMethod, at index: Int,
               expected: (_ a: [Double], _ g: [Double], _ positions: Int, _ channels: Int) -> [Double]) throws {
        let (a, g, positions, channels) = measured(index)
        let explanation = try rawMap(method, model, x, target: target, layer: .index(index))
        #expect(explanation.scoreKind == .logit)
        #expect(explanation.map.count == positions)
        let error = relativeError(explanation.map.scalars, expected(a, g, positions, channels))
        #expect(error < 2e-3, "\(method.name) at layer \(index): relative error \(error)")
    }

    @Test(arguments: [1, 2]) func gradcamPlusPlusIsEquation19OfThePaper(layer: Int) throws {
        try check(.gradcamPlusPlus, at: layer) { a, g, positions, channels in
            var weights = [Double](repeating: 0, count: channels)
            for k in 0..<channels {
                let sumA = (0..<positions).reduce(0.0) { $0 + a[$1 * channels + k] }
                for p in 0..<positions {
                    let gp = g[p * channels + k]
                    guard gp != 0 else { continue }
                    let alpha = gp * gp / (2 * gp * gp + sumA * gp * gp * gp + 1e-6)
                    weights[k] += max(gp, 0) * alpha
                }
            }
            return weightedSum(weights, a, positions: positions, channels: channels)
        }
    }

    @Test(arguments: [1, 2]) func hirescamSumsGradientTimesActivation(layer: Int) throws {
        try check(.hirescam, at: layer) { a, g, positions, channels in
            (0..<positions).map { p in (0..<channels).reduce(0.0) { $0 + g[p * channels + $1] * a[p * channels + $1] } }
        }
    }

    @Test(arguments: [1, 2]) func xgradcamWeighsGradientsByNormalisedActivations(layer: Int) throws {
        try check(.xgradcam, at: layer) { a, g, positions, channels in
            let weights = (0..<channels).map { k in
                let sumA = (0..<positions).reduce(0.0) { $0 + a[$1 * channels + k] }
                return (0..<positions).reduce(0.0) { $0 + g[$1 * channels + k] * a[$1 * channels + k] } / (sumA + 1e-7)
            }
            return weightedSum(weights, a, positions: positions, channels: channels)
        }
    }

    @Test(arguments: [1, 2]) func layercamSumsPositiveGradientTimesActivation(layer: Int) throws {
        try check(.layercam, at: layer) { a, g, positions, channels in
            (0..<positions).map { p in
                (0..<channels).reduce(0.0) { $0 + max(g[p * channels + $1], 0) * a[p * channels + $1] }
            }
        }
    }

    @Test(arguments: [1, 2]) func gradcamWithRawGradientsAveragesThem(layer: Int) throws {
        let (a, g, positions, channels) = measured(layer)
        let explanation = try rawMap(.gradcam, model, x, target: target, layer: .index(layer), score: .logit) {
            $0.normalizeGradients = false
        }
        let weights: [Double] = (0..<channels).map { k in
            (0..<positions).reduce(0.0) { (sum: Double, p: Int) in sum + g[p * channels + k] } / Double(positions)
        }
        let expected = weightedSum(weights, a, positions: positions, channels: channels)
        #expect(relativeError(explanation.map.scalars, expected) < 2e-3)
    }
}

/// HiResCAM's defining property: when the layers above are linear in the layer (flatten, then a dense layer
/// without activation), the map adds up exactly to the logit minus the dense layer's bias.
@Test func hirescamOfALinearHeadSumsToTheLogitWithoutItsBias() throws {
    let model = try Model(inputShape: [5, 5, 1], layers: [
        Conv2D(filters: 3, kernelSize: (3, 3), activation: .relu), Flatten(), Dense(units: 4),
    ], seed: 5)
    let dense = model.layers[2] as! Dense
    dense.bias.value = Tensor([0.5, -0.25, 1, 0.125])
    let x = smoothInput()
    for target in 0..<4 {
        let explanation = try rawMap(.hirescam, model, x, target: target)
        let logit = try model.logits(x).scalars[target]
        let total = explanation.map.scalars.reduce(0.0) { $0 + Double($1) }
        #expect(abs(total - Double(logit - dense.bias.value.scalars[target])) < 1e-5, "class \(target)")
        #expect(explanation.score == logit)
    }
}

/// Score-CAM's three weightings, each from plain forward passes of the masked images (layers run one by one): the
/// paper's increase of the score over a blank image's, the paper's code's masked score itself, and
/// pytorch-grad-cam's softmax over the channels of the masked scores (probabilities, or logits as PyTorch models
/// give it).
@Test(arguments: [(ScoreCAMWeights.paper, ScoreKind.probability), (.official, .probability),
                  (.pytorchGradCAM, .probability), (.pytorchGradCAM, .logit)])
func scorecamWeightsFollowEachReferenceFormula(rule: ScoreCAMWeights, kind: ScoreKind) throws {
    let model = try smoothModel()  // a "same" convolution: its maps have the input's size, masks need no resizing
    let x = smoothInput()
    let target = 1
    let a = layerOutput(of: model, x, layer: 0)
    let channels = 3, positions = 25
    func score(_ image: Tensor) -> Double {
        CamLabExplainTests.score(of: model, fromLayer: -1, activations: image, target: target, kind: kind)
    }
    let blank = score(Tensor.zeros([1, 5, 5, 1]))
    let masked = (0..<channels).map { k -> Double in
        let channel = (0..<positions).map { a.scalars[$0 * channels + k] }
        let low = channel.min()!, high = channel.max()!
        return score(Tensor(shape: [1, 5, 5, 1], scalars: (0..<positions).map {
            x.scalars[$0] * (channel[$0] - low) / (high - low + 1e-8)
        }))
    }
    let weights: [Double]
    switch rule {
    case .paper: weights = masked.map { $0 - blank }
    case .official: weights = masked
    case .pytorchGradCAM:
        let total = masked.map { exp($0) }.reduce(0, +)
        weights = masked.map { exp($0) / total }
    }
    let expected = (0..<positions).map { p in
        (0..<channels).reduce(0.0) { $0 + weights[$1] * Double(a.scalars[p * channels + $1]) }
    }
    let explanation = try rawMap(.scorecam, model, x, target: target, score: kind) { $0.scoreCAMWeights = rule }
    #expect(explanation.scoreKind == kind)
    #expect(relativeError(explanation.map.scalars, expected) < 1e-5, "\(rule), \(kind)")
}

/// Ablation-CAM: each channel's weight is the relative drop of the logit with that channel zeroed, run through
/// the layers above by hand.
@Test func ablationcamWeightsAreTheRelativeDropWithEachChannelZeroed() throws {
    let model = try pooledModel()
    let x = pooledInput()
    let target = 0
    let layer = 1  // the pooling layer: the convolution above it runs on each ablated copy
    let a = layerOutput(of: model, x, layer: layer)
    let channels = a.shape[3], positions = a.count / channels
    let y = score(of: model, fromLayer: layer, activations: a, target: target, kind: .logit)
    let weights = (0..<channels).map { k -> Double in
        var ablated = a
        for p in 0..<positions { ablated.scalars[p * channels + k] = 0 }
        return (y - score(of: model, fromLayer: layer, activations: ablated, target: target, kind: .logit)) / abs(y)
    }
    let expected = (0..<positions).map { p in
        (0..<channels).reduce(0.0) { $0 + weights[$1] * Double(a.scalars[p * channels + $1]) }
    }
    let explanation = try rawMap(.ablationcam, model, x, target: target, layer: .index(layer))
    #expect(relativeError(explanation.map.scalars, expected) < 1e-5)
}

/// Eigen-CAM is the projection on the first principal component, checked against LAPACK's SVD (sgesvd through
/// OpenBLAS) of the centred activations; Eigen-Grad-CAM the same of gradients times activations.
@Test(arguments: [0, 1, 2]) func eigencamIsTheFirstPrincipalComponentByLAPACK(layer: Int) throws {
    let model = try pooledModel()
    let x = pooledInput()
    let a = layerOutput(of: model, x, layer: layer)
    let explanation = try rawMap(.eigencam, model, x, target: 0, layer: .index(layer))
    #expect(relativeError(explanation.map.scalars, try lapackProjection(a.scalars, channels: a.shape[3])) < 1e-4)
}

@Test func eigengradcamIsThePrincipalComponentOfGradientsTimesActivations() throws {
    let model = try pooledModel()
    let x = pooledInput()
    let a = layerOutput(of: model, x, layer: 2)
    let g = numericLayerGradient(model, x, layer: 2, target: 1, kind: .logit, step: 1e-3)
    let products = zip(a.scalars, g).map { Float(Double($0) * $1) }
    let explanation = try rawMap(.eigengradcam, model, x, target: 1, layer: .index(2))
    #expect(relativeError(explanation.map.scalars, try lapackProjection(products, channels: 3)) < 2e-3)
}

/// The centred positions × channels matrix projected on LAPACK's first right singular vector, with the sign made
/// positive where the projection is largest in magnitude (pytorch-grad-cam's sign correction).
func lapackProjection(_ values: [Float], channels: Int) throws -> [Double] {
    let positions = values.count / channels
    var centred = values
    for k in 0..<channels {
        let mean = (0..<positions).reduce(0.0) { $0 + Double(values[$1 * channels + k]) } / Double(positions)
        for p in 0..<positions { centred[p * channels + k] -= Float(mean) }
    }
    let svd = try #require(BLAS.singularValueDecomposition(centred, rows: positions, columns: channels))
    let v = svd.rightVectors[0]
    var projection = (0..<positions).map { p in
        (0..<channels).reduce(0.0) { $0 + Double(centred[p * channels + $1]) * Double(v[$1]) }
    }
    if abs(projection.min()!) > abs(projection.max()!) { projection = projection.map { -$0 } }
    return projection
}

@Test func lapacksSVDReconstructsAKnownMatrix() throws {
    // A = [[3, 0], [4, 5]]: singular values √45 and √5; v1 ∝ (1, 1)/√2.
    let svd = try #require(BLAS.singularValueDecomposition([3, 0, 4, 5], rows: 2, columns: 2))
    #expect(abs(svd.values[0] - 45.0.squareRoot().float) < 1e-5 && abs(svd.values[1] - 5.0.squareRoot().float) < 1e-5)
    #expect(abs(abs(svd.rightVectors[0][0]) - 0.5.squareRoot().float) < 1e-5)
    #expect(abs(svd.rightVectors[0][0] - svd.rightVectors[0][1]) < 1e-5)
}

extension Double { var float: Float { Float(self) } }

/// Σ_k weights[k] · a[p][k] for every position p.
func weightedSum(_ weights: [Double], _ a: [Double], positions: Int, channels: Int) -> [Double] {
    (0..<positions).map { p in
        var sum = 0.0
        for k in 0..<channels { sum += weights[k] * a[p * channels + k] }
        return sum
    }
}
