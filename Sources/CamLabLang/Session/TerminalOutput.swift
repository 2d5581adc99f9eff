import CamLabImaging
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error. On a terminal, progress lines redraw in place and shown images are drawn
/// with 24-bit colour half blocks (two pixel rows per character cell).
public final class TerminalOutput: OutputSink {
    public let showsProgress: Bool
    private var hasProgressLine = false

    public init(isTerminal: Bool = isatty(STDOUT_FILENO) != 0) { self.showsProgress = isTerminal }

    public func write(_ text: String) {
        clearProgress()
        writeAll(STDOUT_FILENO, text)
    }

    public func writeError(_ text: String) {
        clearProgress()
        writeAll(STDERR_FILENO, text)
    }

    public func progress(_ line: String?) {
        guard showsProgress else { return }
        guard let line else { clearProgress(); return }
        writeAll(STDOUT_FILENO, "\r\u{1B}[2K" + line)
        hasProgressLine = true
    }

    public func artifact(_ artifact: Artifact) {
        guard artifact.kind == .shownImage, let image = artifact.image else { return }
        if showsProgress {
            write(terminalPicture(image, maxColumns: terminalColumns()))
        } else {
            write("[image \(image.width)×\(image.height)\(artifact.title.map { ": " + $0 } ?? "")]\n")
        }
    }

    private func clearProgress() {
        guard hasProgressLine else { return }
        writeAll(STDOUT_FILENO, "\r\u{1B}[2K")
        hasProgressLine = false
    }

    private func terminalColumns() -> Int {
        var size = winsize()
        return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }
}

/// Writes all of `text` to a file descriptor, retrying short writes; errors (a closed pipe) are ignored.
func writeAll(_ descriptor: Int32, _ text: String) {
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

/// An image as 24-bit-colour half blocks (CamLabImaging's rendering, two pixel rows per line): small images such
/// as 28×28 digits are doubled so they are readable, large ones shrunk to fit `maxColumns`.
public func terminalPicture(_ picture: RGBImage, maxColumns: Int = 80) -> String {
    guard var image = try? Image(width: picture.width, height: picture.height, channels: 3, pixels: picture.pixels)
    else { return "" }
    if image.width * 2 <= min(64, maxColumns - 1), let doubled = try? image.upscaled(by: 2) { image = doubled }
    if image.width > maxColumns - 1 {
        let width = max(1, maxColumns - 1)
        let height = max(1, image.height * width / image.width)
        image = (try? image.resized(width: width, height: height, filter: .bilinear)) ?? image
    }
    return image.terminalRendering()
}
