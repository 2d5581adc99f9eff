// swift-tools-version:6.0
import PackageDescription

// The module graph, each arrow pointing one way:
//   C shims ← CamLabCore (tensors, BLAS) ← CamLabNN (layers, training, metrics, weights)
//   CamLabData (IDX, NPY, safetensors) ← CamLabNN
//   CamLabCore ← CamLabImaging (images, colormaps, resampling, PNG/JPEG/PPM, folders of pictures)
//   CamLabNN + CamLabImaging ← CamLabExplain (Grad-CAM and the other explanation methods)
//   CamLabNN + CamLabData ← CamLabModelFiles (Keras .keras/.h5 in and out; ONNX in)
//   CamLabExplain + CamLabImaging ← CamLabFolderExplain (`camlab explain`: folders of pictures in shards)
//   CamLabImaging ← CamLabPlot (SVG and terminal plots)
//   CamLabCore ← CamLabLang (the language: syntax, interpreter, session, the builtin registry)
//   CamLabLang + the domain modules ← CamLabLibrary (the builtins and the objects they make)
//   CamLabLibrary ← CamLabREPL (readline), CamLabReport (reports, .ipynb)
//   CamLabReport ← CamLabKernel (the Jupyter kernel's CamLab side) ← camlab
let package = Package(
    name: "CamLab",
    products: [
        .executable(name: "camlab", targets: ["camlab"]),
        .executable(name: "camlab-bench", targets: ["camlab-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian, each behind a module map.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Chooses OpenBLAS's kernels before the library loads (see preinit.c).
        .target(name: "CamLabCPUSetup"),
        // System calls Swift's Glibc module hides (syncfs).
        .target(name: "CamLabSystemCalls"),
        // Convolution kernels written once over a vector width (kernel_body.h), built for the portable baseline,
        // AVX2+FMA and AVX-512; each layer names the instance it runs (KernelPath).
        .target(name: "CamLabKernels", cSettings: [.unsafeFlags(["-O3"])]),

        .target(name: "CamLabCore", dependencies: ["CBLAS", "CamLabCPUSetup", "CamLabSystemCalls"]),
        .target(name: "CamLabData", dependencies: ["CamLabCore", "CZlib"]),
        .target(name: "CamLabNN", dependencies: ["CamLabCore", "CamLabData", "CamLabKernels"]),
        // Model files from other frameworks: ONNX (and its protobuf wire format) read into CamLabNN models.
        .target(name: "CamLabModelFiles", dependencies: ["CamLabCore", "CamLabData", "CamLabNN"]),
        .target(name: "CamLabPNGCodec", dependencies: ["CPNG"], linkerSettings: [.linkedLibrary("png16")]),
        // libjpeg's API (libjpeg62-turbo-dev) behind a C shim, for the same reason as PNG: errors by longjmp.
        .target(name: "CamLabJPEGCodec", linkerSettings: [.linkedLibrary("jpeg")]),
        .target(name: "CamLabImaging", dependencies: ["CamLabCore", "CamLabPNGCodec", "CamLabJPEGCodec", "CZlib"]),
        .target(name: "CamLabExplain", dependencies: ["CamLabCore", "CamLabNN", "CamLabImaging"]),
        .target(name: "CamLabPlot", dependencies: ["CamLabCore", "CamLabImaging"]),
        // `camlab explain`: a folder of pictures explained in shards, resumably, with an index per shard.
        .target(name: "CamLabFolderExplain", dependencies: [
            "CamLabCore", "CamLabData", "CamLabNN", "CamLabImaging", "CamLabExplain",
        ]),
        // The language knows nothing of models or pictures: what it shows and calls, it asks of protocols
        // (`HasForms`, `CallableObject`, `Chart`) that the library's objects conform to.
        .target(name: "CamLabLang", dependencies: ["CamLabCore"]),
        .target(name: "CamLabLibrary", dependencies: [
            "CamLabCore", "CamLabLang", "CamLabData", "CamLabNN", "CamLabImaging", "CamLabExplain", "CamLabPlot",
            "CamLabModelFiles",
        ]),
        .target(name: "CamLabReport", dependencies: [
            "CamLabLang", "CamLabLibrary", "CamLabData", "CamLabImaging", "CamLabPlot",
        ]),
        // The Jupyter kernel's CamLab side: a session served over a JSON-lines channel, and the spec installer.
        .target(name: "CamLabKernel", dependencies: [
            "CamLabLang", "CamLabLibrary", "CamLabReport", "CamLabData", "CamLabImaging",
        ]),
        // Swift 5 mode: readline's interface is C global variables, which only this target touches.
        .target(name: "CamLabREPL", dependencies: ["CamLabCore", "CamLabLang", "CamLabLibrary", "CReadline"],
                swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "camlab", dependencies: [
            "CamLabCore", "CamLabLang", "CamLabLibrary", "CamLabREPL", "CamLabReport", "CamLabKernel",
            "CamLabFolderExplain",
            "CamLabModelFiles",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Every benchmark, one command with subcommands: train, explain, judging, kernel (see README).
        .executableTarget(name: "camlab-bench", dependencies: [
            "CamLabCore", "CamLabData", "CamLabNN", "CamLabImaging", "CamLabExplain", "CamLabModelFiles",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "CamLabCoreTests", dependencies: ["CamLabCore"]),
        .testTarget(name: "CamLabDataTests", dependencies: ["CamLabData"]),
        .testTarget(name: "CamLabNNTests", dependencies: ["CamLabNN", "CamLabTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CamLabModelFilesTests", dependencies: ["CamLabModelFiles", "CamLabExplain", "CamLabData"],
                    exclude: ["Fixtures", "keras_roundtrip.py"]),
        .testTarget(name: "CamLabImagingTests", dependencies: ["CamLabImaging", "CamLabData"], exclude: ["Fixtures"]),
        .testTarget(name: "CamLabFolderExplainTests", dependencies: ["CamLabFolderExplain"]),
        .testTarget(name: "CamLabExplainTests", dependencies: ["CamLabExplain", "CamLabTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CamLabLangTests", dependencies: ["CamLabLang", "CamLabLibrary"], exclude: ["Scripts"]),
        .testTarget(name: "CamLabREPLTests", dependencies: ["CamLabREPL", "CamLabTestSupport"], exclude: ["pty_driver.py"]),
        // Independent checkers shared by the test targets.
        .target(name: "CamLabTestSupport", dependencies: ["CamLabCore"], path: "Tests/CamLabTestSupport"),
        .testTarget(name: "CamLabPlotTests", dependencies: ["CamLabPlot", "CamLabTestSupport"]),
        .testTarget(name: "CamLabReportTests", dependencies: ["CamLabReport", "CamLabLibrary", "CamLabTestSupport"]),
        .testTarget(name: "CamLabKernelTests", dependencies: ["CamLabKernel", "CamLabLibrary"]),

        // Fuzz targets: replayed by the tests; run under libFuzzer by Scripts/fuzz (see camlab-fuzz below).
        .target(name: "CamLabFuzzTargets", dependencies: [
            "CamLabCore", "CamLabData", "CamLabImaging", "CamLabLang", "CamLabLibrary", "CamLabReport",
            "CamLabModelFiles",
        ]),
        .testTarget(name: "CamLabFuzzTests", dependencies: ["CamLabFuzzTargets"]),
        // The bad-input battery: in sessions, through the command, and in the REPL (pty_driver.py).
        .testTarget(name: "CamLabBatteryTests", dependencies: ["CamLabCore", "CamLabLang", "CamLabLibrary",
                                                              "CamLabTestSupport"],
                    exclude: ["Cases"]),
    ]
)

// The libFuzzer executable exists only in the fuzzing build (CAMLAB_FUZZ=1, with -sanitize=fuzzer): it calls
// libFuzzer's driver, which an ordinary build does not link.
if Context.environment["CAMLAB_FUZZ"] != nil {
    package.targets.append(.target(name: "CLibFuzzer"))
    package.targets.append(.executableTarget(name: "camlab-fuzz", dependencies: ["CLibFuzzer", "CamLabFuzzTargets"]))
    package.products.append(.executable(name: "camlab-fuzz", targets: ["camlab-fuzz"]))
}
