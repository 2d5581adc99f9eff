/// A model file CamLab cannot use: damaged, truncated, or describing something CamLab cannot represent. The message
/// names the file, says where in it the problem is and what was found, and what CamLab supports instead.
public struct ModelFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
