import CamLabCore
import CamLabData
import Foundation
import Testing
@testable import CamLabImaging

/// What Keras 2.15 made of Fixtures/keras_folders/flowers (Scripts/fixtures/keras_image_folders.sh).
enum KerasFolders {
    static let root = fixturePath("keras_folders")
    nonisolated(unsafe) static let json = try! JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: root + "/keras_image_folders.json"))) as! [String: Any]
    static let tensors = try! Safetensors.read(root + "/keras_image_folders.safetensors").tensors
    static var settings: [String: [String: Any]] { json["settings"] as! [String: [String: Any]] }

    /// CamLab's options for a setting's Keras arguments.
    static func options(_ keras: [String: Any]) throws -> ImageFolderOptions {
        var options = ImageFolderOptions()
        let size = keras["image_size"] as! [Int]
        options.imageSize = (size[0], size[1])
        options.shuffle = keras["shuffle"] as? Bool ?? true
        options.seed = (keras["seed"] as? Int).map(UInt32.init)
        options.validationSplit = keras["validation_split"] as? Double
        options.subset = (keras["subset"] as? String).flatMap(ImageFolderOptions.Subset.init(rawValue:))
        options.colorMode = try ColorMode(named: keras["color_mode"] as? String ?? "rgb")
        options.interpolation = try ResizeInterpolation(named: keras["interpolation"] as? String ?? "bilinear")
        options.cropToAspectRatio = keras["crop_to_aspect_ratio"] as? Bool ?? false
        // Missing means Keras' default; JSON's null is Keras' None.
        switch keras["labels"] {
        case nil: options.labels = .inferred
        case let listed as [Int]: options.labels = .listed(listed)
        default: options.labels = .none
        }
        switch keras["label_mode"] {
        case nil: options.labelMode = .int
        case let mode as String: options.labelMode = ImageFolderOptions.LabelMode(rawValue: mode)!
        default: options.labelMode = nil
        }
        return options
    }
}

@Test(arguments: ["seed7", "train30", "validation30", "grayscale", "crop", "nearest", "area", "unshuffled",
                  "categorical", "unlabelled", "no_label_mode", "listed", "listed_binary"])
func folderReadsAsKerasReadsIt(setting: String) throws {
    let want = KerasFolders.settings[setting]!
    let dataset = try ImageFolderDataset(directory: KerasFolders.root + "/flowers",
                                         options: try KerasFolders.options(want["options"] as! [String: Any]))
    #expect(dataset.classNames == want["class_names"] as! [String])
    #expect(dataset.files.map { String($0.dropFirst(KerasFolders.root.count + 1)) } == want["files"] as! [String])
    #expect(dataset.y?.map(Int.init) == want["labels"] as? [Int])
    // What Keras' dataset yields for the label mode: one-hot rows, a column of 0/1, class numbers, or nothing.
    if let rows = want["y"] as? [[Double]] {
        let labels = try #require(dataset.labelTensor)
        #expect(labels.shape == [rows.count, rows[0].count])
        #expect(labels.scalars == rows.flatMap { $0.map(Float.init) })
    } else if let numbers = want["labels"] as? [Int] {
        #expect(dataset.labelTensor?.shape == [numbers.count])
        #expect(dataset.labelTensor?.scalars == numbers.map(Float.init))
    } else {
        #expect(dataset.labelTensor == nil && dataset.labelMode == nil)
    }
    let x = try #require(KerasFolders.tensors["\(setting)/x"])
    #expect(dataset.x.shape == x.shape)
    // Measured: 0 for every colour setting (JPEGs decoded with TensorFlow's fast IDCT, resizing in Float32 as
    // TensorFlow), under 1e-4 for area, 1 level for grayscale (colour PNGs: libpng's luma in TensorFlow, Pillow's
    // here). The bound leaves room for another libjpeg-turbo build's rounding.
    let difference = zip(dataset.x.scalars, x.scalars).map { abs($0 - $1) }.max() ?? 0
    #expect(difference <= 4, "\(setting): largest pixel difference from Keras \(difference)")
    print("keras folder \(setting): largest pixel difference \(difference)")
}

@Test func numpyRandomStateDrawsWhatNumPyDraws() throws {
    let numpy = KerasFolders.json["numpy"] as! [String: Any]
    let raw = numpy["raw"] as! [String: Any]
    var state = NumPyRandomState(seed: UInt32(raw["seed"] as! Int))
    #expect((0..<8).map { _ in Int(state.nextUInt32()) } == raw["values"] as! [Int])
    for case let shuffle as [String: Any] in numpy["shuffles"] as! [Any] {
        var order = Array(0..<(shuffle["n"] as! Int))
        var random = NumPyRandomState(seed: UInt32(shuffle["seed"] as! Int))
        random.shuffle(&order)
        #expect(order == shuffle["order"] as! [Int], "seed \(shuffle["seed"]!), n \(shuffle["n"]!)")
    }
}

@Test func folderWithoutASeedDrawsOneAndReportsIt() throws {
    var options = ImageFolderOptions()
    options.imageSize = (4, 4)
    let first = try ImageFolderDataset(directory: KerasFolders.root + "/flowers", options: options)
    let seed = try #require(first.seed)
    #expect(seed < 1_000_000)
    options.seed = seed
    #expect(try ImageFolderDataset(directory: KerasFolders.root + "/flowers", options: options).files == first.files)
}

/// A scratch folder of classes, each a list of (name, bytes).
func scratchFolder(_ name: String, _ classes: [String: [(String, [UInt8])]]) throws -> String {
    let root = temporaryPath(name)
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    for (folder, files) in classes {
        try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        for (file, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/\(folder)/\(file)")) }
    }
    return root
}

@Test func folderBadInputSaysWhatAndWhere() throws {
    let jpeg = try JPEG.encode(smoothPicture(6, 6, channels: 3))
    let empty = try scratchFolder("empty", [:])
    #expect(throws: Problem("no class folders in '\(empty)': put each class's pictures in its own sub-folder "
                               + "('\(empty)/cats/1.jpg', '\(empty)/dogs/2.jpg')")) {
        try ImageFolderDataset(directory: empty)
    }
    let one = try scratchFolder("one", ["cats": [("1.jpg", jpeg)]])
    #expect(throws: Problem("only one class folder ('cats') in '\(one)': a classifier needs at least two, "
                               + "one sub-folder per class")) { try ImageFolderDataset(directory: one) }
    let nothing = try scratchFolder("nothing", ["cats": [("a.txt", [1])], "dogs": []])
    #expect(throws: Problem("no pictures in the class folders of '\(nothing)' (looked for .bmp .gif .jpeg .jpg "
                               + ".png, any case)")) { try ImageFolderDataset(directory: nothing) }
    #expect(throws: Problem("cannot read pictures from '/nonexistent/camlab': no such folder")) {
        try ImageFolderDataset(directory: "/nonexistent/camlab")
    }

    let bad = try scratchFolder("bad", ["cats": [("1.jpg", jpeg), ("2.jpg", Array(jpeg.prefix(40)))],
                                        "dogs": [("3.png", Array("text".utf8)), ("4.jpg", jpeg)]])
    var options = ImageFolderOptions()
    options.imageSize = (4, 4)
    options.shuffle = false
    let error = #expect(throws: Problem.self) { try ImageFolderDataset(directory: bad, options: options) }
    #expect(error?.message.hasPrefix("cannot read '\(bad)/cats/2.jpg': ") == true, "\(error?.message ?? "")")
    #expect(error?.message.hasSuffix("(and 1 more unreadable pictures; skip_unreadable: true leaves them out)") == true)
    options.skipUnreadable = true
    let kept = try ImageFolderDataset(directory: bad, options: options)
    #expect(kept.files == ["\(bad)/cats/1.jpg", "\(bad)/dogs/4.jpg"] && kept.y == [0, 1] && kept.x.shape == [2, 4, 4, 3])
    #expect(kept.skipped.map(\.file) == ["\(bad)/cats/2.jpg", "\(bad)/dogs/3.png"])
    #expect(kept.skipped[1].reason == "cannot read '\(bad)/dogs/3.png': not a PNG or JPEG picture (its first bytes "
                                      + "are neither)")

    options.validationSplit = 0.5
    #expect(throws: Problem("validation_split and subset go together: give both (subset: \"training\" or "
                               + "\"validation\") or neither")) { try ImageFolderDataset(directory: bad, options: options) }
    options.subset = .training
    options.shuffle = true
    #expect(throws: Problem("with validation_split and shuffling, give a seed, so the training and validation "
                               + "subsets do not overlap")) { try ImageFolderDataset(directory: bad, options: options) }
}

@Test func onePictureLoadsAsKerasLoadsItInAFolder() throws {
    let want = KerasFolders.settings["unshuffled"]!
    let x = try #require(KerasFolders.tensors["unshuffled/x"])
    let row = 8 * 10 * 3
    for (i, file) in (want["files"] as! [String]).enumerated() {
        let got = try Image.loadTensor(from: KerasFolders.root + "/" + file, size: (8, 10))
        #expect(got.shape == [8, 10, 3])
        let difference = zip(got.scalars, x.scalars[i * row..<(i + 1) * row]).map { abs($0 - $1) }.max() ?? 0
        #expect(difference <= 1e-3, "\(file): largest difference \(difference)")
    }
    let original = try Image.loadTensor(from: KerasFolders.root + "/flowers/rose/f.png", colorMode: .rgba)
    #expect(original.shape == [5, 5, 4] && original.scalars[3] == 255)
}

/// Keras' rules for labels and label modes, each error saying what to do instead; where Keras would quietly write
/// rows of zeros (a listed label beyond the one-hot columns) CamLab refuses.
@Test func labelSettingsKerasRefusesSayWhy() throws {
    let flowers = KerasFolders.root + "/flowers"
    func read(_ change: (inout ImageFolderOptions) -> Void) throws -> ImageFolderDataset {
        var options = ImageFolderOptions()
        options.imageSize = (4, 4)
        options.shuffle = false
        change(&options)
        return try ImageFolderDataset(directory: flowers, options: options)
    }
    #expect(throws: Problem("label_mode \"binary\" needs exactly 2 classes, but there are 3 (daisy, rose, tulip)",
                            argument: "label_mode",
                            help: "use label_mode \"categorical\" (one-hot) or \"int\" (class numbers) for more")) {
        try read { $0.labelMode = .binary }
    }
    #expect(throws: Problem("labels gives 2 labels but '\(flowers)' holds 12 pictures: give one label per picture, "
                            + "in the sorted order of their paths", argument: "labels")) {
        try read { $0.labels = .listed([0, 1]) }
    }
    #expect(throws: Problem("label_mode \"categorical\" needs labels from 0 to 2 (one per class), got 5",
                            argument: "label_mode", help: "number the classes 0, 1, 2, …, or use label_mode \"int\" "
                                + "to keep the numbers as given")) {
        try read { $0.labels = .listed([5, 0, 2, 5, 0, 2, 5, 0, 2, 5, 0, 2]); $0.labelMode = .categorical }
    }
    #expect(throws: Problem("class_names names the class sub-folders, so it goes with labels: \"inferred\"; leave "
                            + "it out with labels: none or a list of labels", argument: "class_names")) {
        try read { $0.labels = .none; $0.classNames = ["daisy", "rose", "tulip"] }
    }
    // Without labels a folder needs no class sub-folders: pictures at the top are read too.
    let loose = try scratchFolder("loose", ["": [("a.jpg", try JPEG.encode(smoothPicture(6, 6, channels: 3)))]])
    var options = ImageFolderOptions()
    options.labels = .none
    options.shuffle = false
    let pictures = try ImageFolderDataset(directory: loose, options: options)
    #expect(pictures.files == [loose + "/a.jpg"] && pictures.y == nil && pictures.classNames.isEmpty)
}
