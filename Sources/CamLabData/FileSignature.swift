/// Names a file's format from its first bytes, so an error can say what a misnamed file really is
/// ("it starts with 89 50 4e 47 (a PNG image)").
public enum FileSignature {
    /// "a PNG image", "a gzip stream", …, or nil when the bytes match no format CamLab knows.
    public static func describe(_ bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "a PNG image" }
        if starts([0x93] + Array("NUMPY".utf8)) { return "a NumPy .npy file" }
        if starts([0x1F, 0x8B]) { return "a gzip stream" }
        if starts(Array("PK".utf8) + [3, 4]) { return "a ZIP archive, such as NumPy's .npz" }
        if starts(Array("P6".utf8)) || starts(Array("P5".utf8)) { return "a PPM/PGM image" }
        if bytes.count >= 9, bytes[8] == UInt8(ascii: "{"), Bytes.littleEndianUInt64(bytes, at: 0) < UInt64(bytes.count) {
            return "a safetensors file"
        }
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, IDX.ElementType(rawValue: bytes[2]) != nil {
            return "an IDX file"
        }
        if starts(Array("<!DOCTYPE".utf8)) || starts(Array("<html".utf8)) { return "an HTML page" }
        if let first = bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return "JSON text" }
        return nil
    }
}
