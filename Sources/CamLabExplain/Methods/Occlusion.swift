import CamLabCore

extension ExplanationMethod {
    /// Occlusion (Zeiler and Fergus 2014): how much the score drops when a patch of the image is covered.
    public static let occlusion = ExplanationMethod(
        name: "occlusion", title: "Occlusion",
        summary: "how much the score drops when a patch is covered (window, stride)",
        description: "Occlusion slides a patch (window) over the image in steps (stride), covers the image with "
            + "the baseline value there, and records how much the score drops. Each pixel gets the average drop "
            + "of the patches that covered it. It needs no gradients and asks the model directly, at the cost of "
            + "one forward pass per patch position; the map is as fine as the stride. Bright areas are those whose "
            + "hiding hurt the score most.",
        reference: "Zeiler and Fergus, Visualizing and understanding convolutional networks, ECCV 2014. As "
            + "captum's Occlusion: the drop S(x) − S(x occluded) spread over the window and divided by the number "
            + "of windows covering each pixel, windows at multiples of the stride (the last one cut at the edge), "
            + "baseline 0, every channel covered, channels summed, the logit as the score. captum has no default "
            + "window; CamLab's is 4×4 with stride 2.",
        family: .perturbation, needsSpatialLayer: false, defaultScore: .logit, defaultStyle: .reluMinmax,
        options: ["window", "stride", "baseline"]
    ) { request in
        let geometry = request.inputGeometry
        // A flat input is one row: its patches are one pixel high.
        let (window, stride) = (request.options.window, request.options.stride)
        let windows = try OcclusionWindows(height: geometry.height, width: geometry.width,
                                           window: (geometry.height == 1 ? 1 : window.0, window.1),
                                           stride: (geometry.height == 1 ? 1 : stride.0, stride.1))
        let baseline = request.options.baseline
        let channels = geometry.channels
        let occluded = try request.expanded(copies: windows.count) { _, index, values, out in
            out = values
            windows.forEachPixel(of: index) { p in for c in 0..<channels { out[p * channels + c] = baseline } }
        }
        let drops = try request.scores(of: occluded, targets: request.repeatedTargets(windows.count))
        let original = request.scores(of: request.pass)
        return (0..<request.targets.count).map { image in
            var total = [Float](repeating: 0, count: geometry.height * geometry.width)
            var covered = [Float](repeating: 0, count: total.count)
            for index in 0..<windows.count {
                let drop = original[image] - drops[image * windows.count + index]
                windows.forEachPixel(of: index) { p in
                    total[p] += drop
                    covered[p] += 1
                }
            }
            return Tensor(shape: [geometry.height, geometry.width],
                          scalars: zip(total, covered).map { $1 > 0 ? $0 / $1 : 0 })
        }
    }
}

/// The patch positions of Occlusion, as captum lays them out: starting at multiples of the stride, as many as
/// fit `ceil((size − window) / stride) + 1`, the last one cut off at the image's edge.
struct OcclusionWindows {
    let height, width: Int
    let window, stride: (Int, Int)
    let rows, columns: Int
    var count: Int { rows * columns }

    init(height: Int, width: Int, window: (Int, Int), stride: (Int, Int)) throws {
        guard window.0 > 0, window.1 > 0, stride.0 > 0, stride.1 > 0 else {
            throw Problem("Occlusion needs a positive window and stride, got window \(window.0)×\(window.1) "
                               + "and stride \(stride.0)×\(stride.1)")
        }
        guard window.0 <= height, window.1 <= width else {
            throw Problem("Occlusion's window \(window.0)×\(window.1) is larger than the \(height)×\(width) image")
        }
        guard (window.0 == height || stride.0 <= window.0), (window.1 == width || stride.1 <= window.1) else {
            throw Problem("Occlusion's stride \(stride.0)×\(stride.1) is larger than its window "
                               + "\(window.0)×\(window.1), which would leave pixels uncovered")
        }
        (self.height, self.width, self.window, self.stride) = (height, width, window, stride)
        rows = (height - window.0 + stride.0 - 1) / stride.0 + 1
        columns = (width - window.1 + stride.1 - 1) / stride.1 + 1
    }

    /// Calls `body` with the flat index (row · width + column) of every pixel patch `index` covers.
    func forEachPixel(of index: Int, _ body: (Int) -> Void) {
        let top = (index / columns) * stride.0, left = (index % columns) * stride.1
        for y in top..<min(top + window.0, height) {
            for x in left..<min(left + window.1, width) { body(y * width + x) }
        }
    }
}
