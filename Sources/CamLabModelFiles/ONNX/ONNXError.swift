/// Why an ONNX file cannot become a CamLab model: damaged bytes, or a graph using something CamLab cannot
/// represent. The message names the file, the node (as onnx and Netron show it) and what CamLab supports instead.
public struct ONNXError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
