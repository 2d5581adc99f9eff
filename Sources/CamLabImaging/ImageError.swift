/// An image operation that cannot be done as asked: bad sizes, an unknown colormap or file format, an unreadable
/// or malformed file. The message says what was wrong, with the sizes or path involved, and how to fix it.
public struct ImageError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
