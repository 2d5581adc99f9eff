import Testing
import CamLabCore
@testable import CamLabNN

/// The reference walkthrough's network.
func referenceModel(seed: UInt64 = 0) throws -> Model {
    try Model(inputShape: [28, 28, 1], layers: [
        Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
        Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
        Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
        Flatten(),
        Dense(units: 10, activation: .softmax),
    ], seed: seed)
}

@Suite struct ModelTests {
    @Test func kerasNamesAndParameterCounts() throws {
        let model = try referenceModel()
        #expect(model.layers.map(\.name) == ["conv2d", "conv2d_1", "conv2d_2", "flatten", "dense"])
        #expect(model.layers.map(\.parameterCount) == [320, 4624, 1160, 0, 62730])
        #expect(model.parameterCount == 68834)
    }

    @Test func summaryLooksLikeKeras() throws {
        let summary = try referenceModel().summary()
        #expect(summary.contains(" conv2d_1 (Conv2D)           (None, 28, 28, 16)        4624"))
        #expect(summary.contains(" flatten (Flatten)           (None, 6272)              0"))
        #expect(summary.contains("Total params: 68834 (268.88 KB)"))
    }

    @Test func unknownLayerNameSuggestsTheClosest() throws {
        let model = try referenceModel()
        #expect(throws: Problem("model 'sequential' has no layer named 'conv2d_22'; did you mean 'conv2d_2'? "
                                   + "Its layers are: conv2d, conv2d_1, conv2d_2, flatten, dense")) {
            try model.layerIndex(named: "conv2d_22")
        }
    }

    @Test func wrongInputShapeSuggestsTheReshape() throws {
        let model = try referenceModel()
        #expect(throws: Problem("model 'sequential' expects input of shape (None, 28, 28, 1), got (2, 28, 28); "
                                   + "reshape it with x.reshape(-1, 28, 28, 1)")) {
            try model.predict(Tensor.zeros([2, 28, 28]))
        }
    }

    @Test func sameSeedSameWeights() throws {
        #expect(try referenceModel(seed: 4).parameters.map(\.value) == referenceModel(seed: 4).parameters.map(\.value))
        #expect(try referenceModel(seed: 4).parameters[0].value != referenceModel(seed: 5).parameters[0].value)
    }

    @Test func fitNeedsCompile() throws {
        let model = try referenceModel()
        #expect(throws: Problem.self) { try model.fit(x: Tensor.zeros([1, 28, 28, 1]), y: Tensor([0])) }
    }

    /// A tiny network must drive the loss on a tiny batch to nearly zero: the whole training loop works.
    @Test func tinyModelOverfitsTinyBatch() throws {
        var generator = SeededGenerator(seed: 9)
        let model = try Model(inputShape: [6, 6, 1], layers: [
            Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
            MaxPooling2D(),
            Flatten(),
            Dense(units: 3, activation: .softmax),
        ], seed: 1)
        model.compile(optimizer: Adam(learningRate: 0.02), loss: .sparseCategoricalCrossentropy)
        let x = Tensor.uniform([6, 6, 6, 1], using: &generator)
        let y = Tensor([0, 1, 2, 0, 1, 2])
        var events = 0
        let result = try model.fit(x: x, y: y, batchSize: 3, epochs: 150, onEvent: { _ in events += 1 })
        #expect(result.history.epochs.count == 150 && !result.interrupted)
        #expect(result.history.loss.last! < 0.05, "final loss \(result.history.loss.last!)")
        #expect(result.history.loss.last! < result.history.loss.first! / 10)
        #expect(try model.evaluate(x: x, y: y).accuracy == 1)
        #expect(events == 150 * (1 + 2 + 1))
    }

    @Test func stopRequestEndsFitBetweenBatchesKeepingHistory() throws {
        let model = try Model(inputShape: [3], layers: [Dense(units: 2, activation: .softmax)])
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy)
        var batches = 0
        let stop = InterruptionFlag()
        let result = try model.fit(x: Tensor.zeros([8, 3]), y: Tensor.zeros([8]), batchSize: 2, epochs: 3,
                                   onEvent: { if case .batchEnded = $0 { batches += 1; if batches == 6 { stop.request() } } },
                                   limits: RunLimits(interruption: stop))
        #expect(result.interrupted)
        #expect(result.history.epochs.count == 1, "epoch 1 completed, epoch 2 stopped after 2 batches")
        #expect(model.history.epochs.count == 1)
        // A later fit starts a new record, numbered from 1, as Keras' model.history does.
        let again = try model.fit(x: Tensor.zeros([8, 3]), y: Tensor.zeros([8]), batchSize: 4, epochs: 2)
        #expect(again.history.epochs.map(\.epoch) == [1, 2])
        #expect(model.history == again.history)
    }

    @Test func gradientWithRespectToALayerOutput() throws {
        // d(sum of outputs)/d(flatten output) through a linear Dense layer is the row sums of its kernel.
        let model = try Model(inputShape: [2, 2, 1], layers: [Flatten(), Dense(units: 3)])
        let pass = ForwardPass(model: model, input: Tensor.ones([1, 2, 2, 1]))
        #expect(pass.output(ofLayer: 0).shape == [1, 4] && pass.output.shape == [1, 3])
        let flattened = NodeValue(node: 1)
        let g = try #require(pass.backward(from: NodeValue(node: model.outputNode), seed: Tensor.ones([1, 3]),
                                           reading: [flattened])[flattened])
        let kernel = (model.layers[1] as! Dense).kernel.value
        for i in 0..<4 {
            let rowSum = (0..<3).reduce(Float(0)) { $0 + kernel.scalars[i * 3 + $1] }
            #expect(abs(g.scalars[i] - rowSum) < 1e-6)
        }
    }
}

@Suite struct DivergenceTests {
    /// A learning rate far too large makes the loss overflow within a few batches: fit stops, names the epoch and
    /// batch, and leaves the weights that last gave a finite loss, so the model still predicts numbers.
    @Test func aNonFiniteLossStopsFitAndKeepsTheLastGoodWeights() throws {
        let model = try Model(inputShape: [2], layers: [try Dense(units: 1)], seed: 1)
        model.compile(optimizer: SGD(learningRate: 10), loss: .meanSquaredError)
        let x = Tensor(shape: [64, 2], scalars: [Float](repeating: 100, count: 128))
        let y = Tensor(shape: [64, 1], scalars: [Float](repeating: 100, count: 64))
        var losses: [Float] = []
        var snapshots: [[Float]] = []
        do {
            try model.fit(x: x, y: y, batchSize: 4, epochs: 50, shuffle: false, onEvent: { event in
                if case .batchEnded(_, _, _, let loss, _) = event {
                    losses.append(loss)
                    snapshots.append(model.parameters.flatMap(\.value.scalars))
                }
            })
            Issue.record("fit should have stopped")
        } catch let error as Problem {
            #expect(error.message.hasPrefix("the loss became"))
            #expect(error.message.contains("in epoch 1, batch \(losses.count + 1) of 16; training stopped"))
        }
        let weights = model.parameters.flatMap(\.value.scalars)
        #expect(weights.allSatisfy { $0.isFinite })
        // The weights are those in place when the last finite loss was computed: before that batch's update.
        #expect(weights == (snapshots.count >= 2 ? snapshots[snapshots.count - 2] : weights))
        #expect(model.history.epochs.isEmpty, "no epoch completed")
    }
}
