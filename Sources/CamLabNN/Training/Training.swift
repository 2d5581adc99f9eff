import CamLabCore

/// The outcome of `fit`: how many epochs completed and whether the user stopped it early.
public struct FitResult: Sendable {
    public var history: History
    public var interrupted: Bool
}

extension Model {
    /// Chooses the optimizer and loss for `fit` and `evaluate`. Accuracy is always tracked.
    public func compile(optimizer: any Optimizer, loss: Loss) {
        self.optimizer = optimizer
        self.loss = loss
    }

    private func requireCompiled(_ operation: String) throws -> (any Optimizer, Loss) {
        guard let optimizer, let loss else {
            throw Problem("\(operation) needs a compiled model; call compile(model, optimizer: adam, "
                             + "loss: sparse_categorical_crossentropy) first")
        }
        return (optimizer, loss)
    }

    private func validateData(_ x: Tensor, _ y: Tensor, loss: Loss, role: String) throws {
        try validateInput(x)
        guard y.rank >= 1, y.shape[0] == x.shape[0] else {
            throw Problem("\(role): \(x.shape[0]) inputs but \(y.rank >= 1 ? y.shape[0] : 0) targets; "
                             + "they must have the same first dimension")
        }
        try loss.validate(predictionShape: [x.shape[0]] + outputShape, targets: y)
    }

    /// Whether the loss's gradient can be handed to the logits directly (softmax + cross-entropy fuse to
    /// `p - onehot`, which stays exact when p underflows).
    private func fusesSoftmax(_ loss: Loss) -> Bool { outputActivation == .softmax && loss.fusesWithSoftmax }

    /// Trains on `x`/`y` in shuffled mini-batches, Keras style. `limits.interruption` is polled between batches
    /// (Ctrl-C in a session); a stopped run keeps the weights and the epochs completed so far. A batch whose
    /// activations exceed `limits.budget` is refused before training starts.
    @discardableResult
    public func fit(x: Tensor, y: Tensor, batchSize: Int = 32, epochs: Int = 1, shuffle: Bool = true,
                    validationData: (x: Tensor, y: Tensor)? = nil,
                    onEvent: (TrainingEvent) -> Void = { _ in },
                    limits: RunLimits = RunLimits(), profile: PhaseProfile? = nil) throws -> FitResult {
        let (optimizer, loss) = try requireCompiled("fit")
        guard batchSize > 0, epochs >= 0 else {
            throw Problem("fit needs a positive batch_size and epochs >= 0, got \(batchSize) and \(epochs)")
        }
        try checkBatch(batchSize, of: x.shape.first ?? 1, budget: limits.budget)
        try validateData(x, y, loss: loss, role: "fit")
        if let validationData { try validateData(validationData.x, validationData.y, loss: loss, role: "validation_data") }
        let count = x.shape[0]
        guard count > 0 else { throw Problem("fit was given no training examples") }
        Allocator.keepLargeBlocks()
        let batches = (count + batchSize - 1) / batchSize
        var order = Array(0..<count)
        // Like Keras' `model.history`, the model keeps the record of its latest fit, kept up to date epoch by
        // epoch so that an interrupted fit still shows what it completed.
        history = History()
        // The weights that last gave a finite loss: a batch whose loss is nan or infinite stops training and puts
        // them back, so a diverging run never leaves the model full of nan. They are copied into buffers of their
        // own, so that the optimizer updates the weights in place and neither moves in memory batch after batch.
        var lastGood = parameters.map { Tensor(shape: $0.value.shape, scalars: $0.value.scalars.map { $0 }) }
        let trainable = trainableParameters
        let gradients = Gradients(for: trainable)
        // Dropout's masks: a stream drawn from the model's generator only when a layer uses it, so the shuffles of
        // models without dropout stay as they were.
        let random = RandomStream(seed: layers.contains { $0 is Dropout } ? generator.next() : 0)
        let fused = fusesSoftmax(loss)
        for epoch in 1...max(epochs, 1) where epochs > 0 {
            let started = MonotonicClock.now()
            profile?.start()
            if shuffle { order.shuffle(using: &generator) }
            profile?.lap(.shuffle)
            onEvent(.epochBegan(epoch: epoch, epochs: epochs, batches: batches))
            profile?.lap(.progress)
            var lossSum: Float = 0, correct = 0, seen = 0
            for batch in 0..<batches {
                if limits.interruption.isRequested {
                    onEvent(.interrupted(epoch: epoch, batch: batch))
                    return FitResult(history: history, interrupted: true)
                }
                let rows = order[(batch * batchSize)..<min((batch + 1) * batchSize, count)]
                gradients.zero()
                profile?.lap(.zeroGradients)
                // The batch goes forward and back in parts whose activations stay in cache (see `passSize`);
                // their gradients add up to the batch's, and one optimizer step follows.
                let partSize = passSize(batchSize, training: true)
                for start in stride(from: rows.startIndex, to: rows.endIndex, by: partSize) {
                    let part = rows[start..<min(start + partSize, rows.endIndex)]
                    let (xb, yb) = (x.gatherRows(part), y.gatherRows(part))
                    profile?.lap(.gather)
                    var pass = ForwardPass(model: self, input: xb, training: true, keeping: .whatBackwardReads,
                                           random: random, profile: profile)
                    let p = pass.output
                    let (partLoss, gradient) = loss.evaluate(predictions: p, targets: yb, softmaxTop: fused,
                                                             batchCount: rows.count)
                    profile?.lap(.loss)
                    guard partLoss.isFinite else {
                        for (parameter, value) in zip(parameters, lastGood) { parameter.value = value }
                        throw Problem("the loss became \(partLoss.isNaN ? "nan" : "infinite") in epoch \(epoch), "
                                         + "batch \(batch + 1) of \(batches); training stopped and the model keeps the "
                                         + "weights from before the last update (a smaller learning_rate usually helps)")
                    }
                    pass.backwardReleasing(from: fused ? logitsValue : NodeValue(node: outputNode), seed: gradient,
                                           parameterGradients: gradients, profile: profile)
                    pass.commitStateUpdates()
                    lossSum += partLoss * Float(part.count)
                    correct += countCorrect(p, yb, loss: loss)
                    profile?.lap(.metrics)
                }
                for (index, parameter) in parameters.enumerated() {
                    lastGood[index].scalars.withUnsafeMutableBufferPointer { saved in
                        _ = saved.update(fromContentsOf: parameter.value.scalars)
                    }
                }
                optimizer.step(trainable, gradients: gradients)
                profile?.lap(.optimizer)
                seen += rows.count
                onEvent(.batchEnded(epoch: epoch, batch: batch + 1, batches: batches,
                                    loss: lossSum / Float(seen), accuracy: Float(correct) / Float(seen)))
                profile?.lap(.progress)
                profile?.countBatch()
            }
            var log = EpochLog(epoch: epoch, loss: lossSum / Float(seen),
                               accuracy: Float(correct) / Float(seen), seconds: 0)
            if let validationData {
                // Inference needs no gradients: validate in the largest passes the activation budget allows
                // (to the end: a stop request ends training at the next batch, with this epoch complete).
                let (vLoss, vAccuracy) = try evaluate(x: validationData.x, y: validationData.y,
                                                      batchSize: max(batchSize, passSize(.max)),
                                                      limits: RunLimits(budget: limits.budget))
                log.validationLoss = vLoss
                log.validationAccuracy = vAccuracy
            }
            profile?.lap(.validation)
            log.seconds = MonotonicClock.now() - started
            history.epochs.append(log)
            onEvent(.epochEnded(log, epochs: epochs))
            profile?.lap(.progress)
        }
        return FitResult(history: history, interrupted: false)
    }

    /// The mean loss and accuracy over a data set, in inference mode. Stops with `Interrupted` before a pass once
    /// `limits.interruption` is requested.
    public func evaluate(x: Tensor, y: Tensor, batchSize: Int = 256,
                         limits: RunLimits = RunLimits()) throws -> (loss: Float, accuracy: Float) {
        let (_, loss) = try requireCompiled("evaluate")
        try checkBatch(batchSize, of: x.shape.first ?? 1, budget: limits.budget)
        try validateData(x, y, loss: loss, role: "evaluate")
        let count = x.shape[0]
        guard count > 0 else { throw Problem("evaluate was given no examples") }
        Allocator.keepLargeBlocks()
        var lossSum: Float = 0, correct = 0
        let (step, group) = inferenceSlices(batchSize)
        for start in stride(from: 0, to: count, by: step) {
            try limits.interruption.check()
            let range = start..<min(start + step, count)
            let p = outputsInGroups(x, examples: range, groupSize: group)
            let yb = try y.slice(range)
            lossSum += loss.evaluate(predictions: p, targets: yb, softmaxTop: false).loss * Float(range.count)
            correct += countCorrect(p, yb, loss: loss)
        }
        return (lossSum / Float(count), Float(correct) / Float(count))
    }

    /// The model's outputs for every example, computed in batches. Stops with `Interrupted` before a pass once
    /// `limits.interruption` is requested.
    public func predict(_ x: Tensor, batchSize: Int = 256, limits: RunLimits = RunLimits()) throws -> Tensor {
        try checkBatch(batchSize, of: x.shape.first ?? 1, budget: limits.budget)
        try validateInput(x)
        Allocator.keepLargeBlocks()
        var parts: [Tensor] = []
        let (step, group) = inferenceSlices(batchSize)
        for start in stride(from: 0, to: x.shape[0], by: step) {
            try limits.interruption.check()
            parts.append(outputsInGroups(x, examples: start..<min(start + step, x.shape[0]), groupSize: group))
        }
        return parts.isEmpty ? Tensor.zeros([0] + outputShape) : try Tensor.concatenate(parts)
    }

    /// Floats of activations one pass may hold: 16 MB, so a pass's layer outputs stay in the L3 cache from one
    /// layer to the next and the memory a batch needs does not grow with its size (`inferenceBudget` when
    /// inference passes run side by side). It also bounds the inputs and outputs of one slice of inference
    /// (`inferenceSlices`).
    static let activationBudget = 4 << 20

    /// Floats of activations one inference pass may hold when passes run side by side (`outputsInGroups`): 4 MB.
    /// Each worker takes a group of examples at a time: the smaller the groups, the less a worker waits for the
    /// other at the end, the more each group's fixed costs. Predicting 10,000 pictures with the walkthrough's
    /// network (6 runs alternating, 2-core AMD EPYC Zen 4) took 0.245–0.257 s in groups of 27 (this budget),
    /// 0.246–0.267 s in groups of 55 and 0.260–0.272 s in groups of 111; in passes of 111 whose every layer split
    /// its work between the workers, 0.263–0.284 s.
    static let inferenceBudget = 1 << 20

    /// Examples per forward (and backward) pass for batches of `batchSize`: as many as fit the budget, at least
    /// one. Only speed and memory depend on it, not the results' mathematics. A training pass keeps every output
    /// for its backward pass; an inference pass only what is still to be read, about a layer's inputs and its
    /// output at a time. A batch whose examples interact (batch normalization while training) goes as one pass.
    public func passSize(_ batchSize: Int, training: Bool = false) -> Int {
        if training && layers.contains(where: { $0.couplesExamples(training: true) }) { return max(batchSize, 1) }
        let perExample = training ? layers.reduce(0) { $0 + $1.outputShape.elementCount } : inferenceFloatsPerExample
        let budget = training || !runsInferenceSideBySide ? Self.activationBudget : Self.inferenceBudget
        return max(1, min(max(batchSize, 1), budget / max(perExample, 1)))
    }

    /// How `predict` and `evaluate` go through data in batches of `batchSize`: slices of `slice` examples, whose
    /// inputs and outputs fit the activation budget, each run in passes of `group` examples (`outputsInGroups`).
    func inferenceSlices(_ batchSize: Int) -> (slice: Int, group: Int) {
        let group = passSize(batchSize)
        let perExample = inputShape.elementCount + outputShape.elementCount
        return (max(group, Self.activationBudget / max(perExample, 1) / group * group), group)
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
