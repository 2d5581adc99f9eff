import CamLabCore
import CamLabData
import CamLabLang
import CamLabLibrary
import CamLabReport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `camlab kernel serve`: one CamLab session driven by the Jupyter wrapper over a structured channel. Requests
/// arrive one JSON object a line on standard input; replies and the session's typed events leave one JSON object a
/// line on the original standard output. Nothing is ever scraped from text.
///
///     → {"type":"execute","code":"x = 1","name":"In[1]"}   ← events…, then {"type":"done","status":"ok"}
///     → {"type":"complete","code":"expl","cursor":4}        ← {"type":"reply","matches":[…],"cursor_start":0,…}
///     → {"type":"inspect","code":"explain(","cursor":8}     ← {"type":"reply","found":true,"text":"explain(…"}
///     → {"type":"is_complete","code":"for i in 0..<3 {"}    ← {"type":"reply","status":"incomplete","indent":"    "}
///
/// Cursors are counted in Unicode code points, as Jupyter counts them. SIGINT (forwarded by the wrapper for
/// Jupyter's interrupt) stops the running cell at its next safe point and keeps the session.
public final class KernelServer {
    private let session: Session
    private let output: NotebookOutput
    private let channel: Int32

    /// Takes over standard output for the channel and points file descriptor 1 at standard error, so a stray
    /// write (a C library's warning) lands in the kernel's log instead of corrupting the channel.
    public init() {
        channel = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        let channel = self.channel
        output = NotebookOutput { message in writeAll(channel, message.text + "\n") }
        session = Session(output: output, echoesValues: true, interruption: .ctrlC)
    }

    /// Serves requests until standard input closes; returns the exit status.
    public func run() -> Int32 {
        KernelSignals.install()
        KernelSignals.exitWhenOrphaned()
        send(.object([("type", .string("hello")), ("implementation", .string(KernelIdentity.name)),
                      ("version", .string(camLabVersion)), ("language_info", KernelIdentity.languageInfo),
                      ("banner", .string("CamLab \(camLabVersion) — \(BLAS.summary)\nhelp() lists the builtins."))]))
        var lines = InputLines()
        while let line = lines.next() {
            guard !line.isEmpty else { continue }
            let request: JSON
            do { request = try JSON.parse(Array(line.utf8)[...]) } catch {
                send(reply([("status", .string("error")), ("message", .string("unreadable request: \(error.message)"))]))
                continue
            }
            handle(request)
        }
        return 0
    }

    private func handle(_ request: JSON) {
        let code = request["code"]?.string ?? ""
        let cursor = Cursor.byteOffset(code, codePoints: request["cursor"]?.integer ?? code.unicodeScalars.count)
        switch request["type"]?.string {
        case "execute":
            output.beginCell()
            let outcome = session.run(code, name: request["name"]?.string ?? "<cell>")
            let status = outcome.interrupted ? "interrupted" : outcome.succeeded ? "ok" : "error"
            var fields: [(String, JSON)] = [("type", .string("done")), ("status", .string(status))]
            if let error = output.error { fields += NotebookBundles.errorFields(error) }
            send(.object(fields))
        case "complete":
            let completions = session.completions(in: code, cursor: cursor)
            let start = Cursor.codePoints(code, byteOffset: completions.start)
            send(reply([("matches", .array(completions.candidates.map { .string($0) })),
                        ("cursor_start", .number(String(start))),
                        ("cursor_end", .number(String(Cursor.codePoints(code, byteOffset: cursor))))]))
        case "inspect":
            let text = session.help(in: code, cursor: cursor)
            send(reply([("found", .bool(text != nil)), ("text", text.map { .string($0) } ?? .null)]))
        case "is_complete":
            let completeness = session.completeness(of: code)
            let indent = completeness == .incomplete ? "    " : ""
            send(reply([("status", .string(completeness.rawValue)), ("indent", .string(indent))]))
        default:
            send(reply([("status", .string("error")),
                        ("message", .string("unknown request type \(request["type"]?.text ?? "none")"))]))
        }
    }

    private func reply(_ fields: [(String, JSON)]) -> JSON { .object([("type", .string("reply"))] + fields) }

    private func send(_ message: JSON) { writeAll(channel, message.text + "\n") }
}

/// Jupyter counts cursors in Unicode code points; CamLab's scanner in UTF-8 bytes.
enum Cursor {
    /// The UTF-8 offset of the `codePoints`-th Unicode scalar of `text` (clamped to its end).
    static func byteOffset(_ text: String, codePoints: Int) -> Int {
        var bytes = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index >= codePoints { break }
            bytes += String(scalar).utf8.count
        }
        return bytes
    }

    static func codePoints(_ text: String, byteOffset: Int) -> Int {
        String(decoding: Array(text.utf8).prefix(byteOffset), as: UTF8.self).unicodeScalars.count
    }
}

/// SIGINT for a kernel: the REPL's handler (`InterruptSignal`), except that every interrupt only asks the running
/// cell to stop (the session stays, unlike the REPL's second Ctrl-C, which ends the process; here Jupyter's restart
/// does that). And the server leaves when the wrapper that started it is gone, even in the middle of a long cell.
enum KernelSignals {
    static func install() { InterruptSignal.install(.asksAgain) }

    static func exitWhenOrphaned() {
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { usleep(250_000) }
            _exit(0)
        }
    }
}
