import ArgumentParser
import CamLabLang
import CamLabLibrary
import CamLabREPL
#if canImport(Glibc)
import Glibc
#endif

/// `camlab` opens the REPL, `camlab FILE.dsl` runs a script, `camlab -e 'CODE'` runs code.
/// Subcommands (such as a report generator) are added to `subcommands`; `Run` stays the default.
struct CamLab: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "camlab",
            abstract: "CamLab: train small CNNs and explain them with Grad-CAM, from a REPL or scripts.",
            discussion: """
                camlab                  open the interactive REPL
                camlab FILE.dsl         run a script
                camlab -e 'CODE'        run code, printing the value of bare expressions
                camlab < FILE.dsl       read commands from standard input
                camlab report FILE.dsl -o OUT.html|OUT.md|OUT.ipynb
                camlab explain MODEL PICTURES... --out DIR   explain a folder of pictures (in shards)
                camlab kernel install   make CamLab a Jupyter kernel
                """,
            version: "CamLab \(Session.version)\n\(Session.blasSummary)",
            subcommands: [Run.self, ReportCommand.self, ExplainCommand.self, ConvertCommand.self, KernelCommand.self],
            defaultSubcommand: Run.self)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script, a line of code, or (with neither) the interactive REPL.")

    @Argument(help: "A CamLab script (.dsl) to run.", completion: .file(extensions: ["dsl"]))
    var file: String?

    @Option(name: .customShort("e"), help: "Code to run, e.g. -e 'print(1 + 2)'.")
    var code: String?

    func validate() throws {
        if file != nil && code != nil { throw ValidationError("give either a script or -e CODE, not both") }
    }

    func run() throws {
        // Ctrl-C sets InterruptionFlag.ctrlC (see SignalHandling); these sessions stop when it is set.
        if let code {
            throw ExitCode(ScriptRunner.run(code, name: "-e", session: Session(echoesValues: true, interruption: .ctrlC)))
        }
        if let file {
            throw ExitCode(ScriptRunner.runFile(file, session: Session(interruption: .ctrlC)))
        }
        throw ExitCode(REPL(session: Session(interruption: .ctrlC)).run())
    }
}

CamLab.main()
