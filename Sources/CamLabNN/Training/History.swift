/// The figures Keras logs at the end of an epoch.
public struct EpochLog: Sendable, Equatable {
    public var epoch: Int
    public var loss: Float
    public var accuracy: Float
    public var validationLoss: Float?
    public var validationAccuracy: Float?
    public var seconds: Double

    public init(epoch: Int, loss: Float, accuracy: Float, validationLoss: Float? = nil,
                validationAccuracy: Float? = nil, seconds: Double) {
        (self.epoch, self.loss, self.accuracy) = (epoch, loss, accuracy)
        (self.validationLoss, self.validationAccuracy, self.seconds) = (validationLoss, validationAccuracy, seconds)
    }
}

/// What `fit` recorded, one entry per completed epoch, like Keras' `History.history`.
public struct History: Sendable, Equatable {
    public var epochs: [EpochLog] = []
    public init() {}

    public var loss: [Float] { epochs.map(\.loss) }
    public var accuracy: [Float] { epochs.map(\.accuracy) }
    public var validationLoss: [Float] { epochs.compactMap(\.validationLoss) }
    public var validationAccuracy: [Float] { epochs.compactMap(\.validationAccuracy) }
}

/// What `fit` tells its observer as it goes; the REPL draws a Keras-like progress bar from these.
public enum TrainingEvent: Sendable {
    case epochBegan(epoch: Int, epochs: Int, batches: Int)
    /// Running means over the epoch so far, as Keras' bar shows them.
    case batchEnded(epoch: Int, batch: Int, batches: Int, loss: Float, accuracy: Float)
    case epochEnded(EpochLog, epochs: Int)
    /// Training stopped between batches because its `RunLimits.interruption` was requested.
    case interrupted(epoch: Int, batch: Int)
}
