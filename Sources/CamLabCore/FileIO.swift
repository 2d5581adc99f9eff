import CamLabSystemCalls
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and crash-safe writes, shared by every module that touches disk.
///
/// Every path is checked first: a NUL would cut it short in the C library (`"notes.txt\0.npy"` would write to
/// notes.txt) and other control characters are never meant, so both are refused. Reads are capped by the
/// memory budget and refuse devices (`/dev/zero` never ends); a read that blocks (a FIFO with no writer) gives
/// way to Ctrl-C.
public enum FileIO {
    /// The bytes of the file at `path`, at most `limit` of them (an error beyond that).
    public static func read(_ path: String, limit: Int = MemoryBudget.standard.bytes) throws -> [UInt8] {
        try checkPath(path)
        let descriptor = try openInterruptibly(path)
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Problem("cannot read \(quoted(path)): \(systemReason())") }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw Problem("cannot read \(quoted(path)): it is a folder, not a file")
        case S_IFCHR, S_IFBLK:
            throw Problem("cannot read \(quoted(path)): it is a device, not a file (a device such as /dev/zero "
                            + "can stream forever)")
        case S_IFREG where Int(info.st_size) > limit:
            throw Problem("cannot read \(quoted(path)): it holds \(MemoryBudget.text(Double(info.st_size))), more "
                            + "than the memory budget of \(MemoryBudget.text(Double(limit)))")
        default: break
        }
        var bytes: [UInt8] = []
        if (info.st_mode & S_IFMT) == S_IFREG { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { try interruptionCheck(path); continue }
                throw Problem("cannot read \(quoted(path)): \(systemReason())")
            }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else {
                throw Problem("cannot read \(quoted(path)): it holds more than the memory budget of "
                                + "\(MemoryBudget.text(Double(limit)))")
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Writes `bytes` to `path` atomically: the data goes to a new temporary file in the same folder, is flushed
    /// to disk, then renamed over `path` (and the folder flushed), so a crash or a full disk never leaves a
    /// half-written file under the final name, and the old file stays whole until the new one is complete.
    ///
    /// `durable: false` skips both flushes (two `fsync` calls, most of the cost of a small file): a program
    /// killed or interrupted still never leaves a half-written file under the final name, but after a power cut
    /// the file may be missing or empty until `syncFileSystem` has run. For many files in a row, written
    /// without flushing and made durable together by one `syncFileSystem`.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        try PendingFile(path).commit(bytes, durable: durable)
    }

    /// Writes to disk everything cached for the file system that holds the open file `descriptor` — the data of
    /// files written with `durable: false`, and their renames — with one `syncfs`.
    public static func syncFileSystem(of descriptor: Int32, path: String) throws(Problem) {
        guard camlab_sync_file_system(descriptor) == 0 else {
            throw Problem("cannot flush \(quoted(path))'s file system to disk: \(systemReason())")
        }
    }

    /// A file that will be written atomically later: its temporary twin is created in the target folder now, so a
    /// place where the file cannot be created is found before long work (a report's run), not after it.
    /// `commit` writes, flushes (unless `durable: false`) and renames it over `path`; `discard` (or dropping it
    /// uncommitted) removes it.
    public final class PendingFile {
        public let path: String
        private let temporary: String
        private var descriptor: Int32

        public init(_ path: String) throws {
            try checkPath(path)
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                throw Problem("cannot write \(quoted(path)): it is a folder")
            }
            let (folder, name) = split(path)
            temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())-\(nextTemporary())"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw Problem("cannot write \(quoted(path)): \(systemReason())") }
            self.path = path
        }

        public func commit(_ bytes: [UInt8], durable: Bool = true) throws {
            guard descriptor >= 0 else { throw Problem("cannot write \(quoted(path)): it was already written") }
            var failure: String? = nil
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failure = systemReason(); return }
                    if n == 0 { failure = "the disk took no more bytes (is it full?)"; return }
                    offset += n
                }
            }
            if failure == nil, durable, fsync(descriptor) != 0 { failure = systemReason() }
            close(descriptor)
            descriptor = -1
            if failure == nil, rename(temporary, path) != 0 { failure = systemReason() }
            if let failure {
                unlink(temporary)
                throw Problem("cannot write \(quoted(path)): \(failure)")
            }
            guard durable else { return }
            let folder = split(path).folder
            syncFolder(folder.isEmpty ? "." : folder)
        }

        /// Removes the temporary file when nothing was committed.
        public func discard() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            unlink(temporary)
        }

        deinit { discard() }
    }

    /// Refuses a path that is empty or holds a control character, naming the character.
    public static func checkPath(_ path: String) throws(Problem) {
        guard !path.isEmpty else { throw Problem("the file name is empty") }
        if let bad = path.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw Problem("the file name \(quoted(path)) contains the control character \(DisplayText.name(bad))"
                            + (bad == "\0" ? " (NUL), which would cut the name short" : "")
                            + "; file names cannot hold control characters")
        }
    }

    /// Why `path` could not be written as a new or replaced file, or nil when it looks writable: its folder must
    /// exist and take new files, and it must not be a folder or a read-only file. Checked before long work that
    /// ends in a write (a report).
    public static func problemWriting(_ path: String) -> String? {
        do { try checkPath(path) } catch { return error.message }
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return "\(quoted(path)) is a folder" }
            if access(path, W_OK) != 0 { return "\(quoted(path)) is not writable: \(systemReason())" }
        }
        let folder = split(path).folder
        let checked = folder.isEmpty ? "." : folder
        guard stat(checked, &info) == 0 else { return "the folder \(quoted(checked)) does not exist" }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return "\(quoted(checked)) is not a folder" }
        if access(checked, W_OK) != 0 { return "cannot create files in \(quoted(checked)): \(systemReason())" }
        return nil
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// `'path'` for messages, with hidden characters named and long paths cut.
    public static func quoted(_ path: String) -> String { "'" + DisplayText.escaped(path, limit: 300) + "'" }

    /// Opens for reading, retrying after a signal unless Ctrl-C asked to stop (opening a FIFO waits for a writer).
    private static func openInterruptibly(_ path: String) throws -> Int32 {
        while true {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 { return descriptor }
            guard errno == EINTR else { throw Problem("cannot open \(quoted(path)): \(systemReason())") }
            try interruptionCheck(path)
        }
    }

    private static func interruptionCheck(_ path: String) throws {
        if InterruptionFlag.ctrlC.isRequested { throw Interrupted() }
    }

    fileprivate static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// Flushes a folder's entries, so a rename survives a power cut; errors are ignored (some file systems refuse).
    fileprivate static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static let temporaryCounter = Atomic<Int>(0)
    fileprivate static func nextTemporary() -> Int { temporaryCounter.wrappingAdd(1, ordering: .relaxed).newValue }

    /// The system's reason for a failed call, read from `errno` at once (before any other call can change it).
    /// Never "Success": a caller that reaches here with errno 0 gets a plain statement instead.
    public static func systemReason(_ code: Int32 = errno) -> String {
        code == 0 ? "the system gave no reason" : String(cString: strerror(code))
    }
}
