import CamLabCore

/// The outcome of `fit`: how many epochs completed and whether the user stopped it early.
public struct FitResult: Sendable {
    public var history: History
    public var interrupted: Bool
}

extension Sequential {
    /// Chooses the optimizer and loss for `fit` and `evaluate`. Accuracy is always tracked.
    public func compile(optimizer: any Optimizer, loss: Loss) {
        self.optimizer = optimizer
        self.loss = loss
    }

    private func requireCompiled(_ operation: String) throws -> (any Optimizer, Loss) {
        guard let optimizer, let loss else {
            throw ModelError("\(operation) needs a compiled model; call compile(model, optimizer: adam, "
                             + "loss: sparse_categorical_crossentropy) first")
        }
        return (optimizer, loss)
    }

    private func validateData(_ x: Tensor, _ y: Tensor, loss: Loss, role: String) throws {
        try validateInput(x)
        guard y.rank >= 1, y.shape[0] == x.shape[0] else {
            throw ModelError("\(role): \(x.shape[0]) inputs but \(y.rank >= 1 ? y.shape[0] : 0) targets; "
                             + "they must have the same first dimension")
        }
        try loss.validate(predictionShape: [x.shape[0]] + outputShape, targets: y)
    }

    private var softmaxTop: Bool { (layers.last as? any ActivatedLayer)?.activation == .softmax }

    /// Trains on `x`/`y` in shuffled mini-batches, Keras style. `shouldStop` is polled between batches (the
    /// REPL wires Ctrl-C to it); a stopped run keeps the weights and the epochs completed so far.
    @discardableResult
    public func fit(x: Tensor, y: Tensor, batchSize: Int = 32, epochs: Int = 1, shuffle: Bool = true,
                    validationData: (x: Tensor, y: Tensor)? = nil,
                    onEvent: (TrainingEvent) -> Void = { _ in },
                    shouldStop: () -> Bool = { false }) throws -> FitResult {
        let (optimizer, loss) = try requireCompiled("fit")
        guard batchSize > 0, epochs >= 0 else {
            throw ModelError("fit needs a positive batch_size and epochs >= 0, got \(batchSize) and \(epochs)")
        }
        try validateData(x, y, loss: loss, role: "fit")
        if let validationData { try validateData(validationData.x, validationData.y, loss: loss, role: "validation_data") }
        let count = x.shape[0]
        guard count > 0 else { throw ModelError("fit was given no training examples") }
        let batches = (count + batchSize - 1) / batchSize
        var order = Array(0..<count)
        // Like Keras' `model.history`, the model keeps the record of its latest fit, kept up to date epoch by
        // epoch so that an interrupted fit still shows what it completed.
        history = History()
        // The weights that last gave a finite loss: a batch whose loss is nan or infinite stops training and puts
        // them back, so a diverging run never leaves the model full of nan.
        var lastGood = parameters.map(\.value)
        for epoch in 1...max(epochs, 1) where epochs > 0 {
            let started = MonotonicClock.now()
            if shuffle { order.shuffle(using: &generator) }
            onEvent(.epochBegan(epoch: epoch, epochs: epochs, batches: batches))
            var lossSum: Float = 0, correct = 0, seen = 0
            for batch in 0..<batches {
                if shouldStop() {
                    onEvent(.interrupted(epoch: epoch, batch: batch))
                    return FitResult(history: history, interrupted: true)
                }
                let rows = order[(batch * batchSize)..<min((batch + 1) * batchSize, count)]
                let (xb, yb) = (x.gatherRows(rows), y.gatherRows(rows))
                for parameter in parameters { parameter.zeroGradient() }
                let p = layers.reduce(xb) { $1.forward($0, training: true) }
                let fused = softmaxTop && loss.fusesWithSoftmax
                let (batchLoss, gradient) = loss.evaluate(predictions: p, targets: yb, softmaxTop: fused)
                guard batchLoss.isFinite else {
                    for (parameter, value) in zip(parameters, lastGood) { parameter.value = value }
                    throw ModelError("the loss became \(batchLoss.isNaN ? "nan" : "infinite") in epoch \(epoch), batch "
                                     + "\(batch + 1) of \(batches); training stopped and the model keeps the weights "
                                     + "from before the last update (a smaller learning_rate usually helps)")
                }
                lastGood = parameters.map(\.value)
                backward(gradient, preActivation: fused)
                optimizer.step(parameters)
                lossSum += batchLoss * Float(rows.count)
                correct += countCorrect(p, yb, loss: loss)
                seen += rows.count
                onEvent(.batchEnded(epoch: epoch, batch: batch + 1, batches: batches,
                                    loss: lossSum / Float(seen), accuracy: Float(correct) / Float(seen)))
            }
            var log = EpochLog(epoch: epoch, loss: lossSum / Float(seen),
                               accuracy: Float(correct) / Float(seen), seconds: 0)
            if let validationData {
                let (vLoss, vAccuracy) = try evaluate(x: validationData.x, y: validationData.y, batchSize: batchSize)
                log.validationLoss = vLoss
                log.validationAccuracy = vAccuracy
            }
            log.seconds = MonotonicClock.now() - started
            history.epochs.append(log)
            onEvent(.epochEnded(log, epochs: epochs))
        }
        return FitResult(history: history, interrupted: false)
    }

    /// The mean loss and accuracy over a data set, in inference mode.
    public func evaluate(x: Tensor, y: Tensor, batchSize: Int = 256) throws -> (loss: Float, accuracy: Float) {
        let (_, loss) = try requireCompiled("evaluate")
        try validateData(x, y, loss: loss, role: "evaluate")
        let count = x.shape[0]
        guard count > 0 else { throw ModelError("evaluate was given no examples") }
        var lossSum: Float = 0, correct = 0
        for start in stride(from: 0, to: count, by: max(batchSize, 1)) {
            let range = start..<min(start + max(batchSize, 1), count)
            let p = layers.reduce(try x.slice(range)) { $1.forward($0, training: false) }
            let yb = try y.slice(range)
            lossSum += loss.evaluate(predictions: p, targets: yb, softmaxTop: false).loss * Float(range.count)
            correct += countCorrect(p, yb, loss: loss)
        }
        return (lossSum / Float(count), Float(correct) / Float(count))
    }

    /// The model's outputs for every example, computed in batches.
    public func predict(_ x: Tensor, batchSize: Int = 256) throws -> Tensor {
        try validateInput(x)
        var parts: [Tensor] = []
        for start in stride(from: 0, to: x.shape[0], by: max(batchSize, 1)) {
            let batch = try x.slice(start..<min(start + max(batchSize, 1), x.shape[0]))
            parts.append(layers.reduce(batch) { $1.forward($0, training: false) })
        }
        return parts.isEmpty ? Tensor.zeros([0] + outputShape) : try Tensor.concatenate(parts)
    }

    /// Examples whose predicted class matches the target (argmax of both for one-hot targets).
    private func countCorrect(_ p: Tensor, _ y: Tensor, loss: Loss) -> Int {
        let n = p.shape[0], width = p.count / max(n, 1)
        var correct = 0
        for row in 0..<n {
            var best = 0
            for j in 1..<max(width, 1) where p.scalars[row * width + j] > p.scalars[row * width + best] { best = j }
            let target: Int
            if loss == .sparseCategoricalCrossentropy {
                target = Int(y.scalars[row])
            } else {
                var t = 0
                for j in 1..<max(width, 1) where y.scalars[row * width + j] > y.scalars[row * width + t] { t = j }
                target = t
            }
            if best == target { correct += 1 }
        }
        return correct
    }
}
