import CamLabImaging

/// Something a code cell produced, in the order it produced it.
public enum CellOutput: Equatable, Sendable {
    /// Text the cell printed, training's epoch lines included.
    case text(String)
    /// A picture the cell showed or saved.
    case image(ReportImage)
    /// A chart, as a complete SVG document.
    case plot(svg: String, title: String)
    /// What stopped the cell.
    case error(CellError)
}

/// The error that stopped a cell: its kind ("error", "syntax error", "interrupted"), its one-line message, and
/// the full rendering the command line prints (location, source line, caret, help).
public struct CellError: Equatable, Sendable {
    public let name: String
    public let message: String
    public let rendered: String

    public init(name: String, message: String, rendered: String) {
        self.name = name
        self.message = message
        self.rendered = rendered
    }
}

/// A picture in a report: PNG file bytes and the picture's size in pixels.
public struct ReportImage: Equatable, Sendable {
    public let png: [UInt8]
    public let width: Int
    public let height: Int
    /// Shown under the picture; empty for none.
    public let caption: String
    /// The PNG to show where the viewer decides the scaling (a notebook, a forge): small pictures enlarged by a
    /// whole factor with nearest-neighbour sampling, so a 28×28 digit stays crisp. The same as `png` otherwise.
    public let displayPNG: [UInt8]

    public init(png: [UInt8], width: Int, height: Int, caption: String = "", displayPNG: [UInt8]? = nil) {
        self.png = png
        self.width = width
        self.height = height
        self.caption = caption
        self.displayPNG = displayPNG ?? png
    }

    /// Encodes `image` once at its own size and once enlarged for display.
    public init(_ image: Image, caption: String = "") throws {
        let enlarged = try image.enlargedForDisplay()
        let png = try PNG.encode(image)
        self.init(png: png, width: image.width, height: image.height, caption: caption,
                  displayPNG: enlarged.width == image.width ? png : try PNG.encode(enlarged))
    }

    /// The picture of a PNG file, its size read from the IHDR chunk. Nil when `png` is not a PNG.
    public init?(png: [UInt8], caption: String = "") {
        guard png.count >= 24, png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              Array(png[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ at: Int) -> Int { png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        guard be32(16) > 0, be32(20) > 0 else { return nil }
        self.init(png: png, width: be32(16), height: be32(20), caption: caption)
    }
}

/// Runs a script's code cells one after another, keeping state (variables, models) between them, as a notebook
/// kernel does. The language's `Session` is the real runner; tests use a scripted fake.
public protocol CellRunner: AnyObject {
    /// Runs one cell and returns what it produced. A failing cell returns its diagnostic as an `.error` output
    /// (after whatever it printed before failing); the runner must not throw or stop the process.
    ///
    /// `firstLine` is the script line the cell starts on and `scriptName` the script's file name, so diagnostics
    /// can name the script position ("fashion.dsl:14:3").
    func run(cell source: String, firstLine: Int, scriptName: String) -> [CellOutput]

    /// The random seed in effect after the run, for the report's header; nil when unknown.
    var seed: UInt64? { get }

    /// True when Ctrl-C stopped the last cell: the run ends there, and the report says so.
    var wasInterrupted: Bool { get }
}

extension CellRunner {
    public var wasInterrupted: Bool { false }
}
