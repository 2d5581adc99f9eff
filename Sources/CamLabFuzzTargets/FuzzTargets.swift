import CamLabCore
import CamLabData
import CamLabImaging
import CamLabLang
import CamLabLibrary
import CamLabModelFiles
import CamLabNN
import CamLabReport

/// The fuzz targets: each takes arbitrary bytes and must return (an error is a fine answer) without crashing,
/// hanging or leaking. `camlab-fuzz` runs them under libFuzzer with AddressSanitizer (`Scripts/fuzz`); the test
/// suite replays their seeds and every input a fuzzer ever found (`Fuzz/regressions`) through the same functions.
public enum FuzzTargets {
    public static let all: [(name: String, run: @Sendable ([UInt8]) -> Void)] = [
        ("syntax", syntax), ("eval", evaluate), ("npy", npy), ("safetensors", safetensors), ("json", json),
        ("idx", idx), ("gzip", gzip), ("png", png), ("jpeg", jpeg), ("ppm", ppm), ("markdown", markdown),
        ("onnx", onnx),
        ("hdf5", hdf5), ("zip", zip), ("keras_config", kerasConfig),
    ]

    public static func target(named name: String) -> (@Sendable ([UInt8]) -> Void)? { all.first { $0.name == name }?.run }

    /// The memory budget of every target: small, so a huge declared size is refused fast.
    static let budget = MemoryBudget(bytes: 64 << 20)

    /// Scanner, parser and resolver on arbitrary text; diagnostics are rendered too (they quote the source).
    static func syntax(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let session = Session(output: DiscardingOutput(), memoryBudget: budget)
        for diagnostic in session.check(text) { _ = diagnostic.description }
        _ = session.needsMoreInput(text)
        _ = session.completions(in: text, cursor: bytes.count / 2)
    }

    /// A program generated from the bytes (always well-formed, often wrong), run with a small budget and a tenth
    /// of a second (an endless loop is interrupted, as Ctrl-C would), in a session that can reach no file.
    static func evaluate(_ bytes: [UInt8]) {
        var generator = ProgramGenerator(bytes)
        let program = generator.program()
        let session = Session(output: DiscardingOutput(), interruption: InterruptionFlag(expiringAfter: 0.1),
                              memoryBudget: budget, workingDirectory: "/nonexistent/camlab-fuzz")
        let outcome = session.run(program, name: "fuzz.dsl")
        for diagnostic in outcome.diagnostics { _ = diagnostic.description }
    }

    /// True when the program generated from `bytes` parses (the resolver may still refuse it, on purpose).
    public static func programParses(_ bytes: [UInt8]) -> Bool {
        var generator = ProgramGenerator(bytes)
        if case .success = Parser.parse(Source(generator.program())) { return true }
        return false
    }

    static func npy(_ bytes: [UInt8]) { _ = try? NPY.decode(bytes, budget: budget) }

    static func safetensors(_ bytes: [UInt8]) { _ = try? Safetensors.decode(bytes, budget: budget) }

    /// The JSON reader, through the only door it has: a safetensors header made of the input.
    static func json(_ bytes: [UInt8]) {
        var file: [UInt8] = []
        for i in 0..<8 { file.append(UInt8(truncatingIfNeeded: bytes.count >> (8 * i))) }
        _ = try? Safetensors.decode(file + bytes, budget: budget)
    }

    static func idx(_ bytes: [UInt8]) {
        _ = try? IDX.decode(bytes, budget: budget)
        _ = try? IDX.decode(bytes, firstItems: 2, budget: budget)
    }

    static func gzip(_ bytes: [UInt8]) {
        _ = try? Gzip.inflate(bytes, limit: budget.bytes)
        _ = try? Gzip.inflate(bytes, prefix: 100, limit: budget.bytes)
    }

    /// The protobuf and ONNX readers and the importer; a model that loads also predicts on a small zero batch, so
    /// odd weights and shapes that pass the checks must still run.
    static func onnx(_ bytes: [UInt8]) {
        guard let model = try? ONNXModel.decode(bytes, budget: budget),
              model.inputShape.reduce(1, *) <= 1 << 12 else { return }
        _ = try? model.predict(Tensor.zeros([1] + model.inputShape))
    }

    static func png(_ bytes: [UInt8]) {
        guard let image = try? PNG.decode(bytes) else { return }
        _ = try? PNG.encode(image)
    }

    /// The JPEG reader in both decoders (TensorFlow's fast IDCT and the accurate one), gray and colour, then the
    /// writer on what it read.
    static func jpeg(_ bytes: [UInt8]) {
        guard let image = try? JPEG.decode(bytes, fastDCT: bytes.count % 2 == 0, budget: budget) else { return }
        _ = try? JPEG.decode(bytes, channels: image.channels == 1 ? 3 : 1, budget: budget)
        _ = try? JPEG.encode(image, quality: 1 + bytes.count % 100)
    }

    static func ppm(_ bytes: [UInt8]) {
        guard let image = try? PNM.decode(bytes) else { return }
        _ = try? PNM.encodePGM(image)
    }

    /// A walkthrough script through the report: cells split, prose parsed as Markdown, code highlighted, the page
    /// rendered as HTML and as Markdown (the cells are not run: a runner echoes them back).
    static func markdown(_ bytes: [UInt8]) {
        let report = Report.run(script: String(decoding: bytes, as: UTF8.self), scriptName: "fuzz.dsl",
                                runner: EchoRunner(), keepGoing: true, date: "2026-01-01 00:00 UTC")
        _ = HTMLReport.render(report)
        _ = MarkdownReport.render(report, assetFolder: "fuzz_files")
    }
}

/// Output that keeps nothing: a program printing in a loop must not grow memory until its deadline.
final class DiscardingOutput: OutputReceiver {
    let medium = Medium.page
    func receive(_ event: OutputEvent) {
        if case .diagnostic(let diagnostic) = event { _ = diagnostic.description }  // rendered, then dropped
    }
}

/// A cell runner that prints each cell's first line back, so the report has output to render.
final class EchoRunner: CellRunner {
    func run(cell source: String, firstLine: Int, scriptName: String) -> [CellOutput] {
        let first = String(source.prefix { $0 != "\n" })
        return firstLine % 3 == 0 ? [.error(CellError(name: "error", message: first, rendered: first))]
            : [.text(first + "\n\r" + first)]
    }
    var seed: UInt64? { 42 }
}
