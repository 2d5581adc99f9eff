import ArgumentParser
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabNN

/// `camlab-bench train`: trains a reference network on all of Fashion-MNIST and prints the figures
/// `../shared/bench/side_by_side` compares with Keras (seconds per epoch, predict, peak memory).
struct TrainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a reference CNN on Fashion-MNIST; time epochs, predict and one Grad-CAM explanation.")

    @Option(help: "The network: seed (the walkthrough's CNN) or cifar (Conv-BN-ReLU blocks on 32×32×3).")
    var model: BenchModel = .seed
    @Option(help: "Epochs to train.") var epochs = 8
    @Option(name: .customLong("train"), help: "Use only the first N training (and test) images.") var trainLimit: Int?
    @Option(help: "The seed of the weights' initialisation.") var seed: UInt64 = 0
    @Option(help: "Images per training step.") var batchSize = 256
    @Flag(name: .customLong("profile"), help: "Print the epoch by phase (forward and backward of each layer, …).")
    var profilePhases = false
    @Flag(help: "Print one training step's time against batch size and image size.") var scaling = false
    @Flag(help: "Print each layer's forward and backward time, then stop.") var profileLayers = false
    @Flag(help: "Print each convolution phase in wall time per image against the workers' peak, then stop.")
    var phases = false

    func validate() throws {
        guard epochs >= 0 else { throw ValidationError("--epochs needs a non-negative whole number") }
        guard batchSize > 0 else { throw ValidationError("--batch-size needs a positive whole number") }
        if let trainLimit, trainLimit < 0 { throw ValidationError("--train needs a non-negative whole number") }
    }

    func run() throws {
        say("CamLab \(camLabVersion) benchmark — \(BLAS.summary); convolution kernels \(KernelPath.best)")
        let peak = measurePeak()
        say("measured peak (FMA loop on the kernels' vectors): \((peak.oneCore / 1e9).fixed(decimals: 1)) GFLOP/s "
              + "on one core, \((peak.allWorkers / 1e9).fixed(decimals: 1)) GFLOP/s on \(Parallel.workers) workers")

        let loadStart = MonotonicClock.now()
        let (train, test) = try loadScaled(limit: trainLimit, for: model)
        say("load: \(train.y.count) train + \(test.y.count) test images in "
              + "\((MonotonicClock.now() - loadStart).fixed(decimals: 2)) s; model \(model.rawValue)")

        let network = try model.make(seed: seed)
        // As fit does before its first batch: otherwise each measured layer call pays page faults on its output.
        if phases || profileLayers { Allocator.keepLargeBlocks() }
        if phases {
            let pass = network.passSize(batchSize, training: true)
            printConvolutionPhases(network, images: try train.x.slice(0..<min(pass, train.y.count)),
                                   peak: peak.allWorkers)
            return
        }
        if profileLayers {
            try printLayerProfile(network, batch: train.x.slice(0..<min(256, train.y.count)))
            return
        }
        network.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)

        var trainingSeconds: [Double] = []
        let profile = profilePhases ? PhaseProfile() : nil
        let fitStart = MonotonicClock.now()
        try network.fit(x: train.x, y: train.y, batchSize: batchSize, epochs: epochs,
                        validationData: (test.x, test.y), onEvent: { event in
            guard case let .epochEnded(log, epochs) = event else { return }
            say("epoch \(log.epoch)/\(epochs): \(log.seconds.fixed(decimals: 2)) s (with validation), "
                  + "loss \(Double(log.loss).fixed(decimals: 4)), accuracy \(Double(log.accuracy).fixed(decimals: 4)), "
                  + "val_loss \(Double(log.validationLoss ?? .nan).fixed(decimals: 4)), "
                  + "val_accuracy \(Double(log.validationAccuracy ?? .nan).fixed(decimals: 4))")
            trainingSeconds.append(log.seconds)
        }, profile: profile)
        let fitSeconds = MonotonicClock.now() - fitStart

        var predictions = Tensor.zeros([0])
        let predictSeconds = try timed(3) { predictions = try network.predict(test.x) }
        let predicted = try predictions.argmax(axis: 1)
        let correct = zip(predicted.scalars, test.y.scalars).filter { $0 == $1 }.count

        let medianEpoch = median(trainingSeconds)
        let epochFLOPs = Arithmetic(network).epoch(train: train.y.count, validation: test.y.count)
        say("")
        say("batch size: \(batchSize)")
        say("seconds per epoch (median of \(trainingSeconds.count), including validation): "
              + medianEpoch.fixed(decimals: 2))
        say("training images per second: \((Double(train.y.count) / medianEpoch).fixed(decimals: 0))")
        say("arithmetic: \((epochFLOPs / 1e12).fixed(decimals: 2)) TFLOP per epoch counted as direct convolution; "
              + "\((epochFLOPs / medianEpoch / 1e9).fixed(decimals: 1)) GFLOP/s effective = "
              + "\((100 * epochFLOPs / medianEpoch / peak.allWorkers).fixed(decimals: 0)) % of the measured peak")
        say("test accuracy: \((Double(correct) / Double(test.y.count)).fixed(decimals: 4))")
        say("predict \(test.y.count) test images (median of 3): \(predictSeconds.fixed(decimals: 3)) s")
        var explainSeconds: [Double] = []
        for index in 0..<200 {
            let image = try test.x.row(index % test.x.shape[0])
            explainSeconds.append(try timed(1) { _ = try explainAsImage(model: network, x: image) })
        }
        say("explain + formatAsImage, one 28x28 image (median of 200): "
              + "\((median(explainSeconds) * 1000).fixed(decimals: 3)) ms")
        say("peak memory (max RSS): \(peakMemoryMegabytes()) MB")
        if let profile {
            say("")
            printPhaseProfile(profile, model: network, epochs: trainingSeconds.count, wallSeconds: fitSeconds)
        }
        if scaling {
            say("")
            try printScaling(peak: peak.allWorkers)
        }
    }
}

/// Fashion-MNIST scaled to [0, 1] in place: the loader's tensors are released before scaling, so the scaled
/// copy is the only one (a second 188 MB copy of the training images would double the benchmark's peak).
func loadScaled(limit: Int?, for model: BenchModel) throws -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor)) {
    var data: FashionMNIST? = try FashionMNIST.load(limit: limit)
    var (trainImages, testImages) = (data!.train.images, data!.test.images)
    let (trainLabels, testLabels) = (data!.train.labels, data!.test.labels)
    data = nil
    scaleInPlace(&trainImages)
    scaleInPlace(&testImages)
    return ((model.shaped(try trainImages.reshaped([-1, 28, 28, 1])), trainLabels),
            (model.shaped(try testImages.reshaped([-1, 28, 28, 1])), testLabels))
}

func scaleInPlace(_ images: inout Tensor) {
    images.scalars.withUnsafeMutableBufferPointer { values in
        for i in values.indices { values[i] /= 255 }
    }
}
