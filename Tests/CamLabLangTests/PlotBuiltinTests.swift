import Testing
import Foundation
@testable import CamLabLang
@testable import CamLabLibrary

@Suite struct PlotBuiltinTests {
    @Test func plotsDrawInTheTerminalAndSaveAsSVG() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-plot-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = RecordedOutput()
        let outcome = Session(output: output).run("""
            r = classification_report(tensor([0, 1, 1, 2]), tensor([0, 1, 2, 2]), names: ["cat", "dog", "eel"])
            p = plot(r)
            print(p.title)
            save(p, "\(folder)/report.svg")
            plot(confusion_matrix(tensor([0, 1]), tensor([1, 1])), path: "\(folder)/matrix.svg")
            """)
        #expect(outcome.succeeded, "\(output.errors)")
        // Each plot is one picture event, in order; save(p, …) says what it wrote.
        let titles = output.pictures.map { picture -> String in
            if case .plot(let plot) = picture { return plot.title } else { return "an image" }
        }
        #expect(titles == ["Per-class precision, recall and f1", "Confusion matrix"])
        #expect(output.text == "Per-class precision, recall and f1\n")
        #expect(output.filesWritten.map(\.path) == [folder + "/report.svg"])
        let svg = try String(contentsOfFile: folder + "/report.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        #expect(svg.contains(">dog<") && svg.contains("precision"))
        #expect(FileManager.default.fileExists(atPath: folder + "/matrix.svg"))
    }

    @Test func onlyPlotsGoToSVG() {
        let output = RecordedOutput()
        let outcome = Session(output: output).run("save(tensor([1, 2]), \"x.svg\")")
        #expect(!outcome.succeeded)
        #expect(output.errors.contains("save: cannot save a tensor as 'x.svg': the extension .svg names another format"))
        #expect(output.errors.contains("help: the extension decides the format: a tensor goes to .npy"))
    }
}
