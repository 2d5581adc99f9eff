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
    #expect(stride(from: 0, to: 12, by: 3).map { image.pixels[$0] } == [0, 128, 255, 64])
}

@Test func halfBlockRenderingPutsTwoPixelRowsInOneLine() {
    let image = RGBImage(width: 1, height: 2, pixels: [255, 0, 0, 0, 0, 255])
    let text = HalfBlockRenderer(maxColumns: 80).render(image)
    // Small images are doubled: 2 columns by 4 rows, so the first line is red over red, the second blue over blue.
    #expect(text == String(repeating: "\u{1B}[38;2;255;0;0m\u{1B}[48;2;255;0;0m▀", count: 2) + "\u{1B}[0m\n"
            + String(repeating: "\u{1B}[38;2;0;0;255m\u{1B}[48;2;0;0;255m▀", count: 2) + "\u{1B}[0m\n")
}

@Test func assertStopsWithItsMessage() {
    let (output, outcome) = run("assert(1 > 2, message: \"one is not more than two\")")
    #expect(outcome.diagnostics.first?.message == "one is not more than two")
    #expect(output.errors.contains("^~~~~"))
}

@Test func savingAFileReportsAnArtifact() throws {
    let (output, outcome) = run("save(tensor([1, 2]), \"/tmp/camlab-lang-artifact.npy\")")
    #expect(outcome.succeeded)
    #expect(output.artifacts.map(\.path) == ["/tmp/camlab-lang-artifact.npy"])
    #expect(output.artifacts.first?.kind == .savedFile)
}

@Test func everyBuiltinHasADocAndAValidSignature() {
    for (name, builtin) in BuiltinRegistry.standard.functions {
        #expect(builtin.name == name)
        #expect(!builtin.doc.isEmpty && builtin.doc.hasSuffix(".") || builtin.doc.hasSuffix(")"),
                "\(name)'s doc should be a sentence")
        #expect(builtin.signature.hasPrefix(name + "("))
    }
}
