// CamLab's benchmark: trains the reference walkthrough's CNN on all of Fashion-MNIST and prints the figures
// the issues track. Usage: camlab-bench [--epochs N] [--train N] [--seed N]
import CamLabCore
import CamLabData
import CamLabNN

var arguments = BenchArguments(CommandLine.arguments.dropFirst())
print("CamLab \(camLabVersion) benchmark — \(BLAS.summary), \(Parallel.workers) CamLab workers")

let loadStart = MonotonicClock.now()
let data = try FashionMNIST.load(limit: arguments.trainLimit)
let xTrain = try data.train.images.reshaped([-1, 28, 28, 1]) / 255
let xTest = try data.test.images.reshaped([-1, 28, 28, 1]) / 255
print("load: \(data.train.count) train + \(data.test.count) test images in "
      + "\((MonotonicClock.now() - loadStart).fixed(decimals: 2)) s")

let model = try Sequential(inputShape: [28, 28, 1], layers: [
    Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
    Flatten(),
    Dense(units: 10, activation: .softmax),
], seed: arguments.seed)
model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)

var trainingSeconds: [Double] = []
try model.fit(x: xTrain, y: data.train.labels, batchSize: 256, epochs: arguments.epochs,
              validationData: (xTest, data.test.labels), onEvent: { event in
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
let correct = zip(predicted.scalars, data.test.labels.scalars).filter { $0 == $1 }.count

let medianEpoch = median(trainingSeconds)
print("")
print("seconds per epoch (median of \(trainingSeconds.count), including validation): \(medianEpoch.fixed(decimals: 2))")
print("training images per second: \((Double(data.train.count) / medianEpoch).fixed(decimals: 0))")
print("test accuracy: \((Double(correct) / Double(data.test.count)).fixed(decimals: 4))")
print("predict \(data.test.count) test images (median of 3): \(median(predictSeconds).fixed(decimals: 3)) s")
print("peak memory (max RSS): \(peakMemoryMegabytes()) MB")

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
