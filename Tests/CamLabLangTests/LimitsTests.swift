import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// Numbers too large to count with and sizes too large to allocate are refused with a message, before any
/// Int conversion traps or allocation aborts; the session then carries on.
struct LimitsTests {
    static func firstError(_ source: String) -> String? {
        Session(output: RecordedOutput()).run(source).diagnostics.first?.message
    }

    static let wholeNumbers: [(String, String)] = [
        ("zeros(1e300)", "zeros: extents must be whole numbers from 0 to 1e15, got 1e+300"),
        ("zeros(3).reshape(1e300)", "reshape: extents must be whole numbers from -1 to 1e15, got 1e+300"),
        ("conv2d(4, (1e300, 3))",
         "conv2d: 'kernel_size' must be a positive whole number up to 1e15 or a pair like (3, 3), got tuple (1e+300, 3)"),
        ("conv2d(4, 3, strides: (1e300, 1))",
         "conv2d: 'strides' must be a positive whole number up to 1e15 or a pair like (3, 3), got tuple (1e+300, 1)"),
        ("max_pooling2d(pool_size: (1e300, 1))",
         "max_pooling2d: 'pool_size' must be a positive whole number up to 1e15 or a pair like (3, 3), got tuple (1e+300, 1)"),
        ("conv2d(4, 3, input_shape: (1e300, 1))",
         "conv2d: 'input_shape' must be a shape of positive whole numbers like (28, 28, 1), got tuple (1e+300, 1)"),
        ("dense(3, input_shape: (1e300,))",
         "dense: 'input_shape' must be a shape of positive whole numbers like (28, 28, 1), got tuple (1e+300,)"),
        ("image(zeros(2, 2), size: (1e300, 2))",
         "image: 'size' must be a shape of positive whole numbers like (28, 28, 1), got tuple (1e+300, 2)"),
        ("[1, 2, 3][zeros(1) + 1e20]",
         "an index must be a whole number between -1e15 and 1e15, got a tensor of shape (1,) holding 1e+20"),
        ("[1, 2][-ones(1) / 0]",
         "an index must be a whole number between -1e15 and 1e15, got a tensor of shape (1,) holding -inf"),
        ("for i in 0..<(ones(1) / 0) { }",
         "a range bound must be a whole number between -1e15 and 1e15, got a tensor of shape (1,) holding inf"),
        ("range(1e300)", "range: 'start' must be a whole number between -1e15 and 1e15, got number 1e+300"),
    ]

    @Test("numbers too large for an Int are refused", arguments: wholeNumbers)
    func wholeNumber(_ source: String, _ message: String) {
        #expect(Self.firstError(source) == message)
    }

    static let sizes: [(String, String)] = [
        ("zeros(1e10, 1e10)",
         "zeros(10000000000, 10000000000) would need 347 EiB; the memory budget is 4 GiB"),
        ("zeros(1e6, 1e6)", "zeros(1000000, 1000000) would need 3.6 TiB; the memory budget is 4 GiB"),
        ("ones(1e5, 1e5, 1)", "ones(100000, 100000, 1) would need 37 GiB; the memory budget is 4 GiB"),
        ("zeros(3).reshape(1e10, 1e10)",
         "reshape(10000000000, 10000000000) would need 347 EiB; the memory budget is 4 GiB"),
        ("tensor(0..<1e12)",
         "a tensor of the range 0..<1000000000000 would need 3.6 TiB; the memory budget is 4 GiB"),
        ("concat(0..<1e12)",
         "concat: the range in 'tensors' would need 3.6 TiB; the memory budget is 4 GiB"),
        ("range(0, 1e14, step: 2)",
         "range(0, 100000000000000, step: 2) would need 1.8 PiB; the memory budget is 4 GiB"),
        ("image(zeros(2, 2), size: (1e6, 1e6))",
         "image: 'size' (1000000, 1000000) would need 3.6 TiB; the memory budget is 4 GiB"),
        ("side_by_side(image(zeros(2, 2)), spacing: 1e9)",
         "side_by_side: 'spacing' must be a number of pixels from 0 to 1000, got number 1000000000"),
        ("(0..<1e14)[2:]",
         "a list of 99999999999998 numbers would need 364 TiB; the memory budget is 4 GiB"),
    ]

    @Test("sizes too large to allocate are refused before allocating", arguments: sizes)
    func size(_ source: String, _ message: String) {
        #expect(Self.firstError(source) == message)
    }

    static let models: [(String, String)] = [
        ("sequential([dense(1e9, input_shape: (1e9,))])",
         "sequential: layer 1 (dense) on inputs of shape (1000000000,) has 1.000000001e+18 weights, which would need "
             + "3.5 EiB; the memory budget is 4 GiB"),
        // 3·3·10000·1e6 + 1e6 weights.
        ("sequential([conv2d(1e6, 3, input_shape: (28, 28, 1e4))])",
         "sequential: layer 1 (conv2d) on inputs of shape (28, 28, 10000) has 90001000000 weights, which would need "
             + "335 GiB; the memory budget is 4 GiB"),
        // The second dense layer sees 20·20·1e4 flattened features: 4e6·1e3 + 1e3 weights.
        ("sequential([conv2d(1e4, 1, padding: same), flatten(), dense(1000)], input_shape: (20, 20, 1))",
         "sequential: layer 3 (dense) on inputs of shape (4000000,) has 4000001000 weights, which would need "
             + "15 GiB; the memory budget is 4 GiB"),
        ("sequential([conv2d(1e5, 1, padding: same)], input_shape: (200, 200, 1))",
         "sequential: layer 1 (conv2d)'s output of shape (200, 200, 100000) would need 15 GiB; the memory budget "
             + "is 4 GiB"),
        ("sequential([dense(10)], input_shape: (1e5, 1e5))",
         "sequential: 'input_shape' (100000, 100000) would need 37 GiB; the memory budget is 4 GiB"),
    ]

    @Test("models too large to allocate are refused before building", arguments: models)
    func model(_ source: String, _ message: String) {
        #expect(Self.firstError(source) == message)
    }

    @Test("a batch too large for the model's activations is refused", arguments: ["predict", "evaluate", "fit"])
    func batch(_ function: String) {
        // 100·100·1e5 = 1e9 outputs per example fit the limit; a batch of 4 (16 GB) does not.
        let source = "m = sequential([conv2d(1e5, 1, padding: same, input_shape: (100, 100, 1))])\ncompile(m)\n"
            + "\(function)(m, zeros(4, 100, 100, 1)\(function == "predict" ? "" : ", zeros(4)"))"
        #expect(Self.firstError(source) == "\(function): a batch of 4 examples through layer 'conv2d' "
                + "(output (100, 100, 100000) each) would need 15 GiB; the memory budget is 4 GiB")
    }

    @Test func rangesAreIndexedWithoutBuildingTheirItems() {
        let output = RecordedOutput()
        let outcome = Session(output: output).run("print((0..<1e14)[3])\nprint(range(5, 1e14)[-1])\nprint((2..<9)[1:3])")
        #expect(outcome.diagnostics.isEmpty)
        #expect(output.text == "3\n99999999999999\n[3, 4]\n")
    }
}
