import CamLabCore
import CamLabNN
import Testing
@testable import CamLabExplain

/// The sanity checks' model copy keeps a graph's shape and every layer's settings, and a reinitialised batch
/// normalization starts as a new one (gamma 1, beta 0, moving mean 0, moving variance 1).
@Suite struct ModelCopyGraphTests {
    func residual() throws -> Model {
        try Model(inputShape: [6, 6, 2], nodes: [
            (try Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, useBias: false, dilationRate: (2, 2)), [0]),
            (try BatchNormalization(momentum: 0.9), [1]),
            (try LeakyReLU(negativeSlope: 0.1), [2]),
            (try Conv2D(filters: 4, kernelSize: (1, 1)), [3]),
            (Add(), [3, 4]),
            (Concatenate(), [5, 1]),
            (try AveragePooling2D(poolSize: (2, 2)), [6]),
            (GlobalMaxPooling2D(), [7]),
            (try Dense(units: 3), [8]),
            (Softmax(), [9]),
        ], seed: 3)
    }

    @Test func aCopyKeepsTheGraphAndTheSettings() throws {
        let model = try residual()
        let bn = model.layers[1] as! BatchNormalization
        bn.movingMean.value = Tensor(shape: [4], scalars: [0.1, 0.2, 0.3, 0.4])
        let copy = try model.copy(reinitializing: [1], seed: 5)
        #expect(copy.inputNodes == model.inputNodes)
        #expect(copy.layers.map(\.typeName) == model.layers.map(\.typeName))
        #expect(copy.layers.map(\.configurationDescription) == model.layers.map(\.configurationDescription))
        let x = Tensor(shape: [1, 6, 6, 2], scalars: (0..<72).map { Float($0 % 7) * 0.3 - 1 })
        #expect(try copy.forward(x) != (try model.forward(x)), "the statistics were reset")
        let fresh = copy.layers[1] as! BatchNormalization
        #expect(fresh.movingMean.value == Tensor.zeros([4]))
        #expect(fresh.movingVariance.value == Tensor.ones([4]))
        #expect(fresh.gamma.value == Tensor.ones([4]) && fresh.beta.value == Tensor.zeros([4]))
        let same = try model.copy(seed: 5)
        #expect(try same.forward(x) == (try model.forward(x)))
    }
}
