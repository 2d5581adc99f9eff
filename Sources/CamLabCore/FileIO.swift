#if canImport(Glibc)
import Glibc
#endif

/// A file could not be read or written. The message names the path and the system's reason.
public struct FileError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Whole-file reads and crash-safe writes, shared by every module that touches disk.
public enum FileIO {
    /// The bytes of the file at `path`.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw FileError("cannot open '\(path)': \(systemReason())") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 { throw FileError("cannot read '\(path)': \(systemReason())") }
                return bytes
            }
        }
    }

    /// Writes `bytes` to `path` atomically: the data goes to a temporary file in the same folder, is flushed to
    /// disk, then renamed over `path`, so a crash never leaves a half-written file under the final name.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw FileError("cannot write '\(path)': \(systemReason())")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        let reason = systemReason()
        fclose(file)
        guard written == bytes.count, flushed else {
            unlink(temporary)
            throw FileError("cannot write '\(path)': \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemReason()
            unlink(temporary)
            throw FileError("cannot write '\(path)': \(reason)")
        }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    private static func systemReason() -> String { String(cString: strerror(errno)) }
}
