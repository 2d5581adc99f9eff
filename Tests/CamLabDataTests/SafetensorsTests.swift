import Testing
import CamLabCore
@testable import CamLabData

/// Files written at dev time by the reference library (safetensors 0.8.0, numpy 2.4), as `.hex()`.
enum ReferenceSafetensors {
    /// save({"weight": np.array([[1.5, -2, 0], [3.25, 1e-3, -7]], dtype=np.float32),
    ///       "bias": np.array([0.5, -1], dtype=np.float32), "a.scalar": np.array(2.0, dtype=np.float32)},
    ///      metadata={"format": "camlab", "epoch": "3"})
    static let float32 = """
        e8000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a2263616d6c6162222c2265706f636822\
        3a2233227d2c22612e7363616c6172223a7b226474797065223a22463332222c227368617065223a5b5d2c22646174615f6f\
        666673657473223a5b302c345d7d2c2262696173223a7b226474797065223a22463332222c227368617065223a5b325d2c22\
        646174615f6f666673657473223a5b342c31325d7d2c22776569676874223a7b226474797065223a22463332222c22736861\
        7065223a5b322c335d2c22646174615f6f666673657473223a5b31322c33365d7d7d202020202020000000400000003f0000\
        80bf0000c03f000000c000000000000050406f12833a0000e0c0
        """
    /// The same tensors with metadata={"format": "pt"}. The reference keeps metadata in a hash map, so only a
    /// single pair has a deterministic order; this is the file for the byte-exact writer test.
    static let float32SingleMetadata = """
        d8000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a227074227d2c22612e7363616c617222\
        3a7b226474797065223a22463332222c227368617065223a5b5d2c22646174615f6f666673657473223a5b302c345d7d2c22\
        62696173223a7b226474797065223a22463332222c227368617065223a5b325d2c22646174615f6f666673657473223a5b34\
        2c31325d7d2c22776569676874223a7b226474797065223a22463332222c227368617065223a5b322c335d2c22646174615f\
        6f666673657473223a5b31322c33365d7d7d202020202020000000400000003f000080bf0000c03f000000c0000000000000\
        50406f12833a0000e0c0
        """
    /// save({"h": np.array([1.0, -0.5, 65504], dtype=np.float16), "d": np.array([0.1, -3], dtype=np.float64)})
    static let halfAndDouble = """
        70000000000000007b2264223a7b226474797065223a22463634222c227368617065223a5b325d2c22646174615f6f666673\
        657473223a5b302c31365d7d2c2268223a7b226474797065223a22463136222c227368617065223a5b335d2c22646174615f\
        6f666673657473223a5b31362c32325d7d7d20209a9999999999b93f00000000000008c0003c00b8ff7b
        """
}

let referenceWeight = Tensor(shape: [2, 3], scalars: [1.5, -2, 0, 3.25, 1e-3, -7])

@Test func readsTheReferenceLibrarysFile() throws {
    let contents = try Safetensors.decode(hexBytes(ReferenceSafetensors.float32))
    #expect(contents.tensors["weight"] == referenceWeight)
    #expect(contents.tensors["bias"] == Tensor([0.5, -1]))
    #expect(contents.tensors["a.scalar"] == Tensor(scalar: 2))
    #expect(contents.metadata == ["format": "camlab", "epoch": "3"])
    #expect(contents.names == ["a.scalar", "bias", "weight"])
}

@Test func writesTheSameBytesAsTheReferenceLibrary() throws {
    let tensors = ["weight": referenceWeight, "bias": Tensor([0.5, -1]), "a.scalar": Tensor(scalar: 2)]
    let encoded = try Safetensors.encode(tensors, metadata: ["format": "pt"])
    #expect(encoded == hexBytes(ReferenceSafetensors.float32SingleMetadata))
    // With several metadata pairs the reference's order varies from run to run; CamLab sorts them.
    let sorted = try Safetensors.encode(tensors, metadata: ["format": "camlab", "epoch": "3"])
    #expect(String(decoding: sorted[8..<56], as: UTF8.self) == #"{"__metadata__":{"epoch":"3","format":"camlab"},"#)
}

@Test func ordersNamesByUTF8BytesLikeTheReference() throws {
    // save({"f": np.array([1.0], dtype=np.float32), "e\u0301": np.array([2.0], dtype=np.float32)}).hex():
    // a decomposed "é" sorts before "f" by bytes, though Swift's String order puts it after.
    let reference = """
        70000000000000007b2265cc81223a7b226474797065223a22463332222c227368617065223a5b315d2c22646174615f6f66667365\
        7473223a5b302c345d7d2c2266223a7b226474797065223a22463332222c227368617065223a5b315d2c22646174615f6f666673\
        657473223a5b342c385d7d7d202020000000400000803f
        """
    #expect("e\u{301}" > "f")
    #expect(try Safetensors.encode(["f": Tensor([1]), "e\u{301}": Tensor([2])]) == hexBytes(reference))
}

@Test func convertsHalfDoubleAndBFloat() throws {
    let contents = try Safetensors.decode(hexBytes(ReferenceSafetensors.halfAndDouble))
    #expect(contents.tensors["h"] == Tensor([1, -0.5, 65504]))
    #expect(contents.tensors["d"] == Tensor([0.1, -3]))
    // bfloat16 is the top half of a float32: 1.5 is 0x3FC0, -2 is 0xC000 (stored little-endian).
    let bf16 = safetensorsFile(#"{"b":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#,
                               data: [0xC0, 0x3F, 0x00, 0xC0])
    #expect(try Safetensors.decode(bf16).tensors["b"] == Tensor([1.5, -2]))
}

@Test func halfPrecisionConversionCoversSpecialValues() {
    // Bit patterns and values from the IEEE 754 binary16 table.
    #expect(ElementDecoder.halfToFloat(0x0001) == 0x1p-24)  // smallest subnormal
    #expect(ElementDecoder.halfToFloat(0x03FF) == 1023 * 0x1p-24)  // largest subnormal
    #expect(ElementDecoder.halfToFloat(0x0400) == 0x1p-14)  // smallest normal
    #expect(ElementDecoder.halfToFloat(0x8000).sign == .minus)
    #expect(ElementDecoder.halfToFloat(0x7C00) == .infinity)
    #expect(ElementDecoder.halfToFloat(0xFC00) == -.infinity)
    #expect(ElementDecoder.halfToFloat(0x7E00).isNaN)
    #expect(ElementDecoder.halfToFloat(0x3555) == 0.333251953125)
}

@Test func safetensorsRoundTripsThroughAFile() throws {
    var generator = SeededGenerator(seed: 11)
    let tensors = ["conv/kernel": Tensor.normal([3, 3, 1, 8], using: &generator), "empty": Tensor.zeros([0, 4]),
                   "ünïcode \"name\"": Tensor([1, 2])]
    let dir = try makeTemporaryDirectory()
    try Safetensors.write(tensors, metadata: ["note": "line\nbreak"], to: dir + "/m.safetensors")
    let contents = try Safetensors.read(dir + "/m.safetensors")
    #expect(contents.tensors == tensors)
    #expect(contents.metadata == ["note": "line\nbreak"])
    let bytes = try FileIO.read(dir + "/m.safetensors")
    #expect(Bytes.littleEndianUInt64(bytes, at: 0) % 8 == 0)
}

/// A safetensors file with the given JSON header (unpadded) and data bytes.
func safetensorsFile(_ header: String, data: [UInt8] = []) -> [UInt8] {
    var bytes: [UInt8] = []
    Bytes.appendLittleEndian(UInt64(header.utf8.count), to: &bytes)
    return bytes + Array(header.utf8) + data
}

@Test func everyKindOfDamageIsNamed() {
    func message(_ header: String, data: [UInt8] = [UInt8](repeating: 0, count: 8)) -> String? {
        errorMessage { _ = try Safetensors.decode(safetensorsFile(header, data: data), source: "'m'") }
    }
    let ok = #"{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
    #expect(message(#"{"w":"# + ok + "}") == nil)
    #expect(errorMessage { _ = try Safetensors.decode([1, 2, 3], source: "'m'") }
            == "'m' is too short for safetensors: 3 bytes, the header length alone needs 8")
    #expect(errorMessage { _ = try Safetensors.decode([200, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D], source: "'m'") }
            == "'m': the safetensors header length 200 goes beyond the file (10 bytes); the file is truncated or "
            + "not safetensors")
    #expect(message(#"{"w":{"dtype":"F32",}}"#)
            == "'m': the safetensors header is not valid JSON: expected a string key at byte 20, found '}}'")
    #expect(message("[1]") == "'m': the safetensors header must be a JSON object, found an array")
    #expect(message(#"{"w":{"dtype":"F32","shape":[2]}}"#) == "'m': tensor 'w': missing key 'data_offsets'")
    #expect(message(#"{"w":{"dtype":"I4","shape":[2],"data_offsets":[0,8]}}"#)
            == "'m': tensor 'w': unsupported dtype 'I4'; CamLab reads F32, F16, BF16 and F64")
    #expect(message(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#)
            == "'m': tensor 'w': shape (3,) of F32 needs 12 bytes but data_offsets [0, 8] span 8")
    #expect(message(#"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#)
            == "'m': tensor 'w': 'shape' must be an array of non-negative integers, found [-2]")
    #expect(message(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#)
            == "'m': tensor 'w': 'data_offsets' must be [begin, end] with 0 <= begin <= end, found [8,0]")
    #expect(message(#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#)
            == "'m': tensor 'w': data_offsets [0, 16] reach beyond the 8 bytes of data; the file is truncated")
    #expect(message(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"#
                    + #""data_offsets":[4,8]}}"#)
            == "'m': tensor 'b' (bytes 4..<8) overlaps tensor 'a' (which ends at 8)")
    #expect(message(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#)
            == "'m': bytes 0..<4 of the data belong to no tensor (gap before tensor 'a')")
    #expect(message(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#)
            == "'m': the tensors cover 4 bytes of data but the file holds 8; 4 bytes at the end belong to no tensor")
    #expect(message(#"{"w":"# + ok + #","w":"# + ok + "}") == "'m': tensor 'w' appears twice in the header")
    #expect(message(#"{"__metadata__":{"epoch":3},"w":"# + ok + "}")
            == "'m': metadata 'epoch' must be a string, found a number")
    #expect(errorMessage { _ = try Safetensors.encode(["__metadata__": Tensor([1])]) }
            == "cannot write safetensors: '__metadata__' is reserved for metadata, rename that tensor")
}

@Test func jsonParserHandlesEscapesAndRejectsJunk() throws {
    let parsed = try JSON.parse(ArraySlice(#" {"a\n\u00e9\ud83d\ude00": [1, -2.5e3, true, null, {}]} "#.utf8))
    let items: [JSON] = [.number("1"), .number("-2.5e3"), .bool(true), .null, .object([])]
    #expect(parsed == .object([("a\né😀", .array(items))]))
    #expect(JSON.string("q\"\\\u{1}").text == #""q\"\\\u0001""#)
    #expect(try JSON.parse(ArraySlice("[0, -0.5, 12E+3, 1e-7]".utf8)).text == "[0,-0.5,12E+3,1e-7]")
    for junk in [#"{"a":1"#, "{'a':1}", "[1,]", "01", "1.", ".5", "-", "1e", "+1", #"{"a":tru}"#, "\"\u{1}\"",
                 "[1] 2"] {
        #expect(throws: Problem.self, "\(junk)") { try JSON.parse(ArraySlice(junk.utf8)) }
    }
}
