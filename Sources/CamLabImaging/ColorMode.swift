import CamLabCore
/// How many channels a picture is loaded with, as Keras' `color_mode` names them.
public enum ColorMode: String, CaseIterable, Sendable {
    case grayscale, rgb, rgba

    public var channels: Int {
        switch self {
        case .grayscale: return 1
        case .rgb: return 3
        case .rgba: return 4
        }
    }

    /// The mode for `text`, or an error listing the modes.
    public init(named text: String) throws {
        guard let mode = ColorMode(rawValue: text) else {
            throw Problem("unknown color mode '\(text)'; use one of "
                             + ColorMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = mode
    }
}
