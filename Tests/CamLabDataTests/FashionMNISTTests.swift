import Testing
#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
@testable import CamLabData

/// Writes a miniature Fashion-MNIST: `count` images whose pixel (r, c) of image i is (i + r + c) % 256, and labels
/// i % 10; `gzip` chooses the compressed or the plain file names.
func writeMiniFashionMNIST(to dir: String, count: Int = 5, testCount: Int = 3, gzip: Bool = true,
                           side: Int = 28) throws {
    func write(_ tensor: Tensor, _ name: String) throws {
        let encoded = try IDX.encode(tensor, as: .uint8)
        try FileIO.writeAtomically(gzip ? Gzip.deflate(encoded) : encoded, to: dir + "/" + name + (gzip ? ".gz" : ""))
    }
    for (prefix, n) in [("train", count), ("t10k", testCount)] {
        let pixels = (0..<n).flatMap { i in
            (0..<side * side).map { Float((i + $0 / side + $0 % side) % 256) }
        }
        try write(Tensor(shape: [n, side, side], scalars: pixels), "\(prefix)-images-idx3-ubyte")
        try write(Tensor((0..<n).map { Float($0 % 10) }), "\(prefix)-labels-idx1-ubyte")
    }
}

@Test func loadsGzippedAndPlainFixtures() throws {
    for gzip in [true, false] {
        let dir = try makeTemporaryDirectory()
        try writeMiniFashionMNIST(to: dir, gzip: gzip)
        let data = try FashionMNIST.load(directory: dir)
        #expect(data.train.images.shape == [5, 28, 28])
        #expect(data.train.labels.scalars == [0, 1, 2, 3, 4])
        #expect(data.test.images.shape == [3, 28, 28])
        // Image 2, row 3, column 4 holds (2 + 3 + 4) = 9.
        #expect(data.train.images.scalars[2 * 784 + 3 * 28 + 4] == 9)
        #expect(data.classNames.count == 10)
        #expect(data.classNames[9] == "Ankle boot")
    }
}

@Test func limitKeepsTheFirstExamples() throws {
    let dir = try makeTemporaryDirectory()
    try writeMiniFashionMNIST(to: dir, count: 12)
    let data = try FashionMNIST.load(directory: dir, limit: 4)
    #expect(data.train.images.shape == [4, 28, 28])
    #expect(data.train.labels.scalars == [0, 1, 2, 3])
    #expect(data.test.count == 3)
    #expect(data.train.images.scalars[3 * 784] == 3)
}

@Test func limitReadsOnlyWhatItNeeds() throws {
    let dir = try makeTemporaryDirectory()
    try writeMiniFashionMNIST(to: dir, count: 12, gzip: false)
    let images = dir + "/train-images-idx3-ubyte"
    // Keep the header and four images of the twelve the header declares.
    try FileIO.writeAtomically(Array(FileIO.read(images).prefix(16 + 4 * 784)), to: images)
    #expect(try FashionMNIST.load(directory: dir, limit: 3).train.images.shape == [3, 28, 28])
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir, limit: 5) }
            == "'\(images)' is truncated: its first 5 items of IDX shape (12, 28, 28) need 3920 bytes of data, "
            + "found 3136")
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir) }
            == "'\(images)' is truncated: IDX shape (12, 28, 28) of uint8 needs 9408 bytes of data, found 3136")
}

@Test func directoryComesFromArgumentThenEnvironmentThenSystem() {
    #expect(FashionMNIST.resolveDirectory(explicit: "/a", environment: "/b").0 == "/a")
    #expect(FashionMNIST.resolveDirectory(explicit: nil, environment: "/b").0 == "/b")
    #expect(FashionMNIST.resolveDirectory(explicit: nil, environment: nil).0 == "/usr/share/datasets/fashion-mnist")
    #expect(FashionMNIST.resolveDirectory(explicit: nil, environment: "").0 == "/usr/share/datasets/fashion-mnist")
}

@Test func environmentVariableNamesTheDirectory() throws {
    // Every other test passes its directory explicitly, so setting the variable here cannot disturb them.
    let dir = try makeTemporaryDirectory()
    setenv("CAMLAB_DATA", dir, 1)
    defer { unsetenv("CAMLAB_DATA") }
    #expect(errorMessage { _ = try FashionMNIST.load() }?.contains("searched '\(dir)' (from CAMLAB_DATA)") == true)
    try writeMiniFashionMNIST(to: dir, count: 2, testCount: 1)
    #expect(try FashionMNIST.load().train.count == 2)
}

@Test func missingFileSaysWhereAndHowToFix() throws {
    let dir = try makeTemporaryDirectory()
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir) }
            == "Fashion-MNIST file '\(dir)/train-images-idx3-ubyte.gz' not found (also tried "
            + "'\(dir)/train-images-idx3-ubyte'); searched '\(dir)' (the directory given). Install the data with "
            + "`apt-get install dataset-fashion-mnist`, or set CAMLAB_DATA to the directory holding the four IDX "
            + "files")
}

@Test func badMagicAndTruncationNameTheFile() throws {
    let dir = try makeTemporaryDirectory()
    try writeMiniFashionMNIST(to: dir, gzip: false)
    let images = dir + "/train-images-idx3-ubyte"
    let good = try FileIO.read(images)
    try FileIO.writeAtomically([0x50, 0x4B, 3, 4] + good.dropFirst(4), to: images)
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir) }
            == "'\(images)' is not an IDX file: bad magic 50 4b 03 04, expected 00 00 followed by a type byte and "
            + "a dimension count")
    try FileIO.writeAtomically(Array(good.dropLast(100)), to: images)
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir) }
            == "'\(images)' is truncated: IDX shape (5, 28, 28) of uint8 needs 3920 bytes of data, found 3820")
    // A gzip file cut short is reported by the decompressor, naming the file.
    try FileIO.writeAtomically(Array(Gzip.deflate(good).prefix(40)), to: images + ".gz")
    let message = errorMessage { _ = try FashionMNIST.load(directory: dir) }
    #expect(message?.hasPrefix("'\(images).gz' is truncated: the compressed stream ends early") == true)
}

@Test func countMismatchSaysBothCounts() throws {
    let dir = try makeTemporaryDirectory()
    try writeMiniFashionMNIST(to: dir)
    let labels = dir + "/train-labels-idx1-ubyte.gz"
    try FileIO.writeAtomically(Gzip.deflate(IDX.encode(Tensor([1, 2, 3, 4]), as: .uint8)), to: labels)
    // The limit must not hide the mismatch.
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir, limit: 2) }
            == "'\(dir)/train-images-idx3-ubyte.gz' has 5 images but '\(labels)' has 4 labels; the two files must "
            + "come from the same release")
}

@Test func imagesMustBe28By28AndLabelsClassIds() throws {
    let dir = try makeTemporaryDirectory()
    try writeMiniFashionMNIST(to: dir, side: 27)
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir) }
            == "'\(dir)/train-images-idx3-ubyte.gz' holds images of shape (5, 27, 27); Fashion-MNIST images are "
            + "(N, 28, 28)")
    try writeMiniFashionMNIST(to: dir)
    try FileIO.writeAtomically(Gzip.deflate(IDX.encode(Tensor([1, 2, 12, 4, 5]), as: .uint8)),
                               to: dir + "/train-labels-idx1-ubyte.gz")
    #expect(errorMessage { _ = try FashionMNIST.load(directory: dir) }
            == "'\(dir)/train-labels-idx1-ubyte.gz': label 12.0 at index 2 is not a class id 0...9")
}

@Test(.enabled(if: FileIO.exists(FashionMNIST.systemDirectory + "/t10k-labels-idx1-ubyte.gz")))
func loadsTheInstalledDataSet() throws {
    let data = try FashionMNIST.load(directory: FashionMNIST.systemDirectory, limit: 100)
    #expect(data.train.images.shape == [100, 28, 28])
    // The first training label of the original release is 9 (Ankle boot), the first test label also 9.
    #expect(data.train.labels.scalars[0] == 9)
    #expect(data.test.labels.scalars[0] == 9)
    #expect(data.train.images.scalars.max() == 255)
}

/// Sums of all pixel values and label counts, computed at dev time with Python's gzip module from the installed
/// files: `sum(gzip.open(path).read()[16:][:n * 784])`, `labels.count(k)`.
@Test(.enabled(if: FileIO.exists(FashionMNIST.systemDirectory + "/t10k-labels-idx1-ubyte.gz")))
func installedDataSetMatchesPythonChecksums() throws {
    let data = try FashionMNIST.load(directory: FashionMNIST.systemDirectory, limit: 1000)
    #expect(data.train.images.scalars.reduce(0) { $0 + Int($1) } == 56_558_003)
    #expect(data.test.images.scalars.reduce(0) { $0 + Int($1) } == 58_034_149)
    let histogram = (0..<10).map { k in data.train.labels.scalars.filter { $0 == Float(k) }.count }
    #expect(histogram == [107, 104, 86, 92, 95, 100, 100, 115, 102, 99])
}

/// Full-load timing, run on demand: `CAMLAB_TIMING=1 swift test -c release --filter fullLoadTiming`.
@Test(.enabled(if: getenv("CAMLAB_TIMING") != nil && FileIO.exists(FashionMNIST.systemDirectory)))
func fullLoadTiming() throws {
    let clock = ContinuousClock()
    var data: FashionMNIST?
    let elapsed = try clock.measure { data = try FashionMNIST.load(directory: FashionMNIST.systemDirectory) }
    let path = FashionMNIST.systemDirectory + "/train-images-idx3-ubyte.gz"
    var raw: [UInt8] = []
    let readTime = try clock.measure { raw = try FileIO.read(path) }
    var inflated: [UInt8] = []
    let inflateTime = try clock.measure { inflated = try Gzip.inflate(raw) }
    let decodeTime = try clock.measure { _ = try IDX.decode(inflated) }
    let quick = try clock.measure { _ = try FashionMNIST.load(directory: FashionMNIST.systemDirectory, limit: 1000) }
    print("Fashion-MNIST full load: \(elapsed); train images: read \(readTime), inflate \(inflateTime), "
          + "decode \(decodeTime); limit 1000: \(quick)")
    let loaded = try #require(data)
    #expect(loaded.train.images.shape == [60_000, 28, 28])
    #expect(loaded.test.images.shape == [10_000, 28, 28])
    // Checksums from Python's gzip module (see installedDataSetMatchesPythonChecksums).
    #expect(loaded.train.images.scalars.reduce(0) { $0 + Int($1) } == 3_431_114_169)
    #expect(loaded.test.images.scalars.reduce(0) { $0 + Int($1) } == 573_469_082)
    #expect((0..<10).map { k in loaded.train.labels.scalars.filter { $0 == Float(k) }.count }
            == [Int](repeating: 6000, count: 10))
}
