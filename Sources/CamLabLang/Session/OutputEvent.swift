/// Everything a running program shows, as typed data. A session emits these; each receiver (the terminal, a
/// pipe, a report, the Jupyter kernel, a test) shows them as well as its medium allows. Nothing downstream
/// parses text back: a picture stays pixels, a plot stays a plot, an error stays a `Diagnostic`.
///
/// This is IPython's display protocol in CamLab's terms: a value offers its representations (text always, a
/// picture when it has one) and each front end picks the richest it can show.
public enum OutputEvent: Sendable {
    /// Text the program printed (`print`, `help`, `summary`, …).
    case text(String)
    /// The error that stopped the input: syntax errors (one event each) or the one runtime error.
    case diagnostic(Diagnostic)
    /// Ctrl-C (or a notebook's interrupt) stopped the input; variables keep what it assigned so far.
    case interrupted
    /// `fit`'s progress: epoch headers, live batch updates (only for media that redraw), epoch summaries.
    case training(TrainingUpdate)
    /// `show(…)` or `plot(…)` displayed a picture.
    case picture(Picture)
    /// `save(…)` or `save_weights(…)` wrote a file; `picture` is what it holds when it is an image or a plot.
    case fileWritten(path: String, picture: Picture?)
    /// The value of a bare expression (the REPL, `-e`, a notebook cell): its text, and its picture if it has one.
    case value(text: String, picture: Picture?)
}

/// Something to look at: pixels or a chart.
public enum Picture: Sendable {
    case image(Raster, title: String?)
    case plot(any Chart)

    /// What a text-only receiver says instead: `[image 28×28: Ankle boot]`, `[plot: Training history]`.
    public var placeholder: String {
        switch self {
        case .image(let image, let title): "[image \(image.width)×\(image.height)\(title.map { ": " + $0 } ?? "")]"
        case .plot(let plot): "[plot: \(plot.title)]"
        }
    }
}

/// One step of a training run, with the numbers Keras' progress bar shows. `ProgressLine` formats them.
public enum TrainingUpdate: Sendable, Equatable {
    case epochBegan(epoch: Int, epochs: Int, batches: Int)
    /// Running means over the epoch so far; `seconds` since the epoch began.
    case progress(epoch: Int, batch: Int, batches: Int, loss: Float, accuracy: Float, seconds: Double)
    case epochEnded(EpochSummary, epochs: Int, batches: Int)
    /// Training stopped by an interrupt before `batch + 1` of `epoch`.
    case stopped(epoch: Int, batch: Int)
}

/// Pixels as a front end receives them: rows top to bottom, each pixel's channels together (1 gray, 3 RGB,
/// 4 RGBA), 0–255. The library makes them from its images; a front end encodes them (PNG) or draws them.
public struct Raster: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * channels, "a raster's pixels must fill it")
        (self.width, self.height, self.channels, self.pixels) = (width, height, channels, pixels)
    }
}

/// A chart as a front end receives it: its title, a standalone SVG document, and text graphics for a terminal
/// about `width` columns wide (`color` adds ANSI 24-bit colour escapes).
public protocol Chart: Sendable {
    var title: String { get }
    func svg() -> String
    func terminal(width: Int, color: Bool) -> String
}

/// The numbers of one finished epoch, as the progress line shows them (the library copies them from the
/// trainer's record); the validation numbers are there when `fit` had validation data.
public struct EpochSummary: Sendable, Equatable {
    public var epoch: Int
    public var loss, accuracy: Float
    public var validationLoss, validationAccuracy: Float?
    public var seconds: Double

    public init(epoch: Int, loss: Float, accuracy: Float, seconds: Double) {
        (self.epoch, self.loss, self.accuracy, self.seconds) = (epoch, loss, accuracy, seconds)
    }
}
