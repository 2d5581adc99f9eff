import CamLabCore
/// The settings of `image_dataset_from_directory`, with Keras 2.15's defaults (`labels="inferred"`,
/// `label_mode="int"`; batching and TensorFlow's per-epoch buffer shuffle are the training loop's business).
public struct ImageFolderOptions: Sendable {
    /// Which part of a `validationSplit` to return.
    public enum Subset: String, Sendable, CaseIterable { case training, validation }

    public var classNames: [String]? = nil
    public var colorMode: ColorMode = .rgb
    public var imageSize: (height: Int, width: Int) = (256, 256)
    public var shuffle = true
    /// NumPy's `RandomState` seed for the shuffle; nil draws one (0..<1,000,000, as Keras' `np.random.randint(1e6)`)
    /// and reports it in the dataset, so the order can be had again.
    public var seed: UInt32? = nil
    public var validationSplit: Double? = nil
    public var subset: Subset? = nil
    public var interpolation: ResizeInterpolation = .bilinear
    public var cropToAspectRatio = false
    public var followLinks = false
    /// Leave out pictures that cannot be read (counted in the dataset's `skipped`) instead of failing on the first.
    public var skipUnreadable = false

    public init() {}

    /// Keras' own checks (`check_validation_split_arg`), with the fix in each message.
    func validate() throws {
        guard imageSize.height > 0, imageSize.width > 0 else {
            throw Problem("image_size must be positive, got (\(imageSize.height), \(imageSize.width))")
        }
        try Image.checkSize(width: imageSize.width, height: imageSize.height, action: "resize pictures to")
        if let split = validationSplit, !(split > 0 && split < 1) {
            throw Problem("validation_split must be between 0 and 1, got \(split)")
        }
        if (validationSplit == nil) != (subset == nil) {
            throw Problem("validation_split and subset go together: give both (subset: \"training\" or "
                             + "\"validation\") or neither")
        }
        if validationSplit != nil, shuffle, seed == nil {
            throw Problem("with validation_split and shuffling, give a seed, so the training and validation "
                             + "subsets do not overlap")
        }
    }
}
