import CamLabCore
/// A reader of the part of HDF5 that Keras writes through h5py: superblocks v0–v3, object headers v1 and v2, groups
/// as symbol tables (B-tree v1 + local heap) or link messages, contiguous and compact datasets, attributes of numbers
/// and of fixed- or variable-length strings (the global heap).
///
/// Why not libhdf5: it has crashed on malformed files, and a model file comes from anywhere. Here every offset and
/// size is checked against the file before it is followed, every walk (continuation blocks, B-trees) is guarded
/// against cycles and depth, and a damaged file is an error naming the file and what is wrong in it.
public final class HDF5File {
    /// The file's name as messages quote it.
    public let source: String
    let reader: ByteReader
    let offsetSize: Int
    let lengthSize: Int
    /// Where the superblock is: addresses in the file count from it (a user block may precede it).
    let base: Int
    let rootAddress: Int
    /// Parsed global heap collections, by address: variable-length strings point into them.
    var collections: [Int: [Int: Range<Int>]] = [:]

    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    public init(bytes: [UInt8], source: String) throws {
        self.source = source
        reader = ByteReader(bytes: bytes) { Problem("\(source) is not a readable HDF5 file: \($0)") }
        // The superblock is at 0 or, after a user block, at 512, 1024, 2048, …
        var at = 0
        while at + 8 <= bytes.count, !bytes[at..<(at + 8)].elementsEqual(Self.signature) {
            at = at == 0 ? 512 : at * 2
        }
        guard at + 8 <= bytes.count else {
            let what = bytes.count < 8 ? "it holds only \(bytes.count) bytes" : "it has no HDF5 signature"
            throw Problem("\(source) is not an HDF5 file: \(what)")
        }
        base = at
        let version = try reader.byte(at + 8, "the superblock version")
        switch version {
        case 0, 1:
            offsetSize = Int(try reader.byte(at + 13, "the superblock's size of offsets"))
            lengthSize = Int(try reader.byte(at + 14, "the superblock's size of lengths"))
            try Self.checkSizes(offsetSize, lengthSize, source)
            // Base, free space, end of file and driver addresses, then the root group's symbol table entry.
            let entry = at + (version == 0 ? 24 : 28) + 4 * offsetSize
            guard let root = try reader.int(entry + offsetSize, offsetSize, "the root group's address") else {
                throw reader.fail("the superblock gives no root group")
            }
            rootAddress = root
        case 2, 3:
            offsetSize = Int(try reader.byte(at + 9, "the superblock's size of offsets"))
            lengthSize = Int(try reader.byte(at + 10, "the superblock's size of lengths"))
            try Self.checkSizes(offsetSize, lengthSize, source)
            guard let root = try reader.int(at + 12 + 3 * offsetSize, offsetSize, "the root group's address") else {
                throw reader.fail("the superblock gives no root group")
            }
            rootAddress = root
        default:
            throw Problem("\(source) uses HDF5 superblock version \(version); CamLab reads versions 0 to 3")
        }
    }

    private static func checkSizes(_ offsets: Int, _ lengths: Int, _ source: String) throws {
        guard [2, 4, 8].contains(offsets), [2, 4, 8].contains(lengths) else {
            throw Problem("\(source) is not a readable HDF5 file: its superblock gives offsets of \(offsets) "
                                 + "bytes and lengths of \(lengths) bytes (HDF5 allows 2, 4 or 8)")
        }
    }

    /// The file position of an address the file gives, checked to lie inside the file.
    func position(_ address: Int, _ what: String) throws -> Int {
        let (at, overflow) = base.addingReportingOverflow(address)
        guard !overflow, at < reader.bytes.count else {
            throw reader.fail("\(what) points to address \(address), past the end of the file (\(reader.bytes.count) bytes)")
        }
        return at
    }

    public var root: HDF5Object { get throws { try HDF5Object(file: self, address: rootAddress, path: "/") } }

    /// The object at a slash-separated path from the root ("model_weights/conv2d/conv2d/kernel:0").
    public func object(_ path: String) throws -> HDF5Object {
        var object = try root
        for name in path.split(separator: "/") { object = try object.child(String(name)) }
        return object
    }

    /// The bytes of global heap object `index` in the collection at `address`.
    func heapObject(collection address: Int, index: Int) throws -> ArraySlice<UInt8> {
        if collections[address] == nil {
            let at = try position(address, "a variable-length string")
            guard try reader.slice(at, 4, "a global heap collection").elementsEqual(Array("GCOL".utf8)) else {
                throw reader.fail("a variable-length string points to offset \(at), which is not a global heap collection")
            }
            guard let size = try reader.int(at + 8, lengthSize, "the global heap collection's size"),
                  size >= 8 + lengthSize, size <= reader.bytes.count - at else {
                throw reader.fail("the global heap collection at offset \(at) claims a size past the end of the file")
            }
            var objects: [Int: Range<Int>] = [:], cursor = at + 8 + lengthSize
            while cursor + 8 + lengthSize <= at + size {
                let number = Int(try reader.uint(cursor, 2, "a global heap object's index"))
                guard number != 0 else { break }  // the free space closes the collection
                guard let length = try reader.int(cursor + 8, lengthSize, "a global heap object's size"),
                      length <= at + size - (cursor + 8 + lengthSize) else {
                    throw reader.fail("global heap object \(number) at offset \(cursor) runs past its collection")
                }
                let start = cursor + 8 + lengthSize
                objects[number] = start..<(start + length)
                cursor = start + (length + 7) / 8 * 8
            }
            collections[address] = objects
        }
        guard let range = collections[address]?[index] else {
            throw reader.fail("a variable-length string names global heap object \(index), which its collection "
                              + "at address \(address) does not hold")
        }
        return reader.bytes[range]
    }
}
