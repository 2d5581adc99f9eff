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
        return options
    }
}

@Test(arguments: ["seed7", "train30", "validation30", "grayscale", "crop", "nearest", "area", "unshuffled"])
func folderReadsAsKerasReadsIt(setting: String) throws {
    let want = KerasFolders.settings[setting]!
    let dataset = try ImageFolderDataset(directory: KerasFolders.root + "/flowers",
                                         options: try KerasFolders.options(want["options"] as! [String: Any]))
    #expect(dataset.classNames == want["class_names"] as! [String])
    #expect(dataset.files.map { String($0.dropFirst(KerasFolders.root.count + 1)) } == want["files"] as! [String])
    #expect(dataset.y.map(Int.init) == want["labels"] as! [Int])
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
