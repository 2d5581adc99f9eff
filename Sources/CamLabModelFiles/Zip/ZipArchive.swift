import CamLabCore
import CamLabData

/// The members of a ZIP archive (a `.keras` file is one), stored or deflated, read through the central directory.
///
/// Why not ZIPFoundation: a `.keras` archive is three members, stored, and reading them takes the central directory
/// and two record layouts; written here over the zlib already linked, every size and offset is checked against the
/// archive and each member's CRC-32, and the code is small enough to fuzz whole.
public struct ZipArchive {
    public struct Member {
        public let name: String
        /// Where the compressed data lies in the archive.
        let dataRange: Range<Int>
        let method: Int
        let size: Int
        let crc: UInt32
    }

    public let source: String
    let bytes: [UInt8]
    public let members: [Member]
    private let reader: ByteReader

    public init(bytes: [UInt8], source: String, budget: MemoryBudget = .standard) throws {
        self.source = source
        self.bytes = bytes
        let reader = ByteReader(bytes: bytes) { Problem("\(source) is not a readable ZIP archive: \($0)") }
        self.reader = reader
        // The end-of-central-directory record is the last thing in the file, followed by a comment of up to 64 KB.
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 5 && bytes[end + 3] == 6) {
            end -= 1
        }
        guard end >= lowest, bytes.count >= 22 else {
            if bytes.starts(with: [0x50, 0x4B, 3, 4]) {
                throw Problem("\(source) is truncated or damaged: it starts as a ZIP archive but has no end of "
                                     + "central directory record")
            }
            let kind = FileSignature.describe(Array(bytes.prefix(16))).map { "; it looks like \($0)" } ?? ""
            throw Problem("\(source) is not a ZIP archive (a .keras file is one): it has no end of central "
                                 + "directory record\(kind)")
        }
        let count = Int(try reader.uint(end + 10, 2, "the member count"))
        let directorySize = Int(try reader.uint(end + 12, 4, "the central directory's size"))
        let directory = Int(try reader.uint(end + 16, 4, "the central directory's offset"))
        guard directory != 0xFFFF_FFFF, count != 0xFFFF else {
            throw Problem("\(source) is a ZIP64 archive, which CamLab does not read; .keras files are plain ZIP")
        }
        try reader.check(directory, directorySize, "the central directory")
        var members: [Member] = [], cursor = directory
        for index in 0..<count {
            let what = "central directory entry \(index)"
            guard try reader.uint(cursor, 4, what) == 0x0201_4B50 else {
                throw reader.fail("\(what) at offset \(cursor) has no signature")
            }
            let flags = try reader.uint(cursor + 8, 2, what)
            let method = Int(try reader.uint(cursor + 10, 2, what))
            let crc = UInt32(try reader.uint(cursor + 16, 4, what))
            let compressed = Int(try reader.uint(cursor + 20, 4, what))
            let size = Int(try reader.uint(cursor + 24, 4, what))
            let nameLength = Int(try reader.uint(cursor + 28, 2, what))
            let extraLength = Int(try reader.uint(cursor + 30, 2, what))
            let commentLength = Int(try reader.uint(cursor + 32, 2, what))
            let local = Int(try reader.uint(cursor + 42, 4, what))
            let name = String(decoding: try reader.slice(cursor + 46, nameLength, what), as: UTF8.self)
            guard flags & 1 == 0 else { throw Problem("\(source): member '\(name)' is encrypted") }
            guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw Problem("\(source): member '\(name)' needs ZIP64, which CamLab does not read")
            }
            guard size <= budget.bytes else {
                throw Problem("\(source): member '\(name)' declares \(MemoryBudget.text(Double(size))), more "
                                     + "than the memory budget of \(MemoryBudget.text(Double(budget.bytes)))")
            }
            // The local header repeats the name and has its own extra field; the data follows it.
            guard try reader.uint(local, 4, "the local header of '\(name)'") == 0x0403_4B50 else {
                throw reader.fail("the local header of '\(name)' at offset \(local) has no signature")
            }
            let localName = Int(try reader.uint(local + 26, 2, "the local header of '\(name)'"))
            let localExtra = Int(try reader.uint(local + 28, 2, "the local header of '\(name)'"))
            let data = local + 30 + localName + localExtra
            try reader.check(data, compressed, "the data of member '\(name)'")
            members.append(Member(name: name, dataRange: data..<(data + compressed), method: method, size: size, crc: crc))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        self.members = members
    }

    public func member(named name: String) -> Member? { members.first { $0.name == name } }

    /// The uncompressed bytes of `name`, checked against the size and CRC-32 the archive declares.
    public func read(_ name: String) throws -> [UInt8] {
        guard let member = member(named: name) else {
            throw Problem("\(source) has no member '\(name)'; it holds "
                                 + (members.isEmpty ? "nothing" : members.map { "'\($0.name)'" }.joined(separator: ", ")))
        }
        let data: [UInt8]
        switch member.method {
        case 0:
            guard member.dataRange.count == member.size else {
                throw Problem("\(source): stored member '\(name)' holds \(member.dataRange.count) bytes but "
                                     + "declares \(member.size)")
            }
            data = Array(bytes[member.dataRange])
        case 8:
            do {
                data = try Gzip.inflateRaw(bytes[member.dataRange], size: member.size, source: "member '\(name)'")
            } catch let error as Problem {
                throw Problem("\(source): \(error.message)")
            }
        default:
            throw Problem("\(source): member '\(name)' uses compression method \(member.method); CamLab "
                                 + "reads stored (0) and deflated (8) members")
        }
        let crc = CRC32.checksum(data)
        guard crc == member.crc else {
            throw Problem("\(source): member '\(name)' is damaged: its CRC-32 is \(String(crc, radix: 16)), "
                                 + "the archive declares \(String(member.crc, radix: 16))")
        }
        return data
    }

    /// A ZIP archive of `files`, stored uncompressed as Keras writes `.keras` archives.
    public static func write(_ files: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        func append(_ value: Int, _ size: Int, to bytes: inout [UInt8]) {
            for i in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
        }
        for (name, data) in files {
            let crc = Int(CRC32.checksum(data)), offset = out.count, nameBytes = Array(name.utf8)
            // Version 2.0, no flags, stored, DOS time 1980-01-01 00:00.
            let common: [(Int, Int)] = [(20, 2), (0, 2), (0, 2), (0, 2), (0x21, 2), (crc, 4), (data.count, 4),
                                        (data.count, 4), (nameBytes.count, 2), (0, 2)]
            append(0x0403_4B50, 4, to: &out)
            for (value, size) in common { append(value, size, to: &out) }
            out += nameBytes + data
            append(0x0201_4B50, 4, to: &directory)
            append(20, 2, to: &directory)
            for (value, size) in common { append(value, size, to: &directory) }
            for (value, size) in [(0, 2), (0, 2), (0, 2), (0, 4), (offset, 4)] { append(value, size, to: &directory) }
            directory += nameBytes
        }
        let directoryOffset = out.count
        out += directory
        append(0x0605_4B50, 4, to: &out)
        for (value, size) in [(0, 2), (0, 2), (files.count, 2), (files.count, 2), (directory.count, 4),
                              (directoryOffset, 4), (0, 2)] { append(value, size, to: &out) }
        return out
    }
}

/// CRC-32 (ISO 3309, the polynomial ZIP and gzip use), table-driven.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
