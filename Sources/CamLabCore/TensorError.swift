/// A tensor operation asked of data that cannot satisfy it (mismatched shapes, an axis out of range, …).
/// The message names the operation and the shapes involved, so the user can see what to change.
public struct TensorError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
