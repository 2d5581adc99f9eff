import CamLabCore
/// Little-endian reads from a file's bytes where every offset is checked: a number in a damaged file that points
/// outside it is an error naming the offset, never a trap. `fail` builds the error so each format words it once.
struct ByteReader {
    let bytes: [UInt8]
    let fail: (String) -> Problem

    /// Throws unless `count` bytes from `offset` lie inside the file; overflow-proof for any offset a file holds.
    func check(_ offset: Int, _ count: Int, _ what: @autoclosure () -> String) throws {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw fail("\(what()) (\(count) bytes at offset \(offset)) lies outside the file of \(bytes.count) bytes")
        }
    }

    /// An unsigned little-endian number of `size` bytes (1…8) at `offset`.
    func uint(_ offset: Int, _ size: Int, _ what: @autoclosure () -> String) throws -> UInt64 {
        try check(offset, size, what())
        var value: UInt64 = 0
        for i in (0..<size).reversed() { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }

    /// As `uint`, as an Int; a value above Int.max (HDF5's "undefined address" is all ones) is nil.
    func int(_ offset: Int, _ size: Int, _ what: @autoclosure () -> String) throws -> Int? {
        let value = try uint(offset, size, what())
        return value > UInt64(Int.max) ? nil : Int(value)
    }

    func byte(_ offset: Int, _ what: @autoclosure () -> String) throws -> UInt8 {
        try check(offset, 1, what())
        return bytes[offset]
    }

    func slice(_ offset: Int, _ count: Int, _ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        try check(offset, count, what())
        return bytes[offset..<(offset + count)]
    }

    /// A NUL-terminated string starting at `offset`, within `limit` bytes.
    func cString(_ offset: Int, limit: Int, _ what: @autoclosure () -> String) throws -> String {
        try check(offset, 0, what())
        let end = min(bytes.count, offset + max(limit, 0))
        guard let nul = bytes[offset..<end].firstIndex(of: 0) else {
            throw fail("\(what()) at offset \(offset) has no terminating NUL within \(end - offset) bytes")
        }
        return String(decoding: bytes[offset..<nul], as: UTF8.self)
    }
}
