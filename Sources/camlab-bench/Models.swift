import ArgumentParser
import CamLabCore
import CamLabNN

/// The networks the benchmark trains, the same as `../shared/bench/keras_reference.py` builds in Keras.
enum BenchModel: String, CaseIterable, ExpressibleByArgument {
    /// The walkthrough's CNN on 28×28×1 pictures.
    case seed
    /// A CIFAR-shaped network on 32×32×3 pictures (Fashion-MNIST padded by 2 pixels, gray repeated over three
    /// channels): Conv2D-BatchNorm-ReLU blocks (3×3, same, no bias) 32, 32, pool, 64, 64, pool, 128, then global
    /// average pooling and a dense softmax.
    case cifar

    func make(seed: UInt64, inputSize: Int = 28) throws -> Model {
        switch self {
        case .seed:
            return try Model(inputShape: [inputSize, inputSize, 1], layers: [
                Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
                Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
                Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
                Flatten(),
                Dense(units: 10, activation: .softmax),
            ], seed: seed)
        case .cifar:
            func block(_ filters: Int) throws -> [any Layer] {
                [try Conv2D(filters: filters, kernelSize: (3, 3), padding: .same, useBias: false),
                 try BatchNormalization(), ActivationLayer(.relu)]
            }
            let layers: [any Layer] = try block(32) + block(32) + [MaxPooling2D()] + block(64) + block(64)
                + [MaxPooling2D()] + block(128) + [GlobalAveragePooling2D(), Dense(units: 10, activation: .softmax)]
            return try Model(inputShape: [32, 32, 3], layers: layers, seed: seed)
        }
    }

    /// The pictures as this network takes them: 28×28×1 as they are, or padded to 32×32 and repeated over 3
    /// channels, as the Keras side does.
    func shaped(_ images: Tensor) -> Tensor {
        guard self == .cifar else { return images }
        let count = images.shape[0]
        var out = [Float](repeating: 0, count: count * 32 * 32 * 3)
        for n in 0..<count {
            for y in 0..<28 {
                for x in 0..<28 {
                    let value = images.scalars[(n * 28 + y) * 28 + x]
                    let base = ((n * 32 + y + 2) * 32 + x + 2) * 3
                    out[base] = value
                    out[base + 1] = value
                    out[base + 2] = value
                }
            }
        }
        return Tensor(shape: [count, 32, 32, 3], scalars: out)
    }
}
