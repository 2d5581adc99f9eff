import CamLabCore
import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// Every value lists its forms in one place; echo, `show` and `save` dispatch on that list.
@Suite struct ValueFormsTests {
    private static let setup = """
        m = sequential([conv2d(4, 3, padding: same, activation: relu, input_shape: (6, 6, 1)), flatten(),
                        dense(3, activation: softmax)], seed: 2)
        m.compile()
        x = reshape(tensor(range(72)), 2, 6, 6, 1) / 72
        e = explain(m, x[0])

        """

    /// A session after the setup and `code`, with what it printed.
    private func session(_ code: String, echo: Bool = false) -> (Session, RecordedOutput) {
        let output = RecordedOutput()
        let session = Session(output: output, echoesValues: echo)
        let outcome = session.run(Self.setup + code)
        #expect(outcome.succeeded, "\(output.errors)")
        return (session, output)
    }

    /// Each form as the name of its kind, in the value's order.
    private func kinds(_ value: Value) -> [String] {
        value.forms.map { form in
            switch form {
            case .image: "image"
            case .plot: "plot"
            case .array: "array"
            case .weights: "weights"
            case .modelFile: "model file"
            }
        }
    }

    static let table: [(String, [String])] = [
        ("image(zeros(2, 2))", ["image"]),
        ("e", ["image"]),
        ("plot(m.fit(zeros(2, 6, 6, 1), zeros(2), verbose: false))", ["plot"]),
        ("m", ["model file", "weights"]),
        ("zeros(2, 2)", ["array"]),
        ("3", ["array"]),
        ("[1, 2]", ["array"]),
        ("compare(m, x[0], methods: [gradcam])", ["plot", "image"]),
        ("deletion(m, x[0], e)", ["plot"]),
        ("road(m, x[0], e, fractions: [0.5])", ["plot"]),
        ("\"text\"", []),
        ("none", []),
        ("m.fit(zeros(2, 6, 6, 1), zeros(2), verbose: false)", []),
    ]

    @Test("each value lists its forms", arguments: table)
    func forms(_ expression: String, _ expected: [String]) {
        let (session, _) = session("v = \(expression)")
        #expect(kinds(session.variable("v")!) == expected, "\(expression)")
    }

    @Test func extensionsPickTheForm() {
        #expect(ValueForm.image { throw Problem("none") }.extensions == ["png", "jpg", "jpeg", "ppm"])
        #expect(ValueForm.array { _ in throw Problem("none") }.extensions == ["npy"])
        #expect(ValueForm.weights { _ in }.extensions == ["safetensors"])
        #expect(ValueForm.modelFile { _ in }.extensions == ["keras", "h5"])
    }

    static let refusals: [(String, String, String)] = [
        ("save(m, \"m.png\")", "save: cannot save a model as 'm.png': the extension .png names another format",
         "help: the extension decides the format: a model goes to .keras, .h5 (the model for Keras) or .safetensors (its weights)"),
        ("save(compare(m, x[0], methods: [gradcam]), \"c.npy\")",
         "save: cannot save a comparison as 'c.npy': the extension .npy names another format",
         "help: the extension decides the format: a comparison goes to .svg (a chart), .png, .jpg, .jpeg or .ppm (a picture)"),
        ("save(e, \"e\")", "save: cannot save an explanation as 'e', which has no extension",
         "help: the extension decides the format: an explanation goes to .png, .jpg, .jpeg or .ppm (a picture)"),
        ("save(zeros(2), \"t.svg\")", "save: cannot save a tensor as 't.svg': the extension .svg names another format",
         "help: the extension decides the format: a tensor goes to .npy (a NumPy array)"),
        ("save(\"text\", \"t.npy\")", "save: cannot save a string as 't.npy': a string has no form a file can hold",
         "help: save writes tensors and numbers (.npy), pictures (.png, .jpg, .ppm), charts (.svg) and models (.keras and .h5 for Keras, .safetensors for the weights)"),
        ("sanity_check(m, x, methods: [gradcam], path: \"s.npy\")",
         "sanity_check: cannot save a sanity check as 's.npy': the extension .npy names another format",
         "help: the extension decides the format: a sanity check goes to .svg (a chart), .png, .jpg, .jpeg or .ppm (a picture)"),
    ]

    @Test("a form the value lacks is refused with the forms it has", arguments: refusals)
    func refusal(_ code: String, _ message: String, _ help: String) {
        let output = RecordedOutput()
        let outcome = Session(output: output).run(Self.setup + code)
        #expect(!outcome.succeeded)
        #expect(output.errors.contains(message + "\n"), "\(output.errors)")
        #expect(output.errors.contains(help + "\n"), "\(output.errors)")
    }

    @Test func echoShowsTheFirstPictureOrChart() {
        let (session, output) = self.session("c = compare(m, x[0], methods: [gradcam])", echo: true)
        output.reset()
        session.run("e\nc\nzeros(2)\nm")
        let pictures = output.events.compactMap { event -> String? in
            guard case .value(_, let picture) = event else { return nil }
            switch picture {
            case .image?: return "image"
            case .plot?: return "plot"
            case nil: return "none"
            }
        }
        #expect(pictures == ["image", "plot", "none", "none"])
    }

    @Test func showDrawsPixelsOrElseTheChart() {
        let (session, output) = self.session("c = compare(m, x[0], methods: [gradcam])\nd = deletion(m, x[0], e)")
        output.reset()
        session.run("show(c)\nshow(d)\nshow(e)")
        let kinds = output.pictures.map { if case .image = $0 { "image" } else { "plot" } }
        #expect(kinds == ["image", "plot", "image"])
    }

    @Test func anExplanationsOverlayIsMadeOncePerColourSetting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-forms-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (session, output) = session("""
            show(e)
            show(e)
            save(e, "\(folder)/a.png")
            save(e, "\(folder)/b.ppm")
            e
            """, echo: true)
        guard case .object(let object as ExplanationObject)? = session.variable("e") else {
            Issue.record("e is not an explanation")
            return
        }
        #expect(object.overlays.computedCount == 1)
        // Every display and file shows the same overlay.
        let images = output.pictures.compactMap { if case .image(let image, _) = $0 { image } else { nil } }
            + output.filesWritten.compactMap { if case .image(let image, _)? = $0.picture { image } else { nil } }
        #expect(images.count == 4 && images.allSatisfy { $0 == images[0] })
        // Another colour setting is another overlay, made once too.
        session.run("a = format_as_image(e, colormap: reds)\nb = format_as_image(e, colormap: reds)\nshow(e)")
        #expect(object.overlays.computedCount == 2)
    }
}
