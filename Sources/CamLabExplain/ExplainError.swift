/// An explanation that cannot be computed as asked: a bad target, a layer without spatial output, an input that
/// is not one image for this model. The message names the values involved and what would work instead.
public struct ExplainError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
