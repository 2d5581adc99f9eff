import ArgumentParser
import CamLabCore
import CamLabReport

/// `camlab convert NOTEBOOK.ipynb -o FILE.dsl`: a notebook back into a script with `#:` prose.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Turn a CamLab notebook (.ipynb) into a script (.dsl): Markdown cells become '#:' prose.",
        discussion: "'camlab report FILE.dsl -o OUT.ipynb' goes the other way, running the script.")

    @Argument(help: "The notebook to convert.", completion: .file(extensions: ["ipynb"]))
    var notebook: String

    @Option(name: .shortAndLong, help: "The script to write (default: the notebook's name with .dsl).")
    var output: String?

    func run() throws {
        let target = output ?? (notebook.hasSuffix(".ipynb") ? String(notebook.dropLast(6)) : notebook) + ".dsl"
        do {
            let script = try NotebookConverter.script(fromNotebook: try FileIO.read(notebook), name: notebook)
            try FileIO.writeAtomically(Array(script.utf8), to: target)
        } catch {
            throw ValidationError("\(error)")
        }
        print("wrote \(target)")
    }
}
