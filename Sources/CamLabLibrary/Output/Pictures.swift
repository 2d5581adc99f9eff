import CamLabImaging
import CamLabLang
import CamLabPlot

// The library's pictures and charts as the language carries them to a front end (`Raster`, `Chart`).

extension Image {
    /// The pixels as a front end receives them.
    public var raster: Raster { Raster(width: width, height: height, channels: channels, pixels: pixels) }

    /// The pixels a front end received, as an image again.
    public init(_ raster: Raster) throws {
        try self.init(width: raster.width, height: raster.height, channels: raster.channels, pixels: raster.pixels)
    }
}

extension Plot {
    /// The plot as the language carries it.
    public var chart: any Chart { PlotChart(plot: self) }
}

/// A plot seen as the language's `Chart`: its title, its SVG and its text graphics.
struct PlotChart: Chart {
    let plot: any Plot
    var title: String { plot.title }
    func svg() -> String { plot.svg() }
    func terminal(width: Int, color: Bool) -> String { plot.terminal(width: width, color: color) }
}
