import CamLabCore
import CamLabImaging
import CamLabLang
import CamLabLibrary

/// Runs a walkthrough's cells in one language `Session`, so variables and models carry from cell to cell, and
/// records each cell's output in order: printed text, pictures shown or saved, plots, and the diagnostic of a
/// failing cell.
public final class SessionCellRunner: CellRunner {
    public let session: Session
    private let output: ReportOutput
    private let interruption: InterruptionFlag

    public private(set) var wasInterrupted = false

    /// `registry` holds the builtins cells can call: by default the standard library and the plot builtins.
    /// `interruption` stops a running cell (the command line passes `InterruptionFlag.ctrlC`).
    public init(registry: BuiltinRegistry = .makeStandard(), interruption: InterruptionFlag = InterruptionFlag(),
                workingDirectory: String? = nil) {
        output = ReportOutput()
        self.interruption = interruption
        session = Session(output: output, registry: registry, interruption: interruption,
                          workingDirectory: workingDirectory)
    }

    public func run(cell source: String, firstLine: Int, scriptName: String) -> [CellOutput] {
        output.startCell()
        // A Ctrl-C that came between cells (or during start-up) stops the run here; the session keeps requests
        // rather than clearing them, so none is lost whenever it arrives.
        if interruption.isRequested {
            output.receive(.interrupted)
            wasInterrupted = true
            return output.outputs
        }
        // Lines are counted from the cell's place in the script, so a diagnostic says "walk.dsl:40:7".
        wasInterrupted = session.run(source, name: scriptName, firstLine: firstLine, keepingInterruption: true).interrupted
        output.finishCell()
        return output.outputs
    }

    public var seed: UInt64? { session.seed }
}

/// Turns a session's events into a cell's outputs, in the order they happened: a page keeps each epoch's
/// summary line, every picture shown, the first pictures saved (as PNG), every plot (as SVG), and the error that
/// stopped the cell.
final class ReportOutput: OutputReceiver {
    var outputs: [CellOutput] = []
    let medium = Medium.page
    /// The pictures a cell saves that its output shows; a loop writing a folder of photos would otherwise fill
    /// the page with them. The rest are counted in one line at the end of the cell.
    static let savedPicturesShown = 8
    private var savedPictures = 0

    func startCell() {
        outputs = []
        savedPictures = 0
    }

    func finishCell() {
        let unshown = savedPictures - Self.savedPicturesShown
        if unshown > 0 { append("(\(unshown) more picture\(unshown == 1 ? "" : "s") saved, not shown)\n") }
        savedPictures = 0
    }

    func receive(_ event: OutputEvent) {
        switch event {
        case .text(let text): append(text)
        case .value(let text, _): append(text + "\n")
        case .training(let update): append(ProgressLine.logText(update))
        case .picture(let picture): add(picture, caption: nil)
        case .fileWritten(let path, let picture?):
            savedPictures += 1
            if savedPictures <= Self.savedPicturesShown { add(picture, caption: path) }
        case .fileWritten(_, nil): break
        case .diagnostic(let diagnostic):
            outputs.append(.error(CellError(name: diagnostic.kind.rawValue, message: diagnostic.message,
                                            rendered: diagnostic.description)))
        case .interrupted:
            outputs.append(.error(CellError(name: "interrupted", message: "interrupted", rendered: "interrupted")))
        }
    }

    private func append(_ text: String) {
        guard !text.isEmpty else { return }
        if case .text(let previous)? = outputs.last {
            outputs[outputs.count - 1] = .text(previous + text)
        } else {
            outputs.append(.text(text))
        }
    }

    private func add(_ picture: Picture, caption: String?) {
        if let output = CellOutput(picture, caption: caption) { outputs.append(output) }
    }
}

extension CellOutput {
    /// A picture as a cell output: an image as PNG (nil in the rare case it cannot be encoded, which leaves it out
    /// rather than failing the run), a plot as SVG. `caption` (a saved file's path) replaces the title.
    public init?(_ picture: Picture, caption: String? = nil) {
        switch picture {
        case .image(let image, let title):
            guard let shown = try? ReportImage(Image(image), caption: caption ?? title ?? "") else { return nil }
            self = .image(shown)
        case .plot(let plot):
            self = .plot(svg: plot.svg(), title: caption ?? plot.title)
        }
    }
}
