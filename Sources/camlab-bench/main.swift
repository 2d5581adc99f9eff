// CamLab's benchmark: trains the reference walkthrough's CNN on all of Fashion-MNIST and prints the figures
// the issues track. Usage: camlab-bench [--epochs N] [--train N] [--seed N]
import CamLabCore
import Foundation
import CamLabData
import CamLabNN
import CamLabExplain

setvbuf(stdout, nil, _IOLBF, 0)  // one line at a time, also when the output goes to a file
var arguments = BenchArguments(CommandLine.arguments.dropFirst())
print("CamLab \(camLabVersion) benchmark — \(BLAS.summary)")

let loadStart = MonotonicClock.now()
// Scaled inside a function so the raw 0…255 copies are freed before training.
let (train, test) = try loadScaled(limit: arguments.trainLimit)
print("load: \(train.y.count) train + \(test.y.count) test images in "
      + "\((MonotonicClock.now() - loadStart).fixed(decimals: 2)) s")
let (xTrain, xTest) = (train.x, test.x)

let model = try referenceModel(seed: arguments.seed)
if arguments.profileLayers {
    try profileLayers(model, batch: train.x.slice(0..<256))
    exit(0)
}
model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)

func referenceModel(seed: UInt64) throws -> Sequential {
    try Sequential(inputShape: [28, 28, 1], layers: [
        Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
        Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
        Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
        Flatten(),
        Dense(units: 10, activation: .softmax),
    ], seed: seed)
}

var trainingSeconds: [Double] = []
try model.fit(x: xTrain, y: train.y, batchSize: 256, epochs: arguments.epochs,
              validationData: (xTest, test.y), onEvent: { event in
    guard case let .epochEnded(log, epochs) = event else { return }
    print("epoch \(log.epoch)/\(epochs): \(log.seconds.fixed(decimals: 2)) s (with validation), "
          + "loss \(Double(log.loss).fixed(decimals: 4)), accuracy \(Double(log.accuracy).fixed(decimals: 4)), "
          + "val_loss \(Double(log.validationLoss ?? .nan).fixed(decimals: 4)), "
          + "val_accuracy \(Double(log.validationAccuracy ?? .nan).fixed(decimals: 4))")
    trainingSeconds.append(log.seconds)
})

var predictSeconds: [Double] = []
var predictions = Tensor.zeros([0])
for _ in 0..<3 {
    let start = MonotonicClock.now()
    predictions = try model.predict(xTest)
    predictSeconds.append(MonotonicClock.now() - start)
}
let predicted = try predictions.argmax(axis: 1)
let correct = zip(predicted.scalars, test.y.scalars).filter { $0 == $1 }.count

let medianEpoch = median(trainingSeconds)
print("")
print("seconds per epoch (median of \(trainingSeconds.count), including validation): \(medianEpoch.fixed(decimals: 2))")
print("training images per second: \((Double(train.y.count) / medianEpoch).fixed(decimals: 0))")
print("test accuracy: \((Double(correct) / Double(test.y.count)).fixed(decimals: 4))")
print("predict \(test.y.count) test images (median of 3): \(median(predictSeconds).fixed(decimals: 3)) s")
var explainSeconds: [Double] = []
for index in 0..<200 {
    let image = try xTest.row(index % xTest.shape[0])
    let start = MonotonicClock.now()
    _ = try explainAsImage(model: model, x: image)
    explainSeconds.append(MonotonicClock.now() - start)
}
print("explain + formatAsImage, one 28x28 image (median of 200): "
      + "\((median(explainSeconds) * 1000).fixed(decimals: 3)) ms")
print("peak memory (max RSS): \(peakMemoryMegabytes()) MB")

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func loadScaled(limit: Int?) throws -> (train: (x: Tensor, y: Tensor), test: (x: Tensor, y: Tensor)) {
    let data = try FashionMNIST.load(limit: limit)
    return ((try data.train.images.reshaped([-1, 28, 28, 1]) / 255, data.train.labels),
            (try data.test.images.reshaped([-1, 28, 28, 1]) / 255, data.test.labels))
}

/// Forward and backward time of each layer on one batch (median of 5), to see where an epoch goes.
func profileLayers(_ model: Sequential, batch: Tensor) throws {
    var value = batch
    var forward: [Double] = [], inputs: [Tensor] = []
    for layer in model.layers {
        inputs.append(value)
        var times: [Double] = []
        for _ in 0..<5 {
            let start = MonotonicClock.now()
            value = layer.forward(inputs.last!, training: true)
            times.append(MonotonicClock.now() - start)
        }
        forward.append(median(times))
    }
    var gradient = Tensor(repeating: 0.01, shape: value.shape)
    var backward = [Double](repeating: 0, count: model.layers.count)
    for (index, layer) in model.layers.enumerated().reversed() {
        _ = layer.forward(inputs[index], training: true)
        var times: [Double] = [], next = gradient
        for _ in 0..<5 {
            let start = MonotonicClock.now()
            next = layer.backward(gradient, needsInputGradient: index > 0)
            times.append(MonotonicClock.now() - start)
        }
        backward[index] = median(times)
        gradient = next
    }
    print("layer            forward ms  backward ms   (batch of \(batch.shape[0]))")
    for (index, layer) in model.layers.enumerated() {
        let name = layer.name.padding(toLength: 16, withPad: " ", startingAt: 0)
        print("\(name) \((forward[index] * 1000).fixed(decimals: 1).leftPadded(10))  "
              + "\((backward[index] * 1000).fixed(decimals: 1).leftPadded(11))")
    }
    let total = forward.reduce(0, +) + backward.reduce(0, +)
    print("one training step: \((total * 1000).fixed(decimals: 1)) ms -> \((total * 235).fixed(decimals: 1)) s "
          + "per 60,000-image epoch before validation")
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
