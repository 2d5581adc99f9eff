import Testing
import CamLabCore
@testable import CamLabModelFiles

/// What the writer writes, the reader reads back: groups, datasets, string attributes (scalar and lists).
@Suite struct HDF5WriterTests {
    @Test func roundTrip() throws {
        let root = HDF5Writer.Group()
        root.attributes = [("model_config", .string(String(repeating: "{\"a\": 1}", count: 10_000))),
                           ("keras_version", .string("2.15.0"))]
        let weights = root.group("model_weights")
        weights.attributes = [("layer_names", .strings(["conv2d", "dense", "empty"]))]
        let conv = weights.group("conv2d")
        conv.attributes = [("weight_names", .strings(["conv2d/kernel:0"]))]
        conv.group("conv2d").dataset("kernel:0", shape: [2, 3], values: [1, 2, 3, 4, 5, -6])
        weights.group("empty").attributes = [("weight_names", .strings([]))]
        for i in 0..<40 { weights.group("dense").dataset("w\(i)", shape: [1], values: [Float(i)]) }
        let bytes = HDF5Writer.write(root)

        let file = try HDF5File(bytes: bytes, source: "'t.h5'")
        #expect(try file.root.stringAttribute("model_config")?.count == 80_000)
        #expect(try file.root.stringAttribute("keras_version") == "2.15.0")
        #expect(try file.object("model_weights").stringList("layer_names") == ["conv2d", "dense", "empty"])
        #expect(try file.object("model_weights/empty").stringList("weight_names") == [])
        let (shape, values) = try file.object("model_weights/conv2d/conv2d/kernel:0").readFloats()
        #expect(shape == [2, 3] && values == [1, 2, 3, 4, 5, -6])
        #expect(try file.object("model_weights/dense").childNames().count == 40)
        #expect(try file.object("model_weights/dense/w39").readFloats().values == [39])
    }

    /// Keras splits a long list attribute into name0, name1, … (each under an object header message's 64 KB).
    @Test func splitListAttributesAreJoined() throws {
        let root = HDF5Writer.Group()
        root.attributes = [("layer_names0", .strings(["a", "b"])), ("layer_names1", .strings(["c"]))]
        let file = try HDF5File(bytes: HDF5Writer.write(root), source: "'t.h5'")
        #expect(try file.root.stringList("layer_names") == ["a", "b", "c"])
        #expect(try file.root.stringList("weight_names") == nil)
    }
}
