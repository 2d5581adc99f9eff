import Foundation

/// Drives `camlab` through a pseudo-terminal with `Tests/CamLabREPLTests/pty_driver.py` (python3 standard library),
/// as a person at the keyboard would: `steps` are the driver's JSON steps (["send", text], ["paste", text],
/// ["expect", regex, seconds?], ["sleep", seconds]). `home` is the REPL's home and working directory.
/// Returns the transcript and whether every expectation was met and the REPL left with status 0.
public func drivePseudoTerminal(_ steps: [[Any]], camlab: String, home: URL) throws -> (transcript: String, succeeded: Bool) {
    let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CamLabREPLTests/pty_driver.py")
    let json = String(data: try JSONSerialization.data(withJSONObject: steps), encoding: .utf8)!
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", driver.path, json, "env", "HOME=\(home.path)", camlab]
    process.currentDirectoryURL = home
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let transcript = String(decoding: data, as: UTF8.self)
    return (transcript, process.terminationStatus == 0 && transcript.contains("EXIT 0"))
}
