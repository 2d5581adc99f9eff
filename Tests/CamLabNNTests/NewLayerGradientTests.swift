import Testing
import CamLabCore
@testable import CamLabNN

// The layers real CNNs use (batch normalization, average and global pooling, leaky ReLU, softmax, rescaling,
// merges, dilated convolution) against finite differences, for every input and trainable weight.
@Suite struct NewLayerGradientTests {
    /// Distinct values 0.1 apart in random order: no pooling window has a near-tie a finite step could flip.
    func distinct(_ shape: [Int], seed: UInt64 = 3) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<shape.elementCount).map { Float($0) * 0.1 - 1 }.shuffled(using: &generator)
        return Tensor(shape: shape, scalars: values)
    }

    /// Batch normalization with random gamma (the checker randomises beta), so dgamma and dx scale differently
    /// per channel; in inference mode random moving statistics too.
    func batchNormalization(inputShape: [Int], randomStatistics: Bool) throws -> BatchNormalization {
        let layer = try BatchNormalization()
        var generator = SeededGenerator(seed: 11)
        _ = try layer.build(inputShape: inputShape, generator: &generator)
        let c = inputShape.last!
        layer.gamma.value = Tensor.uniform([c], low: 0.5, high: 1.5, using: &generator)
        if randomStatistics {
            layer.movingMean.value = Tensor.uniform([c], low: -0.5, high: 0.5, using: &generator)
            layer.movingVariance.value = Tensor.uniform([c], low: 0.5, high: 1.5, using: &generator)
        }
        return layer
    }

    @Test func batchNormalizationInInferenceMode() throws {
        let layer = try batchNormalization(inputShape: [3, 4, 3], randomStatistics: true)
        let error = try maxGradientError(of: layer, inputShape: [3, 4, 3], step: 1e-2)
        print("finite differences: BatchNormalization inference \(error)")
        #expect(error < 1e-3)
    }

    @Test func batchNormalizationInTrainingMode() throws {
        // dx passes through the batch's mean and variance: without those terms the error is of order 1.
        let layer = try batchNormalization(inputShape: [3, 3, 2], randomStatistics: true)
        let error = try maxGradientError(of: layer, inputShape: [3, 3, 2], batch: 2, step: 1e-2, training: true)
        print("finite differences: BatchNormalization training \(error)")
        #expect(error < 2e-3)
    }

    @Test func batchNormalizationOfFlatFeaturesWithoutScaleAndCenter() throws {
        let layer = try BatchNormalization(center: false, scale: false)
        let error = try maxGradientError(of: layer, inputShape: [4], batch: 5, step: 1e-2, training: true)
        print("finite differences: BatchNormalization (no center, scale) training \(error)")
        #expect(error < 2e-3)
    }

    @Test func averagePooling() throws {
        let input = distinct([2, 5, 7, 2])
        for layer in [try AveragePooling2D(), try AveragePooling2D(poolSize: (3, 3), strides: (2, 2), padding: .same),
                      try AveragePooling2D(poolSize: (2, 3), strides: (1, 2), padding: .same)] {
            let error = try maxGradientError(of: layer, inputShape: [5, 7, 2], input: input)
            print("finite differences: AveragePooling2D \(layer.configurationDescription) \(error)")
            #expect(error < 1e-3)
        }
    }

    @Test func globalPooling() throws {
        let input = distinct([2, 3, 4, 3])
        let average = try maxGradientError(of: GlobalAveragePooling2D(), inputShape: [3, 4, 3], input: input)
        let maximum = try maxGradientError(of: GlobalMaxPooling2D(), inputShape: [3, 4, 3], input: input)
        print("finite differences: GlobalAveragePooling2D \(average), GlobalMaxPooling2D \(maximum)")
        #expect(average < 1e-3)
        #expect(maximum < 1e-3)
    }

    @Test func leakyReLU() throws {
        // Values at least 0.05 from the kink at 0, more than the finite step.
        var generator = SeededGenerator(seed: 5)
        let input = Tensor.uniform([2, 3, 3, 2], low: -1, high: 1, using: &generator)
        let awayFromZero = Tensor(shape: input.shape, scalars: input.scalars.map { $0 + ($0 < 0 ? -0.05 : 0.05) })
        let error = try maxGradientError(of: LeakyReLU(negativeSlope: 0.3), inputShape: [3, 3, 2], input: awayFromZero)
        print("finite differences: LeakyReLU \(error)")
        #expect(error < 1e-3)
    }

    @Test func softmaxAndRescaling() throws {
        let softmax = try maxGradientError(of: Softmax(), inputShape: [4, 5], step: 1e-3)
        let rescaling = try maxGradientError(of: Rescaling(scale: 0.5, offset: -0.25), inputShape: [3, 2])
        print("finite differences: Softmax \(softmax), Rescaling \(rescaling)")
        #expect(softmax < 1e-3)
        #expect(rescaling < 1e-3)
    }

    @Test func merges() throws {
        let shape = [3, 2, 2]
        let cases: [(any Layer, [[Int]])] = [
            (Add(), [shape, shape, shape]), (Subtract(), [shape, shape]), (Multiply(), [shape, shape, shape]),
            (Average(), [shape, shape, shape]), (Concatenate(), [[3, 2, 2], [3, 2, 1], [3, 2, 3]]),
        ]
        for (layer, shapes) in cases {
            let error = try maxGradientError(of: layer, inputShapes: shapes, step: 1e-2)
            print("finite differences: \(layer.typeName) \(error)")
            #expect(error < 1e-3, "\(layer.typeName)")
        }
    }

    @Test(arguments: [Padding.same, .valid])
    func dilatedConvolution(padding: Padding) throws {
        let layer = try Conv2D(filters: 3, kernelSize: (3, 2), padding: padding, activation: .tanh,
                               dilationRate: (2, 3))
        let error = try maxGradientError(of: layer, inputShape: [7, 8, 2])
        print("finite differences: dilated Conv2D \(padding) \(error)")
        #expect(error < 2e-3)
    }
}

// The layers ONNX files bring: a capped ReLU (Clip(0, 6)) and per-channel rescaling (an input normalisation).
@Suite struct ImportedLayerGradientTests {
    @Test func cappedReLU() throws {
        // Values 0.1 apart from -1.15: none within a finite step of the kinks at 0 and 0.5.
        let x = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float($0 * 7 % 24) * 0.1 - 1.15 })
        let layer = try ReLU(maxValue: 0.5)
        let error = try maxGradientError(of: layer, inputShape: [3, 4], step: 1e-2, input: x)
        print("finite differences: ReLU(max_value: 0.5) \(error)")
        #expect(error < 1e-3)
        #expect(layer.run([x]).output.scalars.allSatisfy { (0...0.5).contains($0) })
        #expect(throws: Problem("ReLU needs a positive max_value, got 0.0")) { try ReLU(maxValue: 0) }
    }

    @Test func perChannelRescaling() throws {
        let layer = Rescaling(scales: [2, -0.5, 4], offsets: [0.1, 0.2, -0.3])
        let error = try maxGradientError(of: layer, inputShape: [2, 2, 3])
        print("finite differences: Rescaling per channel \(error)")
        #expect(error < 1e-3)
        let x = Tensor(shape: [1, 1, 2, 3], scalars: [1, 1, 1, 2, 2, 2])
        #expect(layer.run([x]).output.scalars == [2.1, -0.3, 3.7, 4.1, -0.8, 7.7])
        let wrong = Rescaling(scales: [1, 2], offsets: [0])
        var generator = SeededGenerator(seed: 0)
        #expect(throws: Problem("Rescaling '' has 2 scale values for 3 channels; give one value or one per channel")) {
            _ = try wrong.build(inputShape: [2, 3], generator: &generator)
        }
    }
}
