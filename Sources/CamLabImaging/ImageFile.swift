import CamLabCore

/// The image file formats CamLab reads and writes, chosen by file extension.
public enum ImageFormat: String, CaseIterable, Sendable {
    case png, ppm, pgm

    /// The format for `path`'s extension (case-insensitive).
    public init(path: String) throws {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        guard let format = ImageFormat(rawValue: ext) else {
            let supported = ImageFormat.allCases.map { "." + $0.rawValue }.joined(separator: ", ")
            throw Problem("cannot tell the image format of '\(path)': unknown extension "
                             + (ext.isEmpty ? "(none)" : "'.\(ext)'") + "; use one of \(supported)")
        }
        self = format
    }
}

extension Image {
    /// Writes the image to `path` atomically, in the format its extension names (.png, .ppm, .pgm).
    public func write(to path: String) throws {
        let bytes: [UInt8]
        switch try ImageFormat(path: path) {
        case .png: bytes = try PNG.encode(self)
        case .ppm: bytes = try PNM.encodePPM(self)
        case .pgm: bytes = try PNM.encodePGM(self)
        }
        try FileIO.writeAtomically(bytes, to: path)
    }

    /// Reads the image at `path`, in the format its extension names (.png, .ppm, .pgm).
    public static func read(from path: String) throws -> Image {
        let format = try ImageFormat(path: path)
        let bytes = try FileIO.read(path)
        switch format {
        case .png: return try PNG.decode(bytes, source: "'\(path)'")
        case .ppm, .pgm: return try PNM.decode(bytes, source: "'\(path)'")
        }
    }
}
