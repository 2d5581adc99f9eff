#if canImport(Glibc)
import Glibc
#endif

/// The lines of standard input, read with read(2) rather than stdio: the end of input ends them and an interrupted
/// read (a SIGINT meant for a cell) is simply retried. (stdio's getline, under Swift's `readLine`, spun forever on
/// a closed input once a cell had been interrupted in the middle of a system call.)
struct InputLines {
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private let descriptor: Int32

    init(descriptor: Int32 = STDIN_FILENO) { self.descriptor = descriptor }

    /// The next line without its newline; nil at the end of input (a last line without a newline is returned).
    mutating func next() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return String(decoding: buffer[start...], as: UTF8.self)
            }
            // Keep only the unread part before reading more.
            buffer.removeSubrange(..<start)
            start = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk[..<count]
            } else if count == 0 || errno != EINTR {
                atEnd = true
            }
        }
    }
}
