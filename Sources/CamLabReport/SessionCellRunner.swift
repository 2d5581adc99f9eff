import CamLabImaging
import CamLabLang
import CamLabCore
import CamLabPlot

/// Runs a walkthrough's cells in one language `Session`, so variables and models carry from cell to cell, and
/// records each cell's output in order: printed text, pictures shown or saved, plots, and the diagnostic of a
/// failing cell.
public final class SessionCellRunner: CellRunner {
    public let session: Session
    private let sink: ReportOutputSink

    public private(set) var wasInterrupted = false

    /// `registry` holds the builtins cells can call: by default the standard library and the plot builtins.
    /// `interruption` stops a running cell (the command line passes `InterruptionFlag.ctrlC`).
    public init(registry: BuiltinRegistry = .makeStandard(), interruption: InterruptionFlag = InterruptionFlag(),
                workingDirectory: String? = nil) {
        sink = ReportOutputSink()
        session = Session(output: sink, registry: registry, interruption: interruption,
                          workingDirectory: workingDirectory)
    }

    public func run(cell source: String, firstLine: Int, scriptName: String) -> [CellOutput] {
        sink.begin()
        // Lines are counted from the cell's place in the script, so a diagnostic says "walk.dsl:40:7".
        let outcome = session.run(source, name: scriptName, firstLine: firstLine)
        wasInterrupted = outcome.interrupted
        return sink.finish(succeeded: outcome.succeeded)
    }

    public var seed: UInt64? { session.seed }
}

/// An output sink that keeps a cell's text, pictures and errors in the order they happened.
final class ReportOutputSink: PlotSink {
    private var outputs: [CellOutput] = []
    private var errors = ""
    let showsProgress = false

    func begin() { outputs = []; errors = "" }

    func finish(succeeded: Bool) -> [CellOutput] {
        if !errors.isEmpty { outputs.append(.error(errors.hasSuffix("\n") ? String(errors.dropLast()) : errors)) }
        return outputs
    }

    func write(_ text: String) {
        if case .text(let previous)? = outputs.last {
            outputs[outputs.count - 1] = .text(previous + text)
        } else {
            outputs.append(.text(text))
        }
    }

    func writeError(_ text: String) { errors += text }

    /// A plot from the plot builtins, kept as SVG.
    func plot(_ plot: any Plot) { outputs.append(.plot(svg: plot.svg(), title: plot.title)) }

    func progress(_ line: String?) {}

    func artifact(_ artifact: Artifact) {
        // Kinds other than these two (added later) are skipped rather than breaking the report.
        switch artifact.kind {
        case .shownImage:
            guard let picture = artifact.image,
                  let image = try? Image(width: picture.width, height: picture.height, channels: 3,
                                         pixels: picture.pixels),
                  let png = try? PNG.encode(image) else { return }
            outputs.append(.image(ReportImage(png: png, width: picture.width, height: picture.height,
                                              caption: artifact.title ?? "")))
        case .savedFile:
            guard let path = artifact.path else { return }
            let lower = path.lowercased()
            if lower.hasSuffix(".png"), let bytes = try? FileIO.read(path), let image = ReportImage(png: bytes,
                caption: artifact.title ?? path) {
                outputs.append(.image(image))
            } else if lower.hasSuffix(".svg"), let bytes = try? FileIO.read(path) {
                outputs.append(.plot(svg: String(decoding: bytes, as: UTF8.self), title: artifact.title ?? path))
            }
        default:
            break
        }
    }
}
