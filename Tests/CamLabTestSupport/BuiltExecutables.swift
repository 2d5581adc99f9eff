import Foundation

/// The path of an executable of this package (`camlab`, `camlab-bench`), built beside the test bundle.
public func builtExecutable(_ name: String) -> String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
}

/// What a run of an executable left: how it ended and everything it printed, output and errors in one stream.
public struct ExecutableRun {
    public let reason: Process.TerminationReason
    public let status: Int32
    public let output: String
}

/// Runs the package's executable `name` with `arguments` (in `folder`, when given) to its end.
public func runBuilt(_ name: String, _ arguments: [String], in folder: URL? = nil) throws -> ExecutableRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: builtExecutable(name))
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return ExecutableRun(reason: process.terminationReason, status: process.terminationStatus, output: output)
}
