import CamLabCore
import CamLabData
import CamLabExplain
import CamLabImaging
import CamLabNN
import Foundation
import Testing
@testable import CamLabFolderExplain

/// A scratch folder of pictures: two class folders of 8×8 PNGs (gray and RGB, of other sizes than the model's),
/// a stray text file and a hidden folder that must be ignored.
private func pictureFolder() throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-folder-\(UUID().uuidString)").path
    for folder in ["photos/cats", "photos/dogs", "photos/.hidden"] {
        try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
    }
    var generator = SeededGenerator(seed: 5)
    for (index, name) in ["cats/a.png", "cats/b.PNG", "dogs/c.png", "dogs/d.png", "dogs/e.png", ".hidden/x.png"].enumerated() {
        let channels = index % 2 == 0 ? 3 : 1, size = 6 + index
        let pixels = (0..<(size * size * channels)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Image(width: size, height: size, channels: channels, pixels: pixels).write(to: root + "/photos/" + name)
    }
    try Data("not a picture".utf8).write(to: URL(fileURLWithPath: root + "/photos/cats/notes.txt"))
    return root
}

private func model() throws -> Model {
    try Model(inputShape: [8, 8, 1], layers: [
        Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
        Flatten(),
        Dense(units: 3, activation: .softmax),
    ], seed: 3)
}

private func indexLines(_ path: String) throws -> [JSON] {
    try FileIO.read(path).split(separator: 0x0A).map { try JSON.parse($0) }
}

@Suite struct FolderExplainTests {
    @Test func shardsAreDisjointAndCoverEveryPosition() throws {
        for total in [0, 1, 7, 10, 101] {
            for n in 1...6 {
                let parts = try (1...n).map { try Shard(parsing: "\($0)/\(n)").range(of: total) }
                #expect(parts.flatMap { Array($0) } == Array(0..<total), "\(total) in \(n)")
                #expect((parts.map(\.count).max() ?? 0) - (parts.map(\.count).min() ?? 0) <= 1)
            }
        }
        for bad in ["0/3", "4/3", "1", "a/b", "1/0", "-1/2", "1/2/3", ""] {
            #expect(throws: Problem.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }

    @Test func picturesAreFoundRecursivelySortedAndMirrored() throws {
        let root = try pictureFolder()
        let pictures = try PictureSet.collect([root + "/photos"])
        #expect(pictures.map(\.outputStem) == ["photos/cats/a", "photos/cats/b", "photos/dogs/c", "photos/dogs/d",
                                               "photos/dogs/e"])
        let two = try PictureSet.collect([root + "/photos/dogs/", root + "/photos/cats"])
        #expect(two.map(\.outputStem) == ["cats/a", "cats/b", "dogs/c", "dogs/d", "dogs/e"])
        #expect(pictures.allSatisfy { $0.path.hasPrefix(root + "/photos/") })
        let file = try PictureSet.collect([root + "/photos/dogs/c.png"])
        #expect(file.map(\.outputStem) == ["c"])
        #expect(throws: Problem.self) { try PictureSet.collect([root + "/missing"]) }
        // Two folders of the same name would write to the same place.
        try FileManager.default.createDirectory(atPath: root + "/other/cats", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/photos/cats/a.png", toPath: root + "/other/cats/a.png")
        #expect(throws: Problem.self) { try PictureSet.collect([root + "/other/cats", root + "/photos/cats"]) }
        #expect(throws: Problem.self) { try PictureSet.collect([root + "/photos/cats/notes.txt/"]) }
    }

    /// Three shards run apart explain every picture exactly once; a rerun of a shard does nothing more.
    @Test func shardsTogetherExplainEveryPictureOnceAndRerunsSkipThem() throws {
        let root = try pictureFolder()
        let pictures = try PictureSet.collect([root + "/photos"])
        var explained: [String] = []
        for k in 1...3 {
            var job = FolderExplainJob(outputFolder: root + "/out")
            job.shard = try Shard(parsing: "\(k)/3")
            job.rescale = 1 / 255
            job.batchSize = 2
            let summary = try FolderExplainer(model: model(), job: job).run(pictures)
            #expect(summary.failed.isEmpty)
            let lines = try indexLines(root + "/out/index-\(k)-of-3.jsonl")
            explained += lines.compactMap { $0["file"]?.string }
            for line in lines {
                let outputs = (line["outputs"]?.array ?? []).compactMap { $0.string }
                #expect(outputs.count == 1 && FileIO.exists(outputs[0]))
                // The overlay is drawn over the picture as it was, at its own size.
                let overlay = try Image.read(from: outputs[0])
                let original = try Image.read(from: try #require(line["file"]?.string))
                #expect(overlay.width == original.width && overlay.height == original.height)
                #expect(line["target"]?.integer != nil && line["score"] != nil && line["seconds"] != nil)
            }
            let again = try FolderExplainer(model: model(), job: job).run(pictures)
            #expect(again.explained == 0 && again.skipped == summary.total)
            #expect(try indexLines(root + "/out/index-\(k)-of-3.jsonl").count == lines.count)
        }
        #expect(explained.sorted() == pictures.map(\.path).sorted())
    }

    /// Outputs are written without a flush each; index lines go in a batch or more at a time after one flush of
    /// the file system, so when a picture is reported its whole batch is in the index and every output named
    /// there is complete under its final name.
    @Test func indexLinesGoInABatchAtATimeAfterTheirOutputs() throws {
        let root = try pictureFolder()
        let pictures = try PictureSet.collect([root + "/photos"])
        var job = FolderExplainJob(outputFolder: root + "/out")
        job.batchSize = 2
        job.flushInterval = 0  // a flush after every batch (by default at most one a second)
        job.writeRawMaps = true
        let path = root + "/out/index-1-of-1.jsonl"
        var seen: [Int] = []
        var problems: [String] = []
        _ = try FolderExplainer(model: model(), job: job).run(pictures) { event in
            guard case .explained(let picture, _) = event else { return }
            do {
                let lines = try indexLines(path)
                seen.append(lines.count)
                if !lines.contains(where: { $0["file"]?.string == picture.path }) {
                    problems.append("\(picture.path) reported before its line")
                }
                for output in lines.flatMap({ $0["outputs"]?.array ?? [] }).compactMap(\.string) {
                    if output.hasSuffix(".npy") { _ = try NPY.read(output) } else { _ = try Image.read(from: output) }
                }
            } catch { problems.append("\(error)") }
        }
        #expect(problems.isEmpty)
        #expect(seen == [2, 2, 4, 4, 5])
        // No temporary file is left beside the outputs.
        let left = try FileManager.default.subpathsOfDirectory(atPath: root + "/out").filter { $0.contains(".tmp-") }
        #expect(left.isEmpty)
        // With a long interval this small run's lines all wait for the one flush at the end.
        var later = job
        later.outputFolder = root + "/again"
        later.flushInterval = 1000
        var counts: [Int] = []
        _ = try FolderExplainer(model: model(), job: later).run(pictures) { event in
            if case .explained = event { counts.append((try? indexLines(root + "/again/index-1-of-1.jsonl").count) ?? -1) }
        }
        #expect(counts == [5, 5, 5, 5, 5])
    }

    /// A crash mid-line leaves a partial record; the next run drops it and explains that picture again.
    @Test func aCutLastLineIsDroppedAndItsPictureExplainedAgain() throws {
        let root = try pictureFolder()
        let pictures = try PictureSet.collect([root + "/photos"])
        let job = FolderExplainJob(outputFolder: root + "/out")
        _ = try FolderExplainer(model: model(), job: job).run(Array(pictures.prefix(2)))
        let path = root + "/out/index-1-of-1.jsonl"
        var bytes = try FileIO.read(path)
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes = Array(bytes[..<(secondLine + 10)])
        try FileIO.writeAtomically(bytes, to: path)
        let summary = try FolderExplainer(model: model(), job: job).run(pictures)
        #expect(summary.skipped == 1 && summary.explained == pictures.count - 1)
        #expect(try indexLines(path).compactMap { $0["file"]?.string }.sorted() == pictures.map(\.path).sorted())
    }

    @Test func aPictureThatCannotBeReadIsRecordedAndTheRunGoesOn() throws {
        let root = try pictureFolder()
        try Data("broken".utf8).write(to: URL(fileURLWithPath: root + "/photos/cats/broken.png"))
        let pictures = try PictureSet.collect([root + "/photos"])
        var job = FolderExplainJob(outputFolder: root + "/out")
        job.format = .npy
        let summary = try FolderExplainer(model: model(), job: job).run(pictures)
        #expect(summary.failed == [root + "/photos/cats/broken.png"])
        #expect(summary.explained == pictures.count - 1)
        let lines = try indexLines(root + "/out/index-1-of-1.jsonl")
        let failure = try #require(lines.first { $0["error"] != nil })
        #expect(failure["file"]?.string == root + "/photos/cats/broken.png")
        // The raw map is the method's map for the picture, as explain computes it for the same input.
        let line = try #require(lines.first { $0["file"]?.string == root + "/photos/dogs/c.png" })
        let npy = try #require(line["outputs"]?.array?.first?.string)
        let map = try NPY.read(npy)
        let input = try FolderExplainer(model: model(), job: job).modelInput(root + "/photos/dogs/c.png").1
        let expected = try explain(model: model(), batch: input)[0].map
        #expect(map == expected)
    }

    @Test func aLayerTheModelLacksIsRefusedBeforeAnythingIsWritten() throws {
        let root = try pictureFolder()
        var job = FolderExplainJob(outputFolder: root + "/out")
        job.layer = .name("conv9")
        let error = try #require(throws: Problem.self) {
            try FolderExplainer(model: model(), job: job).run(PictureSet.collect([root + "/photos"]))
        }
        #expect(error.message.contains("no layer named 'conv9'"))
        #expect(!FileIO.exists(root + "/out"))
    }

    @Test func aModelThatDoesNotTakePicturesIsRefused() throws {
        let dense = try Model(inputShape: [4], layers: [Dense(units: 2, activation: .softmax)], seed: 1)
        #expect(throws: Problem.self) {
            try FolderExplainer(model: dense, job: FolderExplainJob(outputFolder: "/tmp/x"))
        }
    }
}
