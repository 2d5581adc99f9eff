import CamLabCore

/// Where the wall time of `fit` goes, phase by phase, for the benchmark. Phases are timed back to back with one
/// clock — each lap ends where the next begins — so together they cover the whole run and add up to its wall
/// time; whatever they miss is the time before the first lap and after the last.
public final class PhaseProfile {
    public enum Phase: Hashable, Sendable {
        /// Shuffling the example order at the start of an epoch.
        case shuffle
        /// Copying a batch's examples and targets out of the data set.
        case gather
        case zeroGradients
        case forward(layer: Int)
        case loss
        case backward(layer: Int)
        case optimizer
        /// Loss and accuracy running sums.
        case metrics
        case validation
        /// The observer: progress bars, logs.
        case progress
    }

    public private(set) var seconds: [Phase: Double] = [:]
    public private(set) var batches = 0
    private var last = MonotonicClock.now()

    public init() {}

    /// Starts the clock: the next lap begins now.
    func start() { last = MonotonicClock.now() }

    /// Charges the time since the previous lap to `phase`.
    func lap(_ phase: Phase) {
        let now = MonotonicClock.now()
        seconds[phase, default: 0] += now - last
        last = now
    }

    func countBatch() { batches += 1 }

    public var total: Double { seconds.values.reduce(0, +) }
}
