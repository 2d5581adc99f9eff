/// What a receiver can show, so a session emits only what is worth emitting (no per-batch progress for a log
/// file) and each renderer knows its canvas.
public enum Medium: Sendable, Equatable {
    /// An interactive terminal: lines redraw in place, pictures as 24-bit-colour half blocks `columns` wide.
    case terminal(columns: Int, colors: Bool)
    /// Standard output redirected to a file or a pipe: plain text, one line per epoch, placeholders for pictures.
    case pipe
    /// A report page (HTML or Markdown): text, PNG pictures, SVG plots; one line per epoch.
    case page
    /// A Jupyter front end: MIME bundles, and displays that update in place.
    case notebook

    /// True when a live status (a training progress bar) can be redrawn rather than appended.
    public var updatesInPlace: Bool {
        switch self {
        case .terminal, .notebook: true
        case .pipe, .page: false
        }
    }
}

/// Where a session's `OutputEvent`s go: the terminal, a report, the Jupyter kernel, a test's recorder.
public protocol OutputReceiver: AnyObject {
    var medium: Medium { get }
    func receive(_ event: OutputEvent)
}

extension OutputReceiver {
    /// Printed text, the most common event.
    public func write(_ text: String) { receive(.text(text)) }
}

/// Keeps every event in order: for tests, and for embedders that render after the fact.
public final class RecordedOutput: OutputReceiver {
    public let medium: Medium
    public private(set) var events: [OutputEvent] = []

    public init(medium: Medium = .pipe) { self.medium = medium }

    public func receive(_ event: OutputEvent) { events.append(event) }

    /// Everything printed, with epoch headers and summaries as a log shows them and values as the REPL echoes them.
    public var text: String {
        events.map { event -> String in
            switch event {
            case .text(let text): return text
            case .training(let update): return ProgressLine.logText(update)
            case .value(let text, _): return text + "\n"
            default: return ""
            }
        }.joined()
    }

    /// The diagnostics and interruptions, as standard error shows them.
    public var errors: String {
        events.map { event -> String in
            switch event {
            case .diagnostic(let diagnostic): return diagnostic.description + "\n"
            case .interrupted: return "interrupted\n"
            default: return ""
            }
        }.joined()
    }

    public var pictures: [Picture] {
        events.compactMap { if case .picture(let picture) = $0 { return picture } else { return nil } }
    }

    public var filesWritten: [(path: String, picture: Picture?)] {
        events.compactMap { if case .fileWritten(let path, let picture) = $0 { return (path, picture) } else { return nil } }
    }

    public var trainingUpdates: [TrainingUpdate] {
        events.compactMap { if case .training(let update) = $0 { return update } else { return nil } }
    }

    public func reset() { events = [] }
}
