import CamLabFuzzTargets
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer's entry points. CAMLAB_FUZZ_TARGET names the target (see FuzzTargets.all); Scripts/fuzz sets it.

nonisolated(unsafe) private var selected: (@Sendable ([UInt8]) -> Void)? = nil

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = getenv("CAMLAB_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTargets.target(named: name) else {
        fputs("camlab-fuzz: set CAMLAB_FUZZ_TARGET to one of " + FuzzTargets.all.map(\.name).joined(separator: ", ")
              + "\n", stderr)
        exit(2)
    }
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selected?(bytes)
    return 0
}
