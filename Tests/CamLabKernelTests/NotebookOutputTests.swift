import CamLabData
import CamLabLang
import CamLabLibrary
import Testing
@testable import CamLabKernel

/// The kernel's side of the channel: a session's events as the JSON messages the wrapper relays.
struct NotebookOutputTests {
    final class Recorder {
        var messages: [JSON] = []
    }

    static func run(_ code: String) -> [JSON] {
        let recorder = Recorder()
        let output = NotebookOutput { recorder.messages.append($0) }
        Session(output: output, echoesValues: true).run(code, name: "In[1]")
        return recorder.messages
    }

    @Test func cursorsConvertBetweenCodePointsAndBytes() {
        let line = "x = \"é→\" + expl"
        // "é" is 2 bytes and "→" 3, so the 10th code point (the space after the string) is byte 13.
        #expect(Cursor.byteOffset(line, codePoints: 9) == 12)
        #expect(Cursor.codePoints(line, byteOffset: 12) == 9)
        #expect(Cursor.byteOffset(line, codePoints: 99) == line.utf8.count)
    }

    @Test func printedTextIsAStreamAndValuesAreResults() {
        let messages = Self.run("print(\"hi\")\n1 + 2")
        #expect(messages.map(\.text) == [
            #"{"type":"stream","name":"stdout","text":"hi\n"}"#,
            #"{"type":"result","data":{"text/plain":"3"}}"#,
        ])
    }

    @Test func anImageValueOffersPNGBesideItsText() throws {
        let messages = Self.run("image(zeros(28, 28))")
        let data = try #require(messages.first?["data"])
        #expect(data["text/plain"]?.string == "<image 28×28, gray>")
        #expect(data["image/png"]?.string?.hasPrefix("iVBORw0KGgo") == true)  // base64 of the PNG signature
    }

    @Test func errorsCarryTheCaretRendering() {
        let messages = Self.run("print(nope)")
        #expect(messages.count == 1)
        #expect(messages[0]["type"]?.string == "error")
        #expect(messages[0]["ename"]?.string == "error")
        #expect(messages[0]["evalue"]?.string == "unknown name 'nope'")
        #expect(messages[0]["traceback"]?.array?.compactMap(\.string) == [
            "In[1]:1:7: error: unknown name 'nope'", " 1 | print(nope)", "   |       ^~~~"])
    }

    @Test func fitUpdatesOneDisplayInPlace() {
        let messages = Self.run("""
            m = sequential([dense(2, activation: softmax, input_shape: (3,))])
            m.compile()
            h = m.fit(ones(8, 3), tensor([0, 1, 0, 1, 0, 1, 0, 1]), epochs: 2, batch_size: 4)
            """)
        let displays = messages.filter { $0["type"]?.string == "display" }
        #expect(displays.count == messages.count && displays.count >= 4, "\(messages.map(\.text))")
        #expect(Set(displays.compactMap { $0["display_id"]?.string }) == ["camlab-fit-1"])
        #expect(displays.map { $0["update"] == .bool(true) } == [false] + Array(repeating: true, count: max(0, displays.count - 1)))
        let last = displays.last?["data"]?["text/plain"]?.string ?? ""
        let lines = last.split(separator: "\n")
        #expect(lines.count == 4 && lines[0] == "Epoch 1/2" && lines[2] == "Epoch 2/2")
        #expect(lines[3].hasPrefix("2/2 ━━━━━━━━━━━━━━━━━━━━ "))
    }
}
