import CamLabCore

/// A folder of pictures, one sub-folder per class, read as Keras 2.15's `image_dataset_from_directory` reads it:
/// the same class names, files, order, labels, split and (up to JPEG decoders' rounding) pixels. Labels come from
/// the class sub-folders, from a list, or not at all, and are given as class numbers, one-hot rows or 0/1.
///
/// What cannot be the same: Keras also reshuffles a buffer of the training files every epoch with TensorFlow's
/// generator; CamLab returns the files in Keras' order before that step and leaves epochs to the training loop.
public struct ImageFolderDataset: Sendable {
    /// The pictures, `(count, height, width, channels)`, 0–255 floats as Keras keeps them (NHWC).
    public var x: Tensor
    /// Class numbers, indices into `classNames` (for listed labels, the numbers given); nil without labels.
    public var y: [Int32]?
    /// How `labels` gives `y` (nil without labels).
    public var labelMode: ImageFolderOptions.LabelMode?
    /// The sorted class sub-folders; for listed labels the distinct numbers, sorted; empty without labels.
    public var classNames: [String]
    /// The picture behind each row of `x`, in order.
    public var files: [String]
    /// The seed the order came from (drawn when none was given), or nil without shuffling.
    public var seed: UInt32?
    /// Pictures left out because they could not be read (with `skipUnreadable`): path and reason.
    public var skipped: [(file: String, reason: String)]

    /// Reads `directory` with `options`. Errors name the folder or the picture and say what was wrong.
    public init(directory: String, options: ImageFolderOptions = ImageFolderOptions(),
                budget: MemoryBudget = .standard) throws {
        try options.validate()
        guard DirectoryWalk.isDirectory(directory) else {
            throw Problem("cannot read pictures from '\(directory)': "
                             + (FileIO.exists(directory) ? "it is not a folder" : "no such folder"))
        }
        var index: FolderIndex
        if options.isLabelled, options.labels == .inferred {
            index = try FolderIndex(directory: directory, classNames: options.classNames,
                                    followLinks: options.followLinks)
            guard !index.classNames.isEmpty else {
                throw Problem("no class folders in '\(directory)': put each class's pictures in its own sub-folder "
                                 + "('\(directory)/cats/1.jpg', '\(directory)/dogs/2.jpg')")
            }
            guard index.classNames.count > 1 else {
                throw Problem("only one class folder ('\(index.classNames[0])') in '\(directory)': a classifier needs "
                                 + "at least two, one sub-folder per class")
            }
            guard !index.files.isEmpty else {
                throw Problem("no pictures in the class folders of '\(directory)' (looked for "
                                 + FolderIndex.extensions.joined(separator: " ") + ", any case)")
            }
        } else {
            index = try FolderIndex(everyPictureBelow: directory, followLinks: options.followLinks)
            guard !index.files.isEmpty else {
                throw Problem("no pictures in '\(directory)' or its sub-folders (looked for "
                                 + FolderIndex.extensions.joined(separator: " ") + ", any case)")
            }
            if options.isLabelled, case .listed(let given) = options.labels {
                try ImageFolderDataset.apply(given, to: &index, directory: directory)
            }
        }
        if options.isLabelled, let mode = options.labelMode {
            try ImageFolderDataset.check(index, fit: mode)
        }
        seed = nil
        if options.shuffle {
            let seed = options.seed ?? UInt32.random(in: 0..<1_000_000)
            // Keras shuffles the paths and then the labels, each with a fresh RandomState(seed): the same permutation.
            var paths = NumPyRandomState(seed: seed)
            paths.shuffle(&index.files)
            var labels = NumPyRandomState(seed: seed)
            labels.shuffle(&index.labels)
            self.seed = seed
        }
        if let split = options.validationSplit, let subset = options.subset {
            // Keras' get_training_or_validation_split: the last int(split · n) files are for validation.
            let validation = Int(split * Double(index.files.count))
            guard validation > 0, validation < index.files.count else {
                throw Problem("validation_split \(split) of \(index.files.count) pictures leaves "
                                 + (validation == 0 ? "no validation" : "no training") + " pictures; "
                                 + "use a \(validation == 0 ? "larger" : "smaller") split or more pictures")
            }
            let kept = subset == .training ? 0..<index.files.count - validation
                                           : index.files.count - validation..<index.files.count
            index.files = Array(index.files[kept])
            index.labels = Array(index.labels[kept])
        }
        classNames = options.isLabelled ? index.classNames : []
        labelMode = options.isLabelled ? options.labelMode : nil
        let labels: [Int32]
        (x, labels, files, skipped) = try ImageFolderDataset.decode(index, options: options, budget: budget)
        y = options.isLabelled ? labels : nil
    }

    /// The labels as Keras gives them for the label mode, as floats: class numbers (N,), one-hot rows
    /// (N, classes), or 0 and 1 (N, 1); nil without labels.
    public var labelTensor: Tensor? {
        guard let y, let labelMode else { return nil }
        switch labelMode {
        case .int: return Tensor(y.map(Float.init))
        case .binary: return Tensor(shape: [y.count, 1], scalars: y.map(Float.init))
        case .categorical:
            var rows = [Float](repeating: 0, count: y.count * classNames.count)
            for (i, label) in y.enumerated() { rows[i * classNames.count + Int(label)] = 1 }
            return Tensor(shape: [y.count, classNames.count], scalars: rows)
        }
    }

    /// Keras' labels given as a list: one whole number per picture in the sorted order of the paths; the class
    /// names are the distinct numbers, sorted.
    private static func apply(_ given: [Int], to index: inout FolderIndex, directory: String) throws {
        guard given.count == index.files.count else {
            throw Problem("labels gives \(given.count) label\(given.count == 1 ? "" : "s") but '\(directory)' holds "
                             + "\(index.files.count) pictures: give one label per picture, in the sorted order of "
                             + "their paths", argument: "labels")
        }
        if let bad = given.first(where: { Int32(exactly: $0) == nil }) {
            throw Problem("labels holds \(bad), which is too large for a class number", argument: "labels")
        }
        index.labels = given.map { Int32($0) }
        index.classNames = Set(given).sorted().map(String.init)
    }

    /// Keras' rule that binary labels need exactly two classes; and, for listed labels, that one-hot rows and
    /// 0/1 labels have a column or a value for every label (Keras would quietly write rows of zeros, or 5.0).
    private static func check(_ index: FolderIndex, fit mode: ImageFolderOptions.LabelMode) throws {
        let classes = index.classNames.count
        if mode == .binary, classes != 2 {
            throw Problem("label_mode \"binary\" needs exactly 2 classes, but there are \(classes) "
                             + "(\(DisplayText.list(index.classNames, limit: 8)))",
                          argument: "label_mode",
                          help: "use label_mode \"categorical\" (one-hot) or \"int\" (class numbers) for more")
        }
        guard mode != .int, let bad = index.labels.first(where: { !(0..<Int32(classes)).contains($0) }) else {
            return
        }
        throw Problem("label_mode \"\(mode.rawValue)\" needs labels from 0 to \(classes - 1) (one per class), "
                         + "got \(bad)", argument: "label_mode",
                      help: "number the classes 0, 1, 2, …, or use label_mode \"int\" to keep the numbers as given")
    }

    /// Decodes and resizes every picture, the files split over the cores; each worker writes its rows of `x`.
    private static func decode(_ index: FolderIndex, options: ImageFolderOptions, budget: MemoryBudget) throws
        -> (Tensor, [Int32], [String], [(file: String, reason: String)]) {
        let (height, width) = options.imageSize
        let channels = options.colorMode.channels
        let row = height * width * channels
        try budget.check(elements: Double(row) * Double(index.files.count),
                         for: "\(index.files.count) pictures of \(height)×\(width)×\(channels)")
        var pixels = [Float](repeating: 0, count: row * index.files.count)
        let failures = pixels.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedPointer(buffer.baseAddress!)
            return Parallel.map(index.files.count) { i -> String? in
                do {
                    let bytes = try FileIO.read(index.files[i], limit: budget.bytes)
                    let picture = try Image.decodePicture(bytes, source: "'\(index.files[i])'",
                                                          colorMode: options.colorMode, tensorFlowJPEG: true,
                                                          budget: budget)
                    picture.resizedLikeTensorFlow(height: height, width: width, interpolation: options.interpolation,
                                                  cropToAspectRatio: options.cropToAspectRatio,
                                                  into: shared.base + i * row)
                    return nil
                } catch let error as Problem {
                    return error.message
                } catch {
                    return "cannot read '\(index.files[i])': \(error)"
                }
            }
        }
        let bad = failures.indices.filter { failures[$0] != nil }
        if let first = bad.first, !options.skipUnreadable {
            throw Problem(failures[first]! + (bad.count > 1 ? " (and \(bad.count - 1) more unreadable pictures; "
                                                 + "skip_unreadable: true leaves them out)" : ""))
        }
        let good = failures.indices.filter { failures[$0] == nil }
        guard !good.isEmpty else { throw Problem("none of the \(bad.count) pictures could be read: \(failures[bad[0]]!)") }
        if !bad.isEmpty {
            var kept = [Float](); kept.reserveCapacity(row * good.count)
            for i in good { kept.append(contentsOf: pixels[i * row..<(i + 1) * row]) }
            pixels = kept
        }
        return (Tensor(shape: [good.count, height, width, channels], scalars: pixels),
                good.map { index.labels[$0] }, good.map { index.files[$0] },
                bad.map { (index.files[$0], failures[$0]!) })
    }
}
