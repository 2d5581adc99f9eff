/// Where a CamLab program's output goes. The terminal prints it; a notebook report records it per cell.
///
/// Text arrives through `write`, errors through `writeError`, a live status line (a training progress bar)
/// through `progress`, and anything visual the program produced — an image it saved or showed — through
/// `artifact`, so a report can embed it next to the text.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// Replaces the current status line; nil clears it. Sinks that are not live terminals ignore it.
    func progress(_ line: String?)
    func artifact(_ artifact: Artifact)
    /// True when `progress` is drawn live (a terminal). Training prints only per-epoch lines otherwise.
    var showsProgress: Bool { get }
}

/// An image or file a program produced.
public struct Artifact: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `save(…)` wrote a file (PNG, PPM, NPY, safetensors, …) at `path`.
        case savedFile
        /// `show(…)` displayed an image; `image` holds its pixels.
        case shownImage
    }
    public let kind: Kind
    public let path: String?
    public let image: RGBImage?
    public let title: String?

    public init(kind: Kind, path: String? = nil, image: RGBImage? = nil, title: String? = nil) {
        self.kind = kind
        self.path = path
        self.image = image
        self.title = title
    }
}

/// 8-bit RGB pixels, row-major, 3 bytes per pixel: `pixels[(y * width + x) * 3 + channel]`.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "RGBImage needs width × height × 3 bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}

/// Collects everything in memory: for tests, and for reports that capture a cell's output.
public final class CapturedOutput: OutputSink {
    public private(set) var text = ""
    public private(set) var errors = ""
    public private(set) var artifacts: [Artifact] = []
    public private(set) var progressLines: [String] = []
    public let showsProgress: Bool

    public init(showsProgress: Bool = false) { self.showsProgress = showsProgress }

    public func write(_ text: String) { self.text += text }
    public func writeError(_ text: String) { errors += text }
    public func progress(_ line: String?) { if let line { progressLines.append(line) } }
    public func artifact(_ artifact: Artifact) { artifacts.append(artifact) }

    /// Empties the buffers (a report calls this between cells).
    public func reset() {
        text = ""
        errors = ""
        artifacts = []
        progressLines = []
    }
}
