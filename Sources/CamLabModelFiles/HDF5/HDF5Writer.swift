/// Writes the HDF5 subset the reader reads, laid out as h5py's defaults lay it out, so h5py, TensorFlow and Keras
/// open it: superblock v0, version 1 object headers, groups as symbol tables (one B-tree leaf, one symbol table
/// node), contiguous float32 datasets (and int64 ones, for an optimizer's step count), and attributes of UTF-8 variable-length strings kept in one global heap
/// (so `model_config` is not bound by an object header message's 64 KB).
public enum HDF5Writer {
    public final class Group {
        public var attributes: [(name: String, value: Attribute)] = []
        public var children: [(name: String, node: Node)] = []
        public init() {}

        /// The group at `name` below this one, made when missing.
        public func group(_ name: String) -> Group {
            if let existing = children.first(where: { $0.name == name }), case .group(let group) = existing.node {
                return group
            }
            let group = Group()
            children.append((name, .group(group)))
            return group
        }

        public func dataset(_ name: String, shape: [Int], values: [Float]) {
            children.append((name, .dataset(shape: shape, values: values)))
        }

        public func dataset(_ name: String, shape: [Int], integers: [Int64]) {
            children.append((name, .integers(shape: shape, values: integers)))
        }
    }

    public enum Node {
        case group(Group)
        case dataset(shape: [Int], values: [Float])
        case integers(shape: [Int], values: [Int64])
    }

    public enum Attribute {
        case string(String)
        case strings([String])
    }

    static let undefined = UInt64.max
    /// Children per group node of the group B-trees (h5py's default "group internal node K").
    static let internalK = 16

    /// The file holding `root` and everything below it.
    public static func write(_ root: Group) -> [UInt8] {
        var file = Output()
        // The symbol table nodes must hold every group's children: 2·K entries, K shared by the file.
        var widest = 0
        func measure(_ group: Group) {
            widest = max(widest, group.children.count)
            for child in group.children { if case .group(let g) = child.node { measure(g) } }
        }
        measure(root)
        let leafK = max(4, (widest + 1) / 2)
        file.bytes = [UInt8](repeating: 0, count: 96)  // the superblock, filled in last
        let strings = file.writeGlobalHeap(collectStrings(root))
        let (rootHeader, rootTree, rootHeap) = file.writeGroup(root, leafK: leafK, strings: strings)
        var superblock = Output()
        superblock.bytes = HDF5File.signature + [0, 0, 0, 0, 0, 8, 8, 0]
        superblock.u16(leafK)
        superblock.u16(internalK)
        superblock.u32(0)
        superblock.u64(0)                       // base address
        superblock.u64(undefined)               // free-space info
        superblock.u64(UInt64(file.bytes.count)) // end of file
        superblock.u64(undefined)               // driver info
        superblock.u64(0)                       // root entry: name offset
        superblock.u64(UInt64(rootHeader))
        superblock.u32(1)                       // cache type 1: the scratch pad holds the root's B-tree and heap
        superblock.u32(0)
        superblock.u64(UInt64(rootTree))
        superblock.u64(UInt64(rootHeap))
        file.bytes.replaceSubrange(0..<96, with: superblock.bytes)
        return file.bytes
    }

    private static func collectStrings(_ group: Group) -> [String] {
        var strings: [String] = []
        for (_, value) in group.attributes {
            switch value {
            case .string(let s): strings.append(s)
            case .strings(let list): strings += list
            }
        }
        for child in group.children { if case .group(let g) = child.node { strings += collectStrings(g) } }
        return strings
    }

    /// The file being written, with little-endian appends.
    struct Output {
        var bytes: [UInt8] = []
        mutating func u8(_ v: Int) { bytes.append(UInt8(truncatingIfNeeded: v)) }
        mutating func u16(_ v: Int) { for i in 0..<2 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
        mutating func u32(_ v: Int) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) } }
        mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        mutating func align() { while bytes.count % 8 != 0 { bytes.append(0) } }
        mutating func zeros(_ n: Int) { bytes += [UInt8](repeating: 0, count: n) }

        /// Global heap collections holding `strings`, in order; returns each string's (collection, index).
        mutating func writeGlobalHeap(_ strings: [String]) -> [(collection: Int, index: Int)] {
            var references: [(Int, Int)] = []
            var start = 0
            while start < strings.count {
                let batch = strings[start..<min(strings.count, start + 60_000)]
                align()
                let collection = bytes.count
                let objects = batch.reduce(0) { $0 + 16 + ($1.utf8.count + 7) / 8 * 8 }
                let size = max(4096, 16 + objects + 16)
                bytes += Array("GCOL".utf8) + [1, 0, 0, 0]
                u64(UInt64(size))
                for (offset, string) in batch.enumerated() {
                    let utf8 = Array(string.utf8)
                    u16(offset + 1)
                    u16(0)
                    u32(0)
                    u64(UInt64(utf8.count))
                    bytes += utf8
                    align()
                    references.append((collection, offset + 1))
                }
                // The free space: object 0, its size counting its own header.
                let free = collection + size - bytes.count
                u16(0); u16(0); u32(0); u64(UInt64(free))
                zeros(free - 16)
                start += batch.count
            }
            return references
        }

        /// Writes a group and everything below it; returns its object header, B-tree and local heap addresses.
        mutating func writeGroup(_ group: Group, leafK: Int,
                                 strings: [(collection: Int, index: Int)]) -> (Int, Int, Int) {
            var nextString = 0
            return writeGroup(group, leafK: leafK, strings: strings, nextString: &nextString)
        }

        private mutating func writeGroup(_ group: Group, leafK: Int, strings: [(collection: Int, index: Int)],
                                         nextString: inout Int) -> (Int, Int, Int) {
            // Strings are numbered in collectStrings' order: this group's attributes, then its subgroups'.
            let myStrings = nextString
            nextString += group.attributes.reduce(0) { n, a in
                if case .strings(let list) = a.value { return n + list.count }
                return n + 1
            }
            var addresses: [String: Int] = [:]
            for (name, node) in group.children {
                switch node {
                case .group(let child):
                    addresses[name] = writeGroup(child, leafK: leafK, strings: strings, nextString: &nextString).0
                case .dataset(let shape, let values):
                    addresses[name] = writeDataset(shape: shape, values: values)
                case .integers(let shape, let values):
                    addresses[name] = writeDataset(shape: shape, integers: values)
                }
            }
            // The local heap: "" at offset 0, then each name, NUL-terminated, padded to 8.
            let names = group.children.map(\.name).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var heapData: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0], nameOffsets: [Int] = []
            for name in names {
                nameOffsets.append(heapData.count)
                heapData += Array(name.utf8) + [0]
                while heapData.count % 8 != 0 { heapData.append(0) }
            }
            align()
            let heap = bytes.count
            bytes += Array("HEAP".utf8) + [0, 0, 0, 0]
            u64(UInt64(heapData.count))
            u64(1)  // libhdf5's "no free block"
            u64(UInt64(heap + 32))
            bytes += heapData
            // One symbol table node with every child, sorted by name.
            align()
            let node = bytes.count
            bytes += Array("SNOD".utf8) + [1, 0]
            u16(names.count)
            for (name, offset) in zip(names, nameOffsets) {
                u64(UInt64(offset))
                u64(UInt64(addresses[name] ?? 0))
                zeros(24)  // cache type 0: nothing cached
            }
            zeros((2 * leafK - names.count) * 40)
            // A B-tree of one leaf pointing to it: key 0 is "", key 1 the last name.
            let tree = bytes.count
            bytes += Array("TREE".utf8) + [0, 0]
            u16(names.isEmpty ? 0 : 1)
            u64(HDF5Writer.undefined)
            u64(HDF5Writer.undefined)
            if !names.isEmpty {
                u64(0)
                u64(UInt64(node))
                u64(UInt64(nameOffsets.last ?? 0))
            }
            // libhdf5 reads a whole node: 2K + 1 keys and 2K children.
            zeros(tree + 24 + (4 * HDF5Writer.internalK + 1) * 8 - bytes.count)
            var messages: [(type: Int, data: [UInt8])] = []
            var table = Output()
            table.u64(UInt64(tree))
            table.u64(UInt64(heap))
            messages.append((0x11, table.bytes))
            var index = myStrings
            for (name, value) in group.attributes {
                let count: Int
                switch value {
                case .string: count = 1
                case .strings(let list): count = list.count
                }
                messages.append((0x0C, Self.stringAttribute(name, scalar: { if case .string = value { return true }; return false }(),
                                                            references: Array(strings[index..<(index + count)]),
                                                            lengths: Self.lengths(value))))
                index += count
            }
            return (writeHeader(messages), tree, heap)
        }

        private static func lengths(_ value: Attribute) -> [Int] {
            switch value {
            case .string(let s): [s.utf8.count]
            case .strings(let list): list.map(\.utf8.count)
            }
        }

        /// A version 1 attribute message of UTF-8 variable-length strings, scalar or one-dimensional.
        private static func stringAttribute(_ name: String, scalar: Bool, references: [(collection: Int, index: Int)],
                                            lengths: [Int]) -> [UInt8] {
            var type = Output()
            type.bytes = [0x19, 0x01, 0x01, 0x00]  // variable-length string, NUL-terminated padding, UTF-8
            type.u32(16)
            type.bytes += [0x10, 0, 0, 0]           // its base: an unsigned byte
            type.u32(1)
            type.u16(0)
            type.u16(8)
            var space = Output()
            space.bytes = [1, scalar ? 0 : 1, 0, 0, 0, 0, 0, 0]
            if !scalar { space.u64(UInt64(references.count)) }
            var message = Output()
            let nameBytes = Array(name.utf8) + [0]
            message.bytes = [1, 0]
            message.u16(nameBytes.count)
            message.u16(type.bytes.count)
            message.u16(space.bytes.count)
            message.bytes += nameBytes
            message.align()
            message.bytes += type.bytes
            message.align()
            message.bytes += space.bytes
            message.align()
            for (reference, length) in zip(references, lengths) {
                message.u32(length)
                message.u64(UInt64(reference.collection))
                message.u32(reference.index)
            }
            return message.bytes
        }

        /// A contiguous float32 dataset: its data, then its header.
        private mutating func writeDataset(shape: [Int], values: [Float]) -> Int {
            align()
            let data = bytes.count
            values.withUnsafeBytes { bytes += $0 }  // little-endian floats, as the datatype says
            var type = Output()
            type.bytes = [0x11, 0x20, 0x1F, 0x00]  // IEEE float, little-endian, sign at bit 31
            type.u32(4)
            type.u16(0); type.u16(32); type.u8(23); type.u8(8); type.u8(0); type.u8(23); type.u32(127)
            return writeDatasetHeader(shape: shape, type: type.bytes, data: data, byteCount: values.count * 4)
        }

        /// A contiguous int64 dataset (TensorFlow's step counters are int64).
        private mutating func writeDataset(shape: [Int], integers values: [Int64]) -> Int {
            align()
            let data = bytes.count
            values.withUnsafeBytes { bytes += $0 }  // little-endian two's complement, as the datatype says
            var type = Output()
            type.bytes = [0x10, 0x08, 0x00, 0x00]  // fixed-point, little-endian, signed
            type.u32(8)
            type.u16(0); type.u16(64)
            return writeDatasetHeader(shape: shape, type: type.bytes, data: data, byteCount: values.count * 8)
        }

        /// The header of a contiguous dataset of `byteCount` bytes at `data` (none when empty).
        private mutating func writeDatasetHeader(shape: [Int], type: [UInt8], data: Int, byteCount: Int) -> Int {
            var space = Output()
            space.bytes = [1, UInt8(shape.count), 0, 0, 0, 0, 0, 0]
            for extent in shape { space.u64(UInt64(extent)) }
            var layout = Output()
            layout.bytes = [3, 1]
            layout.u64(byteCount == 0 ? HDF5Writer.undefined : UInt64(data))
            layout.u64(UInt64(byteCount))
            return writeHeader([(0x01, space.bytes), (0x03, type), (0x08, layout.bytes)])
        }

        /// A version 1 object header holding `messages`, each padded to 8 bytes.
        private mutating func writeHeader(_ messages: [(type: Int, data: [UInt8])]) -> Int {
            align()
            let header = bytes.count
            let size = messages.reduce(0) { $0 + 8 + ($1.data.count + 7) / 8 * 8 }
            bytes += [1, 0]
            u16(messages.count)
            u32(1)
            u32(size)
            u32(0)
            for (type, data) in messages {
                u16(type)
                u16((data.count + 7) / 8 * 8)
                u8(type == 0x03 ? 1 : 0)  // a dataset's datatype is constant
                zeros(3)
                bytes += data
                align()
            }
            return header
        }
    }
}
