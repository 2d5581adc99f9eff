import ArgumentParser
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabImaging
import CamLabNN

/// `camlab-bench judging`: how long judging maps takes on the walkthrough's model — for every method, its maps and
/// each faithfulness metric over a batch of test images, and its sanity checks. The weights come from the first
/// walkthrough (Scripts/camlab Examples/fashion_mnist.dsl).
struct JudgingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "judging",
        abstract: "Time every method's maps, faithfulness metrics and sanity checks on the walkthrough's model.")

    @Option(help: "The walkthrough's trained weights.") var weights = "out/fashion_mnist.safetensors"
    @Option(help: "Test images for the metrics.") var images = 100
    @Option(help: "Test images for the sanity checks.") var sanityImages = 8

    func validate() throws {
        guard images > 0, sanityImages > 0 else {
            throw ValidationError("--images and --sanity-images need positive whole numbers")
        }
    }

    func run() throws {
        let model = try BenchModel.seed.make(seed: 0)
        do { try model.loadWeights(from: weights) } catch {
            throw BenchFailure("cannot load the walkthrough's weights: \(error)\nrun Scripts/camlab "
                               + "Examples/fashion_mnist.dsl first, or pass --weights PATH")
        }
        let test = try FashionMNIST.load(limit: max(images, sanityImages)).test
        let scaled = try test.images.reshaped([-1, 28, 28, 1]) / 255
        let metricImages = try scaled.slice(0..<images), sanityBatch = try scaled.slice(0..<sanityImages)
        func ms(_ seconds: Double, per count: Int) -> String {
            (1000 * seconds / Double(count)).fixed(decimals: 2).leftPadded(8)
        }

        say("CamLab \(camLabVersion) judging benchmark — \(BLAS.summary)")
        say("CPU: \(cpuModelName()), load average at start \(loadAverage())")
        say("\(images) test images for the metrics, \(sanityImages) for the sanity checks; milliseconds per image")
        say("method                  maps  deletion insertion confidence     ROAD  sanity (5 models)  random class")
        let methods = ExplanationMethod.all.filter { $0.applies(to: model) }.map { MapMethod($0) } + [MapMethod.random()]
        let targets = try model.forward(metricImages).argmaxRows
        for method in methods {
            var maps: [Heatmap] = []
            let mapTime = try timed(1) { maps = try method.maps(model: model, batch: metricImages, targets: targets) }
            let times = try [CausalMetric.deletion, .insertion].map { metric in
                try timed(1) { _ = try causalCurve(metric, model: model, images: metricImages, maps: maps, targets: targets) }
            } + [try timed(1) { _ = try confidenceChange(model: model, images: metricImages, maps: maps, targets: targets) },
                 try timed(1) { _ = try road(model: model, images: metricImages, maps: maps, targets: targets) }]
            let sanity = try timed(1) { _ = try cascadingRandomization(model: model, images: sanityBatch, methods: [method]) }
            let logit = try timed(1) { _ = try randomLogitCheck(model: model, images: sanityBatch, methods: [method]) }
            let metrics = times.map { "  " + ms($0, per: images) }.joined()
            say(method.name.rightPadded(20) + ms(mapTime, per: images) + metrics
                + "          " + ms(sanity, per: sanityImages) + "      " + ms(logit, per: sanityImages))
        }
    }
}

extension Tensor {
    /// The first maximum of each row of a (rows, columns) tensor.
    var argmaxRows: [Int] {
        let columns = shape[1]
        return (0..<shape[0]).map { row in
            (0..<columns).reduce(0) { scalars[row * columns + $1] > scalars[row * columns + $0] ? $1 : $0 }
        }
    }
}
