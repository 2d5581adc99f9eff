import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// Golden scripts: each `Scripts/*.dsl` states its expected output inline.
///
///     print(1 + 2)           # expect: 3
///     print(nope)            # expect error: unknown name 'nope'
///                            # expect help: did you mean 'note'?
///     x = (1,                # expect syntax error col 5: …
///
/// `expect:` lines must match the printed lines in order. Each `expect error:` (or `expect syntax error:`) must
/// match the next diagnostic's message and its line (the comment's line), and its column when given; an
/// `expect help:` line checks the help of the error before it. A script may expect several errors (the resolver
/// reports every mistake it finds before anything runs). Scripts run in a fresh temporary folder, so any file
/// they save lands there.
struct ScriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".dsl") }.sorted()
    }

    struct ExpectedError {
        var kind: Diagnostic.Kind
        var line: Int
        var column: Int?
        var message: String
        var help: String?
    }

    struct Expectations {
        var lines: [String] = []
        var errors: [ExpectedError] = []
    }

    static func expectations(in text: String) -> Expectations {
        var result = Expectations()
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            guard let marker = line.range(of: "# expect") else { continue }
            let rest = String(line[marker.upperBound...])
            if rest.hasPrefix(": ") || rest == ":" {
                result.lines.append(String(rest.dropFirst(2)))
                continue
            }
            if rest.hasPrefix(" help: ") {
                result.errors[result.errors.count - 1].help = String(rest.dropFirst(7))
                continue
            }
            let kind: Diagnostic.Kind = rest.hasPrefix(" syntax error") ? .syntax : .runtime
            var spec = rest[rest.range(of: "error")!.upperBound...]
            var column: Int? = nil
            if spec.hasPrefix(" col ") {
                let digits = spec.dropFirst(5).prefix { $0.isNumber }
                column = Int(digits)
                spec = spec.dropFirst(5 + digits.count)
            }
            let message = spec.hasPrefix(": ") ? String(spec.dropFirst(2)) : String(spec)
            result.errors.append(ExpectedError(kind: kind, line: index + 1, column: column, message: message))
        }
        return result
    }

    @Test("golden script", arguments: scripts)
    func script(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let expected = Self.expectations(in: text)
        let output = RecordedOutput()
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let session = Session(output: output, workingDirectory: workspace.path)
        let outcome = session.run(text, name: name)
        var printed = output.text.components(separatedBy: "\n")
        if printed.last == "" { printed.removeLast() }
        #expect(printed == expected.lines, "output of \(name)")
        #expect(outcome.diagnostics.count == expected.errors.count,
                "\(name) should report \(expected.errors.count) error(s): \(output.errors)")
        for (diagnostic, error) in zip(outcome.diagnostics, expected.errors) {
            #expect(diagnostic.kind == error.kind, "kind of the error at \(name):\(error.line)")
            #expect(diagnostic.message == error.message)
            #expect(diagnostic.line == error.line, "line of the error in \(name)")
            if let column = error.column { #expect(diagnostic.column == column, "column of the error in \(name)") }
            if let help = error.help { #expect(diagnostic.help == help, "help of the error at \(name):\(error.line)") }
        }
    }
}
