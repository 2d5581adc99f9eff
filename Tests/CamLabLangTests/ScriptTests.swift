import Foundation
import Testing
@testable import CamLabLang

/// Golden scripts: each `Scripts/*.dsl` states its expected output inline.
///
///     print(1 + 2)           # expect: 3
///     print(nope)            # expect error: unknown name 'nope'
///     x = (1,                # expect syntax error col 5: …
///
/// `expect:` lines must match the printed lines in order; an `expect error:` (or `expect syntax error:`)
/// must match the first diagnostic's message and its line (the comment's line), and its column when given.
struct ScriptTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".dsl") }.sorted()
    }

    struct Expectations {
        var lines: [String] = []
        var error: (kind: Diagnostic.Kind, line: Int, column: Int?, message: String)?
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
            let kind: Diagnostic.Kind = rest.hasPrefix(" syntax error") ? .syntax : .runtime
            var spec = rest[rest.range(of: "error")!.upperBound...]
            var column: Int? = nil
            if spec.hasPrefix(" col ") {
                let digits = spec.dropFirst(5).prefix { $0.isNumber }
                column = Int(digits)
                spec = spec.dropFirst(5 + digits.count)
            }
            let message = spec.hasPrefix(": ") ? String(spec.dropFirst(2)) : String(spec)
            result.error = (kind, index + 1, column, message)
        }
        return result
    }

    @Test("golden script", arguments: scripts)
    func script(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let expected = Self.expectations(in: text)
        let output = RecordedOutput()
        let session = Session(output: output)
        let outcome = session.run(text, name: name)
        var printed = output.text.components(separatedBy: "\n")
        if printed.last == "" { printed.removeLast() }
        #expect(printed == expected.lines, "output of \(name)")
        if let error = expected.error {
            let diagnostic = try #require(outcome.diagnostics.first, "\(name) should fail with \(error.message)")
            #expect(diagnostic.kind == error.kind)
            #expect(diagnostic.message == error.message)
            #expect(diagnostic.line == error.line, "line of the error in \(name)")
            if let column = error.column { #expect(diagnostic.column == column, "column of the error in \(name)") }
        } else {
            #expect(outcome.diagnostics.isEmpty, "\(name) failed: \(output.errors)")
        }
    }
}
