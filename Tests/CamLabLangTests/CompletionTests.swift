import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

private func complete(_ session: Session, _ line: String) -> Completions {
    session.completions(in: line, cursor: line.utf8.count)
}

@Test func completesBuiltinsVariablesKeywordsAndConstants() {
    let session = Session(output: RecordedOutput())
    session.run("explanation_count = 1")
    #expect(complete(session, "expla").candidates.contains("explanation_count"))
    #expect(complete(session, "x = summ").candidates == ["summary"])
    #expect(complete(session, "whi").candidates == ["while"])
    #expect(complete(session, "compile(m, optimizer: ada").candidates == ["adam"])
    #expect(complete(session, "print(1 + le").start == 10)
}

@Test func completesLabelledArgumentsOfTheEnclosingCall() {
    let session = Session(output: RecordedOutput())
    #expect(complete(session, "round(2.5, dig").candidates == ["digits:"])
    #expect(complete(session, "sequential([dense(2)], see").candidates == ["seed", "seed:"])
    session.run("func scaled(value, factor = 2) { return value * factor }")
    #expect(complete(session, "scaled(1, fac").candidates == ["factor:"])
}

@Test func completesMembersAfterADot() {
    let session = Session(output: RecordedOutput())
    session.run("t = tensor([1, 2])\nm = sequential([dense(2, input_shape: (3,))])")
    #expect(complete(session, "t.sh").candidates == ["shape", "show"])  // show(t) may be written t.show()
    #expect(complete(session, "m.layer").candidates == ["layer_names", "layers"])
    #expect(complete(session, "m.fi").candidates == ["fit"])
}

@Test func completesLayerNamesInsideALayerString() {
    let session = Session(output: RecordedOutput())
    session.run("m = sequential([conv2d(2, 3, input_shape: (8, 8, 1)), conv2d(2, 3), flatten(), dense(2)])")
    let completions = complete(session, "gradcam_backend(m, x, layer: \"conv")
    #expect(completions.candidates == ["conv2d", "conv2d_1"])
    #expect(completions.start == "gradcam_backend(m, x, layer: \"".utf8.count)
    #expect(complete(session, "m.explain(x, layer: \"d").candidates == ["dense"])
}

@Test func completesFileNamesInsideOtherStrings() throws {
    let session = Session(output: RecordedOutput())
    let completions = complete(session, "load(\"/usr/inclu")
    #expect(completions.candidates == ["/usr/include/"])
    #expect(complete(session, "load(\"/usr/include/readline/readl").candidates == ["/usr/include/readline/readline.h"])
}

@Test func nothingCompletesInsideAComment() {
    let session = Session(output: RecordedOutput())
    #expect(complete(session, "# pri").candidates.isEmpty)
    #expect(complete(session, "x = 1  # see summ").candidates.isEmpty)
    // A '#' inside a string is not a comment.
    #expect(complete(session, "print(\"#\"); summ").candidates == ["summary"])
}

@Test func nothingCompletesAfterANonASCIIWord() {
    let session = Session(output: RecordedOutput())
    #expect(complete(session, "café").candidates.isEmpty)
    #expect(complete(session, "x = naïve").candidates.isEmpty)
    #expect(complete(session, "x = é").candidates.isEmpty)
    // Inside a string, non-ASCII text is a file name like any other.
    #expect(complete(session, "load(\"é").start == 6)
}

@Test func fileNamesCompleteInTheSessionsOwnFolder() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-completion-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    FileManager.default.createFile(atPath: folder.appendingPathComponent("weights_v1.safetensors").path, contents: Data())
    let session = Session(output: RecordedOutput(), workingDirectory: folder.path)
    #expect(complete(session, "load_weights(m, \"weights_").candidates == ["weights_v1.safetensors"])
}

/// After `value.` only that value's fields and the builtins that take its type first (`a.f(b)` is `f(a, b)`).
@Test func membersAfterADotAreThoseOfTheValuesType() {
    let session = Session(output: RecordedOutput())
    session.run("m = sequential([dense(2, input_shape: (3,))])\np = \"data.npy\"\nn = 2.5\nl = [1, 2]")
    let model = complete(session, "m.").candidates
    #expect(model.contains("fit") && model.contains("summary") && model.contains("layers"))
    #expect(!model.contains("zeros") && !model.contains("accuracy_score") && !model.contains("dense"))
    #expect(complete(session, "p.lo").candidates == ["load", "load_image", "load_model"])
    #expect(complete(session, "n.ro").candidates == ["round"])
    #expect(complete(session, "n.fi").candidates == [])
    #expect(complete(session, "l.ap").candidates == ["append"])
    #expect(complete(session, "l.co").candidates == ["concat", "confusion_matrix", "count"])
    // An unbound name has no known type: nothing, rather than every builtin.
    #expect(complete(session, "value.").candidates == [])
    #expect(complete(session, "value.fi").candidates == [])
}
