/// One message of an object header: its type and where its data lies in the file.
struct HeaderMessage {
    let type: Int
    let offset: Int
    let size: Int
}

extension HDF5File {
    /// The messages of the object header at `address`, continuation blocks followed (each at most once).
    func messages(at address: Int, path: String) throws -> [HeaderMessage] {
        let at = try position(address, "object '\(path)'")
        var messages: [HeaderMessage] = []
        var blocks: [(offset: Int, length: Int)] = []
        var visited: Set<Int> = [at]
        let version = try reader.byte(at, "the object header of '\(path)'")
        let isV2: Bool
        if version == 1 {
            isV2 = false
            let length = Int(try reader.uint(at + 8, 4, "the object header of '\(path)'"))
            blocks.append((at + 16, length))
        } else if try reader.slice(at, 4, "the object header of '\(path)'").elementsEqual(Array("OHDR".utf8)) {
            isV2 = true
            let flags = try reader.byte(at + 5, "the object header of '\(path)'")
            var cursor = at + 6 + (flags & 0x20 != 0 ? 16 : 0) + (flags & 0x10 != 0 ? 4 : 0)
            let width = 1 << Int(flags & 3)
            guard let length = try reader.int(cursor, width, "the object header of '\(path)'") else { return [] }
            cursor += width
            blocks.append((cursor, length))  // the messages; the checksum follows them
        } else {
            throw reader.fail("object '\(path)' at offset \(at) has no object header (version byte \(version))")
        }
        let headerFlags = try reader.byte(at + 5, "the object header of '\(path)'")
        let creationOrder = isV2 && headerFlags & 0x04 != 0
        while let block = blocks.popLast() {
            try reader.check(block.offset, block.length, "an object header block of '\(path)'")
            var cursor = block.offset
            let end = block.offset + block.length
            let prefix = isV2 ? 4 + (creationOrder ? 2 : 0) : 8
            while cursor + prefix <= end {
                let type = Int(try reader.uint(cursor, isV2 ? 1 : 2, "a header message of '\(path)'"))
                let size = Int(try reader.uint(cursor + (isV2 ? 1 : 2), 2, "a header message of '\(path)'"))
                let data = cursor + prefix
                guard size <= end - data else {
                    throw reader.fail("a header message of '\(path)' at offset \(cursor) claims \(size) bytes, past "
                                      + "the end of its header block")
                }
                messages.append(HeaderMessage(type: type, offset: data, size: size))
                guard messages.count <= 65_536 else { throw reader.fail("object '\(path)' has too many header messages") }
                if type == 0x10 {  // continuation: the header goes on elsewhere
                    guard let next = try reader.int(data, offsetSize, "a continuation of '\(path)'"),
                          let length = try reader.int(data + offsetSize, lengthSize, "a continuation of '\(path)'") else {
                        throw reader.fail("a continuation of '\(path)' at offset \(data) has no address")
                    }
                    var start = try position(next, "a continuation of '\(path)'")
                    guard visited.insert(start).inserted else {
                        throw reader.fail("the object header of '\(path)' continues into itself (offset \(start))")
                    }
                    var remaining = length
                    if isV2 {
                        guard try reader.slice(start, 4, "a continuation of '\(path)'").elementsEqual(Array("OCHK".utf8)),
                              length >= 8 else {
                            throw reader.fail("a continuation of '\(path)' at offset \(start) has no OCHK signature")
                        }
                        start += 4
                        remaining -= 8  // the signature, and the checksum after the messages
                    }
                    blocks.append((start, remaining))
                }
                cursor = data + size
            }
        }
        return messages
    }
}
