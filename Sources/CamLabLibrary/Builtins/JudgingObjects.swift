import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabLang
import CamLabPlot

/// A judging result drawn as a chart, which the judging builtins display as they return it (its forms, in
/// `ObjectForms.swift`, say how it shows and saves).
protocol DisplayableObject: CamLabObject {
    var plot: any Plot { get }
}

/// A result drawn as a labelled grid of pictures: its plot is the grid.
protocol GridObject: DisplayableObject {
    var grid: LabelledGrid { get }
}

extension GridObject {
    var plot: any Plot { grid }
}

/// What `sanity_check`, `random_logit_check` and `compare` return: the judging result and the grid of maps that
/// shows it. Each subclass adds its name, members and summary.
class JudgedGrid<Result> {
    let result: Result
    let grid: LabelledGrid
    init(_ result: Result, grid: LabelledGrid) {
        self.result = result
        self.grid = grid
    }
}

/// A deletion or insertion curve: `d.auc`, `d.scores`, `d.fractions`; `plot(d)` draws it.
final class CurveObject: DisplayableObject, TabulatedMembers {
    let curve: CausalCurve
    init(_ curve: CausalCurve) { self.curve = curve }

    var typeName: String { "\(curve.metric.rawValue) curve" }
    static let members = MemberTable<CurveObject>([
        "metric": { .string($0.curve.metric.rawValue) },
        "auc": { .number($0.curve.auc) },
        "scores": { .list($0.curve.scores.map(Value.number)) },
        "fractions": { .list($0.curve.fractions.map(Value.number)) },
        "image_aucs": { .list($0.curve.imageAUCs.map(Value.number)) },
        "step": { .number(Double($0.curve.step)) },
    ])
    var plot: any Plot { curvePlot([curve]) }
    var summary: String {
        let images = curve.imageAUCs.count
        return "<\(curve.metric.rawValue) curve: AUC \(scoreText(curve.auc)) (\(curve.metric.better)), "
            + "\(curve.scores.count) points, \(images) image\(images == 1 ? "" : "s")>"
    }
}

/// Deletion and insertion curves on one chart (score against the share of pixels changed).
func curvePlot(_ curves: [CausalCurve]) -> any Plot {
    let title = curves.map { "\($0.metric.rawValue) (AUC \(scoreText($0.auc)))" }.joined(separator: " and ")
    let series = curves.map { LineSeries(name: $0.metric.rawValue, values: $0.scores) }
    // One x axis serves both when their steps agree; otherwise the first curve's.
    return (try? LineChart(title: title.prefix(1).uppercased() + title.dropFirst(), xLabel: "share of pixels changed",
                           yLabel: "score of the class", series: series.filter { $0.values.count == curves[0].scores.count },
                           xValues: curves[0].fractions)) ?? EmptyPlot(title: title)
}

/// Stands in when a chart cannot be built (it can always be built from a curve; this keeps `plot` total).
struct EmptyPlot: Plot {
    let title: String
    func svg() -> String { "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>" }
    func terminal(width: Int, color: Bool) -> String { title + "\n" }
}

/// `confidence_change(…)`: `c.drop`, `c.increase`, `c.before`, `c.after`.
final class ConfidenceChangeObject: TabulatedMembers {
    let change: ConfidenceChange
    init(_ change: ConfidenceChange) { self.change = change }

    let typeName = "confidence change"
    static let members = MemberTable<ConfidenceChangeObject>([
        "before": { .list($0.change.before.map(Value.number)) },
        "after": { .list($0.change.after.map(Value.number)) },
        "drop": { .number($0.change.drop) },
        "increase": { .number($0.change.increase) },
        "drops": { .list($0.change.drops.map(Value.number)) },
        "increases": { .list($0.change.increases.map(Value.number)) },
    ])
    var summary: String {
        if change.before.count == 1 {
            return "<confidence change: score \(scoreText(Double(change.before[0]))) → \(scoreText(Double(change.after[0]))) "
                + "with the image multiplied by its map; drop \(scoreText(change.drop))"
                + (change.increase > 0 ? ", an increase>" : ">")
        }
        return "<confidence change over \(change.before.count) images: mean drop \(scoreText(change.drop)) (lower is "
            + "better), increase in \(FaithfulnessMetric.increase.formatted(change.increase)) of them (higher is better)>"
    }
}

/// `road(…)`: `r.score`, `r.most_relevant_first`, `r.least_relevant_first`, `r.fractions`; `plot(r)` draws both.
final class ROADObject: DisplayableObject, TabulatedMembers {
    let result: ROADResult
    init(_ result: ROADResult) { self.result = result }
    var plot: any Plot { roadPlot(result) }

    let typeName = "ROAD result"
    static let members = MemberTable<ROADObject>([
        "score": { .number($0.result.score) },
        "fractions": { .list($0.result.fractions.map(Value.number)) },
        "most_relevant_first": { .list($0.result.mostRelevantFirst.map(Value.number)) },
        "least_relevant_first": { .list($0.result.leastRelevantFirst.map(Value.number)) },
        "before": { .list($0.result.before.map(Value.number)) },
        "image_scores": { .list($0.result.imageScores.map(Value.number)) },
    ])
    var summary: String {
        let images = result.before.count
        return "<ROAD: score \(scoreText(result.score)) (higher is better) over \(result.fractions.count) shares removed, "
            + "\(images) image\(images == 1 ? "" : "s")>"
    }
}

/// The two ROAD curves: score against the share of pixels removed, most and least relevant first.
func roadPlot(_ result: ROADResult) -> any Plot {
    (try? LineChart(title: "ROAD: score after removing pixels (combined \(scoreText(result.score)))",
                    xLabel: "share of pixels removed", yLabel: "score of the class",
                    series: [LineSeries(name: "most relevant first", values: result.mostRelevantFirst),
                             LineSeries(name: "least relevant first", values: result.leastRelevantFirst)],
                    xValues: result.fractions)) ?? EmptyPlot(title: "ROAD")
}

/// `faithfulness(…)`: a table of methods against metrics; `f.values`, `f.methods`, `f.metrics`.
final class FaithfulnessObject: TabulatedMembers {
    let table: FaithfulnessTable
    init(_ table: FaithfulnessTable) { self.table = table }

    let typeName = "faithfulness table"
    static let members = MemberTable<FaithfulnessObject>([
        "methods": { .list($0.table.methods.map { .string($0) }) },
        "metrics": { .list($0.table.metrics.map { .string($0.rawValue) }) },
        "values": { o in .tensor(Tensor(shape: [o.table.methods.count, o.table.metrics.count],
                                        scalars: o.table.values.joined().map(Float.init))) },
        "images": { .number(Double($0.table.imageCount)) },
    ])
    var summary: String {
        let header = ["method"] + table.metrics.map { "\($0.rawValue) \($0.higherIsBetter ? "↑" : "↓")" }
        let winners = table.metrics.indices.map(table.best)
        let rows = table.methods.indices.map { m in
            [table.methods[m]] + table.metrics.indices.map { k in
                table.metrics[k].formatted(table.values[m][k]) + (winners[k] == m ? " *" : "")
            }
        }
        let images = table.imageCount
        return "Faithfulness over \(images) image\(images == 1 ? "" : "s")"
            + (table.layer.map { ", CAM methods on \($0)" } ?? "") + " (↓ lower is better, ↑ higher; * best)\n"
            + textTable(header, rows)
    }
}

/// `sanity_check(…)`: the correlations per method and step, the verdicts, and the grid of maps.
final class SanityCheckObject: JudgedGrid<CascadingRandomization>, GridObject, TabulatedMembers {
    let typeName = "sanity check"
    static let members = MemberTable<SanityCheckObject>([
        "methods": { .list($0.result.methods.map { .string($0) }) },
        "layers": { .list($0.result.layers.map { .string($0) }) },
        "correlations": { o in .tensor(Tensor(shape: [o.result.methods.count, o.result.layers.count],
                                              scalars: o.result.correlations.joined().map(Float.init))) },
        "passed": { o in .list(o.result.methods.indices.map { .bool(o.result.passes($0)) }) },
        "threshold": { .number($0.result.threshold) },
    ])
    var summary: String {
        let images = result.targets.count
        let header = ["method", "trained"] + result.layers.map { "rand. \($0)" } + ["verdict"]
        let rows = result.methods.indices.map { m in
            [result.methods[m], "1.00"] + result.correlations[m].map(correlationText)
                + [result.passes(m) ? "passes" : "fails"]
        }
        return "Cascading randomisation: rank correlation of each map with the trained model's, as the weights are "
            + "destroyed from the top layer down (\(images) image\(images == 1 ? "" : "s")). A method passes when "
            + "the fully randomised map's |rho| is below \(scoreText(result.threshold, decimals: 2)).\n" + textTable(header, rows)
    }
}

/// `random_logit_check(…)`.
final class RandomLogitObject: JudgedGrid<RandomLogitCheck>, GridObject, TabulatedMembers {
    let typeName = "random-logit check"
    static let members = MemberTable<RandomLogitObject>([
        "methods": { .list($0.result.methods.map { .string($0) }) },
        "correlations": { .list($0.result.correlations.map(Value.number)) },
        "passed": { o in .list(o.result.methods.indices.map { .bool(o.result.passes($0)) }) },
        "predicted": { .list($0.result.predicted.map { .number(Double($0)) }) },
        "other": { .list($0.result.other.map { .number(Double($0)) }) },
        "threshold": { .number($0.result.threshold) },
    ])
    var summary: String {
        let images = result.predicted.count
        let rows = result.methods.indices.map { m in
            [result.methods[m], correlationText(result.correlations[m]), result.passes(m) ? "passes" : "fails"]
        }
        return "Random other class: rank correlation between the map for the predicted class and for a random other "
            + "class (\(images) image\(images == 1 ? "" : "s")); a method passes when |rho| is below "
            + "\(scoreText(result.threshold, decimals: 2)).\n" + textTable(["method", "rho", "verdict"], rows)
    }
}

/// `compare(…)`: the grid of maps with their scores.
final class ComparisonObject: JudgedGrid<Comparison>, GridObject, TabulatedMembers {
    var comparison: Comparison { result }
    let typeName = "comparison"
    static let members = MemberTable<ComparisonObject>([
        "methods": { .list($0.comparison.methods.map { .string($0) }) },
        "layers": { .list($0.comparison.layers.map { .string($0) }) },
        "metrics": { .list($0.comparison.metrics.map { .string($0.rawValue) }) },
        // [layer][method] → list of scores, none where the method reads no layer.
        "scores": { o in .list(o.comparison.cells.map { row in
            .list(row.map { cell in cell.map { .list($0.scores.map(Value.number)) } ?? .none })
        }) },
        "target": { .number(Double($0.comparison.target)) },
    ])
    var summary: String {
        var rows: [[String]] = []
        for (r, row) in comparison.cells.enumerated() {
            for (m, cell) in row.enumerated() {
                guard let cell else { continue }
                rows.append([comparison.methods[m], comparison.layers[r]]
                            + comparison.metrics.indices.map { comparison.metrics[$0].formatted(cell.scores[$0]) })
            }
        }
        return "Comparison for class \(comparison.target) (score \(scoreText(Double(comparison.score))))\n"
            + textTable(["method", "layer"] + comparison.metrics.map(\.rawValue), rows)
    }
}

/// Three decimals, as the tables print scores.
/// A score as the judging tables show it: three decimals (or `decimals`), "n/a" when it is not finite.
func scoreText(_ value: Double, decimals: Int = 3) -> String { value.isFinite ? value.fixed(decimals: decimals) : "n/a" }

func correlationText(_ value: Double) -> String { value.isNaN ? "flat" : scoreText(value, decimals: 2) }

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// Columns padded to their widest cell, the first left-aligned and the rest right-aligned.
func textTable(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
    return all.map { row in
        row.enumerated().map { c, cell in
            let pad = String(repeating: " ", count: widths[c] - cell.count)
            return c == 0 ? cell + pad : pad + cell
        }.joined(separator: "  ").trimmingTrailingSpaces
    }.joined(separator: "\n")
}
