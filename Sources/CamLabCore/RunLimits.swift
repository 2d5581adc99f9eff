/// What bounds a long computation — `fit`, `predict`, `evaluate`, `explain` — taken the same way by each: the
/// request that stops it at its next safe point (between passes), and the memory budget its allocations are
/// checked against before they are made. A session passes its own; code that embeds the library may pass none
/// (never stopped, the standard budget).
public struct RunLimits: Sendable {
    public var interruption: InterruptionFlag
    public var budget: MemoryBudget

    public init(interruption: InterruptionFlag = InterruptionFlag(), budget: MemoryBudget = .standard) {
        self.interruption = interruption
        self.budget = budget
    }
}
