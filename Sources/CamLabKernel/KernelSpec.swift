import CamLabCore
import CamLabData
import CamLabImaging
import CamLabReport
import Foundation

/// `camlab kernel install`: writes CamLab's kernel spec (kernel.json, the wrapper, a logo) into a scratch folder
/// and has Jupyter's own `KernelSpecManager` install it, so the spec lands exactly where `jupyter kernelspec list`
/// looks (user data folder, a virtual environment's prefix, `JUPYTER_DATA_DIR`, …) without CamLab re-deriving
/// Jupyter's search path.
public enum KernelSpec {
    public enum Location: Equatable, Sendable {
        case user
        /// The prefix of the Python environment the kernel runs in (a virtual environment, conda).
        case sysPrefix
        case prefix(String)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Installs the spec for `camlab` (this executable) run by `python`; returns the folder Jupyter installed it to.
    public static func install(location: Location, python: String, camlab: String) throws -> String {
        guard let pythonPath = resolveExecutable(python) else {
            throw Failure(description: "cannot find '\(python)'; name a Python with --python /path/to/python3")
        }
        let check = try runPython(pythonPath, "import ipykernel, jupyter_client")
        guard check.status == 0 else {
            throw Failure(description: "\(pythonPath) cannot import ipykernel and jupyter_client, which the kernel "
                + "runs on; install them with '\(pythonPath) -m pip install ipykernel' or name another Python with "
                + "--python")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-kernelspec-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileIO.writeAtomically(Array(kernelJSON(python: pythonPath, camlab: camlab).utf8),
                                   to: folder.appendingPathComponent("kernel.json").path)
        try FileIO.writeAtomically(Array(WrapperKernel.source.utf8),
                                   to: folder.appendingPathComponent(WrapperKernel.fileName).path)
        for size in [32, 64] {
            try FileIO.writeAtomically(try PNG.encode(try logo(size: size)),
                                       to: folder.appendingPathComponent("logo-\(size)x\(size).png").path)
        }
        let target: String
        switch location {
        case .user: target = "user=True"
        case .sysPrefix: target = "prefix=sys.prefix"
        case .prefix(let path): target = "prefix=" + JSON.quote(path)
        }
        let install = try runPython(pythonPath, """
            import sys
            from jupyter_client.kernelspec import KernelSpecManager
            print(KernelSpecManager().install_kernel_spec(\(JSON.quote(folder.path)), \
            kernel_name=\(JSON.quote(KernelIdentity.name)), \(target), replace=True))
            """)
        guard install.status == 0 else {
            throw Failure(description: "Jupyter could not install the kernel spec: " + install.errors)
        }
        return install.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The spec: the wrapper started by `python` from the spec's own folder (`{resource_dir}`), told where
    /// CamLab is; interrupts as signals, which the wrapper forwards.
    static func kernelJSON(python: String, camlab: String) -> String {
        JSON.object([
            ("argv", .array([.string(python), .string("{resource_dir}/" + WrapperKernel.fileName), .string("-f"),
                             .string("{connection_file}")])),
            ("display_name", .string(KernelIdentity.displayName)),
            ("language", .string(KernelIdentity.language)),
            ("interrupt_mode", .string("signal")),
            // ipykernel imports debugpy, which warns about frozen modules on every start; CamLab has no debugger.
            ("env", .object([("CAMLAB_EXECUTABLE", .string(camlab)), ("PYDEVD_DISABLE_FILE_VALIDATION", .string("1"))])),
            ("metadata", .object([("debugger", .bool(false))])),
        ]).pretty() + "\n"
    }

    /// CamLab's logo: a Grad-CAM-like blob in viridis.
    static func logo(size: Int) throws -> Image {
        let center = Double(size - 1) / 2
        let values = (0..<size * size).map { index -> Float in
            let x = Double(index % size) - center * 1.15, y = Double(index / size) - center * 0.9
            return Float(exp(-(x * x + y * y) / (2 * pow(Double(size) / 4, 2))))
        }
        return try heatmapImage(try Heatmap(width: size, height: size, values: values), colormap: .viridis)
    }

    /// An executable's absolute path: as given when it contains a slash, else found on PATH.
    static func resolveExecutable(_ name: String) -> String? {
        if name.contains("/") {
            // Absolute but not resolved: a virtual environment's python is a symbolic link whose own path matters.
            let path = name.hasPrefix("/") ? name : FileManager.default.currentDirectoryPath + "/" + name
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return nil
    }

    private static func runPython(_ python: String, _ code: String) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", code]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
