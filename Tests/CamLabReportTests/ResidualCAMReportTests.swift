import CamLabTestSupport
import CamLabData
import Foundation
import Testing
@testable import CamLabReport

/// `Examples/residual_cam.dsl` shortened to 300 images and one epoch, with its files in a scratch folder: run by
/// the `camlab` command as a script, and as a report checked as a page and as a notebook.
@Suite struct ResidualCAMWalkthroughTests {
    let folder = scratchFolder("residual-cam")
    let script: String

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var script = try String(contentsOf: root.appendingPathComponent("Examples/residual_cam.dsl"), encoding: .utf8)
        for (full, short) in [("fashion_mnist()", "fashion_mnist(limit: 300)"), ("epochs: 4", "epochs: 1"),
                              ("\"out/", "\"\(folder)/out/")] {
            #expect(script.contains(full), "the walkthrough should contain \(full)")
            script = script.replacing(full, with: short)
        }
        self.script = script
        try FileManager.default.createDirectory(atPath: "\(folder)/out", withIntermediateDirectories: true)
    }

    /// CAM divided by the number of positions is Grad-CAM of the logit: the walkthrough prints how far apart.
    func checkPrinted(_ printed: String) throws {
        #expect(printed.contains("Model: \"residual_cnn\""))
        #expect(printed.contains(" residual (Add)  "))
        #expect(printed.contains("Non-trainable params: 96 (384.00 Byte)"))
        #expect(printed.contains("positions: 196"))
        let line = try #require(printed.split(separator: "\n").first {
            $0.hasPrefix("largest difference between CAM / positions and Grad-CAM:")
        })
        let difference = try #require(Double(line.split(separator: " ").last!))
        #expect(difference < 1e-5)
    }

    @Test func asAScript() throws {
        let path = "\(folder)/residual_cam.dsl"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try runBuilt("camlab", [path])
        let output = run.output
        #expect(run.status == 0, "\(output)")
        try checkPrinted(output)
        for name in ["residual_cam.png", "residual_gradcam.png", "residual_compare.png"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out/\(name)"))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name)")
        }
    }

    @Test func asAReportAndANotebook() throws {
        let walkthrough = WalkthroughReport(Report.run(script: script, scriptName: "residual_cam.dsl",
                                                       runner: SessionCellRunner(), keepGoing: false))
        #expect(walkthrough.report.title
                == "CAM on a residual network: where the class comes from, read off the last layer")
        try checkPrinted(walkthrough.printed)
        #expect(walkthrough.plotTitles.contains("CAM and its family on a residual network"), "\(walkthrough.plotTitles)")
        _ = try walkthrough.page()
        #expect(try walkthrough.notebookPictures() >= 2, "the CAM picture and the comparison grid")
    }
}
