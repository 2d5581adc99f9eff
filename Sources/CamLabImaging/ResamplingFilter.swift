import CamLabCore
import Foundation

/// Pillow's resampling filters, with its kernels and supports (libImaging/Resample.c). Sorted by support.
public enum ResamplingFilter: String, CaseIterable, Sendable {
    case nearest, box, bilinear, hamming, bicubic, lanczos

    /// Looks a filter up by name, ignoring case; `antialias` is Pillow's old name for lanczos.
    public init(named name: String) throws {
        let key = name.lowercased()
        if key == "antialias" { self = .lanczos; return }
        guard let filter = ResamplingFilter(rawValue: key) else {
            throw Problem("unknown resampling filter '\(name)'; choose one of: "
                             + ResamplingFilter.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = filter
    }

    /// How far the kernel reaches, in source pixels, when upscaling (scaled up by the ratio when downscaling).
    var support: Double {
        switch self {
        case .nearest, .box: 0.5
        case .bilinear, .hamming: 1
        case .bicubic: 2
        case .lanczos: 3
        }
    }

    /// The kernel's weight at distance `x`, in Double exactly as Pillow evaluates it.
    func weight(_ x: Double) -> Double {
        switch self {
        case .nearest, .box:
            return x > -0.5 && x <= 0.5 ? 1 : 0
        case .bilinear:
            let x = abs(x)
            return x < 1 ? 1 - x : 0
        case .hamming:
            let x = abs(x)
            if x == 0 { return 1 }
            if x >= 1 { return 0 }
            let px = x * Double.pi
            // Pillow writes the constants as C floats (0.54f, 0.46f); their Double values are kept here.
            return sin(px) / px * (Double(Float(0.54)) + Double(Float(0.46)) * cos(px))
        case .bicubic:
            let a = -0.5, x = abs(x)
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        case .lanczos:
            return -3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0
        }
    }

    private func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let px = x * Double.pi
        return sin(px) / px
    }
}
