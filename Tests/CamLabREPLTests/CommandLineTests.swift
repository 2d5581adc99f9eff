import Foundation
import Testing

/// `camlab` as a command: scripts, -e, piped standard input, --version, exit statuses.
struct CommandLineTests {
    static func run(_ arguments: [String], input: String? = nil) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: REPLTests.camlab)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self),
                process.terminationStatus)
    }

    @Test func evaluatesALineAndEchoesItsValue() throws {
        let result = try Self.run(["-e", "x = 6 * 7; print(\"x is \\(x)\"); x"])
        #expect(result.out == "x is 42\n42\n")
        #expect(result.status == 0)
    }

    @Test func versionNamesCamLabAndTheBLASKernels() throws {
        let result = try Self.run(["--version"])
        #expect(result.out.hasPrefix("CamLab 0."))
        #expect(result.out.contains("OpenBLAS"))
        #expect(result.out.contains("kernels"))
    }

    @Test func scriptErrorStopsWithStatusOneAndACaret() throws {
        let folder = try REPLTests.temporaryHome()
        let script = folder.appendingPathComponent("broken.dsl")
        try "print(\"first\")\nprint(1 / 0)\nprint(\"never\")\n".write(to: script, atomically: true, encoding: .utf8)
        let result = try Self.run([script.path])
        #expect(result.out == "first\n")
        #expect(result.err.hasSuffix("broken.dsl:2:7: error: division by zero\n 2 | print(1 / 0)\n   |       ^~~~~\n"))
        #expect(result.status == 1)
    }

    @Test func missingScriptIsReported() throws {
        let result = try Self.run(["/nonexistent/nothing.dsl"])
        #expect(result.err == "camlab: cannot open '/nonexistent/nothing.dsl': No such file or directory\n")
        #expect(result.status == 2)
    }

    @Test func readsCommandsFromAPipeWithoutPrompts() throws {
        let result = try Self.run([], input: "func f(x) {\n  return x + 1\n}\nprint(f(1))\nprint(f(2))\n")
        #expect(result.out == "2\n3\n")
        #expect(result.status == 0)
        let failing = try Self.run([], input: "print(1)\nprint(nope)\nprint(3)\n")
        #expect(failing.out == "1\n")
        #expect(failing.err.contains("<stdin>:2:7: error: unknown name 'nope'"))
        #expect(failing.status == 1)
    }

    @Test func helpDescribesTheCommand() throws {
        let result = try Self.run(["--help"])
        #expect(result.out.contains("-e"))
        #expect(result.out.contains("USAGE"))
    }
}
