/// Labels or predictions that cannot be scored: lengths that differ, ids that are not classes. The message says
/// which input, which position and what was found.
public struct MetricsError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
