import CamLabData
import CamLabLang
import CamLabLibrary
import CamLabReport

/// Sends a session's events to the Jupyter wrapper as JSON lines, already in the shape of Jupyter's messages
/// (`stream`, `display_data`, `update_display_data`, `execute_result`, `error`), so the wrapper only relays.
///
/// A `fit` gets one display, created at its first epoch and updated in place: the finished epochs' lines and the
/// live bar of the current one.
final class NotebookOutput: OutputReceiver {
    let medium = Medium.notebook
    private let send: (JSON) -> Void
    private var fits = 0
    private var training: (id: String, lines: String, live: String?)?
    /// The first error of the running cell, for the execute reply.
    private(set) var error: CellError?

    init(send: @escaping (JSON) -> Void) { self.send = send }

    func beginCell() {
        training = nil
        error = nil
    }

    func receive(_ event: OutputEvent) {
        switch event {
        case .text(let text):
            send(.object([("type", .string("stream")), ("name", .string("stdout")), ("text", .string(text))]))
        case .value(let text, let picture):
            var data: [(String, JSON)] = []
            if let picture, let output = CellOutput(picture), case .object(let bundle)? = NotebookBundles.bundle(output) {
                data = bundle.filter { $0.0 != "text/plain" }
            }
            send(.object([("type", .string("result")),
                          ("data", .object(data + [("text/plain", .string(text))]))]))
        case .picture(let picture):
            display(picture, caption: nil)
        case .fileWritten(let path, let picture):
            if let picture { display(picture, caption: path) }
        case .training(let update):
            showTraining(update)
        case .diagnostic(let diagnostic):
            fail(CellError(name: diagnostic.kind.rawValue, message: diagnostic.message, rendered: diagnostic.description))
        case .interrupted:
            fail(CellError(name: "interrupted", message: "interrupted", rendered: "interrupted"))
        }
    }

    private func display(_ picture: Picture, caption: String?) {
        guard let output = CellOutput(picture, caption: caption), let bundle = NotebookBundles.bundle(output) else {
            return
        }
        send(.object([("type", .string("display")), ("data", bundle)]))
    }

    private func showTraining(_ update: TrainingUpdate) {
        var isNew = false
        if case .epochBegan(1, _, _) = update { training = nil }
        if training == nil {
            fits += 1
            training = ("camlab-fit-\(fits)", "", nil)
            isNew = true
        }
        guard var current = training else { return }
        if let live = ProgressLine.live(update) {
            current.live = live
        } else {
            current.lines += ProgressLine.logText(update)
            current.live = nil
        }
        training = current
        send(.object([("type", .string("display")), ("display_id", .string(current.id)), ("update", .bool(!isNew)),
                      ("data", .object([("text/plain", .string(current.lines + (current.live ?? "")))]))]))
    }

    private func fail(_ cellError: CellError) {
        if error == nil { error = cellError }
        send(.object([("type", .string("error"))] + NotebookBundles.errorFields(cellError)))
    }
}
