import CamLabCore
/// The settings of `image_dataset_from_directory`, with Keras 2.15's defaults (`labels="inferred"`,
/// `label_mode="int"`; batching and TensorFlow's per-epoch buffer shuffle are the training loop's business).
public struct ImageFolderOptions: Sendable {
    /// Which part of a `validationSplit` to return.
    public enum Subset: String, Sendable, CaseIterable { case training, validation }

    /// Where the labels come from (Keras' `labels`).
    public enum Labels: Sendable, Equatable {
        /// From the class sub-folders, numbered in the order of the class names.
        case inferred
        /// No labels: every picture below the folder, sub-folders or not.
        case none
        /// One number per picture below the folder, in the sorted order of their paths (before shuffling).
        case listed([Int])
    }

    /// How the labels are given (Keras' `label_mode`); `labelMode = nil` is Keras' `label_mode=None`: no labels.
    public enum LabelMode: String, Sendable, CaseIterable {
        /// Class numbers, shape (N,), as `sparse_categorical_crossentropy` takes them.
        case int
        /// One-hot rows, shape (N, classes), as `categorical_crossentropy` takes them.
        case categorical
        /// 0 or 1 as floats, shape (N, 1), for exactly two classes.
        case binary
    }

    public var labels: Labels = .inferred
    public var labelMode: LabelMode? = .int
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

    /// Whether the dataset has labels: Keras drops them for `labels=None` and for `label_mode=None` alike.
    public var isLabelled: Bool { labels != .none && labelMode != nil }

    /// Keras' own checks (`check_validation_split_arg`, the `labels` and `class_names` rules), with the fix in each
    /// message.
    func validate() throws {
        if classNames != nil, labels != .inferred {
            throw Problem("class_names names the class sub-folders, so it goes with labels: \"inferred\"; "
                             + "leave it out with labels: none or a list of labels", argument: "class_names")
        }
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
