import Testing
import CamLabCore
@testable import CamLabModelFiles

/// A damaged model file is an error naming the file, never a crash, a hang or a half-loaded model.
@Suite struct DamagedFileTests {
    func load(_ bytes: [UInt8], _ format: String) -> String? {
        do {
            _ = try ModelFiles.decode(bytes, format: format, source: "'damaged.\(format)'", budget: MemoryBudget(bytes: 64 << 20))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("every truncation of an .h5 file is an error naming it", arguments: ["tf215_sequential.h5", "keras3_sequential.h5"])
    func truncatedH5(_ file: String) throws {
        let bytes = try Fixtures.bytes(file)
        var loaded: [Int] = []
        // Every length through the superblock and first headers, then every 37th.
        for length in Array(0..<4_096) + Array(stride(from: 4_096, to: bytes.count, by: 37)) {
            guard let message = load(Array(bytes.prefix(length)), "h5") else { loaded.append(length); continue }
            #expect(message.hasPrefix("'damaged.h5'"), "\(length) bytes: \(message)")
        }
        // h5py leaves unused space at the end of the file; cutting only that away loses nothing.
        #expect(loaded.allSatisfy { $0 > bytes.count / 2 }, "loads from \(loaded.prefix(5))")
    }

    @Test func truncatedArchive() throws {
        let bytes = try Fixtures.bytes("tf215_sequential.keras")
        // The directory is read from the end: every length near either end, and every 211th between.
        let lengths = Array(0..<512) + Array(stride(from: 512, to: bytes.count - 512, by: 211))
            + Array((bytes.count - 512)..<bytes.count)
        for length in lengths {
            let message = load(Array(bytes.prefix(length)), "keras")
            #expect(message?.hasPrefix("'damaged.keras'") == true, "\(length) bytes: \(message ?? "loaded")")
        }
        #expect(load(Array(bytes.prefix(1000)), "keras") == "'damaged.keras' is truncated or damaged: it starts as a "
                + "ZIP archive but has no end of central directory record")
    }

    @Test("random byte changes give an error or the model, never a crash",
          arguments: ["tf215_residual.h5", "keras3_residual.h5", "tf215_sequential.keras", "keras3_residual.keras"])
    func flippedBytes(_ file: String) throws {
        let original = try Fixtures.bytes(file)
        let format = String(file.split(separator: ".").last!)
        var generator = SeededGenerator(seed: 18)
        var errors = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if let message = load(bytes, format) {
                errors += 1
                #expect(message.hasPrefix("'damaged.\(format)'"), "\(message)")
            }
        }
        #expect(errors > 0)
    }

    @Test func lyingSuperblock() throws {
        var bytes = try Fixtures.bytes("tf215_sequential.h5")
        // Superblock v0: the root group's symbol table entry starts at 56; its object header address at 64.
        for i in 0..<8 { bytes[64 + i] = i < 4 ? 0xFF : 0 }
        #expect(load(bytes, "h5") == "'damaged.h5' is not a readable HDF5 file: object '/' points to address "
                + "4294967295, past the end of the file (24896 bytes)")
    }

    @Test func wrongMemberSize() throws {
        let archive = try ZipArchive(bytes: try Fixtures.bytes("tf215_sequential.keras"), source: "'m.keras'")
        var bytes = try Fixtures.bytes("tf215_sequential.keras")
        let member = try #require(archive.member(named: "config.json"))
        // The central directory entry's uncompressed size: one byte more than the member holds.
        let directory = try #require((0..<(bytes.count - 4)).last { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) && 
            String(decoding: bytes[($0 + 46)..<($0 + 46 + 11)], as: UTF8.self) == "config.json" })
        let size = member.size + 1
        for i in 0..<4 { bytes[directory + 24 + i] = UInt8(truncatingIfNeeded: size >> (8 * i)) }
        #expect(load(bytes, "keras") == "'damaged.keras': stored member 'config.json' holds \(size - 1) bytes but "
                + "declares \(size)")
    }

    @Test func aModelFileUnderTheWrongExtension() throws {
        #expect(load(try Fixtures.bytes("tf215_sequential.h5"), "keras") == "'damaged.keras' is not a ZIP archive (a "
                + ".keras file is one): it has no end of central directory record")
        #expect(load(try Fixtures.bytes("tf215_sequential.keras"), "h5")
                == "'damaged.h5' is not an HDF5 file: it has no HDF5 signature")
    }
}
