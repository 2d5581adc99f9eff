import CamLabTestSupport
import CamLabData
import Foundation
import Testing
@testable import CamLabReport

/// `Examples/own_pictures.dsl` shortened to 8 photos a class and one epoch, with its files in a scratch folder (one
/// per test, as the tests run side by side): run by the `camlab` command as a script, followed by the
/// `camlab explain` command it prints, and as a report checked as a page and as a notebook.
@Suite struct OwnPicturesWalkthroughTests {
    static let photos = 4 * 8

    /// The walkthrough, shortened, writing under `folder`.
    static func script(writingTo folder: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var script = try String(contentsOf: root.appendingPathComponent("Examples/own_pictures.dsl"), encoding: .utf8)
        for (full, short) in [("pictures_per_class = 60", "pictures_per_class = 8"), ("epochs = 12", "epochs = 1"),
                              ("fashion_mnist(limit: 2000)", "fashion_mnist(limit: 400)"),
                              ("\"out/", "\"\(folder)/out/")] {
            #expect(script.contains(full), "the walkthrough should contain \(full)")
            script = script.replacing(full, with: short)
        }
        return script
    }

    /// What every run prints: the photos written, the datasets read from them, and the command for the folder.
    func checkPrinted(_ printed: String, folder: String) {
        #expect(printed.contains("wrote \(Self.photos) photos to \(folder)/out/own_pictures/photos"), "\(printed)")
        #expect(printed.contains("<dataset: 24 pictures of 48×48×3 in 4 classes>"))
        #expect(printed.contains("<dataset: 8 pictures of 48×48×3 in 4 classes>"))
        #expect(printed.contains("Model: \"own_pictures\""))
        #expect(printed.contains("validation accuracy:"))
        #expect(printed.range(of: #"picture 0: \S+/photos/\w+/\d+\.(jpg|png), a \w+, explained as \w+"#,
                              options: .regularExpression) != nil)
        #expect(printed.contains("camlab explain \(folder)/out/own_pictures/model.keras "
                                 + "\(folder)/out/own_pictures/photos --out \(folder)/out/own_pictures/maps "
                                 + "--layer features --class-names bag,pullover,sneaker,trouser"))
    }

    @Test func asAScriptAndThenTheFolderCommandItShows() throws {
        let folder = scratchFolder("own-pictures/script")
        let path = "\(folder)/own_pictures.dsl"
        try Self.script(writingTo: folder).write(toFile: path, atomically: true, encoding: .utf8)
        let run = try runBuilt("camlab", [path])
        let output = run.output
        #expect(run.status == 0, "\(output)")
        checkPrinted(output, folder: folder)

        // The photos: one folder per class, JPEG and PNG.
        let out = "\(folder)/out/own_pictures"
        var kinds: [String: Int] = [:]
        for name in ["bag", "pullover", "sneaker", "trouser"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: "\(out)/photos/\(name)") {
                kinds[URL(fileURLWithPath: file).pathExtension, default: 0] += 1
            }
        }
        #expect(kinds == ["png": 12, "jpg": 20])
        for name in (0..<4).map({ "gradcam_\($0).png" }) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)")).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/gradcam_0.jpg")).starts(with: [0xFF, 0xD8, 0xFF]))

        // The command the walkthrough shows explains every photo once.
        let command = try #require(output.split(separator: "\n").first { $0.hasPrefix("camlab explain ") })
        let explained = try runBuilt("camlab", command.split(separator: " ").dropFirst().map(String.init))
        #expect(explained.status == 0, "\(explained.output)")
        let index = try String(contentsOfFile: "\(out)/maps/index-1-of-1.jsonl", encoding: .utf8)
        let lines = index.split(separator: "\n")
        #expect(lines.count == Self.photos)
        #expect(lines.allSatisfy { $0.contains("\"class_name\"") && !$0.contains("\"error\"") }, "\(index)")
    }

    @Test func asAReportAndANotebook() throws {
        let folder = scratchFolder("own-pictures/report")
        let walkthrough = WalkthroughReport(Report.run(script: try Self.script(writingTo: folder),
                                                       scriptName: "own_pictures.dsl", runner: SessionCellRunner(),
                                                       keepGoing: false))
        #expect(walkthrough.report.title == "Your own pictures: a folder of colour photos, trained on and explained")
        let printed = walkthrough.printed
        checkPrinted(printed, folder: folder)
        // The cell writing the folder shows its first eight photos and counts the rest.
        #expect(printed.contains("(\(Self.photos - 8) more pictures saved, not shown)"))

        let parsed = try walkthrough.page()
        #expect(parsed.headingIDs.contains("5-the-whole-folder-from-the-command-line"), "\(parsed.headingIDs)")
        // Eight saved photos, the last photo shown, four training pictures side by side, the five saved
        // explanations and four of them side by side.
        #expect(parsed.images.count == 8 + 1 + 1 + 5 + 1, "\(parsed.images.count) images")
        #expect(try walkthrough.notebookPictures(countingCharts: false) >= 3,
                "the photo, the training pictures and the explanations")
    }
}
