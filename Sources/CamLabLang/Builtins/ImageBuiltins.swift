import CamLabCore

/// An RGB picture as a language value: what `show` draws and `save` writes.
public final class ImageObject: CamLabObject {
    public let typeName = "image"
    public let image: RGBImage
    public init(_ image: RGBImage) { self.image = image }
    public var memberNames: [String] { ["width", "height"] }
    public func member(_ name: String) -> Value? {
        switch name {
        case "width": return .number(Double(image.width))
        case "height": return .number(Double(image.height))
        default: return nil
        }
    }
    public var summary: String { "<image \(image.width)×\(image.height)>" }
}

func registerImageBuiltins(in r: BuiltinRegistry) {
    r.define("show(image, title: none)", topic: "images",
             "Shows an image (or a tensor of shape (H, W), (H, W, 1), (H, W, 3) or (1, H, W, C)) in the terminal.") { args, interpreter in
        guard let image = try imageValue(args["image"]) else { throw args.fail("image", expected: "an image or tensor") }
        interpreter.output.artifact(Artifact(kind: .shownImage, image: image, title: try args.optionalString("title")))
        return .none
    }
}

/// An image value, or a tensor read as a grayscale or RGB picture with its range stretched to 0…255.
func imageValue(_ value: Value) throws -> RGBImage? {
    switch value {
    case .object(let object as ImageObject): return object.image
    case .tensor(var t):
        if t.rank == 4, t.shape[0] == 1 { t = try t.reshaped(Array(t.shape.dropFirst())) }
        if t.rank == 2 { t = try t.reshaped(t.shape + [1]) }
        guard t.rank == 3, t.shape[2] == 1 || t.shape[2] == 3, t.count > 0 else {
            throw BuiltinError("a tensor of shape \(t.shape.shapeDescription) is not an image; images are (H, W), "
                               + "(H, W, 1), (H, W, 3) or (1, H, W, C)")
        }
        let low = t.min() ?? 0, high = t.max() ?? 1
        let scale: Float = high > low ? 255 / (high - low) : 0
        var pixels: [UInt8] = []
        pixels.reserveCapacity(t.shape[0] * t.shape[1] * 3)
        let channels = t.shape[2]
        for i in 0..<(t.shape[0] * t.shape[1]) {
            for c in 0..<3 {
                let v = t.scalars[i * channels + (channels == 1 ? 0 : c)]
                pixels.append(UInt8(max(0, min(255, ((v - low) * scale).rounded()))))
            }
        }
        return RGBImage(width: t.shape[1], height: t.shape[0], pixels: pixels)
    default:
        return nil
    }
}

func saveImage(_ image: RGBImage, to path: String) throws {
    throw BuiltinError("saving images needs the CamLabImaging module, which this build does not include yet")
}

func loadImage(_ path: String) throws -> Value {
    throw BuiltinError("loading images needs the CamLabImaging module, which this build does not include yet")
}
