import CamLabCore

/// A training history as two panels side by side: loss per epoch and accuracy per epoch, each with the training
/// curve (solid) against the validation curve (dashed) when validation was measured.
public struct TrainingHistoryPlot: Plot {
    public var title: String
    public let loss: LineChart
    public let accuracy: LineChart?

    /// One value per epoch in each array; `valLoss`, `accuracy` and `valAccuracy` may be empty when not measured.
    /// Throws when a non-empty array's length differs from `loss`'s.
    public init(title: String = "Training history", loss: [Double], valLoss: [Double] = [],
                accuracy: [Double] = [], valAccuracy: [Double] = []) throws {
        guard !loss.isEmpty else {
            throw Problem("training history has no epochs: train the model with fit before plotting its history")
        }
        for (name, values) in [("val_loss", valLoss), ("accuracy", accuracy), ("val_accuracy", valAccuracy)]
        where !values.isEmpty && values.count != loss.count {
            throw Problem("training history: '\(name)' has \(values.count) epochs but 'loss' has \(loss.count)")
        }
        self.title = title
        var lossSeries = [LineSeries(name: "training", values: loss, color: Palette.color(0))]
        if !valLoss.isEmpty {
            lossSeries.append(LineSeries(name: "validation", values: valLoss, color: Palette.color(1), dashed: true))
        }
        self.loss = try LineChart(title: "Loss", yLabel: "loss", series: lossSeries)
        var accuracySeries: [LineSeries] = []
        if !accuracy.isEmpty {
            accuracySeries.append(LineSeries(name: "training", values: accuracy, color: Palette.color(0)))
        }
        if !valAccuracy.isEmpty {
            accuracySeries.append(LineSeries(name: "validation", values: valAccuracy, color: Palette.color(1),
                                             dashed: true))
        }
        self.accuracy = accuracySeries.isEmpty ? nil
            : try LineChart(title: "Accuracy", yLabel: "accuracy", series: accuracySeries)
    }

    public func svg() -> String {
        let panel = 460.0, height = 330.0
        var svg = SVGBuilder(width: accuracy == nil ? panel : 2 * panel, height: height + 30)
        svg.text(svg.width / 2, 22, title, anchor: "middle", size: 17, weight: "700")
        loss.draw(into: &svg, x: 0, y: 30, width: panel, height: height)
        accuracy?.draw(into: &svg, x: panel, y: 30, width: panel, height: height)
        return svg.document(title: title)
    }

    public func terminal(width: Int, color: Bool) -> String {
        var out = fit(title, width) + "\n" + loss.terminal(width: width, color: color)
        if let accuracy { out += "\n" + accuracy.terminal(width: width, color: color) }
        return out
    }
}
