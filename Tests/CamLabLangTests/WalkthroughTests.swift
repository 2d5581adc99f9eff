import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// `Examples/fashion_mnist.dsl` itself, shortened to a slice of the data and one epoch, run end to end.
@Test func shortenedWalkthroughRunsAndWritesItsPictures() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var script = try String(contentsOf: root.appendingPathComponent("Examples/fashion_mnist.dsl"), encoding: .utf8)
    for (full, short) in [("fashion_mnist()", "fashion_mnist(limit: 200)"), ("epochs: 8", "epochs: 1")] {
        #expect(script.contains(full), "the walkthrough should call \(full)")
        script = script.replacingOccurrences(of: full, with: short)
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-walkthrough-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // The session writes its pictures into the folder it is given; the process's working directory stays as it is,
    // so tests running at the same time are not affected.
    let output = RecordedOutput()
    let session = Session(output: output, workingDirectory: folder.path)
    let outcome = session.run(script, name: "fashion_mnist.dsl")
    #expect(outcome.succeeded, "\(output.errors)")

    let text = output.text
    for line in ["train: (200, 28, 28) (200,) test: (200, 28, 28) (200,)", "0 → T-shirt/top", "9 → Ankle boot",
                 "Total params: 68834 (268.88 KB)", "Epoch 1/1", "Grad-CAM", "heatmap (28, 28)"] {
        #expect(text.contains(line), "missing \(line)")
    }
    #expect(text.range(of: #"image \d+: actual [A-Za-z/ -]+, predicted [A-Za-z/ -]+"#, options: .regularExpression) != nil)

    let pictures = ["gradcam.png", "gradcam_reds.png", "gradcam_nearest.png", "gradcam_conv2d_1.png",
                    "gradcam_conv2d.png", "gradcam_side_by_side.png"]
    for name in pictures {
        let bytes = try Data(contentsOf: folder.appendingPathComponent("out/\(name)"))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is not a PNG")
    }
    let ppm = try Data(contentsOf: folder.appendingPathComponent("out/gradcam.ppm"))
    #expect(ppm.starts(with: Array("P6\n28 28\n255\n".utf8)))
    // The heatmap written for NumPy is the 28×28 map, scaled so its maximum is (just under) 1.
    let reload = Session(output: RecordedOutput(), workingDirectory: folder.path)
    reload.run("h = load(\"out/heatmap.npy\")")
    guard case .tensor(let heatmap)? = reload.variable("h") else { Issue.record("heatmap.npy did not load"); return }
    #expect(heatmap.shape == [28, 28])
    #expect((heatmap.max() ?? 0) > 0.99 && (heatmap.max() ?? 2) <= 1)
    for plot in ["history.svg", "confusion_matrix.svg", "classification_report.svg", "misclassified.svg"] {
        let svg = try String(contentsOf: folder.appendingPathComponent("out/\(plot)"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>"),
                "\(plot) is not SVG")
    }
    // save() reports each file it writes: the pictures, the .ppm, the weights, the .npy and one plot.
    #expect(output.filesWritten.count == pictures.count + 4)
    #expect(output.pictures.contains { if case .image(let image, _) = $0 { image.width == 28 } else { false } })
    // Four plots, each displayed once; the epoch's header and summary.
    #expect(output.pictures.filter { if case .plot = $0 { true } else { false } }.count == 4)
    #expect(output.trainingUpdates.count == 2)
}
