#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// A run walkthrough: every cell of the script with what it produced, and the facts for the header.
public struct Report: Sendable {
    public struct Cell: Sendable {
        public enum Status: Equatable, Sendable {
            case prose
            case succeeded
            /// The cell's outputs end with an `.error`.
            case failed
            /// Not run because an earlier cell failed and the run was not told to keep going.
            case skipped
        }
        public let cell: ScriptCell
        public let status: Status
        public let outputs: [CellOutput]
        /// Wall-clock time the cell took to run.
        public let seconds: Double
    }

    /// The first heading of the prose, or the script's name when there is none.
    public let title: String
    public let scriptName: String
    public let cells: [Cell]
    public let camLabVersion: String
    /// When the run started, "YYYY-MM-DD HH:MM UTC".
    public let date: String
    /// Time spent running code cells, excluding rendering.
    public let runSeconds: Double
    public let seed: UInt64?
    /// The script line of the cell Ctrl-C stopped, when it did: the report shows what ran up to there.
    public var interruptedAtLine: Int? = nil

    public var failedCells: [Cell] { cells.filter { $0.status == .failed } }

    /// Runs `script`'s code cells with `runner`, in order. After a failing cell the rest are skipped unless
    /// `keepGoing`; prose is always kept, so the reader still sees the whole walkthrough.
    /// `willRun` is told about each code cell before it runs (its number from 1, the count, the cell), so a
    /// command line can show progress through a long script.
    public static func run(script: String, scriptName: String, runner: CellRunner, keepGoing: Bool,
                           date: String = Report.currentDate(),
                           willRun: (Int, Int, ScriptCell) -> Void = { _, _, _ in }) -> Report {
        var cells: [Cell] = []
        var stopped = false
        var runSeconds = 0.0
        let clock = ContinuousClock()
        let scriptCells = ScriptCells.split(script)
        let codeCount = scriptCells.filter { $0.kind == .code }.count
        var codeNumber = 0
        var interruptedAtLine: Int? = nil
        for cell in scriptCells {
            switch cell.kind {
            case .prose:
                cells.append(Cell(cell: cell, status: .prose, outputs: [], seconds: 0))
            case .code where stopped:
                cells.append(Cell(cell: cell, status: .skipped, outputs: [], seconds: 0))
            case .code:
                codeNumber += 1
                willRun(codeNumber, codeCount, cell)
                let start = clock.now
                let outputs = runner.run(cell: cell.text, firstLine: cell.firstLine, scriptName: scriptName)
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                runSeconds += seconds
                let failed = outputs.contains { if case .error = $0 { return true } else { return false } }
                if failed && !keepGoing { stopped = true }
                if runner.wasInterrupted {
                    stopped = true
                    interruptedAtLine = cell.firstLine
                }
                cells.append(Cell(cell: cell, status: failed ? .failed : .succeeded, outputs: outputs,
                                  seconds: seconds))
            }
        }
        var report = Report(title: title(of: cells, scriptName: scriptName), scriptName: scriptName, cells: cells,
                            camLabVersion: CamLabCore.camLabVersion, date: date, runSeconds: runSeconds, seed: runner.seed)
        report.interruptedAtLine = interruptedAtLine
        return report
    }

    private static func title(of cells: [Cell], scriptName: String) -> String {
        for cell in cells where cell.status == .prose {
            for block in MarkdownParser.parse(cell.cell.text) {
                if case .heading(_, let text) = block { return MarkdownInline.plainText(text) }
            }
        }
        return scriptName
    }

    /// The current time as "YYYY-MM-DD HH:MM UTC".
    public static func currentDate() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
    }

    /// Seconds as a reader wants them: "0.42 s", "12.3 s", "2 min 05 s".
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return formatDecimal(seconds, 2) + " s" }
        if seconds < 60 { return formatDecimal(seconds, 1) + " s" }
        let whole = Int(seconds.rounded())
        let rest = whole % 60
        return "\(whole / 60) min \(rest < 10 ? "0" : "")\(rest) s"
    }
}

func formatDecimal(_ value: Double, _ digits: Int) -> String {
    let scale = (0..<digits).reduce(1.0) { value, _ in value * 10 }
    let scaled = Int((value * scale).rounded())
    guard digits > 0 else { return String(scaled) }
    var text = String(abs(scaled))
    while text.count <= digits { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    return (scaled < 0 ? "-" : "") + text
}
