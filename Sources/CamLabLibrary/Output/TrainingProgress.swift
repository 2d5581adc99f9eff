import CamLabCore
import CamLabLang
import CamLabNN

/// Turns the trainer's events into `TrainingUpdate`s for a receiver: live progress only when the receiver redraws
/// in place, and then a few times a second at most, so a fit of 60,000 one-image batches does not flood a notebook.
struct TrainingProgress {
    let output: OutputReceiver
    let verbose: Bool
    private let live: Bool
    private var epochStarted = 0.0
    private var lastDraw = 0.0
    private var batches = 0

    init(output: OutputReceiver, verbose: Bool) {
        self.output = output
        self.verbose = verbose
        live = verbose && output.medium.updatesInPlace
    }

    mutating func handle(_ event: TrainingEvent) {
        switch event {
        case .epochBegan(let epoch, let epochs, let batches):
            self.batches = batches
            epochStarted = MonotonicClock.now()
            lastDraw = 0
            if verbose { output.receive(.training(.epochBegan(epoch: epoch, epochs: epochs, batches: batches))) }
        case .batchEnded(let epoch, let batch, let batches, let loss, let accuracy):
            guard live else { return }
            let now = MonotonicClock.now()
            // Redrawing costs a write; a few times a second is enough for the eye.
            guard batch == batches || now - lastDraw >= 0.1 else { return }
            lastDraw = now
            output.receive(.training(.progress(epoch: epoch, batch: batch, batches: batches, loss: loss,
                                               accuracy: accuracy, seconds: now - epochStarted)))
        case .epochEnded(let log, let epochs):
            if verbose { output.receive(.training(.epochEnded(EpochSummary(log), epochs: epochs, batches: batches))) }
        case .interrupted(let epoch, let batch):
            output.receive(.training(.stopped(epoch: epoch, batch: batch)))
        }
    }
}

extension EpochSummary {
    /// The trainer's record of an epoch, as the progress line shows it.
    init(_ log: EpochLog) {
        self.init(epoch: log.epoch, loss: log.loss, accuracy: log.accuracy, seconds: log.seconds)
        (validationLoss, validationAccuracy) = (log.validationLoss, log.validationAccuracy)
    }
}
