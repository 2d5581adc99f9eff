import CamLabCore

extension Image {
    /// The picture in `bytes`, recognised by its content as TensorFlow's `decode_image` does (not by its name),
    /// with `colorMode`'s channels: gray from colour by ITU-R 601-2 luma, alpha dropped or made opaque. A colour
    /// JPEG asked for gray gets libjpeg's luma, as TensorFlow's does. `tensorFlowJPEG` decodes JPEG with TensorFlow's
    /// default (libjpeg's fast integer IDCT), so pixels match Keras'. `source` names the file in errors.
    public static func decodePicture(_ bytes: [UInt8], source: String, colorMode: ColorMode,
                                     tensorFlowJPEG: Bool = false, budget: MemoryBudget = .standard) throws -> Image {
        let picture: Image
        if bytes.starts(with: [0xFF, 0xD8]) {
            picture = try JPEG.decode(bytes, source: source, channels: colorMode == .grayscale ? 1 : 3,
                                      fastDCT: tensorFlowJPEG, budget: budget)
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            picture = try PNG.decode(bytes, source: source)
        } else if bytes.starts(with: Array("GIF8".utf8)) || bytes.starts(with: Array("BM".utf8)) {
            throw Problem("cannot read \(source): CamLab reads PNG and JPEG pictures, not GIF or BMP; "
                             + "convert it to PNG")
        } else {
            throw Problem("cannot read \(source): not a PNG or JPEG picture (its first bytes are neither)")
        }
        return try picture.converted(toChannels: colorMode.channels)
    }

    /// The picture at `path` (PNG or JPEG, recognised by content), with `colorMode`'s channels; `tensorFlowJPEG` as
    /// in `decodePicture`.
    public static func read(from path: String, colorMode: ColorMode, tensorFlowJPEG: Bool = false,
                            budget: MemoryBudget = .standard) throws -> Image {
        let bytes = try FileIO.read(path)
        return try decodePicture(bytes, source: "'\(path)'", colorMode: colorMode, tensorFlowJPEG: tensorFlowJPEG,
                                 budget: budget)
    }

    /// The picture at `path` as a `(height, width, channels)` tensor of 0–255 floats, resized to `size` (height,
    /// width) as `tf.image.resize` does, or at its own size when `size` is nil: what Keras'
    /// `image_dataset_from_directory` makes of one file (JPEGs decoded as TensorFlow decodes them).
    public static func loadTensor(from path: String, colorMode: ColorMode = .rgb, size: (height: Int, width: Int)? = nil,
                                  interpolation: ResizeInterpolation = .bilinear, cropToAspectRatio: Bool = false,
                                  budget: MemoryBudget = .standard) throws -> Tensor {
        let picture = try read(from: path, colorMode: colorMode, tensorFlowJPEG: true, budget: budget)
        guard let size else {
            return Tensor(shape: [picture.height, picture.width, picture.channels], scalars: picture.pixels.map(Float.init))
        }
        try checkSize(width: size.width, height: size.height, action: "resize a picture to")
        return Tensor(shape: [size.height, size.width, picture.channels],
                      scalars: picture.resizedLikeTensorFlow(height: size.height, width: size.width,
                                                             interpolation: interpolation,
                                                             cropToAspectRatio: cropToAspectRatio))
    }
}
