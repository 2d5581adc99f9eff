import CamLabCore
import CamLabExplain
import CamLabImaging

/// An explanation as a language value: `e.method`, `e.target`, `e.score`, `e.map`, `e.heatmap`, … It remembers the
/// formatting options `explain` was given, so `save(explain(model, x, colormap: reds), "out.png")` is one line.
public final class ExplanationObject: CamLabObject {
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

    public var memberNames: [String] {
        ["method", "method_name", "description", "target", "target_name", "score", "score_kind", "probability",
         "counterfactual", "layer", "layers", "map", "map_style", "heatmap", "image"]
    }

    public func member(_ name: String) -> Value? {
        let e = explanation
        switch name {
        case "method": return .string(e.method)
        case "method_name": return .string(e.methodName)
        case "description": return .string(e.description)
        case "target": return .number(Double(e.target))
        case "target_name": return e.targetName.map { .string($0) } ?? Value.none
        case "score": return .number(e.score)
        case "score_kind": return .string(e.scoreKind.rawValue)
        case "probability": return e.probability.map { .number($0) } ?? Value.none
        case "counterfactual": return .bool(e.counterfactual)
        case "layer": return .string(e.layerName)
        case "layers": return .list(e.layerNames.map { .string($0) })
        case "map": return .tensor(e.map)
        case "map_style": return .string(e.style.rawValue)
        case "heatmap": return .tensor(heatmapTensor(e.heatmap))
        case "image": return .object(ImageObject(e.image))
        default: return nil
        }
    }

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
