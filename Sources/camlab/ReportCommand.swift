import ArgumentParser
import CamLabCore
import CamLabREPL
import CamLabReport

/// `camlab report FILE.dsl -o OUT.html`: runs a walkthrough script and writes it as a notebook-style page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a script and write it as a report: prose, code, output, pictures and plots.",
        discussion: """
            Lines starting with '#:' are Markdown prose; the code between them forms cells.
            OUT.html is one self-contained page; OUT.md is Markdown with pictures in OUT_files/;
            OUT.ipynb is a Jupyter notebook with its outputs, ready to run again with the CamLab kernel.
            """)

    @Argument(help: "The CamLab script (.dsl) to run.", completion: .file(extensions: ["dsl"]))
    var file: String

    @Option(name: .shortAndLong, help: "The report to write: OUT.html, OUT.md or OUT.ipynb (default: the script's name with .html).")
    var output: String?

    @Flag(help: "Run the remaining cells after one fails (by default the run stops at the first error).")
    var keepGoing = false

    func run() throws {
        // Ctrl-C stops the running cell; the report is still written with what ran, marked interrupted. SIGINT was
        // blocked since start-up (preinit.c) and is unblocked only once the handler is in place.
        let status = SignalHandling.untilExit {
            Walkthrough.run(scriptPath: file, outputPath: output, keepGoing: keepGoing,
                            runner: SessionCellRunner(interruption: .ctrlC))
        }
        if status != 0 { throw ExitCode(status) }
    }
}
