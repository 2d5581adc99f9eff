import CamLabCore
import CamLabNN

var generator = SeededGenerator(seed: 1)
let model = try Sequential(inputShape: [28, 28, 1], layers: [
    Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
    Flatten(),
    Dense(units: 10, activation: .softmax),
])
print(BLAS.summary, "workers", Parallel.workers)
let x = Tensor.uniform([256, 28, 28, 1], using: &generator)
var value = x
var outs: [Tensor] = []
for layer in model.layers {
    let t = MonotonicClock.now()
    for _ in 0..<5 { _ = layer.forward(value, training: true) }
    value = layer.forward(value, training: true)
    print("fwd", layer.name, (MonotonicClock.now() - t) / 6 * 1000, "ms")
    outs.append(value)
}
var g = Tensor.uniform(value.shape, using: &generator)
for (i, layer) in model.layers.enumerated().reversed() {
    let t = MonotonicClock.now()
    var r = g
    for _ in 0..<3 { r = layer.backward(g, needsInputGradient: i > 0) }
    print("bwd", layer.name, (MonotonicClock.now() - t) / 3 * 1000, "ms")
    g = r
}
