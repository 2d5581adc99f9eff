import Testing
import CamLabCore
@testable import CamLabData

/// Files written by NumPy 2.4 at dev time: `f = io.BytesIO()`, `np.save(f, array)` (v2.0:
/// `np.lib.format.write_array(f, array, version=(2, 0))`), then `f.getvalue().hex()`.
enum NumPyFixtures {
    /// np.array([[1.5, -2, 0], [3.25, 1e-3, -7]], dtype='<f4')
    static let float32 = """
        934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c\
        20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020202020\
        2020202020202020202020202020202020202020202020202020200a0000c03f000000c000000000000050406f12833a0000\
        e0c0
        """
    /// np.array(3.5, dtype='<f4'), a 0-d array
    static let scalar = """
        934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c\
        20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020202020202020\
        2020202020202020202020202020202020202020202020202020200a00006040
        """
    /// np.asfortranarray(np.array([[1, 2], [3, 4]], dtype='<f4'))
    static let fortran = """
        934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a20547275652c20\
        277368617065273a2028322c2032292c207d2020202020202020202020202020202020202020202020202020202020202020\
        2020202020202020202020202020202020202020202020202020200a0000803f000040400000004000008040
        """
    static let others: [(String, String, [Int], [Float])] = [
        ("np.array([0.1, -2.5, 1e10])", """
            934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c\
            20277368617065273a2028332c292c207d202020202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200a9a9999999999b93f00000000000004c0000000205fa0\
            0242
            """, [3], [0.1, -2.5, 1e10]),
        ("np.array([[0, 255], [17, 128]], dtype=np.uint8)", """
            934e554d5059010076007b276465736372273a20277c7531272c2027666f727472616e5f6f72646572273a2046616c73652c\
            20277368617065273a2028322c2032292c207d20202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200a00ff1180
            """, [2, 2], [0, 255, 17, 128]),
        ("np.array([-1, 2, 16777217], dtype='<i4')", """
            934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73652c\
            20277368617065273a2028332c292c207d202020202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200affffffff0200000001000001
            """, [3], [-1, 2, 16_777_216]),
        ("np.array([-5, 1 << 40], dtype='<i8')", """
            934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73652c\
            20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200afbffffffffffffff0000000000010000
            """, [2], [-5, 1_099_511_627_776]),
        ("np.array([True, False, True])", """
            934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c\
            20277368617065273a2028332c292c207d202020202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200a010001
            """, [3], [1, 0, 1]),
        ("np.array([1.5, -3], dtype='>f4')", """
            934e554d5059010076007b276465736372273a20273e6634272c2027666f727472616e5f6f72646572273a2046616c73652c\
            20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200a3fc00000c0400000
            """, [2], [1.5, -3]),
        ("np.array([1.0, -0.5, 65504, 6e-8], dtype='<f2')", """
            934e554d5059010076007b276465736372273a20273c6632272c2027666f727472616e5f6f72646572273a2046616c73652c\
            20277368617065273a2028342c292c207d202020202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200a003c00b8ff7b0100
            """, [4], [1, -0.5, 65504, 5.960464477539063e-08]),
        ("np.array([1.0, 2.0], dtype='<f4'), version 2.0", """
            934e554d50590200740000007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73\
            652c20277368617065273a2028322c292c207d20202020202020202020202020202020202020202020202020202020202020\
            2020202020202020202020202020202020202020202020202020200a0000803f00000040
            """, [2], [1, 2]),
    ]
}

@Test func readsEveryDtypeNumPyWrote() throws {
    for (expression, hex, shape, values) in NumPyFixtures.others {
        let tensor = try NPY.decode(hexBytes(hex), source: expression)
        #expect(tensor.shape == shape, "\(expression)")
        #expect(tensor.scalars == values, "\(expression)")
    }
}

@Test func writesTheSameBytesAsNumPy() throws {
    let matrix = Tensor(shape: [2, 3], scalars: [1.5, -2, 0, 3.25, 1e-3, -7])
    #expect(NPY.encode(matrix) == hexBytes(NumPyFixtures.float32))
    #expect(NPY.encode(Tensor(scalar: 3.5)) == hexBytes(NumPyFixtures.scalar))
    #expect(try NPY.decode(hexBytes(NumPyFixtures.scalar)) == Tensor(scalar: 3.5))
}

@Test func npyRoundTripsThroughAFile() throws {
    var generator = SeededGenerator(seed: 3)
    let dir = try makeTemporaryDirectory()
    for shape in [[0], [7], [2, 3, 4, 5], [100_000]] {
        let tensor = Tensor.normal(shape, using: &generator)
        try NPY.write(tensor, to: dir + "/t.npy")
        let bytes = try FileIO.read(dir + "/t.npy")
        #expect((bytes.count - 4 * tensor.count) % 64 == 0, "header must end on a 64-byte boundary")
        #expect(try NPY.read(dir + "/t.npy") == tensor)
    }
}

@Test func refusesFortranOrderWithAFix() {
    #expect(errorMessage { _ = try NPY.decode(hexBytes(NumPyFixtures.fortran), source: "'f.npy'") }
            == "'f.npy' stores its array in Fortran (column-major) order, which CamLab does not read; save it "
            + "from NumPy with np.save(path, np.ascontiguousarray(array))")
}

/// A v1.0 file with the given header text and data bytes.
func npyFile(header: String, data: [UInt8] = []) -> [UInt8] {
    let text = Array((header + "\n").utf8)
    return NPY.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
}

@Test func malformedFilesSayWhatWasFound() {
    func message(_ bytes: [UInt8]) -> String? { errorMessage { _ = try NPY.decode(bytes, source: "'a.npy'") } }
    #expect(message(bytes("PK\u{3}\u{4}hello"))
            == "'a.npy' is not a NumPy .npy file: it starts with 50 4b 03 04 68 65 6c 6c (a ZIP archive, such as "
            + "NumPy's .npz), where a .npy file starts with 93 4e 55 4d 50 59 (\\x93NUMPY)")
    // A file cut inside its preamble is truncated, not "something else": the magic it has is right.
    #expect(message(NPY.magic) == "'a.npy' is truncated: 6 bytes, but a .npy file needs at least 10 (the \\x93NUMPY "
            + "magic, a version and a header length)")
    #expect(message(Array(NPY.magic.prefix(3))) == "'a.npy' is truncated: 3 bytes, but a .npy file needs at least 10 "
            + "(the \\x93NUMPY magic, a version and a header length)")
    #expect(message(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, }"))
            == "'a.npy': malformed .npy header (expected a value at character 54, found '}\n'): {'descr': '<f4', "
            + "'fortran_order': False, 'shape': (2, }")
    #expect(message(npyFile(header: "{'descr': '<f4', 'shape': (2,), }"))
            == "'a.npy': the .npy header has no True/False 'fortran_order': {'descr': '<f4', 'shape': (2,), }")
    #expect(message(npyFile(header: "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }"))
            == "'a.npy': unsupported .npy element type '<c8'; CamLab reads floats (f2, f4, f8), integers (i1…i8, "
            + "u1…u8) and booleans (b1) in either byte order")
    #expect(message(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: [0, 0, 0]))
            == "'a.npy': shape (2,) of '<f4' needs 8 bytes of data, found 3 (the file is truncated)")
    #expect(message(npyFile(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"))
            == "'a.npy': the .npy shape must hold non-negative integers: {'descr': '<f4', 'fortran_order': False, "
            + "'shape': (-1,), }")
    #expect(message(NPY.magic + [1, 0, 0xFF, 0, 1, 2])
            == "'a.npy' is truncated: its header declares 255 bytes but the file ends after 2")
    let deep = String(repeating: "(", count: 1000)
    #expect(message(npyFile(header: deep))
            == "'a.npy': malformed .npy header (literal nested deeper than 32 levels at character 32, found "
            + "'(((((((((((('): " + String(repeating: "(", count: 200) + "…")
    #expect(message(NPY.magic + [9, 0, 0, 0])
            == "'a.npy': unsupported .npy format version 9.0; CamLab reads 1.0, 2.0 and 3.0")
}

@Test func headerParserReadsWhatNumPyAndOlderWritersProduce() throws {
    // NumPy 1.x on Python 2 wrote long integers with an L suffix and may use double quotes.
    let (type, shape) = try NPY.parseHeader(#"{"descr": "<i8", "fortran_order": False, "shape": (3L, 4L), }"#,
                                            source: "h")
    #expect(type.descr == "<i8")
    #expect(shape == [3, 4])
    #expect(try NPY.parseHeader("{'shape': (), 'fortran_order': False, 'descr': '|b1'}", source: "h").1 == [])
}
