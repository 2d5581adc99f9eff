import CamLabCore

/// The image file formats CamLab reads and writes, chosen by file extension.
public enum ImageFormat: String, CaseIterable, Sendable {
    case png, jpeg, ppm, pgm

    /// The extensions that name each format (any case).
    var extensions: [String] { self == .jpeg ? ["jpg", "jpeg"] : [rawValue] }

    /// The format for `path`'s extension (case-insensitive).
    public init(path: String) throws {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        guard let format = ImageFormat.allCases.first(where: { $0.extensions.contains(ext) }) else {
            let supported = ImageFormat.allCases.flatMap { $0.extensions }.map { "." + $0 }.joined(separator: ", ")
            throw Problem("cannot tell the image format of '\(path)': unknown extension "
                             + (ext.isEmpty ? "(none)" : "'.\(ext)'") + "; use one of \(supported)")
        }
        self = format
    }
}

extension Image {
    /// Writes the image to `path` atomically, in the format its extension names (.png, .jpg/.jpeg, .ppm, .pgm);
    /// `quality` (1...100) applies to JPEG only; `durable` as in `FileIO.writeAtomically`.
    public func write(to path: String, quality: Int = JPEG.defaultQuality, durable: Bool = true) throws {
        let bytes: [UInt8]
        switch try ImageFormat(path: path) {
        case .png: bytes = try PNG.encode(self)
        case .jpeg: bytes = try JPEG.encode(self, quality: quality)
        case .ppm: bytes = try PNM.encodePPM(self)
        case .pgm: bytes = try PNM.encodePGM(self)
        }
        try FileIO.writeAtomically(bytes, to: path, durable: durable)
    }

    /// Reads the image at `path`, in the format its extension names (.png, .jpg/.jpeg, .ppm, .pgm). A JPEG's size is
    /// checked against `budget` before it is decoded.
    public static func read(from path: String, budget: MemoryBudget = .standard) throws -> Image {
        let format = try ImageFormat(path: path)
        let bytes = try FileIO.read(path)
        switch format {
        case .png: return try PNG.decode(bytes, source: "'\(path)'")
        case .jpeg: return try JPEG.decode(bytes, source: "'\(path)'", budget: budget)
        case .ppm, .pgm: return try PNM.decode(bytes, source: "'\(path)'")
        }
    }
}
