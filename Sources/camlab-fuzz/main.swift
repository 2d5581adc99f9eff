import CLibFuzzer
import CamLabFuzzTargets
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer over one CamLab fuzz target, named by CAMLAB_FUZZ_TARGET (see FuzzTargets.all); Scripts/fuzz sets it.
// libFuzzer's options (-runs, -max_total_time, corpus folders, …) pass through. Whichever `main` the linker keeps
// (this file's, which calls libFuzzer's driver, or libFuzzer's own), the hooks below choose and run the target.

nonisolated(unsafe) var selected: (@Sendable ([UInt8]) -> Void)? = nil

func chooseTarget() {
    guard selected == nil else { return }
    let name = getenv("CAMLAB_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTargets.target(named: name) else {
        let message = "camlab-fuzz: set CAMLAB_FUZZ_TARGET to one of "
            + FuzzTargets.all.map(\.name).joined(separator: ", ") + "\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    selected = target
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    chooseTarget()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selected?(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

chooseTarget()
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in testOneInput(data, size) })
