/// Something a code cell produced, in the order it produced it.
public enum CellOutput: Equatable, Sendable {
    /// Text the cell printed, as written (progress bars may still hold `\r` redraws; the report collapses them).
    case text(String)
    /// A picture the cell showed or saved.
    case image(ReportImage)
    /// A chart, as a complete SVG document.
    case plot(svg: String, title: String)
    /// The diagnostic that stopped the cell, formatted as the command line prints it (location, source line,
    /// caret, help).
    case error(String)
}

/// A picture in a report: PNG file bytes and the picture's size in pixels.
public struct ReportImage: Equatable, Sendable {
    public let png: [UInt8]
    public let width: Int
    public let height: Int
    /// Shown under the picture; empty for none.
    public let caption: String

    public init(png: [UInt8], width: Int, height: Int, caption: String = "") {
        self.png = png
        self.width = width
        self.height = height
        self.caption = caption
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
