import CamLabCore
import CamLabNN
import Testing
@testable import CamLabExplain

/// Settings that keep the many-pass methods quick in tests.
private func quick() -> ExplainOptions {
    var options = ExplainOptions()
    options.samples = 3
    options.steps = 6
    options.window = (2, 2)
    return options
}

/// A batch is explained as its images are one by one, for every method, also when split into chunks, on the
/// pooled model and on its variant with global average pooling.
@Test(arguments: ExplanationMethod.all.map(\.name), [false, true])
func aBatchGivesEachImagesOwnExplanation(method name: String, globalPooling: Bool) throws {
    let method = try ExplanationMethod.named(name)
    let model = try globalPooling ? pooledGAPModel() : pooledModel()
    guard method.applies(to: model) else { return }
    let x = pooledInput(count: 5)
    var chunked = quick()
    chunked.batchSize = 2
    let together = try method.explain(model: model, batch: x, targets: [0, 1, 2, 0, 1], options: quick())
    let inChunks = try method.explain(model: model, batch: x, targets: [0, 1, 2, 0, 1], options: chunked)
    #expect(together.count == 5 && inChunks.count == 5)
    for i in 0..<5 {
        let alone = try method.explain(model: model, batch: try x.slice(i..<(i + 1)), targets: [.index(i % 3)],
                                       options: quick())[0]
        #expect(together[i].target == i % 3 && together[i].methodName == name)
        #expect(maxDifference(together[i].map, alone.map) < 1e-5, "\(name): image \(i) alone")
        #expect(maxDifference(together[i].map, inChunks[i].map) < 1e-5, "\(name): image \(i) in chunks of 2")
        #expect(together[i].score == alone.score)
        #expect(together[i].heatmap.values.allSatisfy { (0...1).contains($0) })
    }
}

private func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}

@Test func targetsByNameByIndexPerImageOrPredicted() throws {
    let model = try pooledModel()
    let x = pooledInput(count: 3)
    var options = ExplainOptions()
    options.classNames = ["T-shirt/top", "Trouser", "Pullover"]
    let byName = try explain(model: model, batch: x, targets: ["Pullover"], options: options)
    #expect(byName.map(\.target) == [2, 2, 2] && byName.map(\.targetName) == ["Pullover", "Pullover", "Pullover"])
    let perImage = try explain(model: model, batch: x, targets: [1, "Trouser", .predicted], options: options)
    let predicted = try model.predict(x).argmax(axis: 1).scalars.map { Int($0) }
    #expect(perImage.map(\.target) == [1, 1, predicted[2]])
    #expect(try explain(model: model, batch: x).map(\.target) == predicted)
    #expect(throws: Problem("no class is named \"pullover\"; did you mean \"Pullover\"?")) {
        try explain(model: model, batch: x, targets: ["pullover"], options: options)
    }
    #expect(throws: Problem("target \"Shirt\" is a class name, but no class names were given; pass them "
                                 + "(names: class_names) or give the class index")) {
        try explain(model: model, batch: x, targets: ["Shirt"])
    }
    #expect(throws: Problem("got 2 targets for 3 images; give one target for all images or one per image")) {
        try explain(model: model, batch: x, targets: [0, 1])
    }
    #expect(throws: Problem("prediction target 3 is outside the model's classes 0 to 2")) {
        try explain(model: model, batch: x, targets: [3])
    }
}

@Test func scoresAreLogitsOrProbabilitiesAsAskedAndEachMethodHasItsDefault() throws {
    let model = try pooledModel()
    let x = pooledInput()
    let logits = try model.logits(x).scalars, probabilities = try model.forward(x).scalars
    let gradcam = try explain(model: model, batch: x, targets: [1])[0]
    #expect(gradcam.scoreKind == .probability && gradcam.score == probabilities[1])
    #expect(gradcam.probability == probabilities[1])
    var options = ExplainOptions()
    options.score = .logit
    let logit = try explain(model: model, batch: x, targets: [1], options: options)[0]
    #expect(logit.scoreKind == .logit && logit.score == logits[1])
    #expect(try ExplanationMethod.layercam.explain(model: model, batch: x)[0].scoreKind == .logit)
    #expect(try ExplanationMethod.scorecam.explain(model: model, batch: x)[0].scoreKind == .probability)
    // A model without a final activation has only logits.
    let linear = try Model(inputShape: [6, 6, 2], layers: [Flatten(), Dense(units: 3)], seed: 1)
    #expect(try ExplanationMethod.saliency.explain(model: linear, batch: x)[0].scoreKind == .logit)
    #expect(try ExplanationMethod.saliency.explain(model: linear, batch: x)[0].probability == nil)
    options.score = .probability
    #expect(throws: Problem("model 'sequential' outputs no probabilities (its last activation is linear, not "
                                 + "softmax); its output is the logit: use score: logit")) {
        try ExplanationMethod.saliency.explain(model: linear, batch: x, options: options)
    }
}

/// A counterfactual map explains the negated score: every raw map that is linear in the score flips sign.
@Test(arguments: ["gradcam", "hirescam", "layercam", "saliency", "input_x_gradient", "integrated_gradients",
                  "occlusion", "ablationcam"])
func counterfactualMapsExplainTheNegatedScore(method name: String) throws {
    let method = try ExplanationMethod.named(name)
    let model = try pooledModel()
    let x = pooledInput()
    var options = quick()
    options.map = .raw
    let plain = try method.explain(model: model, batch: x, targets: [1], options: options)[0]
    options.counterfactual = true
    let against = try method.explain(model: model, batch: x, targets: [1], options: options)[0]
    #expect(against.counterfactual && against.score == plain.score)
    #expect(against.description.hasSuffix("the parts whose removal would make the model more sure of it."))
    switch name {
    case "saliency":  // magnitudes: unchanged
        #expect(maxDifference(against.map, plain.map) < 1e-6)
    case "layercam":  // the positive part of the negated gradients: the negative part of the gradients
        #expect(against.map != plain.map)
    default:
        #expect(maxDifference(against.map, plain.map.map { -$0 }) < 1e-5, "\(name)")
    }
}

@Test func mapStylesScaleAsTheLibrariesDo() throws {
    let map = Tensor(shape: [2, 2], scalars: [-2, 1, 3, 0.5])
    #expect(MapStyle.raw.apply(to: map) == map)
    let reluMax = MapStyle.reluMax.apply(to: map).scalars
    let expectedReluMax: [Double] = [0, 1 / 3.0000001, 3 / 3.0000001, 0.5 / 3.0000001]
    #expect(zip(reluMax, expectedReluMax).allSatisfy { abs(Double($0) - $1) < 1e-7 })
    let minmax = MapStyle.reluMinmax.apply(to: Tensor(shape: [2, 2], scalars: [1, 2, 3, 5])).scalars
    let expectedMinmax: [Double] = [0, 0.25, 0.5, 1]
    #expect(zip(minmax, expectedMinmax).allSatisfy { abs(Double($0) - $1) < 1e-6 })
    #expect(MapStyle.abs.apply(to: map).scalars.map { ($0 * 1000).rounded() / 1000 } == [0.667, 0.333, 1, 0.167])
    let signed = MapStyle.signed.apply(to: map)
    #expect(signed.scalars.map { ($0 * 1000).rounded() / 1000 } == [-0.667, 0.333, 1, 0.167])
    // Pictures: a signed map puts zero at 0.5; a raw map is stretched min–max.
    #expect(try MapStyle.signed.heatmap(of: signed).values.map { ($0 * 1000).rounded() / 1000 } == [0.167, 0.667, 1, 0.583])
    #expect(try MapStyle.raw.heatmap(of: map).values == [0, 0.6, 1, 0.5])
    // An all-zero map stays zero.
    #expect(MapStyle.reluMinmax.apply(to: Tensor.zeros([2, 2])).scalars == [0, 0, 0, 0])
}

@Test func bilinearUpsamplingIsOpenCVs() {
    let map = Tensor(shape: [2, 2], scalars: [0, 1, 2, 3])
    let up = bilinearResized(map, height: 4, width: 4).scalars
    #expect(up == [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3])
    #expect(nearestResized(map, height: 4, width: 4).scalars == [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3])
}

@Test func layerMapsKeepTheirResolutionOrAreUpsampledAndSeveralLayersAreAveraged() throws {
    let model = try pooledModel()
    let x = pooledInput()
    // Grad-CAM keeps eli5's layer resolution; the other CAM methods are brought to the input's, as
    // pytorch-grad-cam does.
    #expect(try explain(model: model, batch: x)[0].map.shape == [3, 3])
    #expect(try ExplanationMethod.layercam.explain(model: model, batch: x)[0].map.shape == [6, 6])
    var options = ExplainOptions()
    options.upsample = true
    let coarse = try explain(model: model, batch: x)[0].map
    let upsampled = try explain(model: model, batch: x, options: options)[0]
    #expect(upsampled.map == bilinearResized(coarse, height: 6, width: 6))
    #expect(upsampled.heatmap.width == 6)
    // Two layers: each styled and upsampled, averaged, styled again (pytorch-grad-cam's aggregate_multi_layers).
    options.layers = ["conv2d", "conv2d_1"]
    let both = try ExplanationMethod.layercam.explain(model: model, batch: x, options: options)[0]
    let first = try ExplanationMethod.layercam.explain(model: model, batch: x, options: with { $0.layers = ["conv2d"] })[0]
    let second = try ExplanationMethod.layercam.explain(model: model, batch: x, options: with { $0.layers = ["conv2d_1"] })[0]
    let mean = (try first.map + second.map) / 2
    #expect(maxDifference(both.map, MapStyle.reluMinmax.apply(to: mean)) < 1e-6)
    #expect(both.layerNames == ["conv2d", "conv2d_1"] && both.layerName == "conv2d+conv2d_1")
}

private func with(_ change: (inout ExplainOptions) -> Void) -> ExplainOptions {
    var options = ExplainOptions()
    change(&options)
    return options
}

/// Every method explains every model CamLab builds that has what it needs; where a method cannot apply, the error
/// says so and names the methods that can.
@Test(arguments: ExplanationMethod.all.map(\.name))
func everyMethodWorksOnEveryKindOfModel(method name: String) throws {
    let method = try ExplanationMethod.named(name)
    let convolutional = try Model(inputShape: [6, 6, 2], layers: [
        Conv2D(filters: 2, kernelSize: (3, 3), activation: .relu), Flatten(), Dense(units: 2, activation: .softmax),
    ], seed: 3)
    let denseOnly = try Model(inputShape: [6, 6, 2], layers: [
        Flatten(), Dense(units: 5, activation: .relu), Dense(units: 2, activation: .softmax),
    ], seed: 3)
    let flatInput = try Model(inputShape: [72], layers: [
        Dense(units: 5, activation: .relu), Dropout(rate: 0.5), Dense(units: 2, activation: .softmax),
    ], seed: 3)
    let x = pooledInput(count: 2)
    for model in [convolutional, try pooledModel(), try pooledGAPModel()] {
        guard method.applies(to: model) else {
            #expect(method == .cam, "only CAM asks more of a model than a layer to read")
            #expect(throws: Problem(camRequirement(model))) { try method.explain(model: model, batch: x) }
            continue
        }
        let explanations = try method.explain(model: model, batch: x, options: quick())
        #expect(explanations.count == 2 && explanations.allSatisfy { $0.heatmap.values.allSatisfy { !$0.isNaN } })
    }
    for (model, input) in [(denseOnly, x), (flatInput, try x.reshaped([2, 72]))] {
        #expect(method.applies(to: model) == !method.needsSpatialLayer)
        if method == .cam {
            #expect(throws: Problem(camRequirement(model))) { try method.explain(model: model, batch: input) }
        } else if method.needsSpatialLayer {
            do {
                _ = try method.explain(model: model, batch: input, options: quick())
                Issue.record("\(name) explained a model without a spatial layer")
            } catch let error as Problem {
                #expect(error.message.contains("\(method.title) needs a convolutional or pooling layer. Methods that "
                                               + "work on any classifier: saliency, input_x_gradient, smoothgrad"))
            }
        } else {
            let explanations = try method.explain(model: model, batch: input, options: quick())
            let shape = model === flatInput ? [1, 72] : [6, 6]
            #expect(explanations.map(\.map.shape) == [shape, shape])
        }
    }
}

@Test func methodNamesAsUsersBringThemAndErrorsThatHelp() throws {
    #expect(try ExplanationMethod.named("gradcam++") == .gradcamPlusPlus)
    #expect(try ExplanationMethod.named("GradCAMPlusPlus") == .gradcamPlusPlus)
    #expect(try ExplanationMethod.named("IntegratedGradients") == .integratedGradients)
    #expect(try ExplanationMethod.named("InputXGradient") == .inputXGradient)
    #expect(try ExplanationMethod.named("Eigen-Grad-CAM") == .eigengradcam)
    #expect(try ExplanationMethod.named("NoiseTunnel") == .smoothgrad)
    #expect(throws: Problem.self) { try ExplanationMethod.named("gradcan") }
    #expect(throws: Problem.self) { try ExplanationMethod.named("gradcam+") }
    do { _ = try ExplanationMethod.named("layerkam") } catch let error as Problem {
        #expect(error.message.hasPrefix("no explanation method is named 'layerkam'; did you mean 'layercam'?"))
    }
    #expect(Set(ExplanationMethod.all.map(\.name)).count == ExplanationMethod.all.count)
    let model = try pooledModel()
    var options = ExplainOptions()
    options.layers = ["conv2d"]
    #expect(throws: Problem("Saliency works on the input pixels and reads no layer; leave out the layer, or "
                                 + "choose a CAM method (gradcam, layercam, …) to read one")) {
        try ExplanationMethod.saliency.explain(model: model, batch: pooledInput(), options: options)
    }
    options.layers = ["flatten"]
    #expect(throws: Problem("cannot compute LayerCAM on layer 'flatten' (Flatten, output shape (None, 27)): it "
                                 + "needs a 4-D output (batch, height, width, channels); layers that work: 'conv2d', "
                                 + "'max_pooling2d', 'conv2d_1'")) {
        try ExplanationMethod.layercam.explain(model: model, batch: pooledInput(), options: options)
    }
}
