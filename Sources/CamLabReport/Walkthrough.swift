#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabLang
import CamLabLibrary

/// The `camlab report` command: reads a script, runs it cell by cell, writes the report, and says on standard
/// error what it did.
public enum Walkthrough {
    /// Runs the script at `scriptPath` with `runner` and writes the report to `outputPath` (the script's name with
    /// `.html` when nil). Returns the exit status: 0 when every cell ran, 1 when a cell failed (the report is
    /// still written, showing the error), 2 when the script could not be read or the report not written (checked
    /// before anything runs), 130 when Ctrl-C stopped the run (the report shows what ran, marked interrupted).
    public static func run(scriptPath: String, outputPath: String?, keepGoing: Bool, runner: CellRunner,
                           log: (String) -> Void = { printToStandardError($0) }) -> Int32 {
        let output = outputPath ?? defaultOutput(for: scriptPath)
        let script: String
        let file: FileIO.PendingFile
        do {
            // A bad output name or an unwritable place fails before minutes of training: the report's temporary
            // file is created in its folder now, and removed if the report is never written.
            _ = try ReportFile.format(of: output)
            script = try Session.readScript(scriptPath)
            if let problem = FileIO.problemWriting(output) { throw Problem("cannot write the report: \(problem)") }
            do { file = try FileIO.PendingFile(output) } catch let error as Problem {
                throw Problem("cannot write the report: \(error.message)")
            }
        } catch {
            log("camlab report: \(error)")
            return 2
        }
        let name = scriptPath.split(separator: "/").last.map(String.init) ?? scriptPath
        let report = Report.run(script: script, scriptName: name, runner: runner, keepGoing: keepGoing) {
            number, count, cell in
            log("[\(number)/\(count)] \(name):\(cell.firstLine)")
        }
        let renderSeconds: Double
        do {
            renderSeconds = try ReportFile.write(report, to: file)
        } catch {
            file.discard()
            log("camlab report: \(error)")
            return 2
        }
        let share = report.runSeconds > 0 ? 100 * renderSeconds / report.runSeconds : 0
        var summary = "wrote \(output): ran in \(Report.duration(report.runSeconds)), rendered in "
            + "\(Report.duration(renderSeconds)) (\(formatDecimal(share, 1))% of the run)"
        // The cell Ctrl-C stopped did not fail: it is reported as interrupted.
        let failed = report.failedCells.filter { $0.cell.firstLine != report.interruptedAtLine }
        if let first = failed.first {
            summary += "; \(failed.count) cell\(failed.count == 1 ? "" : "s") failed, the first at "
                + "\(name):\(first.cell.firstLine)"
            if !keepGoing && report.interruptedAtLine == nil && report.cells.contains(where: { $0.status == .skipped }) {
                summary += " (use --keep-going to run the cells after it)"
            }
        }
        if let line = report.interruptedAtLine {
            summary += "; interrupted by Ctrl-C in the cell at \(name):\(line), so the report shows what ran until then"
            log(summary)
            return 130
        }
        log(summary)
        return failed.isEmpty ? 0 : 1
    }

    /// `walks/intro.dsl` → `walks/intro.html`.
    public static func defaultOutput(for scriptPath: String) -> String {
        if let dot = scriptPath.lastIndex(of: "."), !scriptPath[dot...].contains("/") {
            return String(scriptPath[..<dot]) + ".html"
        }
        return scriptPath + ".html"
    }

    public static func printToStandardError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
