/// What went wrong, said so the user can fix it: one sentence naming what failed and the values involved, a help
/// line saying how to fix it, and the builtin parameter it concerns. Every module throws this one type; the
/// language points the caret at `argument` when a builtin names one, else at the whole call, and prints `help`
/// beneath.
public struct Problem: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public let help: String?
    /// The parameter of the builtin whose argument is at fault ("path"), if the problem concerns one.
    public let argument: String?

    public init(_ message: String, argument: String? = nil, help: String? = nil) {
        self.message = message
        self.argument = argument
        self.help = help
    }

    public var description: String { message }

    /// The same problem, concerning the argument of parameter `argument`.
    public func about(_ argument: String) -> Problem { Problem(message, argument: argument, help: help) }

    /// The message led by `name` (the builtin that met the problem), unless it already leads with it.
    public func message(from name: String) -> String {
        message.hasPrefix(name) ? message : "\(name): \(message)"
    }
}

/// Throws `Problem(message, help: help)` unless `condition` holds: the throwing counterpart of `precondition`, so an
/// initializer states each rule on its arguments in one line before it assigns them.
///
///     try require(rate >= 0 && rate < 1, "Dropout rate must be in [0, 1), got \(rate)")
public func require(_ condition: Bool, _ message: @autoclosure () -> String, help: String? = nil) throws(Problem) {
    if !condition { throw Problem(message(), help: help) }
}
