// How long judging maps takes on the walkthrough's model: for every method, its maps and each faithfulness
// metric over a batch of test images, and its sanity checks. Usage (release build):
//   camlab-bench-judging [--weights out/fashion_mnist.safetensors] [--images 100] [--sanity-images 8]
// The weights come from the first walkthrough (Scripts/camlab Examples/fashion_mnist.dsl).
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabImaging
import CamLabNN
import Foundation

var weights = "out/fashion_mnist.safetensors", imageCount = 100, sanityCount = 8
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--weights": weights = value
    case "--images": imageCount = Int(value) ?? imageCount
    case "--sanity-images": sanityCount = Int(value) ?? sanityCount
    default: fatalError("unknown flag \(flag); flags: --weights PATH, --images N, --sanity-images N")
    }
}

let model = try Model(inputShape: [28, 28, 1], layers: [
    Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
    Flatten(),
    Dense(units: 10, activation: .softmax),
])
do { try model.loadWeights(from: weights) } catch {
    print("cannot load the walkthrough's weights: \(error)\nrun Scripts/camlab Examples/fashion_mnist.dsl first, "
          + "or pass --weights PATH")
    exit(1)
}
let test = try FashionMNIST.load(limit: max(imageCount, sanityCount)).test
let pixels = test.images.scalars.map { $0 / 255 }
func batch(_ count: Int) -> Tensor {
    Tensor(shape: [count, 28, 28, 1], scalars: Array(pixels[0..<(count * 784)]))
}
let images = batch(imageCount)

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = MonotonicClock.now()
    try body()
    return MonotonicClock.now() - start
}
func ms(_ seconds: Double, per count: Int) -> String { String(format: "%8.2f", 1000 * seconds / Double(count)) }

print("CamLab \(camLabVersion) judging benchmark — \(BLAS.summary)")
print("\(imageCount) test images for the metrics, \(sanityCount) for the sanity checks; milliseconds per image")
print("method                  maps  deletion insertion confidence     ROAD  sanity (5 models)  random class")
let methods = ExplanationMethod.all.filter { $0.applies(to: model) }.map { MapMethod($0) } + [MapMethod.random()]
let targets = try model.forward(images).argmaxRows
for method in methods {
    var maps: [Heatmap] = []
    let mapTime = try seconds { maps = try method.maps(model: model, batch: images, targets: targets) }
    let times = try [CausalMetric.deletion, .insertion].map { metric in
        try seconds { _ = try causalCurve(metric, model: model, images: images, maps: maps, targets: targets) }
    } + [try seconds { _ = try confidenceChange(model: model, images: images, maps: maps, targets: targets) },
         try seconds { _ = try road(model: model, images: images, maps: maps, targets: targets) }]
    let sanityImages = batch(sanityCount)
    let sanity = try seconds { _ = try cascadingRandomization(model: model, images: sanityImages, methods: [method]) }
    let logit = try seconds { _ = try randomLogitCheck(model: model, images: sanityImages, methods: [method]) }
    let name = method.name.padding(toLength: 20, withPad: " ", startingAt: 0)
    let metrics: String = times.map { "  " + ms($0, per: imageCount) }.joined()
    let checks: String = "          " + ms(sanity, per: sanityCount) + "      " + ms(logit, per: sanityCount)
    print(name + ms(mapTime, per: imageCount) + metrics + checks)
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
