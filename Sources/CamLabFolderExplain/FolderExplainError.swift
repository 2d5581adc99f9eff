/// A problem with a `camlab explain` run as a whole (its options, its pictures, its output folder), as opposed to
/// one picture that could not be explained, which is recorded in the index and the run goes on.
public struct FolderExplainError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
