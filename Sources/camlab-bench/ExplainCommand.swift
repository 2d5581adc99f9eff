import ArgumentParser
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabNN

/// `camlab-bench explain`: every method on the walkthrough's model, one 28×28 image at a time and in batches, and
/// Grad-CAM over the 10,000 test images at once. Without --weights it trains the model for one epoch on N
/// training images: the timings depend on the architecture, not on how well it was trained.
struct ExplainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Time every explanation method on the walkthrough's model, alone and in a batch of 64.")

    @Option(help: "Trained weights to load (e.g. out/fashion_mnist.safetensors from the walkthrough).")
    var weights: String?
    @Option(help: "Without --weights, train one epoch on this many images.") var train = 10_000
    @Option(help: "Rounds over every method; the figures are their medians.") var rounds = 11
    @Option(help: "Only these methods, comma-separated (e.g. gradcam,saliency).") var methods: String?
    @Option(help: ArgumentHelp(
        "Instead: the ResNet-18-shaped model in this folder (Scripts/fixtures/torch_bench_models.py writes it), "
            + "loaded and explained at one picture and a batch of 64 as pytorch-grad-cam does (Scripts/bench-torch).",
        valueName: "folder"))
    var resnet18: String?
    @Flag(help: "With --resnet18: also where Grad-CAM of the batch goes, phase by phase and layer by layer.")
    var profile = false

    func validate() throws {
        guard train > 0 else { throw ValidationError("--train needs a positive whole number") }
        guard rounds > 0 else { throw ValidationError("--rounds needs a positive whole number") }
        let known = ExplanationMethod.all.map(\.name)
        if let unknown = wanted?.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown method '\(unknown)'; methods: " + known.joined(separator: ", "))
        }
    }

    private var wanted: [String]? { methods.map { $0.split(separator: ",").map(String.init) } }

    func run() throws {
        if let resnet18 { return try benchResNet18(cache: resnet18, rounds: rounds, profile: profile) }
        say("CamLab \(camLabVersion) explanation benchmark — \(BLAS.summary)")
        say("CPU: \(cpuModelName()), load average at start \(loadAverage())")

        // The timings below use 200 test images, however few training images --train asks for.
        let data = try FashionMNIST.load(limit: max(train, 200))
        let trainCount = min(train, data.train.images.shape[0])
        let xTrain = try data.train.images.slice(0..<trainCount).reshaped([-1, 28, 28, 1]) / 255
        let yTrain = try data.train.labels.slice(0..<trainCount)
        let xTest = try data.test.images.reshaped([-1, 28, 28, 1]) / 255
        let model = try BenchModel.seed.make(seed: 0)
        if let weights {
            try model.loadWeights(from: weights)
            say("weights: \(weights)")
        } else {
            model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
            let seconds = try timed(1) { try model.fit(x: xTrain, y: yTrain, batchSize: 256, epochs: 1) }
            say("trained 1 epoch on \(xTrain.shape[0]) images in \(seconds.fixed(decimals: 1)) s")
        }

        let chosen = ExplanationMethod.all.filter { method in
            method.applies(to: model) && (wanted?.contains(method.name) ?? true)
        }
        let batch = try xTest.slice(0..<64)
        // Rounds go over every method in turn, so that a busy spell of a shared machine slows all methods alike;
        // one warm-up round first.
        var single = [[Double]](repeating: [], count: chosen.count)
        var batched = [[Double]](repeating: [], count: chosen.count)
        for round in -1..<rounds {
            for (m, method) in chosen.enumerated() {
                let image = try xTest.slice((round + 1)..<(round + 2))
                let one = try timed(1) { _ = try method.explain(model: model, batch: image) }
                let many = try timed(1) { _ = try method.explain(model: model, batch: batch) } / 64
                if round >= 0 {
                    single[m].append(one)
                    batched[m].append(many)
                }
            }
        }
        say("")
        say("method                 one image (ms)   per image in a batch of 64 (ms)   (medians of \(rounds) rounds)")
        for (m, method) in chosen.enumerated() {
            say(method.name.rightPadded(22) + (median(single[m]) * 1000).fixed(decimals: 3).leftPadded(15)
                + (median(batched[m]) * 1000).fixed(decimals: 3).leftPadded(36))
        }

        say("")
        var explainSeconds: [Double] = []
        for index in 0..<200 {
            let image = try xTest.row(index)
            explainSeconds.append(try timed(1) { _ = try explainAsImage(model: model, x: image) })
        }
        say("eli5's explain + format_as_image, one 28x28 image (median of 200): "
            + "\((median(explainSeconds) * 1000).fixed(decimals: 3)) ms")
        let all = try timed(3) { _ = try ExplanationMethod.gradcam.explain(model: model, batch: xTest) }
        say("Grad-CAM of all \(xTest.shape[0]) test images as one batch (median of 3): \(all.fixed(decimals: 3)) s")
        let predictAll = try timed(3) { _ = try model.predict(xTest) }
        say("for scale, predict of the same \(xTest.shape[0]) images (median of 3): \(predictAll.fixed(decimals: 3)) s")
        say("load average at end \(loadAverage())")
    }
}
