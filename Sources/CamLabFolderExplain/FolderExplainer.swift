#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabImaging
import CamLabNN

/// What `camlab explain` writes for each picture: an overlay in a picture format, or the raw map as NumPy.
public enum FolderOutputFormat: String, CaseIterable, Sendable {
    case png, jpg, npy
}

/// How to explain a folder: the method and its target, how pictures become the model's input, and where and
/// how the outputs go.
public struct FolderExplainJob: Sendable {
    public var outputFolder: String
    public var method = ExplanationMethod.gradcam
    public var layer: LayerReference?
    public var target = Target.predicted
    /// Pixels (0–255) are multiplied by this before the model sees them: 1/255 for a model trained on [0, 1].
    public var rescale: Float = 1
    public var format = FolderOutputFormat.png
    /// Also write each raw map as `.npy` beside its overlay.
    public var writeRawMaps = false
    public var batchSize = 32
    /// Index lines wait at most this long (and at least a batch) for the one flush of the file system that puts
    /// the outputs they name on disk first: a flush per batch costs more than the pictures at 28×28.
    public var flushInterval = 1.0
    public var shard = Shard.whole
    public var classNames: [String]?
    public var colormap: Colormap?
    public var limits = RunLimits()

    public init(outputFolder: String) { self.outputFolder = outputFolder }
}

/// What a run reports as it goes, for a progress line or a log.
public enum FolderExplainEvent: Sendable {
    /// `total` pictures in this shard, `skipped` of them already in the index.
    case started(total: Int, skipped: Int)
    case explained(Picture, seconds: Double)
    case failed(Picture, message: String)
}

public struct FolderExplainSummary: Sendable, Equatable {
    public var total = 0
    public var skipped = 0
    public var explained = 0
    public var failed: [String] = []
    public var seconds = 0.0
    public var indexPath = ""
    public var picturesPerSecond: Double { seconds > 0 ? Double(explained + failed.count) / seconds : 0 }
}

/// Explains every picture of a shard with one model, a batch at a time, writing each output atomically and one
/// index line per picture; a picture that cannot be read or converted is recorded as failed and the run goes on.
public struct FolderExplainer {
    public let model: Model
    public let job: FolderExplainJob

    public init(model: Model, job: FolderExplainJob) throws(Problem) {
        guard job.batchSize > 0 else { throw Problem("--batch-size must be positive, got \(job.batchSize)") }
        guard model.inputShape.count == 3, [1, 3].contains(model.inputShape[2]) else {
            throw Problem("model '\(model.name)' takes inputs of shape \(model.inputShape.shapeDescription); "
                          + "camlab explain needs pictures: (height, width, 1) or (height, width, 3)")
        }
        self.model = model
        self.job = job
    }

    public func run(_ pictures: [Picture], onEvent: (FolderExplainEvent) -> Void = { _ in }) throws -> FolderExplainSummary {
        var options = ExplainOptions()
        options.layers = job.layer.map { [$0] } ?? []
        options.classNames = job.classNames
        options.batchSize = job.batchSize
        options.limits = job.limits
        // A wrong layer, target or method for this model fails every picture alike: found on a blank picture
        // before anything is written.
        _ = try explanations(of: Tensor.zeros([1] + model.inputShape), options)
        try makeFolders(job.outputFolder)
        let index = try ExplanationIndex(path: job.outputFolder + "/" + job.shard.indexFileName)
        let mine = Array(pictures[job.shard.range(of: pictures.count)])
        let todo = mine.filter { !index.explained.contains($0.path) }
        var summary = FolderExplainSummary(total: mine.count, skipped: mine.count - todo.count, indexPath: index.path)
        onEvent(.started(total: mine.count, skipped: summary.skipped))
        let start = MonotonicClock.now()

        var folders = Set<String>()
        // Index lines and events wait until the outputs they name are flushed, with those of the batches after
        // them, for at most `flushInterval` seconds; what is waiting still goes in when the run stops early.
        var pending = Batch()
        var lastFlush = start
        func flush() throws(Problem) {
            // An index that cannot be written stops the run: nothing else would record what was done.
            try index.append(afterFlushing: pending.records)
            for event in pending.events {
                switch event {
                case .explained: summary.explained += 1
                case .failed(let picture, _): summary.failed.append(picture.path)
                case .started: break
                }
                onEvent(event)
            }
            pending = Batch()
            lastFlush = MonotonicClock.now()
        }
        do {
            for first in stride(from: 0, to: todo.count, by: job.batchSize) {
                try job.limits.interruption.check()
                let batch = try explainBatch(todo[first..<min(first + job.batchSize, todo.count)], options,
                                             folders: &folders)
                pending.records += batch.records
                pending.events += batch.events
                if MonotonicClock.now() - lastFlush >= job.flushInterval { try flush() }
            }
        } catch {
            try? flush()
            throw error
        }
        try flush()
        index.sync()
        summary.seconds = MonotonicClock.now() - start
        return summary
    }

    /// Explains one batch of pictures, writing their outputs (without flushing them), and returns their index
    /// records and events.
    private func explainBatch(_ pictures: ArraySlice<Picture>, _ options: ExplainOptions,
                              folders: inout Set<String>) throws -> Batch {
        var batch = Batch()
        // Reading, converting and resizing the pictures, and drawing and encoding their overlays, take most of a
        // small model's time: each runs on every core, a picture per task, results kept in the pictures' order.
        let pictures = Array(pictures)
        let (shape, rescale) = (model.inputShape, job.rescale)
        let reads = Parallel.map(pictures.count) { i -> (Result<(Image, Tensor), Error>, seconds: Double) in
            let start = MonotonicClock.now()
            let read = Result { try Self.modelInput(pictures[i].path, shape: shape, rescale: rescale) }
            return (read, MonotonicClock.now() - start)
        }
        var loaded: [(picture: Picture, original: Image, input: Tensor, seconds: Double)] = []
        for (picture, (read, seconds)) in zip(pictures, reads) {
            switch read {
            case .success(let (original, input)): loaded.append((picture, original, input, seconds))
            case .failure(let error): batch.fail(picture, "\(error)", seconds: seconds)
            }
        }
        guard !loaded.isEmpty else { return batch }
        let input = Tensor(shape: [loaded.count] + model.inputShape, scalars: loaded.flatMap(\.input.scalars))
        let explainStart = MonotonicClock.now()
        let explanations = try explanations(of: input, options)
        let explainShare = (MonotonicClock.now() - explainStart) / Double(loaded.count)
        for item in loaded {
            let folder = parent(of: job.outputFolder + "/" + item.picture.outputStem)
            if !folders.contains(folder) {
                try makeFolders(folder)
                folders.insert(folder)
            }
        }
        let job = self.job
        let originals = loaded.map { ($0.picture, $0.original) }
        let writes = Parallel.map(loaded.count) { i -> (Result<[String], Error>, seconds: Double) in
            let start = MonotonicClock.now()
            let written = Result { try Self.write(explanations[i], over: originals[i].1, for: originals[i].0, job: job) }
            return (written, MonotonicClock.now() - start)
        }
        for ((item, explanation), (written, writeSeconds)) in zip(zip(loaded, explanations), writes) {
            let outputs: [String]
            switch written {
            case .success(let paths): outputs = paths
            case .failure(let error):
                batch.fail(item.picture, "\(error)", seconds: writeSeconds)
                continue
            }
            let seconds = item.seconds + explainShare + writeSeconds
            var fields: [(String, JSON)] = [("file", .string(item.picture.path)),
                                            ("target", .number(String(explanation.target)))]
            if let name = explanation.targetName { fields.append(("class_name", .string(name))) }
            fields += [("score", jsonNumber(explanation.score)),
                       ("outputs", .array(outputs.map { .string($0) })),
                       ("seconds", jsonNumber((seconds * 1e6).rounded() / 1e6))]
            batch.records.append(fields)
            batch.events.append(.explained(item.picture, seconds: seconds))
        }
        return batch
    }

    /// The batch's explanations. The model, method and target are the same for every picture, so their problems
    /// stop the run rather than fail one picture.
    private func explanations(of batch: Tensor, _ options: ExplainOptions) throws -> [Explanation] {
        do {
            return try explain(model: model, batch: batch, method: job.method, targets: [job.target], options: options)
        } catch let error as Interrupted {
            throw error
        } catch {
            throw Problem("\(job.method.name): \(error)")
        }
    }

    /// The picture as read (for the overlay) and as the model takes it: its channels converted, resized to the
    /// model's input with bilinear interpolation (Keras' default), pixels times `rescale`.
    func modelInput(_ path: String) throws -> (Image, Tensor) {
        try Self.modelInput(path, shape: model.inputShape, rescale: job.rescale)
    }

    static func modelInput(_ path: String, shape: [Int], rescale: Float) throws -> (Image, Tensor) {
        let original = try Image.read(from: path)
        let (height, width, channels) = (shape[0], shape[1], shape[2])
        var image = try original.converted(toChannels: channels)
        if image.width != width || image.height != height {
            image = try image.resized(width: width, height: height, filter: .bilinear)
        }
        var input = image.tensor(dividingBy: 1)
        if rescale != 1 { input = input * rescale }
        return (try original.converted(toChannels: original.channels == 1 ? 1 : 3), input)
    }

    /// Writes the picture's outputs under the output folder (made beforehand), atomically but without flushing
    /// them to disk (the index flushes a batch's outputs at once before naming them), and returns their paths.
    static func write(_ explanation: Explanation, over original: Image, for picture: Picture,
                      job: FolderExplainJob) throws -> [String] {
        let stem = job.outputFolder + "/" + picture.outputStem
        var outputs: [String] = []
        if job.format != .npy {
            let overlay = try formatAsImage(explanation, over: original, colormap: job.colormap)
            let path = stem + "." + job.format.rawValue
            try overlay.write(to: path, durable: false)
            outputs.append(path)
        }
        if job.format == .npy || job.writeRawMaps {
            let path = stem + ".npy"
            try FileIO.writeAtomically(NPY.encode(explanation.map), to: path, durable: false)
            outputs.append(path)
        }
        return outputs
    }
}

/// One batch's index records and the events to report once they are in the index, in the pictures' order.
private struct Batch {
    var records: [[(String, JSON)]] = []
    var events: [FolderExplainEvent] = []

    mutating func fail(_ picture: Picture, _ message: String, seconds: Double) {
        records.append([("file", .string(picture.path)), ("error", .string(message)),
                        ("seconds", jsonNumber((seconds * 1e6).rounded() / 1e6))])
        events.append(.failed(picture, message: message))
    }
}

/// A number as JSON; JSON has no NaN or infinity, so those are null.
private func jsonNumber<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F) -> JSON {
    value.isFinite ? .number(value.description) : .null
}

private func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
}

/// Creates `folder` and the folders leading to it, like `mkdir -p`.
func makeFolders(_ folder: String) throws(Problem) {
    var built = folder.hasPrefix("/") ? "" : "."
    for part in folder.split(separator: "/") {
        built += "/" + part
        if mkdir(built, 0o755) != 0 && errno != EEXIST {
            throw Problem("cannot create folder \(FileIO.quoted(built)): \(FileIO.systemReason())")
        }
    }
}
