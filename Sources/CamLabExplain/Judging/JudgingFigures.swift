import CamLabImaging

/// The judging results as labelled grids: CamLabImaging draws them as pixels, CamLabPlot as SVG and text.

extension Comparison {
    /// Methods across, layers down, the input first; each picture is the map in `colormap` blended half and half
    /// with the image (pytorch-grad-cam's `show_cam_on_image`), so the whole map shows and the garment shows
    /// through, with its scores beneath and the best score of each metric in green.
    public func grid(title: String? = nil, className: String? = nil, colormap: Colormap = .viridis,
                     scale: Int = 3) throws -> LabelledGrid {
        let input = LabelledGrid.Cell(image: image, caption: [GridText("class \(className ?? String(target))"),
                                                              GridText("score \(Double(score).fixed(decimals: 3))", tone: .muted)])
        let winners = metrics.indices.map { best($0) }
        let rows = try cells.enumerated().map { row, places -> [LabelledGrid.Cell?] in
            let pictures = try places.enumerated().map { column, place -> LabelledGrid.Cell? in
                guard let cell = place else { return nil }
                let overlay = try blended(cell.map, with: image, colormap: colormap)
                let caption = metrics.enumerated().map { m, metric in
                    GridText(metric.caption(cell.scores[m]), tone: winners[m].map { $0 == (row, column) } == true ? .good : .normal)
                }
                return LabelledGrid.Cell(image: overlay, caption: caption)
            }
            return [row == 0 ? input : nil] + pictures
        }
        let direction = metrics.map { "\($0.rawValue) \($0.higherIsBetter ? "higher" : "lower")" }.joined(separator: ", ")
        return try LabelledGrid(title: title ?? "Explanations of \(className ?? "class \(target)")",
                                subtitle: metrics.isEmpty ? nil : "best in green; \(direction) is better",
                                columnHeaders: ["image"] + methods, rowHeaders: layers.map { [GridText($0)] },
                                cells: rows, scale: scale)
    }
}

/// What the sanity checks' grids share: a row per method, headed by its name and verdict, the input beside the first.
protocol SanityCheckGrid {
    var methods: [String] { get }
    var image: Image { get }
    func passes(_ method: Int) -> Bool
}

extension SanityCheckGrid {
    /// Each method's name over "passes" in green or "fails" in red.
    var verdictHeaders: [[GridText]] {
        methods.indices.map { m in
            [GridText(methods[m]), passes(m) ? GridText("passes", tone: .good) : GridText("fails", tone: .bad)]
        }
    }

    /// The input picture in the first method's row, nothing in the others.
    func inputCell(row method: Int) -> LabelledGrid.Cell? {
        method == 0 ? LabelledGrid.Cell(image: image, caption: ["input"]) : nil
    }
}

extension CascadingRandomization: SanityCheckGrid {
    /// Methods down; the map from the trained model, then from the model randomised one more layer at a time
    /// from the top, each with its rank correlation to the trained map. A method passes when the last maps
    /// no longer resemble the first.
    public func grid(colormap: Colormap = .viridis, scale: Int = 3) throws -> LabelledGrid {
        let rows = try methods.indices.map { m -> [LabelledGrid.Cell?] in
            var row = [inputCell(row: m)]
            for (step, map) in maps[m].enumerated() {
                let caption: [GridText] = step == 0 ? [referenceCaption("trained", map)]
                    : [GridText(correlationCaption(correlations[m][step - 1]))]
                row.append(LabelledGrid.Cell(image: try mapPicture(map, like: image, colormap: colormap), caption: caption))
            }
            return row
        }
        return try LabelledGrid(title: "Cascading randomisation",
                                subtitle: "weights redrawn from the top layer down; rho: rank correlation with the "
                                    + "trained map (mean over \(counted(targets.count, "image")), maps of the first); "
                                    + "passes if the last |rho| < \(threshold.fixed(decimals: 2))",
                                columnHeaders: ["image", "trained"] + layers.map { "rand. \($0)" },
                                rowHeaders: verdictHeaders, cells: rows, scale: scale)
    }
}

extension RandomLogitCheck: SanityCheckGrid {
    /// Methods down; the map for the predicted class beside the map for a random other class.
    public func grid(classNames: [String] = [], colormap: Colormap = .viridis, scale: Int = 3) throws -> LabelledGrid {
        func name(_ c: Int) -> String { c < classNames.count ? classNames[c] : "class \(c)" }
        let rows = try methods.indices.map { m -> [LabelledGrid.Cell?] in
            [inputCell(row: m),
             LabelledGrid.Cell(image: try mapPicture(maps[m][0], like: image, colormap: colormap),
                               caption: [referenceCaption("predicted", maps[m][0])]),
             LabelledGrid.Cell(image: try mapPicture(maps[m][1], like: image, colormap: colormap),
                               caption: [GridText(correlationCaption(correlations[m]))])]
        }
        return try LabelledGrid(title: "Random other class",
                                subtitle: "the map should change with the class; rho: mean over "
                                    + "\(counted(predicted.count, "image")), maps of the first; passes if |rho| < "
                                    + "\(threshold.fixed(decimals: 2))",
                                columnHeaders: ["image", name(predicted[0]), name(other[0])],
                                rowHeaders: verdictHeaders, cells: rows, scale: scale)
    }
}

/// The map's magnitudes in `colormap`, resized to the image, averaged pixel by pixel with the image in gray:
/// pytorch-grad-cam's `show_cam_on_image` with its default `image_weight` of 0.5.
func blended(_ map: Heatmap, with image: Image, colormap: Colormap) throws -> Image {
    let heat = try heatmapImage(try displayable(map), colormap: colormap)
        .resized(width: image.width, height: image.height, filter: .bilinear)
    let base = try image.converted(toChannels: 3)
    return try Image(width: image.width, height: image.height, channels: 3,
                     pixels: zip(heat.pixels, base.pixels).map { UInt8((Int($0) + Int($1) + 1) / 2) })
}

/// The caption of the map the others are compared with; "trained: flat" when it is the same everywhere (drawn
/// black: Grad-CAM of a logit, for one, is zero wherever the weighted feature maps sum below zero).
func referenceCaption(_ label: String, _ map: Heatmap) -> GridText {
    let flat = map.values.allSatisfy { $0 == map.values.first }
    return flat ? GridText("\(label): flat", tone: .bad) : GridText(label, tone: .muted)
}

/// "rho 0.93", or "flat map" when the correlation is undefined.
func correlationCaption(_ value: Double) -> String { value.isNaN ? "flat map" : "rho \(value.fixed(decimals: 2))" }

/// A map alone in a colormap, its magnitudes scaled to [0, 1], stretched to the image's size with nearest
/// neighbour so a layer's cells stay visible.
func mapPicture(_ map: Heatmap, like image: Image, colormap: Colormap) throws -> Image {
    try heatmapImage(try displayable(map), colormap: colormap).resized(width: image.width, height: image.height,
                                                                      filter: .nearest)
}
