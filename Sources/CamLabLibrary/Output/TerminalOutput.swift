import CamLabImaging
import CamLabLang
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error, for the REPL and scripts. On a terminal, progress lines redraw in place, pictures
/// are drawn with 24-bit colour half blocks and plots as coloured text, all fitted to the window's width; into a
/// pipe it writes plain text: one line per epoch and a placeholder for each picture.
public final class TerminalOutput: OutputReceiver {
    private let isTerminal: Bool
    private var hasProgressLine = false

    public init(isTerminal: Bool = isatty(STDOUT_FILENO) != 0) { self.isTerminal = isTerminal }

    /// Asked anew each time, so pictures follow a resized window.
    public var medium: Medium {
        guard isTerminal else { return .pipe }
        var size = winsize()
        let columns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        return .terminal(columns: columns, colors: getenv("NO_COLOR") == nil)  // the NO_COLOR convention
    }

    public func receive(_ event: OutputEvent) {
        switch event {
        case .text(let text): out(text)
        case .value(let text, _): out(text + "\n")  // as IPython's terminal: the text form of a value
        case .diagnostic(let diagnostic): err(diagnostic.description + "\n")
        case .interrupted: err("interrupted\n")
        case .training(let update):
            if let line = ProgressLine.live(update) {
                guard isTerminal else { return }
                writeAll(STDOUT_FILENO, "\r\u{1B}[2K" + line)
                hasProgressLine = true
            } else {
                out(ProgressLine.logText(update))
            }
        case .picture(let picture): out(render(picture))
        case .fileWritten: break  // the program named the file; saying so again would be noise
        }
    }

    private func render(_ picture: Picture) -> String {
        switch (picture, medium) {
        case (.image(let image, _), .terminal(let columns, true)): return terminalPicture(image, maxColumns: columns)
        case (.plot(let plot), .terminal(let columns, let colors)): return plot.terminal(width: min(columns, 100), color: colors)
        // A log keeps a plot as plain text graphics; pixels have no text form.
        case (.plot(let plot), _): return plot.terminal(width: 80, color: false)
        case (.image, _): return picture.placeholder + "\n"
        }
    }

    private func out(_ text: String) {
        clearProgress()
        writeAll(STDOUT_FILENO, text)
    }

    private func err(_ text: String) {
        clearProgress()
        writeAll(STDERR_FILENO, text)
    }

    private func clearProgress() {
        guard hasProgressLine else { return }
        writeAll(STDOUT_FILENO, "\r\u{1B}[2K")
        hasProgressLine = false
    }
}

/// Writes all of `text` to a file descriptor, retrying short writes; errors (a closed pipe) are ignored.
public func writeAll(_ descriptor: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// Pixels as 24-bit-colour half blocks, as `terminalPicture(_: Image, …)` draws them.
public func terminalPicture(_ picture: Raster, maxColumns: Int = 80) -> String {
    (try? Image(picture)).map { terminalPicture($0, maxColumns: maxColumns) } ?? ""
}

/// An image as 24-bit-colour half blocks (CamLabImaging's rendering, two pixel rows per line): small images such
/// as 28×28 digits are doubled so they are readable, large ones shrunk to fit `maxColumns`.
public func terminalPicture(_ picture: Image, maxColumns: Int = 80) -> String {
    guard var image = try? picture.converted(toChannels: 3) else { return "" }
    if image.width * 2 <= min(64, maxColumns - 1), let doubled = try? image.upscaled(by: 2) { image = doubled }
    if image.width > maxColumns - 1 {
        let width = max(1, maxColumns - 1)
        let height = max(1, image.height * width / image.width)
        image = (try? image.resized(width: width, height: height, filter: .bilinear)) ?? image
    }
    return image.terminalRendering()
}
