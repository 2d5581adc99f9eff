import Testing
import Foundation
import CamLabCore

@Suite struct FileIOTests {
    @Test func atomicWriteReplacesAndLeavesNoTemporary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-io-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/data.bin"
        try FileIO.writeAtomically([1, 2, 3], to: path)
        try FileIO.writeAtomically([4, 5], to: path)
        #expect(try FileIO.read(path) == [4, 5])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["data.bin"])
    }

    @Test func errorsNameThePath() {
        #expect(throws: Problem("cannot open '/nonexistent/x.bin': No such file or directory")) {
            try FileIO.read("/nonexistent/x.bin")
        }
        #expect(throws: Problem("cannot write '/nonexistent/x.bin': No such file or directory")) {
            try FileIO.writeAtomically([1], to: "/nonexistent/x.bin")
        }
    }
}

@Suite struct FileErrorReasonTests {
    @Test func errnoZeroIsNeverSuccess() {
        #expect(FileIO.systemReason(0) == "the system gave no reason")
        #expect(FileIO.systemReason(ENOENT) == "No such file or directory")
    }

    @Test func aFolderIsNamedAsAFolder() {
        #expect(throws: Problem("cannot read '/tmp': it is a folder, not a file")) { try FileIO.read("/tmp") }
    }
}

@Suite struct PendingFileTests {
    @Test func aPendingFileExistsOnlyAsItsTemporaryUntilCommitted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-pending-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try FileIO.PendingFile(folder + "/out.html")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 1)
        #expect(!FileIO.exists(folder + "/out.html"))
        try file.commit([1, 2])
        #expect(try FileIO.read(folder + "/out.html") == [1, 2])
        try FileIO.PendingFile(folder + "/gone.html").discard()
        do { _ = try FileIO.PendingFile(folder + "/dropped.html") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.html"])
    }
}
