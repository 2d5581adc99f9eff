import ArgumentParser
import CamLabCore
import CamLabLang
import CamLabLibrary
import CamLabReport
#if canImport(Glibc)
import Glibc
#endif

/// `camlab convert NOTEBOOK.ipynb -o FILE.dsl`: a notebook back into a script with `#:` prose; and
/// `camlab convert FILE.dsl -o NOTEBOOK.ipynb`: a script into a notebook, without running it.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Turn a CamLab notebook (.ipynb) into a script (.dsl), or a script into a notebook.",
        discussion: """
            Markdown cells become '#:' prose and back. A script becomes a notebook without outputs;
            'camlab report FILE.dsl -o OUT.ipynb' runs it and keeps them.
            """)

    @Argument(help: "The notebook (.ipynb) or script (.dsl) to convert.", completion: .file(extensions: ["ipynb", "dsl"]))
    var input: String

    @Option(name: .shortAndLong, help: "The file to write (default: the input's name with .dsl or .ipynb).")
    var output: String?

    func run() throws {
        let toNotebook = input.lowercased().hasSuffix(".dsl")
        let stem = input.split(separator: "/").last.map(String.init) ?? input
        let target = output ?? (input.lastIndex(of: ".").map { String(input[..<$0]) } ?? input)
            + (toNotebook ? ".ipynb" : ".dsl")
        do {
            let bytes = try FileIO.read(input)
            let text = toNotebook
                ? NotebookReport.unrun(script: Source.text(of: bytes), scriptName: stem)
                : try NotebookConverter.script(fromNotebook: bytes, name: input)
            try FileIO.writeAtomically(Array(text.utf8), to: target)
        } catch {
            writeAll(STDERR_FILENO, "camlab convert: \(error)\n")
            throw ExitCode(1)
        }
        print("wrote \(target)")
    }
}
