/// A data file CamLab cannot use: missing, corrupt, truncated or in an unsupported format. The message names
/// the file, says what was found and, where there is one, how to fix it.
public struct DataError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
