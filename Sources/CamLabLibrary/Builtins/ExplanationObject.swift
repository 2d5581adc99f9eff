import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabLang

/// An explanation as a language value: `e.method`, `e.target`, `e.score`, `e.map`, `e.heatmap`, … It remembers the
/// formatting options `explain` was given, so `save(explain(model, x, colormap: reds), "out.png")` is one line.
public final class ExplanationObject: TabulatedMembers {
    public let typeName = "explanation"
    public let explanation: Explanation
    /// nil: viridis, or coolwarm for a signed map.
    let colormap: Colormap?
    let alphaLimit: Double?
    let resampling: ResamplingFilter
    /// The overlays made so far, one per colour setting.
    let overlays = ExplanationOverlays()

    init(_ explanation: Explanation, colormap: Colormap?, alphaLimit: Double?, resampling: ResamplingFilter) {
        self.explanation = explanation
        self.colormap = colormap
        self.alphaLimit = alphaLimit
        self.resampling = resampling
    }

    public static let members = MemberTable<ExplanationObject>([
        "method": { .string($0.explanation.method) },
        "method_name": { .string($0.explanation.methodName) },
        "description": { .string($0.explanation.description) },
        "target": { .number(Double($0.explanation.target)) },
        "target_name": { $0.explanation.targetName.map { .string($0) } ?? Value.none },
        "score": { .number($0.explanation.score) },
        "score_kind": { .string($0.explanation.scoreKind.rawValue) },
        "probability": { $0.explanation.probability.map { .number($0) } ?? Value.none },
        "counterfactual": { .bool($0.explanation.counterfactual) },
        "layer": { .string($0.explanation.layerName) },
        "layers": { .list($0.explanation.layerNames.map { .string($0) }) },
        "map": { .tensor($0.explanation.map) },
        "map_style": { .string($0.explanation.style.rawValue) },
        "heatmap": { .tensor(heatmapTensor($0.explanation.heatmap)) },
        "image": { .object(ImageObject($0.explanation.image)) },
    ])

    public var summary: String {
        let e = explanation
        let target = e.targetName.map { "class \(e.target) \"\($0)\"" } ?? "class \(e.target)"
        let kind = e.counterfactual ? "counterfactual explanation" : "explanation"
        let layer = e.layerNames.isEmpty ? "the input" : "layer " + e.layerNames.joined(separator: " + ")
        return "<\(e.method) \(kind) of \(target) (\(e.scoreKind.rawValue) \(Value.number(e.score))) "
            + "on \(layer), heatmap \(e.heatmap.height)×\(e.heatmap.width)>"
    }

    /// eli5's `format_as_image` with the options given to `explain`, made once.
    func formatted() throws -> Image {
        try overlays.overlay(of: explanation, colormap: colormap, alphaLimit: alphaLimit, resampling: resampling)
    }
}

func heatmapTensor(_ heatmap: Heatmap) -> Tensor { Tensor(shape: [heatmap.height, heatmap.width], scalars: heatmap.values) }
