import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

import CamLabImaging

private func run(_ code: String) -> (RecordedOutput, Session.Outcome) {
    let output = RecordedOutput()
    let outcome = Session(output: output).run(code)
    return (output, outcome)
}

@Test func versionsNamesCamLabAndTheBLASKernels() {
    let (output, _) = run("versions()")
    let lines = output.text.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first == "CamLab \(Session.version)")
    #expect(lines.last?.hasPrefix("OpenBLAS ") == true)
    #expect(lines.last?.contains(" kernels ") == true)
}

@Test func showSendsTheImageToTheOutputStretchedToFullRange() throws {
    let (output, outcome) = run("show(tensor([[0, 0.5], [1, 0.25]]), title: \"tiny\")")
    #expect(outcome.succeeded, "\(output.errors)")
    #expect(output.events.count == 1)
    guard case .image(let image, let title)? = output.pictures.first else {
        Issue.record("no picture event: \(output.events)")
        return
    }
    #expect(title == "tiny")
    #expect(image.width == 2 && image.height == 2 && image.channels == 1)
    // Gray values 0, 0.5, 1, 0.25 stretched to 0…255 (min 0, max 1).
    // Keras' array_to_img truncates: 0.5 × 255 → 127, 0.25 × 255 → 63.
    #expect(image.pixels == [0, 127, 255, 63])
}

@Test func terminalPicturesDoubleSmallImagesIntoHalfBlocks() throws {
    let image = try Image(width: 1, height: 2, channels: 3, pixels: [255, 0, 0, 0, 0, 255])
    let text = terminalPicture(image)
    // Doubled to 2 × 4 pixels: two lines of two '▀' cells, red over red, then blue over blue.
    let lines = text.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.allSatisfy { $0.filter { $0 == "▀" }.count == 2 })
    #expect(lines[0].contains("38;2;255;0;0") && lines[0].contains("48;2;255;0;0"))
    #expect(lines[1].contains("38;2;0;0;255") && lines[1].contains("48;2;0;0;255"))
}

@Test func assertStopsWithItsMessage() {
    let (output, outcome) = run("assert(1 > 2, message: \"one is not more than two\")")
    #expect(outcome.diagnostics.first?.message == "one is not more than two")
    #expect(output.errors.contains("^~~~~"))
}

@Test func savingAFileSaysWhatItWroteWithThePictureItHolds() throws {
    // The session writes into its own folder; the process's working directory is left alone.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-written-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = RecordedOutput()
    let outcome = Session(output: output, workingDirectory: folder.path).run("""
        save(tensor([1, 2]), "out/written.npy")
        save(image(tensor([[0, 1]])), "out/written.png")
        """)
    #expect(outcome.succeeded, "\(output.errors)")
    let written = output.filesWritten
    #expect(written.map(\.path) == [folder.path + "/out/written.npy", folder.path + "/out/written.png"])
    #expect(FileManager.default.fileExists(atPath: folder.path + "/out/written.npy"))
    #expect(written[0].picture == nil)
    guard case .image(let image, let title)? = written[1].picture else { Issue.record("no picture"); return }
    #expect(image.width == 2 && image.height == 1 && title == folder.path + "/out/written.png")
}

@Test func aBareExpressionOffersItsTextAndItsPicture() throws {
    let output = RecordedOutput()
    let session = Session(output: output, echoesValues: true)
    session.run("img = image(tensor([[0, 1]]))\nimg\n1 + 1")
    guard case .value(let text, .image(let image, _)?)? = output.events.first else {
        Issue.record("expected an image value, got \(output.events)")
        return
    }
    #expect(text == "<image 2×1, gray>" && image.width == 2)
    guard case .value("2", nil)? = output.events.last else { Issue.record("\(output.events)"); return }
}

@Test func aPlotShownByTheExpressionIsNotEchoedAgain() throws {
    let output = RecordedOutput()
    let session = Session(output: output, echoesValues: true)
    session.run("p = plot(confusion_matrix(tensor([0, 1]), tensor([1, 1])))\nplot(confusion_matrix(tensor([0, 1]), tensor([1, 1])))\np")
    // The two plot calls display once each; the bare `p` afterwards shows its plot as a value.
    #expect(output.pictures.count == 2)
    #expect(output.events.count == 3)
    guard case .value(let text, .plot?)? = output.events.last else { Issue.record("\(output.events)"); return }
    #expect(text == "<plot: Confusion matrix>")
}

@Test func everyBuiltinHasADocSentenceAndASignatureThatParsesBack() throws {
    for (name, builtin) in BuiltinRegistry.standard.functions {
        #expect(builtin.doc.count > 10 && (builtin.doc.hasSuffix(".") || builtin.doc.hasSuffix(")")),
                "\(name)'s doc should be a sentence")
        // The printed signature reads as CamLab code once `name = default` (a positional default) is reduced to the
        // name: a call of the builtin, with its labels in order.
        let code = builtin.signature.replacingOccurrences(of: "...", with: "")
            .replacingOccurrences(of: #" = [^,)]+"#, with: "", options: .regularExpression)
        guard case .success(let program) = Parser.parse(Source(code)),
              case .expression(let expr) = try #require(program.first).kind,
              case .call(let callee, let arguments) = expr.kind, case .variable(let callee) = callee.kind else {
            Issue.record("\(name)'s signature \(builtin.signature) is not a call")
            continue
        }
        #expect(callee == name)
        #expect(arguments.map { $0.label ?? "" }.filter { !$0.isEmpty } == builtin.labels)
    }
}

/// `save(…, quality:)` reaches the JPEG encoder (a lower quality makes a smaller file, read back at the same size)
/// and is refused for a format it does not apply to.
@Test func saveTakesAJPEGQuality() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-quality-\(UUID().uuidString)")
    let (output, outcome) = run("""
        x = image(tensor([[0, 0.5, 1, 0.2], [0.9, 0.1, 0.7, 0.3], [0.4, 0.8, 0.6, 0], [1, 0.3, 0.5, 0.9]]), size: (64, 64))
        save(x, "\(folder.path)/low.jpg", quality: 5)
        save(x, "\(folder.path)/high.jpg", quality: 100)
        """)
    #expect(outcome.succeeded, "\(output.errors)")
    let low = try FileManager.default.attributesOfItem(atPath: folder.path + "/low.jpg")[.size] as? Int ?? 0
    let high = try FileManager.default.attributesOfItem(atPath: folder.path + "/high.jpg")[.size] as? Int ?? 0
    #expect(low > 0 && low < high, "low \(low) bytes, high \(high) bytes")
    #expect(try Image.read(from: folder.path + "/low.jpg").width == 64)
    let (_, refused) = run("save(image(tensor([[0, 1]])), \"\(folder.path)/x.png\", quality: 50)")
    #expect(refused.diagnostics.first?.message == "save: quality applies to JPEG pictures (.jpg, .jpeg), not to '\(folder.path)/x.png'")
}
