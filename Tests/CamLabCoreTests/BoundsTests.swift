import Testing
import Foundation
import CamLabCore

/// The memory budget, file reads and writes that cannot be tricked, and text made safe to print.
@Suite struct BoundsTests {
    @Test func sizesParseAndPrintInBinaryUnits() {
        #expect(MemoryBudget.parse("8 GiB") == 8 << 30)
        #expect(MemoryBudget.parse("512MB") == 512_000_000)
        #expect(MemoryBudget.parse("1.5g") == 3 << 29)
        #expect(MemoryBudget.parse("4096") == 4096)
        #expect(MemoryBudget.parse("lots") == nil)
        #expect(MemoryBudget.parse("-1 GB") == nil)
        #expect(MemoryBudget.parse("1e300 GB") == nil)
        #expect(MemoryBudget.text(Double(4 << 30)) == "4 GiB")
        #expect(MemoryBudget.text(4e12) == "3.6 TiB")
        #expect(MemoryBudget.text(.infinity) == "more memory than exists")
    }

    @Test func theBudgetRefusesLargeRequestsAndZeroExtentsThatHideThem() {
        let budget = MemoryBudget(bytes: 1 << 20)
        #expect(throws: Never.self) { try budget.check(shape: [512, 512], for: "a") }
        #expect(throws: Problem.self) { try budget.check(shape: [1024, 1024], for: "a") }
        // No element, but extents that would make a sum over the empty axis a million long.
        #expect(throws: Problem.self) { try budget.check(shape: [1 << 20, 0], for: "a") }
        #expect(throws: Never.self) { try budget.check(shape: [16, 0], for: "a") }
        #expect(throws: Problem.self) { try budget.check(bytes: .nan, for: "a") }
        do {
            try budget.check(elements: 1e6, for: "zeros(1000, 1000)")
            Issue.record("a million floats fit no 1 MiB budget")
        } catch {
            #expect(error.message == "zeros(1000, 1000) would need 3.8 MiB; the memory budget is 1 MiB")
            #expect(error.help?.hasPrefix("memory_limit(\"8 GiB\") raises the budget") == true)
        }
    }

    @Test func pathsWithControlCharactersAreRefusedBeforeAnyFileIsTouched() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-bounds-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileIO.writeAtomically(Array("notes".utf8), to: folder + "/notes.txt")
        #expect(throws: Problem("the file name '\(folder)/notes.txt<U+0000>.npy' contains the control character "
                                  + "<U+0000> (NUL), which would cut the name short; file names cannot hold control "
                                  + "characters")) {
            try FileIO.writeAtomically([1], to: folder + "/notes.txt\0.npy")
        }
        #expect(try FileIO.read(folder + "/notes.txt") == Array("notes".utf8))
        #expect(throws: Problem.self) { try FileIO.read(folder + "/a\u{1B}b") }
        #expect(throws: Problem("the file name is empty")) { try FileIO.read("") }
    }

    @Test func readsRefuseDevicesFoldersAndFilesBeyondTheLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-bounds-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: Problem("cannot read '/dev/zero': it is a device, not a file (a device such as /dev/zero "
                                  + "can stream forever)")) { try FileIO.read("/dev/zero") }
        #expect(throws: Problem("cannot read '\(folder)': it is a folder, not a file")) { try FileIO.read(folder) }
        try FileIO.writeAtomically([UInt8](repeating: 7, count: 2048), to: folder + "/big")
        #expect(throws: Problem("cannot read '\(folder)/big': it holds 2 KiB, more than the memory budget of 1 KiB")) {
            try FileIO.read(folder + "/big", limit: 1024)
        }
        #expect(try FileIO.read(folder + "/big", limit: 2048).count == 2048)
    }

    @Test func parallelWritersNeverShareATemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-bounds-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/shared.bin"
        DispatchQueue.concurrentPerform(iterations: 16) { writer in
            try? FileIO.writeAtomically([UInt8](repeating: UInt8(writer), count: 100_000), to: path)
        }
        // Whoever won, the file is one writer's bytes, whole, and no temporary is left behind.
        let bytes = try FileIO.read(path)
        #expect(bytes.count == 100_000 && Set(bytes).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["shared.bin"])
    }

    @Test func writeProblemsAreFoundBeforeWriting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-bounds-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(FileIO.problemWriting(folder + "/report.html") == nil)
        #expect(FileIO.problemWriting(folder + "/missing/report.html") == "the folder '\(folder)/missing' does not exist")
        #expect(FileIO.problemWriting(folder) == "'\(folder)' is a folder")
        #expect(FileIO.problemWriting("a\u{7}.html")?.contains("<U+0007>") == true)
    }

    @Test func displayTextNamesWhatWouldHideOrActOnTheTerminal() {
        #expect(DisplayText.escaped("a\u{0}b\u{1B}[31m\u{FEFF}\u{202E}é") == "a<U+0000>b<U+001B>[31m<U+FEFF><U+202E>é")
        #expect(DisplayText.escaped("tab\there", keepingTabs: true) == "tab\there")
        #expect(DisplayText.escaped(String(repeating: "x", count: 250), limit: 200)
                == String(repeating: "x", count: 200) + "… (50 more characters)")
    }

    @Test func aDeadlineFlagReadsAsSetOnceItPasses() throws {
        let flag = InterruptionFlag(expiringAfter: 0.05)
        #expect(!flag.isRequested)
        Thread.sleep(forTimeInterval: 0.1)
        #expect(flag.isRequested)
        let own = InterruptionFlag()
        own.request()
        #expect(own.isRequested && !InterruptionFlag.ctrlC.isRequested, "flags are independent")
        own.clear()
        #expect(!own.isRequested)
    }
}

/// Found by the evaluator fuzz target: an extent of 1 broadcast against 0 made a result of extent 1 (max of the
/// two) and read an element of an empty tensor.
@Test func anExtentOfOneBroadcastsToZero() throws {
    #expect(try Broadcasting.shape([2, 0], [1, 1], operation: "add") == [2, 0])
    #expect(try Broadcasting.shape([1], [0], operation: "add") == [0])
    let sum = try Tensor.zeros([2, 0]).zipWith(Tensor.ones([1, 1]), operation: "add", +)
    #expect(sum.shape == [2, 0] && sum.count == 0)
    #expect(throws: Problem.self) { try Broadcasting.shape([2], [0], operation: "add") }
}

/// A message lists at most `limit` names and says how many it left out: a folder of thousands of classes or a model
/// of hundreds of layers never floods an error.
@Test func listedNamesStopAtTheLimit() {
    #expect(DisplayText.list(["a", "b"], limit: 2) == "a, b")
    #expect(DisplayText.list(["a", "b", "c"], limit: 2) == "a, b and 1 more")
    let thousands = (0..<6119).map { "class\($0)" }
    #expect(DisplayText.list(thousands, limit: 8).count < 100)
    #expect(DisplayText.list(thousands, limit: 8).hasSuffix(" and 6111 more"))
}
