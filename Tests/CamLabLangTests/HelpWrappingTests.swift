import Testing
import CamLabCore
@testable import CamLabLang

/// help's lines stay within 100 columns: signatures break only between parameters, never inside a default such
/// as `(256, 256)` or a quoted string, and prose breaks between words.
@Test func helpBreaksSignaturesBetweenParametersAndProseBetweenWords() {
    let options = (1...12).map { "option_\($0): none" }
    let signature = "f(x, " + options[..<5].joined(separator: ", ") + ", size: (256, 256), text: \"a, (b\", "
        + options[5...].joined(separator: ", ") + ", shape: (1, 2, 3))"
    let lines = Help.wrapped(signature: signature, indent: "  ", continuation: "      ").split(separator: "\n")
    #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 100 })
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("      ") && !$0.hasPrefix("       ") })
    #expect(lines.dropLast().allSatisfy { $0.hasSuffix(",") })
    #expect(lines.joined(separator: "\n").unwrapped == "  " + signature)
    // Every break falls between the call's own parameters: the text before it opens only the call's parenthesis.
    var before = ""
    for line in lines.dropLast() {
        before += line
        let text = before.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset.isMultiple(of: 2) }.map(\.element).joined()
        #expect(text.filter { $0 == "(" }.count - text.filter { $0 == ")" }.count == 1, "\(line)")
    }
    let prose = DisplayText.wrapped(String(repeating: "word ", count: 60), indent: "  ")
    #expect(prose.split(separator: "\n").allSatisfy { $0.count <= 100 && $0.hasPrefix("  word") })
}
