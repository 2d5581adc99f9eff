import CamLabImaging

extension Explanation {
    /// Three titled panels for a figure: the input in gray, the heatmap alone in `heatmapColormap` (stretched to
    /// the input's size with nearest neighbour, so the layer's cells stay visible) and the eli5 overlay; every
    /// panel enlarged `scale` times so a 28×28 input is readable. Put them side by side with
    /// `Figure.sideBySide`, or several explanations' panels in a `Figure.grid` with 3 columns.
    public func panels(scale: Int = 8, heatmapColormap: Colormap = .greens,
                       overlayColormap: Colormap = .viridis) throws -> [Panel] {
        let heat = try heatmapImage(heatmap, colormap: heatmapColormap)
            .resized(width: image.width, height: image.height, filter: .nearest)
        let overlay = try formatAsImage(self, colormap: overlayColormap)
        return [
            Panel(try image.converted(toChannels: 1).upscaled(by: scale), title: "input"),
            Panel(try heat.upscaled(by: scale), title: "\(method) \(layerName)"),
            Panel(try overlay.upscaled(by: scale), title: "class \(target) (\(scoreText))"),
        ]
    }

    /// The score with three decimals, as a title shows it.
    private var scoreText: String {
        let rounded = (Double(score) * 1000).rounded() / 1000
        return "\(rounded)"
    }
}
