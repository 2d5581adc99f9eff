import CamLabImaging
import CamLabLang
import CamLabModelFiles
import CamLabPlot

// The forms of CamLab's objects, in one table: the first picture or chart is what echo, a page and a notebook
// show; every form's extensions are what `save` (and `path:`) accept. Objects not listed here (a data set, a
// history, a layer, a table of scores) have their text only.

extension ImageObject: HasForms {
    public var forms: [ValueForm] { [.image { self.image.raster }] }
}

extension ExplanationObject: HasForms {
    /// The overlay with the colour settings given to `explain`, made once (`ExplanationOverlays`).
    public var forms: [ValueForm] { [.image { try self.formatted().raster }] }
}

extension PlotObject: HasForms {
    public var forms: [ValueForm] { [.plot { self.plot.chart }] }
}

extension ModelObject: HasForms {
    public var forms: [ValueForm] {
        [.modelFile { try ModelFiles.save(self.model, path: $0) }, .weights { try self.model.saveWeights(to: $0) }]
    }
}

// Judging results: curves are charts; grids of maps are charts (SVG, sharp at any size) and pixels.

extension CurveObject: HasForms {
    var forms: [ValueForm] { [.plot { self.plot.chart }] }
}

extension ROADObject: HasForms {
    var forms: [ValueForm] { [.plot { self.plot.chart }] }
}

extension ComparisonObject: HasForms {
    var forms: [ValueForm] { gridForms(grid) }
}

extension SanityCheckObject: HasForms {
    var forms: [ValueForm] { gridForms(grid) }
}

extension RandomLogitObject: HasForms {
    var forms: [ValueForm] { gridForms(grid) }
}

private func gridForms(_ grid: LabelledGrid) -> [ValueForm] {
    [.plot { grid.chart }, .image { try grid.rendered().raster }]
}
