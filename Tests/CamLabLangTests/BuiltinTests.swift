import Foundation
import Testing
@testable import CamLabLang

private func run(_ code: String) -> (CapturedOutput, Session.Outcome) {
    let output = CapturedOutput()
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
    let artifact = try #require(output.artifacts.first)
    #expect(artifact.kind == .shownImage)
    #expect(artifact.title == "tiny")
    let image = try #require(artifact.image)
    #expect(image.width == 2 && image.height == 2)
    // Gray values 0, 0.5, 1, 0.25 stretched to 0…255 (min 0, max 1), each copied to R, G and B.
    // Keras' array_to_img truncates: 0.5 × 255 → 127, 0.25 × 255 → 63.
    #expect(stride(from: 0, to: 12, by: 3).map { image.pixels[$0] } == [0, 127, 255, 63])
}

@Test func terminalPicturesDoubleSmallImagesIntoHalfBlocks() {
    let image = RGBImage(width: 1, height: 2, pixels: [255, 0, 0, 0, 0, 255])
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

@Test func savingAFileReportsAnArtifact() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-artifact-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = CapturedOutput()
    let outcome = Session(output: output, workingDirectory: folder.path).run("save(tensor([1, 2]), \"out/t.npy\")")
    #expect(outcome.succeeded, "\(output.errors)")
    // The artifact names the file where it is: in the session's folder, not the process's working directory.
    #expect(output.artifacts.map(\.path) == [folder.path + "/out/t.npy"])
    #expect(FileManager.default.fileExists(atPath: folder.path + "/out/t.npy"))
    #expect(output.artifacts.first?.kind == .savedFile)
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
