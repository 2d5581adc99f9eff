import CamLabCore
import CamLabLang

// CamLab's standard library: the registry of every builtin it ships, and the session that runs with it. The
// REPL, `camlab`, reports and the Jupyter kernel all make their sessions here.

extension BuiltinRegistry {
    /// The standard library: every builtin CamLab ships, built once per process.
    public static let standard = makeStandard()

    /// A fresh registry with the standard library, to which an embedder may add its own builtins.
    public static func makeStandard() -> BuiltinRegistry {
        let registry = BuiltinRegistry()
        registerConstants(in: registry)
        registerCoreBuiltins(in: registry)
        registerTensorBuiltins(in: registry)
        registerMachineLearningBuiltins(in: registry)
        PlotBuiltins.register(in: registry)
        return registry
    }
}

extension Session {
    /// A session with CamLab's standard library; the settings are `Session.init(output:registry:…)`'s. An embedder
    /// that adds builtins of its own passes `registry:` a `BuiltinRegistry.makeStandard()` it added them to.
    public convenience init(output: OutputReceiver = TerminalOutput(), echoesValues: Bool = false,
                            interruption: InterruptionFlag = InterruptionFlag(),
                            memoryBudget: MemoryBudget = .standard, workingDirectory: String? = nil) {
        self.init(output: output, echoesValues: echoesValues, registry: .standard, interruption: interruption,
                  memoryBudget: memoryBudget, workingDirectory: workingDirectory)
    }
}
