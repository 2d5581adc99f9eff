import CamLabCore
import CamLabNN

/// Draws training progress the way Keras does:
///
///     Epoch 1/8
///      37/235 ━━━╸━━━━━━━━━━━━━━━━ ETA 9s - 48ms/step - accuracy: 0.6012 - loss: 1.0012
///     235/235 ━━━━━━━━━━━━━━━━━━━━ 12s 51ms/step - accuracy: 0.7913 - loss: 0.5870 - val_accuracy: … - val_loss: …
///
/// The live line goes to the sink's `progress` (redrawn in place on a terminal, ignored elsewhere); the
/// "Epoch" header and the final line of each epoch are ordinary output, so logs and reports keep them.
struct ProgressBar {
    let output: OutputSink
    var width = 20
    private var epochStarted = 0.0
    private var lastDraw = 0.0
    private var batches = 0

    init(output: OutputSink) { self.output = output }

    mutating func handle(_ event: TrainingEvent) {
        switch event {
        case .epochBegan(let epoch, let epochs, let batches):
            output.write("Epoch \(epoch)/\(epochs)\n")
            self.batches = batches
            epochStarted = MonotonicClock.now()
            lastDraw = 0
        case .batchEnded(_, let batch, let batches, let loss, let accuracy):
            guard output.showsProgress else { return }
            let now = MonotonicClock.now()
            // Redrawing costs a write; a few times a second is enough for the eye.
            guard batch == batches || now - lastDraw >= 0.1 else { return }
            lastDraw = now
            let perStep = (now - epochStarted) / Double(batch)
            let eta = perStep * Double(batches - batch)
            output.progress("\(counter(batch, batches)) \(bar(batch, batches)) ETA \(duration(eta)) - "
                            + "\(milliseconds(perStep))/step - accuracy: \(fixed4(accuracy)) - loss: \(fixed4(loss))")
        case .epochEnded(let log, _):
            output.progress(nil)
            let perStep = log.seconds / Double(max(batches, 1))
            var line = "\(counter(batches, batches)) \(bar(batches, batches)) \(duration(log.seconds)) "
                + "\(milliseconds(perStep))/step - accuracy: \(fixed4(log.accuracy)) - loss: \(fixed4(log.loss))"
            if let v = log.validationAccuracy { line += " - val_accuracy: \(fixed4(v))" }
            if let v = log.validationLoss { line += " - val_loss: \(fixed4(v))" }
            output.write(line + "\n")
        case .interrupted(let epoch, let batch):
            output.progress(nil)
            output.write("Training stopped by Ctrl-C in epoch \(epoch) before batch \(batch + 1); "
                         + "the model keeps its weights and model.history its completed epochs.\n")
        }
    }

    /// `" 37/235"`: the count right-aligned to the total's width, as Keras aligns it.
    private func counter(_ batch: Int, _ batches: Int) -> String {
        let total = String(batches), done = String(batch)
        return String(repeating: " ", count: max(0, total.count - done.count)) + done + "/" + total
    }

    private func bar(_ batch: Int, _ batches: Int) -> String {
        let filled = Double(width) * Double(batch) / Double(max(batches, 1))
        let full = min(width, Int(filled))
        let half = full < width && filled - Double(full) >= 0.5
        return String(repeating: "━", count: full) + (half ? "╸" : "")
            + String(repeating: "─", count: width - full - (half ? 1 : 0))
    }
}

func fixed4(_ value: Float) -> String { Double(value).fixed(decimals: 4) }

func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    if s >= 3600 { return "\(s / 3600)h\(String(format2(s % 3600 / 60)))m" }
    if s >= 60 { return "\(s / 60)m\(format2(s % 60))s" }
    return "\(s)s"
}

func milliseconds(_ seconds: Double) -> String {
    seconds >= 1 ? "\(seconds.fixed(decimals: 1))s" : "\(Int((seconds * 1000).rounded()))ms"
}

private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
