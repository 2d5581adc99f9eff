import CamLabCore

// The session's interruption and memory budget as the one value `fit`, `predict`, `evaluate` and `explain` take.

extension Interpreter {
    var limits: RunLimits { RunLimits(interruption: interruption, budget: memoryBudget) }
}

extension BuiltinCall {
    package var limits: RunLimits { RunLimits(interruption: interruption, budget: budget) }
}
