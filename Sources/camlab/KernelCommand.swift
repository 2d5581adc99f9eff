import ArgumentParser
import CamLabKernel
import CamLabLang
import CamLabLibrary
#if canImport(Glibc)
import Glibc
#endif

/// `camlab kernel install`: makes CamLab a Jupyter kernel. `camlab kernel serve` is the CamLab side of it, started
/// by the installed wrapper.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Install CamLab as a Jupyter kernel (JupyterLab, Notebook, VS Code, jupyter console).",
        subcommands: [Install.self, Serve.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register the CamLab kernel where 'jupyter kernelspec list' finds it.",
            discussion: """
                The kernel runs on the Python that has Jupyter's ipykernel: by default python3 on PATH (an active
                virtual environment's), or the one --python names.
                """)

        @Flag(help: "Install for the current user (the default).") var user = false
        @Flag(help: "Install into the Python environment's prefix (a virtual environment or conda).") var sysPrefix = false
        @Option(help: "Install under this prefix (PREFIX/share/jupyter/kernels).") var prefix: String?
        @Option(help: "The Python that runs the kernel; it needs ipykernel.") var python = "python3"

        func validate() throws {
            if [user, sysPrefix, prefix != nil].filter({ $0 }).count > 1 {
                throw ValidationError("give at most one of --user, --sys-prefix and --prefix")
            }
        }

        func run() throws {
            let location: KernelSpec.Location = sysPrefix ? .sysPrefix : prefix.map { .prefix($0) } ?? .user
            do {
                let folder = try KernelSpec.install(location: location, python: python, camlab: Self.executablePath())
                print("Installed the CamLab kernel in \(folder)")
                print("Open a notebook with it: jupyter lab Examples/fashion_mnist.ipynb")
            } catch {
                writeAll(STDERR_FILENO, "camlab kernel install: \(error)\n")
                throw ExitCode(1)
            }
        }

        /// This executable's absolute path, so the kernel runs the CamLab that installed it.
        static func executablePath() -> String {
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            guard count > 0 else { return CommandLine.arguments[0] }
            return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve one session over JSON lines on standard input and output (started by the kernel).",
            shouldDisplay: false)

        func run() throws { throw ExitCode(KernelServer().run()) }
    }
}
