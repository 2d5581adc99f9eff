#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabModelFiles
import CamLabNN

/// pytorch-grad-cam's Grad-CAM layer on torchvision's ResNet-18: `target_layers=[model.layer4[-1]]`, the output of
/// layer4's last block, which the ONNX export names after its last ReLU.
let resNet18GradCAMLayer = "/layer4/layer4.1/relu_1/Relu"

/// The settings that make CamLab's Grad-CAM compute what pytorch-grad-cam's `GradCAM` does: the logit of the
/// target, gradients averaged as they are, ReLU and min-max scaling, upsampled to the input's size.
func pytorchGradCAMOptions(layer: String) -> ExplainOptions {
    var options = ExplainOptions()
    options.layers = [.name(layer)]
    options.score = .logit
    options.normalizeGradients = false
    options.map = .reluMinmax
    options.upsample = true
    options.batchSize = 64
    return options
}

/// `camlab-bench explain --resnet18 CACHE`: the ResNet-18-shaped model Scripts/fixtures/torch_bench_models.py
/// exported to CACHE, timed as Scripts/torch_reference_bench.py times pytorch-grad-cam on torch (the lines match,
/// so Scripts/bench-torch can set them side by side): loading the .onnx file, predict + Grad-CAM of one 224×224×3
/// picture and of a batch of 64, medians of `rounds` runs after a warm-up. Checks first that the model predicts
/// as torch did and that its Grad-CAM maps are torch's.
func benchResNet18(cache: String, rounds: Int, profile: Bool = false) throws {
    say("CamLab \(camLabVersion) (Grad-CAM with pytorch-grad-cam's settings) — \(BLAS.summary)")
    say("CPU: \(cpuModelName()); load average at start \(loadAverage())")
    let path = cache + "/resnet18.onnx"
    guard FileIO.exists(path) else {
        throw BenchFailure("no \(path): Scripts/bench-torch makes it, or python3 "
                           + "Scripts/fixtures/torch_bench_models.py \(cache) with Debian's python3-torchvision")
    }
    var model: Model?
    var loads: [Double] = []
    for _ in 0..<rounds { loads.append(try timed(1) { model = try ModelFiles.load(path: path) }) }
    guard let model else { throw BenchFailure("no rounds") }

    let reference = try Safetensors.read(cache + "/resnet18.safetensors").tensors
    guard let input = reference["input"], let output = reference["output"], let torchMaps = reference["gradcam"] else {
        throw BenchFailure("\(cache)/resnet18.safetensors lacks input, output or gradcam: rerun "
                           + "Scripts/fixtures/torch_bench_models.py \(cache)")
    }
    let predictionError = relativeDifference(try model.predict(input), output)
    var raw = pytorchGradCAMOptions(layer: resNet18GradCAMLayer)
    raw.map = .raw
    raw.upsample = false
    let maps = try explain(model: model, batch: input, method: .gradcam, options: raw).map(\.map)
    let mapError = relativeDifference(Tensor(shape: torchMaps.shape, scalars: maps.flatMap(\.scalars)), torchMaps)
    say("resnet18 check against torch: predictions within \(predictionError.scientific) relative, Grad-CAM maps "
        + "within \(mapError.scientific) relative" + (predictionError <= 1e-4 ? "" : " — MORE THAN 1e-4"))

    let options = pytorchGradCAMOptions(layer: resNet18GradCAMLayer)
    let picture = try input.slice(0..<1)
    var generator = SeededGenerator(seed: 2)
    let batch = Tensor.uniform([64, 224, 224, 3], using: &generator)
    var one: [Double] = [], many: [Double] = [], forward: [Double] = []
    for round in -1..<rounds {  // a warm-up round first
        let a = try timed(1) { _ = try explain(model: model, batch: picture, method: .gradcam, options: options) }
        let b = try timed(1) { _ = try explain(model: model, batch: batch, method: .gradcam, options: options) }
        let c = try timed(1) { _ = try model.predict(batch, batchSize: 64) }
        if round >= 0 {
            one.append(a)
            many.append(b)
            forward.append(c)
        }
    }
    let predicted = try explain(model: model, batch: picture, method: .gradcam, options: options)[0].target
    say("resnet18 predicted class of the fixture's first picture: \(predicted)")
    say("resnet18 load model (median of \(rounds)): \((median(loads) * 1000).fixed(decimals: 1)) ms")
    say("resnet18 predict + Grad-CAM, one picture (median of \(rounds)): "
        + "\((median(one) * 1000).fixed(decimals: 1)) ms")
    say("resnet18 predict + Grad-CAM, batch of 64 (median of \(rounds)): \((median(many) * 1000).fixed(decimals: 1)) ms, "
        + "\((median(many) * 1000 / 64).fixed(decimals: 1)) ms per picture")
    say("resnet18 for scale, predict alone, batch of 64 (median of \(rounds)): "
        + "\((median(forward) * 1000).fixed(decimals: 1)) ms")
    say("peak memory (max RSS): \(peakMemoryMegabytes()) MB")
    if profile { try printExplainProfile(model, batch: batch, options: options, rounds: rounds) }
    say("load average at end \(loadAverage())")
}

/// Where Grad-CAM of a batch goes: the forward pass layer by layer, the backward walk from the logits down to the
/// explained layer, and the rest of `explain` (the maps, their scaling and upsampling, heatmaps and pictures), as
/// medians of `rounds`; then the layers by kind and the ten slowest layers of the forward pass.
func printExplainProfile(_ model: Model, batch: Tensor, options: ExplainOptions, rounds: Int) throws {
    let layer = model.layers.firstIndex { $0.name == resNet18GradCAMLayer } ?? (model.layers.count - 1)
    let read = NodeValue(node: layer + 1)
    var seed = Tensor.zeros([batch.shape[0]] + model.outputShape)
    for image in 0..<batch.shape[0] { seed.scalars[image * model.outputShape[0]] = 1 }
    var forward: [Double] = [], backward: [Double] = [], whole: [Double] = []
    var perLayer = [[Double]](repeating: [], count: model.layers.count)
    for _ in 0..<rounds {
        let phases = PhaseProfile()
        let start = MonotonicClock.now()
        let pass = ForwardPass(model: model, input: batch, keepingBeforeActivation: [model.logitsValue.node],
                               profile: phases)
        let forwardEnd = MonotonicClock.now()
        _ = pass.backward(from: model.logitsValue, seed: seed, reading: [read])
        backward.append(MonotonicClock.now() - forwardEnd)
        forward.append(forwardEnd - start)
        for index in model.layers.indices { perLayer[index].append(phases.seconds[.forward(layer: index)] ?? 0) }
        whole.append(try timed(1) { _ = try explain(model: model, batch: batch, method: .gradcam, options: options) })
    }
    let total = median(whole)
    func line(_ name: String, _ seconds: Double) {
        say("  \(name.rightPadded(44)) \((seconds * 1000).fixed(decimals: 1).leftPadded(9)) ms "
            + "\((100 * seconds / total).fixed(decimals: 1).leftPadded(6)) %")
    }
    say("")
    say("profile of Grad-CAM of the batch of \(batch.shape[0]) (medians of \(rounds); shares of the whole explain):")
    line("explain, whole", total)
    line("forward pass", median(forward))
    line("backward walk, logits down to the explained layer", median(backward))
    line("the rest (whole − forward − backward; noisy)", total - median(forward) - median(backward))
    var byKind: [String: Double] = [:]
    for (index, layer) in model.layers.enumerated() { byKind[layerKind(layer), default: 0] += median(perLayer[index]) }
    say("forward pass by kind of layer:")
    for (kind, seconds) in byKind.sorted(by: { $0.value > $1.value }) { line(kind, seconds) }
    say("the ten slowest layers of the forward pass:")
    let slowest = model.layers.indices.sorted { median(perLayer[$0]) > median(perLayer[$1]) }.prefix(10)
    for index in slowest {
        let layer = model.layers[index]
        line("\(layer.name) \(layerKind(layer)) → \(layer.outputShape.map(String.init).joined(separator: "x"))",
             median(perLayer[index]))
    }
}

/// "Conv2D 3x3/2" for a convolution (its kernel and stride), the type's name for other layers.
func layerKind(_ layer: any Layer) -> String {
    guard let conv = layer as? Conv2D else { return String(describing: type(of: layer)) }
    return "Conv2D \(conv.window.size.0)x\(conv.window.size.1)/\(conv.window.strides.0)"
        + (conv.activation == .linear ? "" : " +\(conv.activation.rawValue)")
}

/// max |a − b| / max |b|: how far CamLab's values are from torch's, relative to torch's scale.
func relativeDifference(_ a: Tensor, _ b: Tensor) -> Double {
    guard a.shape == b.shape else { return .infinity }
    let difference = zip(a.scalars, b.scalars).map { Double(abs($0 - $1)) }.max() ?? 0
    let scale = b.scalars.map { Double(abs($0)) }.max() ?? 0
    return difference / max(scale, 1e-30)
}

extension Double {
    /// 1.2e-06
    var scientific: String {
        guard self.isFinite, self > 0 else { return self == 0 ? "0" : "\(self)" }
        let exponent = Int(log10(self).rounded(.down))
        return (self / pow(10, Double(exponent))).fixed(decimals: 1) + "e" + (exponent < 0 ? "-" : "+")
            + String(abs(exponent)).leftPadded(2).replacingSpaces(with: "0")
    }
}

private extension String {
    func replacingSpaces(with character: Character) -> String { String(map { $0 == " " ? character : $0 }) }
}
