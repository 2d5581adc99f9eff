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
            write(HalfBlockRenderer(maxColumns: terminalColumns()).render(image))
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

/// Draws an image as text: each cell is '▀' with the top pixel as foreground and the bottom as background.
public struct HalfBlockRenderer: Sendable {
    public var maxColumns: Int
    public init(maxColumns: Int = 80) { self.maxColumns = maxColumns }

    /// Nearest-neighbour scaling: small images (28×28) are doubled so they are readable, large ones shrunk
    /// to fit the terminal.
    public func render(_ image: RGBImage) -> String {
        guard image.width > 0, image.height > 0 else { return "" }
        var columns = image.width < 40 ? image.width * 2 : image.width
        columns = max(1, min(columns, maxColumns - 1))
        let scale = Double(columns) / Double(image.width)
        let rows = max(2, Int((Double(image.height) * scale).rounded()))
        var out = ""
        func pixel(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
            let sx = min(image.width - 1, Int(Double(x) / scale))
            let sy = min(image.height - 1, Int(Double(y) / scale))
            let i = (sy * image.width + sx) * 3
            return (image.pixels[i], image.pixels[i + 1], image.pixels[i + 2])
        }
        for y in stride(from: 0, to: rows, by: 2) {
            for x in 0..<columns {
                let top = pixel(x, y)
                let bottom = y + 1 < rows ? pixel(x, y + 1) : (0, 0, 0)
                out += "\u{1B}[38;2;\(top.0);\(top.1);\(top.2)m\u{1B}[48;2;\(bottom.0);\(bottom.1);\(bottom.2)m▀"
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }
}
