import ArgumentParser
import Foundation

/// `camlab-bench kernel`: CamLab's side of a Jupyter cell alone — one `execute` request of `x = 1` and its events
/// over the JSON-lines channel to `camlab kernel serve`, as the installed wrapper sends it. The evaluation takes
/// microseconds, so the time is the channel's overhead. (Scripts/bench-kernel adds the Jupyter round trips, which
/// need Python's jupyter_client.)
struct KernelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Time one cell's round trip over the JSON-lines channel of `camlab kernel serve`.")

    @Option(help: "Cells to time, after 20 warm-up cells.") var cells = 300
    @Option(help: "The camlab executable (default: the one beside camlab-bench).") var camlab: String?

    func validate() throws {
        guard cells > 0 else { throw ValidationError("--cells needs a positive whole number") }
    }

    func run() throws {
        let executable = camlab ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("camlab").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchFailure("no camlab executable at \(executable); build it (swift build -c release "
                               + "--product camlab) or pass --camlab PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["kernel", "serve"]
        let requests = Pipe(), events = Pipe()
        process.standardInput = requests
        process.standardOutput = events
        try process.run()
        var lines = LineReader(events.fileHandleForReading)
        _ = lines.next()  // hello
        let request = Data(#"{"type":"execute","code":"x = 1","name":"In[1]"}"#.utf8 + [0x0A])
        var times: [Double] = []
        for index in 0..<(cells + 20) {
            let start = DispatchTime.now().uptimeNanoseconds
            requests.fileHandleForWriting.write(request)
            while let line = lines.next(), !line.contains(#""type":"done""#) {}
            if index >= 20 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        try requests.fileHandleForWriting.close()
        process.waitUntilExit()
        times.sort()
        say("CPU: \(cpuModelName()), load average \(loadAverage())")
        say("CamLab's side alone, JSON-lines channel (x = 1): median \(median(times).fixed(decimals: 3)) ms "
            + "(p10 \(times[times.count / 10].fixed(decimals: 3)), p90 \(times[times.count * 9 / 10].fixed(decimals: 3)))"
            + " over \(cells) cells")
    }
}

/// Lines of a pipe, read in chunks.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    init(_ handle: FileHandle) { self.handle = handle }

    /// The next line without its newline, or nil at the end of the stream.
    mutating func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer += chunk
        }
    }
}
