import CamLabTestSupport
import CamLabData
import Foundation
import Testing
@testable import CamLabReport

/// `Examples/bring_your_own_model.dsl` shortened to 300 images and one epoch, with the fixtures named by an absolute
/// path and its files in a scratch folder: run by the `camlab` command as a script, and as a report checked as a
/// page and as a notebook.
@Suite struct BringYourOwnModelWalkthroughTests {
    let folder = scratchFolder("byom")
    let script: String
    static let pictures = ["picture.png", "byom_gradcam.png", "byom_gradcam_layers.png", "byom_compare.png",
                           "byom_onnx_gradcam.png", "byom_groups_gradcam.png"]

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var script = try String(contentsOf: root.appendingPathComponent("Examples/bring_your_own_model.dsl"),
                                encoding: .utf8)
        for (full, short) in [("fashion_mnist(limit: 2000)", "fashion_mnist(limit: 300)"), ("epochs: 3", "epochs: 1"),
                              ("\"Tests/", "\"\(root.path)/Tests/"), ("\"out/", "\"\(folder)/out/")] {
            #expect(script.contains(full), "the walkthrough should contain \(full)")
            script = script.replacing(full, with: short)
        }
        self.script = script
    }

    /// Both summaries, the frozen base under the new head, and the Keras file read back unchanged.
    func checkPrinted(_ printed: String) throws {
        #expect(printed.contains("Model: \"fashion_cnn\""))
        #expect(printed.contains(" features (Conv2D)           (None, 7, 7, 32)             4640      ['pool2[0][0]']"))
        #expect(printed.contains("Model: \"torch_jit\""))
        #expect(printed.contains(" /layer1/Add (Add)           (None, 4, 4, 4)"))
        #expect(printed.contains("Model: \"fashion_groups\""))
        #expect(printed.contains("Trainable params: 99 (396.00 Byte)"))
        #expect(printed.contains("accuracy on 300 test pictures:"))
        #expect(printed.contains("the frozen features moved by: 0\n"), "\(printed)")
        #expect(printed.contains("largest difference after the round trip: 0\n"), "\(printed)")
    }

    @Test func asAScript() throws {
        let path = "\(folder)/bring_your_own_model.dsl"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try runBuilt("camlab", [path])
        let output = run.output
        #expect(run.status == 0, "\(output)")
        try checkPrinted(output)
        for name in Self.pictures {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out/\(name)"))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name)")
        }
        let keras = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out/fashion_groups.keras"))
        #expect(keras.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a ZIP archive, as Keras writes .keras files")
    }

    @Test func asAReportAndANotebook() throws {
        let walkthrough = WalkthroughReport(Report.run(script: script, scriptName: "bring_your_own_model.dsl",
                                                       runner: SessionCellRunner(), keepGoing: false))
        #expect(walkthrough.report.title == "Bring your own model: a Keras file and an ONNX file, explained, "
                + "fine-tuned and saved for Keras")
        try checkPrinted(walkthrough.printed)
        #expect(walkthrough.plotTitles.contains("A Keras model, explained three ways"), "\(walkthrough.plotTitles)")
        _ = try walkthrough.page()
        #expect(try walkthrough.notebookPictures() >= Self.pictures.count,
                "the explanations shown and the pictures saved")
    }
}
