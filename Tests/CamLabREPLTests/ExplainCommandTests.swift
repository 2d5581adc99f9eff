import CamLabTestSupport
import Foundation
import Testing

/// `camlab explain` end to end: a model from a script and its weights, a folder of pictures in two shards.
@Suite struct ExplainCommandTests {
    private func run(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let run = try runBuilt("camlab", arguments, in: folder)
        return (run.status, run.output)
    }

    private func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let build = """
            model = sequential([
                conv2d(4, 3, padding: same, activation: relu, input_shape: (12, 12, 1)),
                flatten(),
                dense(3, activation: softmax),
            ])
            """
        try build.write(to: folder.appendingPathComponent("build.dsl"), atomically: true, encoding: .utf8)
        let setup = build + "\nsave_weights(model, \"model.safetensors\")\n"
        try setup.write(to: folder.appendingPathComponent("setup.dsl"), atomically: true, encoding: .utf8)
        // Pictures of other sizes than the model's, in colour: resized and converted to gray on the way in.
        let pictures = folder.appendingPathComponent("pictures")
        try FileManager.default.createDirectory(at: pictures, withIntermediateDirectories: true)
        for index in 0..<5 {
            let (width, height) = (14, 10 + index)
            let png = testPNG(width: width, height: height, rgba: gradientPixels(width: width, height: height))
            try Data(png).write(to: pictures.appendingPathComponent("p\(index).png"))
        }
        let (status, output) = try run(["setup.dsl"], in: folder)
        #expect(status == 0, "\(output)")
        return folder
    }

    @Test func twoShardsExplainEveryPictureOnce() throws {
        let folder = try workspace()
        var files: [String] = []
        for k in 1...2 {
            let (status, output) = try run(["explain", "model.safetensors", "pictures", "--dsl", "build.dsl",
                                            "--out", "maps", "--rescale", "1/255", "--shard", "\(k)/2"], in: folder)
            #expect(status == 0, "\(output)")
            #expect(output.contains("in shard \(k)/2"), "\(output)")
            let index = try String(contentsOf: folder.appendingPathComponent("maps/index-\(k)-of-2.jsonl"), encoding: .utf8)
            for line in index.split(separator: "\n") {
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                files.append(try #require(record["file"] as? String))
                let outputs = try #require(record["outputs"] as? [String])
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(outputs[0]).path))
            }
        }
        #expect(files.sorted() == (0..<5).map { "pictures/p\($0).png" })
    }

    @Test func aBrokenPictureIsListedAndTheExitStatusSaysSo() throws {
        let folder = try workspace()
        try Data("not a picture".utf8).write(to: folder.appendingPathComponent("pictures/broken.png"))
        let (status, output) = try run(["explain", "model.safetensors", "pictures", "--dsl", "build.dsl",
                                        "--out", "maps"], in: folder)
        #expect(status == 1, "\(output)")
        #expect(output.contains("pictures/broken.png: failed: cannot read 'pictures/broken.png'"), "\(output)")
        #expect(output.contains("explained 5 of 6 pictures"), "\(output)")
    }

    /// A model file from another framework: an ONNX export of a residual CNN on 16×16×3 pictures.
    @Test func anONNXModelExplainsTheFolder() throws {
        let folder = try workspace()
        let onnx = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../CamLabModelFilesTests/Fixtures/resnet_bn.onnx").standardized.path
        let (status, output) = try run(["explain", onnx, "pictures", "--out", "maps", "--rescale", "1/255",
                                        "--format", "jpg"], in: folder)
        #expect(status == 0, "\(output)")
        #expect(output.contains("explained 5 of 5 pictures"), "\(output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("maps/pictures/p0.jpg").path))
    }

    @Test func aMissingScriptIsAClearError() throws {
        let folder = try workspace()
        let (status, output) = try run(["explain", "model.safetensors", "pictures", "--out", "maps"], in: folder)
        #expect(status == 2)
        #expect(output.contains("need the script that builds the model: --dsl build.dsl"), "\(output)")
    }
}
