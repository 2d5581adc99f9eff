import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The Jupyter kernel's server shares the REPL's SIGINT handler: an interrupt that lands on one of its other
/// threads is passed on to the thread running the cell, so even a cell blocked opening a FIFO stops.
struct KernelInterruptTests {
    @Test func anInterruptOnAnotherThreadStopsACellBlockedOnAFIFO() throws {
        let folder = try REPLTests.temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("waiting.npy").path
        try #require(mkfifo(fifo, 0o600) == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: REPLTests.camlab)
        process.arguments = ["kernel", "serve"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        // Everything the server sends, read as it comes; `done` signals a finished cell.
        let received = Shared(""), finished = DispatchSemaphore(value: 0), replies = output.fileHandleForReading
        Thread.detachNewThread {
            while case let data = replies.availableData, !data.isEmpty {
                let text = received.withLock { $0 += String(decoding: data, as: UTF8.self); return $0 }
                if text.contains("\"type\":\"done\"") { finished.signal() }
            }
        }
        input.fileHandleForWriting.write(Data("{\"type\":\"execute\",\"code\":\"x = load(\\\"\(fifo)\\\")\"}\n".utf8))
        // Signalled only once the cell waits in open() for a writer (a request before the cell starts is cleared).
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline,
              (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/wchan", encoding: .utf8)) != "wait_for_partner" {
            usleep(20_000)
        }
        let others = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").compactMap { Int32($0) }
            .filter { $0 != pid }
        try #require(!others.isEmpty, "the server runs an orphan watch beside its main thread")
        for thread in others { _ = tgkill(pid, thread, SIGINT) }

        let stopped = finished.wait(timeout: .now() + 10) == .success
        #expect(stopped, "the cell still waits on the FIFO: \(received.withLock { $0 })")
        #expect(received.withLock { $0 }.contains("{\"type\":\"done\",\"status\":\"interrupted\""))

        // Its input closing ends the server, also after a cell interrupted in the middle of a system call.
        try input.fileHandleForWriting.close()
        let exitBy = Date().addingTimeInterval(10)
        while process.isRunning && Date() < exitBy { usleep(20_000) }
        #expect(!process.isRunning, "the server did not exit when its input closed")
    }
}

/// glibc's tgkill(2), which its Swift module does not declare: a signal to one thread of another process.
@_silgen_name("tgkill") private func tgkill(_ process: Int32, _ thread: Int32, _ signal: Int32) -> Int32

/// A value shared between the reading thread and the test.
private final class Shared<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
