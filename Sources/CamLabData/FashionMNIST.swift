#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// Zalando's Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 70,000 grayscale 28×28 pictures of clothing in ten
/// classes, 60,000 for training and 10,000 for testing, read from the four IDX files of the original release.
public struct FashionMNIST: Sendable {
    /// One split of the data set.
    public struct Split: Sendable {
        /// `[N, 28, 28]`, raw pixel values 0…255 as `Float` (scale by 1/255 before training, as Keras does).
        public let images: Tensor
        /// `[N]`, class ids 0…9 as `Float`; `classNames[id]` names the class.
        public let labels: Tensor
        public var count: Int { labels.count }
    }

    public let train: Split
    public let test: Split
    public var classNames: [String] { Self.classNames }

    /// Class names in label order, as the Keras tutorial prints them.
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    /// Where Debian's `dataset-fashion-mnist` package installs the files.
    public static let systemDirectory = "/usr/share/datasets/fashion-mnist"
    /// The environment variable that names another directory.
    public static let environmentVariable = "CAMLAB_DATA"

    /// Loads both splits from `directory`, else from `$CAMLAB_DATA`, else from `systemDirectory`. Each file may be
    /// gzip-compressed (`train-images-idx3-ubyte.gz`) or plain (`train-images-idx3-ubyte`). With `limit`, only the
    /// first `limit` examples of each split are read (and only they are checked for damage), for quick runs.
    public static func load(directory: String? = nil, limit: Int? = nil) throws -> FashionMNIST {
        let environment = getenv(environmentVariable).map { String(cString: $0) }
        let (folder, origin) = resolveDirectory(explicit: directory, environment: environment)
        if let limit, limit < 0 { throw Problem("Fashion-MNIST limit must be at least 0, got \(limit)") }
        @Sendable func split(_ prefix: String) throws -> Split {
            try loadSplit(images: locate("\(prefix)-images-idx3-ubyte", in: folder, origin: origin),
                          labels: locate("\(prefix)-labels-idx1-ubyte", in: folder, origin: origin), limit: limit)
        }
        // The two splits load side by side (unless CAMLAB_THREADS=1); inflating the training images dominates.
        var results: [Result<Split, any Error>] = [.failure(Problem("not loaded")), .failure(Problem("not loaded"))]
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = SharedPointer(buffer.baseAddress!)
            Parallel.forEachChunk(2) { _, range in
                for i in range { slots[i] = Result { try split(i == 0 ? "train" : "t10k") } }
            }
        }
        return FashionMNIST(train: try results[0].get(), test: try results[1].get())
    }

    /// The directory to read and a phrase saying why it was chosen, for error messages.
    static func resolveDirectory(explicit: String?, environment: String?) -> (String, String) {
        if let explicit { return (explicit, "the directory given") }
        if let environment, !environment.isEmpty { return (environment, "from \(environmentVariable)") }
        return (systemDirectory, "the system default; \(environmentVariable) is not set")
    }

    /// The path of `name.gz` or `name` in `folder`, or an error saying what was searched and how to fix it.
    static func locate(_ name: String, in folder: String, origin: String) throws -> String {
        let base = folder.hasSuffix("/") ? folder + name : folder + "/" + name
        for candidate in [base + ".gz", base] where FileIO.exists(candidate) { return candidate }
        throw Problem("Fashion-MNIST file '\(base).gz' not found (also tried '\(base)'); searched '\(folder)' "
                        + "(\(origin)). Install the data with `apt-get install dataset-fashion-mnist`, or set "
                        + "\(environmentVariable) to the directory holding the four IDX files")
    }

    /// An IDX file and the shape it declares. With `limit`, only the bytes of the header and of the first `limit`
    /// items are decompressed, so a quick run on 1,000 images does not inflate all 60,000.
    static func readIDX(_ path: String, limit: Int?) throws -> (Tensor, [Int]) {
        guard let limit else {
            let bytes = try DataFile.read(path, headerBytes: 4 + 4 * 255, declaredLength: IDX.declaredLength)
            return try IDX.decodeWithDeclaredShape(bytes, source: "'\(path)'", firstItems: nil)
        }
        let raw = try FileIO.read(path)
        // An IDX header is at most 4 + 4 × 255 bytes.
        let head = try DataFile.contents(raw, of: path, prefix: 4 + 4 * 255)
        let (type, shape, dataOffset) = try IDX.header(head, source: "'\(path)'")
        let kept = [min(limit, shape.first ?? 1)] + shape.dropFirst() + [type.width]
        guard let needed = kept.checkedElementCount else {
            throw Problem("'\(path)': IDX shape \(shape.shapeDescription) is too large to hold in memory")
        }
        return try IDX.decodeWithDeclaredShape(DataFile.contents(raw, of: path, prefix: dataOffset + needed),
                                               source: "'\(path)'", firstItems: limit, bytesArePrefix: true)
    }

    /// Reads one images/labels pair and checks that they belong together.
    static func loadSplit(images imagesPath: String, labels labelsPath: String, limit: Int?) throws -> Split {
        let (images, declaredImages) = try readIDX(imagesPath, limit: limit)
        let (labels, declaredLabels) = try readIDX(labelsPath, limit: limit)
        guard images.rank == 3, images.shape[1] == 28, images.shape[2] == 28 else {
            throw Problem("'\(imagesPath)' holds images of shape \(declaredImages.shapeDescription); "
                            + "Fashion-MNIST images are (N, 28, 28)")
        }
        guard labels.rank == 1 else {
            throw Problem("'\(labelsPath)' holds labels of shape \(declaredLabels.shapeDescription); "
                            + "Fashion-MNIST labels are (N,)")
        }
        // Compare the counts the files declare, not the limited ones, so a mismatch is caught even with a limit.
        guard declaredImages[0] == declaredLabels[0] else {
            throw Problem("'\(imagesPath)' has \(declaredImages[0]) images but '\(labelsPath)' has "
                            + "\(declaredLabels[0]) labels; the two files must come from the same release")
        }
        if let bad = labels.scalars.firstIndex(where: { !($0 >= 0 && $0 <= 9) }) {
            throw Problem("'\(labelsPath)': label \(labels.scalars[bad]) at index \(bad) is not a class id 0...9")
        }
        return Split(images: images, labels: labels)
    }
}
