import CamLabCore
import CamLabNN

/// A model small enough to compute by hand. Input 2×2×1; conv2d: two 1×1 filters, kernel (2, -1), bias (0, 3),
/// linear, so for pixel value x the channels are A0 = 2x and A1 = 3 - x; flatten (order p0c0, p0c1, p1c0, …);
/// dense: linear, class 0 weighs every A0 by 1 and every A1 by -2, class 1 weighs only A0 of the last pixel by 0.5.
func handBuiltModel() throws -> Model {
    let conv = try Conv2D(filters: 2, kernelSize: (1, 1))
    let dense = try Dense(units: 2)
    let model = try Model(inputShape: [2, 2, 1], layers: [conv, Flatten(), dense])
    conv.kernel.value = Tensor(shape: [1, 1, 1, 2], scalars: [2, -1])
    conv.bias.value = Tensor([0, 3])
    dense.kernel.value = Tensor(shape: [8, 2], scalars: [
        1, 0, -2, 0,    // pixel 0: A0, A1
        1, 0, -2, 0,    // pixel 1
        1, 0, -2, 0,    // pixel 2
        1, 0.5, -2, 0,  // pixel 3
    ])
    dense.bias.value = Tensor([0, 0])
    return model
}

/// A small random classifier ending in softmax: conv (relu) → conv (tanh, smooth for finite differences) →
/// flatten → dense softmax over 3 classes.
func tinyRandomModel() throws -> Model {
    let model = try Model(inputShape: [6, 6, 1], layers: [
        Conv2D(filters: 3, kernelSize: (3, 3), activation: .relu),
        Conv2D(filters: 2, kernelSize: (2, 2), padding: .same, activation: .tanh),
        Flatten(),
        Dense(units: 3, activation: .softmax),
    ], seed: 11)
    return withRandomBiases(model, seed: 5)
}

func tinyInput() -> Tensor {
    var generator = SeededGenerator(seed: 3)
    return Tensor.uniform([1, 6, 6, 1], low: 0, high: 1, using: &generator)
}
