import CamLabCore

/// Keras' training lines, formatted from `TrainingUpdate`s; every receiver that shows text uses them:
///
///     Epoch 1/8
///      37/235 ━━━╸━━━━━━━━━━━━━━━━ ETA 9s - 48ms/step - accuracy: 0.6012 - loss: 1.0012
///     235/235 ━━━━━━━━━━━━━━━━━━━━ 12s 51ms/step - accuracy: 0.7913 - loss: 0.5870 - val_accuracy: … - val_loss: …
public enum ProgressLine {
    public static let barWidth = 20

    /// The live line of a `.progress` update (redrawn in place); nil for the other updates.
    public static func live(_ update: TrainingUpdate) -> String? {
        guard case .progress(_, let batch, let batches, let loss, let accuracy, let seconds) = update else { return nil }
        let perStep = seconds / Double(max(batch, 1))
        let eta = perStep * Double(batches - batch)
        return "\(counter(batch, batches)) \(bar(batch, batches)) ETA \(duration(eta)) - "
            + "\(milliseconds(perStep))/step - accuracy: \(Double(accuracy).fixed(decimals: 4)) - loss: \(Double(loss).fixed(decimals: 4))"
    }

    /// The lines a log keeps of an update (each ending in a newline): the epoch header, the epoch's summary, the
    /// notice of an interrupt; empty for live progress.
    public static func logText(_ update: TrainingUpdate) -> String {
        switch update {
        case .epochBegan(let epoch, let epochs, _):
            return "Epoch \(epoch)/\(epochs)\n"
        case .progress:
            return ""
        case .epochEnded(let log, _, let batches):
            let perStep = log.seconds / Double(max(batches, 1))
            var line = "\(counter(batches, batches)) \(bar(batches, batches)) \(duration(log.seconds)) "
                + "\(milliseconds(perStep))/step - accuracy: \(Double(log.accuracy).fixed(decimals: 4)) - loss: \(Double(log.loss).fixed(decimals: 4))"
            if let v = log.validationAccuracy { line += " - val_accuracy: \(Double(v).fixed(decimals: 4))" }
            if let v = log.validationLoss { line += " - val_loss: \(Double(v).fixed(decimals: 4))" }
            return line + "\n"
        case .stopped(let epoch, let batch):
            return "Training interrupted in epoch \(epoch) before batch \(batch + 1); "
                + "the model keeps its weights and model.history its completed epochs.\n"
        }
    }

    /// `" 37/235"`: the count right-aligned to the total's width, as Keras aligns it.
    static func counter(_ batch: Int, _ batches: Int) -> String {
        let total = String(batches), done = String(batch)
        return String(repeating: " ", count: max(0, total.count - done.count)) + done + "/" + total
    }

    static func bar(_ batch: Int, _ batches: Int) -> String {
        let filled = Double(barWidth) * Double(batch) / Double(max(batches, 1))
        let full = min(barWidth, Int(filled))
        let half = full < barWidth && filled - Double(full) >= 0.5
        return String(repeating: "━", count: full) + (half ? "╸" : "")
            + String(repeating: "─", count: barWidth - full - (half ? 1 : 0))
    }
}

func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    if s >= 3600 { return "\(s / 3600)h\(format2(s % 3600 / 60))m" }
    if s >= 60 { return "\(s / 60)m\(format2(s % 60))s" }
    return "\(s)s"
}

func milliseconds(_ seconds: Double) -> String {
    seconds >= 1 ? "\(seconds.fixed(decimals: 1))s" : "\(Int((seconds * 1000).rounded()))ms"
}

private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
