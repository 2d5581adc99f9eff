// CamLab's benchmark: trains the reference walkthrough's CNN on all of Fashion-MNIST and prints the figures
// the issues track. Usage: camlab-bench [--model seed|cifar] [--epochs N] [--train N] [--seed N] [--batch-size N]
// [--profile] [--scaling] [--profile-layers] [--phases]
#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabData
import CamLabNN
import CamLabExplain

let arguments = BenchArguments(CommandLine.arguments.dropFirst())
say("CamLab \(camLabVersion) benchmark — \(BLAS.summary); convolution kernels \(KernelPath.best)")
let peak = measurePeak()
say("measured peak (FMA loop on the kernels' vectors): \((peak.oneCore / 1e9).fixed(decimals: 1)) GFLOP/s on one "
      + "core, \((peak.allWorkers / 1e9).fixed(decimals: 1)) GFLOP/s on \(Parallel.workers) workers")

let loadStart = MonotonicClock.now()
let (train, test) = try loadScaled(limit: arguments.trainLimit, for: arguments.model)
say("load: \(train.y.count) train + \(test.y.count) test images in "
      + "\((MonotonicClock.now() - loadStart).fixed(decimals: 2)) s; model \(arguments.model.rawValue)")

func referenceModel(inputSize: Int = 28, seed: UInt64) throws -> Model {
    try BenchModel.seed.make(seed: seed, inputSize: inputSize)
}

let model = try arguments.model.make(seed: arguments.seed)
if arguments.phases {
    let pass = model.passSize(arguments.batchSize, training: true)
    printConvolutionPhases(model, images: try train.x.slice(0..<min(pass, train.y.count)))
    exit(0)
}
if arguments.profileLayers {
    try profileLayers(model, batch: train.x.slice(0..<min(256, train.y.count)))
    exit(0)
}
model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)

var trainingSeconds: [Double] = []
let profile = arguments.profilePhases ? PhaseProfile() : nil
let fitStart = MonotonicClock.now()
try model.fit(x: train.x, y: train.y, batchSize: arguments.batchSize, epochs: arguments.epochs,
              validationData: (test.x, test.y), onEvent: { event in
    guard case let .epochEnded(log, epochs) = event else { return }
    say("epoch \(log.epoch)/\(epochs): \(log.seconds.fixed(decimals: 2)) s (with validation), "
          + "loss \(Double(log.loss).fixed(decimals: 4)), accuracy \(Double(log.accuracy).fixed(decimals: 4)), "
          + "val_loss \(Double(log.validationLoss ?? .nan).fixed(decimals: 4)), "
          + "val_accuracy \(Double(log.validationAccuracy ?? .nan).fixed(decimals: 4))")
    trainingSeconds.append(log.seconds)
}, profile: profile)
let fitSeconds = MonotonicClock.now() - fitStart

var predictSeconds: [Double] = []
var predictions = Tensor.zeros([0])
for _ in 0..<3 {
    let start = MonotonicClock.now()
    predictions = try model.predict(test.x)
    predictSeconds.append(MonotonicClock.now() - start)
}
let predicted = try predictions.argmax(axis: 1)
let correct = zip(predicted.scalars, test.y.scalars).filter { $0 == $1 }.count

let medianEpoch = median(trainingSeconds)
let epochFLOPs = Arithmetic(model).epoch(train: train.y.count, validation: test.y.count)
say("")
say("batch size: \(arguments.batchSize)")
say("seconds per epoch (median of \(trainingSeconds.count), including validation): \(medianEpoch.fixed(decimals: 2))")
say("training images per second: \((Double(train.y.count) / medianEpoch).fixed(decimals: 0))")
say("arithmetic: \((epochFLOPs / 1e12).fixed(decimals: 2)) TFLOP per epoch counted as direct convolution; "
      + "\((epochFLOPs / medianEpoch / 1e9).fixed(decimals: 1)) GFLOP/s effective = "
      + "\((100 * epochFLOPs / medianEpoch / peak.allWorkers).fixed(decimals: 0)) % of the measured peak")
say("test accuracy: \((Double(correct) / Double(test.y.count)).fixed(decimals: 4))")
say("predict \(test.y.count) test images (median of 3): \(median(predictSeconds).fixed(decimals: 3)) s")
var explainSeconds: [Double] = []
for index in 0..<200 {
    let image = try test.x.row(index % test.x.shape[0])
    let start = MonotonicClock.now()
    _ = try explainAsImage(model: model, x: image)
    explainSeconds.append(MonotonicClock.now() - start)
}
say("explain + formatAsImage, one 28x28 image (median of 200): "
      + "\((median(explainSeconds) * 1000).fixed(decimals: 3)) ms")
say("peak memory (max RSS): \(peakMemoryMegabytes()) MB")
if let profile {
    say("")
    printPhaseProfile(profile, model: model, epochs: trainingSeconds.count, wallSeconds: fitSeconds)
}
if arguments.scaling {
    say("")
    try printScaling(peak: peak.allWorkers)
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
