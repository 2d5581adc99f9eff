import ArgumentParser
import CamLabCore
import CamLabExplain
import CamLabFolderExplain
import CamLabImaging
import CamLabLang
import CamLabLibrary
import CamLabModelFiles
import CamLabNN
import CamLabREPL
#if canImport(Glibc)
import Glibc
#endif

/// `camlab explain MODEL PICTURES... --out DIR`: explains every picture of files and folders with a model file, in
/// shards that separate machines can run apart, resumably.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain every picture of files and folders with a model, writing overlays and an index.",
        discussion: """
            Pictures are resized to the model's input and converted to its colours. Under --out go one overlay per
            picture (mirroring the folders given) and index-K-of-N.jsonl, one line per picture: file, target,
            class_name, score, outputs, seconds (or error). A rerun skips pictures the index already holds.
            --shard K/N takes the K-th of N parts of the sorted pictures: N machines running the N shards explain
            every picture exactly once.
            """)

    @Argument(help: "The model: a .keras, .h5 or .onnx file, or weights (.safetensors) with --dsl.")
    var model: String
    @Argument(help: "Picture files and folders (searched recursively).") var pictures: [String]
    @Option(name: .shortAndLong, help: "The folder for overlays and the index.") var out: String
    @Option(help: "The explanation method (camlab -e 'help(explain)' lists them).") var method = "gradcam"
    @Option(help: "The layer to explain at (default: the method's).") var layer: String?
    @Option(help: "predicted, a class index, or a class name (with --class-names).") var target = "predicted"
    @Option(help: "Multiply pixels (0-255) by this before the model sees them, e.g. 1/255.") var rescale = "1"
    @Option(help: "H,W: the size pictures are resized to; must be the model's input size.") var size: String?
    @Option(help: "png, jpg (overlays) or npy (raw maps).") var format = "png"
    @Flag(help: "Also write each raw map as .npy beside its overlay.") var raw = false
    @Option(help: "Pictures per batch.") var batchSize = 32
    @Option(help: "K/N: the K-th of N parts of the sorted pictures (1-based).") var shard = "1/1"
    @Option(help: "The classes' names, comma-separated, in the model's output order.") var classNames: String?
    @Option(help: "The colormap of overlays (matplotlib's names).") var colormap: String?
    @Option(help: "The CamLab script that builds the model (its variable 'model') for .safetensors weights.")
    var dsl: String?

    func run() throws {
        let status = SignalHandling.untilExit { () -> Int32 in
            do {
                return try explainFolder()
            } catch is Interrupted {
                say("camlab explain: interrupted; run the same command again to go on where it stopped")
                return 130
            } catch {
                writeOut("camlab explain: \(error)\n", to: 2)
                return 2
            }
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func explainFolder() throws -> Int32 {
        let job = try makeJob()
        let network = try loadModel()
        if let size {
            let parts = size.split(separator: ",").compactMap { Int($0.trimmed) }
            guard parts.count == 2, parts == Array(network.inputShape.prefix(2)) else {
                throw Problem("--size \(size) is not the model's input size "
                                + "\(network.inputShape[0]),\(network.inputShape[1])")
            }
        }
        let list = try PictureSet.collect(pictures)
        let explainer = try FolderExplainer(model: network, job: job)
        var progress = ProgressReport(terminal: isatty(1) == 1)
        let summary = try explainer.run(list) { progress.show($0) }
        progress.finish()
        say("explained \(summary.explained) of \(summary.total) pictures in shard \(job.shard)"
            + (summary.skipped > 0 ? " (\(summary.skipped) were already in the index)" : "")
            + " in \(summary.seconds.fixed(decimals: 1)) s, \(summary.picturesPerSecond.fixed(decimals: 1)) pictures/s; "
            + "index: \(summary.indexPath)")
        guard summary.failed.isEmpty else {
            say("\(summary.failed.count) failed (listed in the index with their errors):")
            for file in summary.failed.prefix(20) { say("  \(file)") }
            if summary.failed.count > 20 { say("  … and \(summary.failed.count - 20) more") }
            return 1
        }
        return 0
    }

    private func makeJob() throws -> FolderExplainJob {
        var job = FolderExplainJob(outputFolder: out)
        job.method = try ExplanationMethod.named(method)
        job.layer = layer.map { Int($0).map(LayerReference.index) ?? .name($0) }
        job.target = target == "predicted" ? .predicted : Int(target).map(Target.index) ?? .name(target)
        job.rescale = try parseRescale(rescale)
        guard let chosen = FolderOutputFormat(rawValue: format.lowercased() == "jpeg" ? "jpg" : format.lowercased()) else {
            throw Problem("--format \(format): choose png, jpg or npy")
        }
        job.format = chosen
        job.writeRawMaps = raw
        job.batchSize = batchSize
        job.shard = try Shard(parsing: shard)
        job.classNames = classNames.map { $0.split(separator: ",").map { String($0).trimmed } }
        job.colormap = try colormap.map { try Colormap(named: $0) }
        job.limits = RunLimits(interruption: .ctrlC)
        if case .name = job.target, job.classNames == nil {
            throw Problem("--target \(target) names a class: give the classes with --class-names")
        }
        return job
    }

    /// "1/255", "0.00392" or "1".
    private func parseRescale(_ text: String) throws -> Float {
        let parts = text.split(separator: "/")
        let numbers = parts.compactMap { Float($0.trimmed) }
        guard numbers.count == parts.count, (1...2).contains(numbers.count), numbers.allSatisfy(\.isFinite),
              numbers.count == 1 || numbers[1] != 0 else {
            throw Problem("--rescale \(text): give a number or a fraction such as 1/255")
        }
        return numbers.count == 1 ? numbers[0] : numbers[0] / numbers[1]
    }

    private func loadModel() throws -> Model {
        let lower = model.lowercased()
        if ModelFiles.readableExtensions.contains(where: { lower.hasSuffix("." + $0) }) {
            return try ModelFiles.load(path: model)
        }
        guard lower.hasSuffix(".safetensors") else {
            throw Problem("cannot open model \(FileIO.quoted(model)): give a Keras (.keras, .h5) or ONNX (.onnx) file, "
                          + "or weights (.safetensors) with --dsl, the script that builds the model")
        }
        guard let dsl else {
            throw Problem("weights \(FileIO.quoted(model)) need the script that builds the model: "
                            + "--dsl build.dsl (it must define the variable 'model')")
        }
        let session = Session(output: RecordedOutput(), interruption: .ctrlC)
        let outcome = session.run(try Session.readScript(dsl), name: dsl)
        guard outcome.succeeded else {
            throw Problem("the script \(FileIO.quoted(dsl)) failed: "
                            + (outcome.diagnostics.first.map { "\($0.message)" } ?? "interrupted"))
        }
        guard case .object(let object as ModelObject)? = session.variable("model") else {
            throw Problem("the script \(FileIO.quoted(dsl)) does not define a model named 'model'")
        }
        try object.model.loadWeights(from: model)
        return object.model
    }
}

/// A progress line on a terminal (pictures per second and time left, redrawn in place), or one plain line per
/// picture in a log.
struct ProgressReport {
    let terminal: Bool
    private var total = 0, done = 0
    private let start = MonotonicClock.now()

    init(terminal: Bool) { self.terminal = terminal }

    mutating func show(_ event: FolderExplainEvent) {
        switch event {
        case .started(let all, let skipped):
            total = all - skipped
            if !terminal { say("explaining \(total) pictures (\(skipped) already in the index)") }
        case .explained(let picture, let seconds):
            done += 1
            if !terminal { say("\(picture.path): \((seconds * 1000).fixed(decimals: 1)) ms") }
        case .failed(let picture, let message):
            done += 1
            if terminal { eraseLine() }
            say("\(picture.path): failed: \(message)")
        }
        guard terminal, total > 0 else { return }
        let elapsed = MonotonicClock.now() - start
        let rate = Double(done) / max(elapsed, 1e-9)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = "\r\(done)/\(total) pictures, \(rate.fixed(decimals: 1))/s, \(left.fixed(decimals: 0)) s left"
        writeOut(line + "\u{1B}[K")
    }

    func finish() { if terminal && total > 0 { eraseLine() } }

    private func eraseLine() { writeOut("\r\u{1B}[K") }
}

private func say(_ line: String) { writeOut(line + "\n") }

/// Writes to a file descriptor directly (standard output by default), unbuffered, so progress and errors
/// appear at once and in order.
private func writeOut(_ text: String, to descriptor: Int32 = 1) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        bytes = bytes.dropFirst(written)
    }
}

extension StringProtocol {
    /// Without the spaces around it.
    var trimmed: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
