import ArgumentParser

/// CamLab's benchmarks, one command: each subcommand prints the figures an issue tracks, in release builds
/// (Scripts/bench, Scripts/bench-explain, Scripts/bench-judging and Scripts/bench-kernel build and call it).
@main
struct CamLabBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camlab-bench",
        abstract: "Time CamLab's training, explanation methods, judging of maps and Jupyter kernel channel.",
        subcommands: [TrainBench.self, ExplainBench.self, JudgingBench.self, KernelBench.self],
        defaultSubcommand: TrainBench.self)
}
