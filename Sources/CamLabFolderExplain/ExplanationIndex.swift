#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabData

/// `DIR/index-K-of-N.jsonl`: one JSON object per explained (or failed) picture, appended a batch or more at a
/// time, so that a rerun after a crash or Ctrl-C skips what is already there. Each line goes out in one `write`
/// to a file opened for appending; a line cut short by a crash is dropped when the index is opened again, so the
/// index never holds half a record. Lines are appended only after the file system is flushed, so a line never
/// names an output that is not yet on disk.
public final class ExplanationIndex {
    public let path: String
    /// Pictures the index already records as explained (failures are retried on a rerun).
    public private(set) var explained: Set<String> = []
    private var descriptor: Int32 = -1

    public init(path: String) throws(Problem) {
        self.path = path
        var kept: [UInt8] = []
        if FileIO.exists(path) {
            let bytes: [UInt8]
            do { bytes = try FileIO.read(path) } catch {
                throw Problem("cannot read the index \(FileIO.quoted(path)): \(error)")
            }
            let complete = bytes.lastIndex(of: 0x0A).map { bytes[...$0] } ?? []
            for line in complete.split(separator: 0x0A) {
                guard let record = try? JSON.parse(line), let file = record["file"]?.string else {
                    throw Problem("the index \(FileIO.quoted(path)) has a line that is not a record of "
                                    + "this tool; move it away or choose another --out folder")
                }
                if record["error"] == nil { explained.insert(file) }
            }
            kept = Array(complete)
            if kept.count != bytes.count {
                do { try FileIO.writeAtomically(kept, to: path) } catch {
                    throw Problem("cannot repair the index \(FileIO.quoted(path)): \(error)")
                }
            }
        }
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw Problem("cannot write the index \(FileIO.quoted(path)): \(FileIO.systemReason())")
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends records for outputs written since the last call without a flush of their own
    /// (`FileIO.writeAtomically(_:to:durable: false)`): first flushes the file system that holds the index (one
    /// `syncfs`, which also flushes the lines appended before), so those outputs are on disk before any line names
    /// them; then appends each record as one line.
    public func append(afterFlushing records: [[(String, JSON)]]) throws(Problem) {
        guard !records.isEmpty else { return }
        try FileIO.syncFileSystem(of: descriptor, path: path)
        for record in records { try append(record) }
    }

    /// Appends one record as one line.
    public func append(_ fields: [(String, JSON)]) throws(Problem) {
        let line = Array((JSON.object(fields).text + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else {
            throw Problem("cannot write the index \(FileIO.quoted(path)): "
                            + (written < 0 ? FileIO.systemReason() : "the disk took only part of a line"))
        }
        if fields.first(where: { $0.0 == "error" }) == nil, let file = fields.first(where: { $0.0 == "file" })?.1.string {
            explained.insert(file)
        }
    }

    /// Flushes what was appended to disk.
    public func sync() { fsync(descriptor) }
}
