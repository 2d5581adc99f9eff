import CamLabExplain
import CamLabImaging
import CamLabLang
import Synchronization

/// An explanation's overlays, one per colour setting: eli5's `format_as_image` resamples the heatmap to the
/// image's size, which costs more than drawing or encoding the result, so each setting is made once — at the
/// first echo, `show`, `save` or `format_as_image` that asks for it — and kept with the explanation.
final class ExplanationOverlays: Sendable {
    struct Style: Hashable {
        /// nil: the explanation's default (viridis, or coolwarm for a signed map).
        let colormap: String?
        let alphaLimit: Double?
        let resampling: ResamplingFilter
    }

    private let made = Mutex<[Style: Image]>([:])

    /// How many overlays were computed, for the tests that check each setting is made once.
    var computedCount: Int { made.withLock { $0.count } }

    func overlay(of explanation: Explanation, colormap: Colormap?, alphaLimit: Double?,
                 resampling: ResamplingFilter) throws -> Image {
        let style = Style(colormap: colormap?.name, alphaLimit: alphaLimit, resampling: resampling)
        if let image = made.withLock({ $0[style] }) { return image }
        // Made outside the lock: a session runs one input at a time, so at worst two threads make the same image.
        let image = try formatAsImage(explanation, colormap: colormap, alphaLimit: alphaLimit, resampling: resampling)
        made.withLock { $0[style] = image }
        return image
    }
}
