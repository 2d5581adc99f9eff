import CamLabCore
/// A group or dataset of an HDF5 file: its links, attributes and (for a dataset) its data.
public struct HDF5Object {
    let file: HDF5File
    public let path: String
    let messages: [HeaderMessage]

    init(file: HDF5File, address: Int, path: String) throws {
        self.file = file
        self.path = path
        messages = try file.messages(at: address, path: path)
    }

    var reader: ByteReader { file.reader }
    private func message(_ type: Int) -> HeaderMessage? { messages.first { $0.type == type } }

    /// True for a dataset (it has a layout), false for a group.
    public var isDataset: Bool { message(0x08) != nil }

    // MARK: Links

    /// The objects this group links to, by name, in the file's order.
    public func links() throws -> [(name: String, address: Int)] {
        var links: [(String, Int)] = []
        if let table = message(0x11) {
            guard let tree = try reader.int(table.offset, file.offsetSize, "the symbol table of '\(path)'"),
                  let heap = try reader.int(table.offset + file.offsetSize, file.offsetSize,
                                            "the symbol table of '\(path)'") else {
                throw reader.fail("the symbol table of '\(path)' has no B-tree or heap")
            }
            links = try file.symbolTable(tree: tree, heap: heap, path: path)
        }
        if let info = message(0x02) {
            let flags = try reader.byte(info.offset + 1, "the link info of '\(path)'")
            let heapAt = info.offset + 2 + (flags & 1 != 0 ? 8 : 0)
            if try reader.int(heapAt, file.offsetSize, "the link info of '\(path)'") != nil {
                throw Problem("\(file.source): group '\(path)' keeps its links in a fractal heap (dense link "
                                     + "storage), which CamLab does not read; save the file with h5py's default settings")
            }
        }
        for link in messages where link.type == 0x06 {
            if let hard = try hardLink(link) { links.append(hard) }
        }
        return links
    }

    /// A link message: its name and, for a hard link, the address it points to (soft and external links: nil).
    private func hardLink(_ link: HeaderMessage) throws -> (String, Int)? {
        let what = "a link of '\(path)'"
        let flags = try reader.byte(link.offset + 1, what)
        var cursor = link.offset + 2
        var kind: UInt8 = 0
        if flags & 0x08 != 0 { kind = try reader.byte(cursor, what); cursor += 1 }
        if flags & 0x04 != 0 { cursor += 8 }
        if flags & 0x10 != 0 { cursor += 1 }
        let width = 1 << Int(flags & 3)
        guard let length = try reader.int(cursor, width, what), length <= link.size else {
            throw reader.fail("\(what) at offset \(link.offset) has a name longer than its message")
        }
        cursor += width
        let name = String(decoding: try reader.slice(cursor, length, what), as: UTF8.self)
        guard kind == 0 else { return nil }
        guard let address = try reader.int(cursor + length, file.offsetSize, what) else { return nil }
        return (name, address)
    }

    public func childNames() throws -> [String] { try links().map(\.name) }

    /// The object linked as `name`; the error lists the names there are.
    public func child(_ name: String) throws -> HDF5Object { try Children(self).child(name) }

    /// A group's links read once, for looking up many children (reading them per lookup would be quadratic).
    public struct Children {
        let parent: HDF5Object
        public let names: [String]
        let addresses: [String: Int]

        public init(_ parent: HDF5Object) throws {
            self.parent = parent
            let links = try parent.links()
            names = links.map(\.name)
            addresses = Dictionary(links.map { ($0.name, $0.address) }, uniquingKeysWith: { first, _ in first })
        }

        public func child(_ name: String) throws -> HDF5Object {
            let path = parent.path
            guard let address = addresses[name] else {
                throw Problem("\(parent.file.source) has no '\(name)' in '\(path)'"
                                     + (names.isEmpty ? ", which is empty" : "; it holds " + names.prefix(20).joined(separator: ", ")))
            }
            let childPath = path == "/" ? "/" + name : path + "/" + name
            guard childPath.count(where: { $0 == "/" }) <= 64 else {
                throw parent.reader.fail("'\(childPath)' is nested more than 64 groups deep")
            }
            return try HDF5Object(file: parent.file, address: address, path: childPath)
        }
    }

    // MARK: Attributes

    /// The names of the attributes, in the file's order.
    public func attributeNames() throws -> [String] {
        try messages.filter { $0.type == 0x0C }.map { try attributeParts($0).name }
    }

    /// The attribute `name`, or nil when there is none.
    public func attribute(_ name: String) throws -> HDF5Value? {
        for message in messages where message.type == 0x0C {
            let parts = try attributeParts(message)
            guard parts.name == name else { continue }
            let what = "attribute '\(name)' of '\(path)'"
            let type = try file.datatype(at: parts.datatype, what)
            guard let shape = try file.dataspace(at: parts.dataspace, what) else { return .numbers([], shape: [0]) }
            let end = message.offset + message.size
            let count = try file.elementCount(shape, size: type.elementSize(offsetSize: file.offsetSize),
                                              available: max(end - parts.data, 0), what)
            return try file.values(type, count: count, at: parts.data, shape: shape, what)
        }
        return nil
    }

    /// Keras' string-list attribute `name`, which it splits into `name0`, `name1`, … when it is too large for one
    /// object header message.
    public func stringList(_ name: String) throws -> [String]? {
        if let value = try attribute(name) {
            guard let strings = value.strings else {
                throw Problem("\(file.source): attribute '\(name)' of '\(path)' holds numbers, not names")
            }
            return strings
        }
        var parts: [String] = [], index = 0
        while let value = try attribute("\(name)\(index)") {
            guard let strings = value.strings else {
                throw Problem("\(file.source): attribute '\(name)\(index)' of '\(path)' holds numbers, not names")
            }
            parts += strings
            index += 1
        }
        return index == 0 ? nil : parts
    }

    /// The attribute `name` as one string (Keras' `model_config`, `keras_version`, …).
    public func stringAttribute(_ name: String) throws -> String? {
        guard let value = try attribute(name) else { return nil }
        guard case .strings(let strings, _) = value, strings.count == 1 else {
            throw Problem("\(file.source): attribute '\(name)' of '\(path)' is not a single string")
        }
        return strings[0]
    }

    /// Where an attribute message's name, datatype, dataspace and data lie.
    private func attributeParts(_ message: HeaderMessage) throws -> (name: String, datatype: Int, dataspace: Int, data: Int) {
        let what = "an attribute of '\(path)'"
        let version = try reader.byte(message.offset, what)
        let flags = try reader.byte(message.offset + 1, what)
        let nameSize = Int(try reader.uint(message.offset + 2, 2, what))
        let typeSize = Int(try reader.uint(message.offset + 4, 2, what))
        let spaceSize = Int(try reader.uint(message.offset + 6, 2, what))
        func padded(_ n: Int) -> Int { version == 1 ? (n + 7) / 8 * 8 : n }
        let nameAt: Int
        switch version {
        case 1, 2: nameAt = message.offset + 8
        case 3: nameAt = message.offset + 9
        default: throw reader.fail("\(what) at offset \(message.offset) has version \(version); HDF5 has 1 to 3")
        }
        guard version == 1 || flags & 0x03 == 0 else {
            throw Problem("\(file.source): \(what) uses a shared datatype or dataspace, which CamLab does not read")
        }
        let typeAt = nameAt + padded(nameSize), spaceAt = typeAt + padded(typeSize), dataAt = spaceAt + padded(spaceSize)
        guard dataAt <= message.offset + message.size else {
            throw reader.fail("\(what) at offset \(message.offset) is larger than its message")
        }
        let name = try reader.cString(nameAt, limit: nameSize, what)
        return (name, typeAt, spaceAt, dataAt)
    }

    // MARK: Datasets

    /// The dataset's shape, and its values as floats (integers converted), in row-major order.
    public func readFloats() throws -> (shape: [Int], values: [Float]) {
        let what = "dataset '\(path)'"
        guard let layout = message(0x08), let typeMessage = message(0x03), let spaceMessage = message(0x01) else {
            throw Problem("\(file.source): '\(path)' is \(isDataset ? "a dataset without a type or shape" : "a group, not a dataset")")
        }
        let type = try file.datatype(at: typeMessage.offset, what)
        switch type {
        case .float, .integer: return try readNumbers(type, layout: layout, space: spaceMessage, what)
        default: throw Problem("\(file.source): \(what) holds \(type.description); CamLab reads numbers")
        }
    }

    private func readNumbers(_ type: HDF5Type, layout: HeaderMessage, space: HeaderMessage,
                             _ what: String) throws -> (shape: [Int], values: [Float]) {
        let shape = try file.dataspace(at: space.offset, what) ?? [0]
        let size = type.elementSize(offsetSize: file.offsetSize)
        let version = try reader.byte(layout.offset, "the layout of \(what)")
        guard version == 3 || version == 4 else {
            throw Problem("\(file.source): \(what) uses data layout version \(version); CamLab reads 3 and 4")
        }
        let start: Int, available: Int
        switch try reader.byte(layout.offset + 1, "the layout of \(what)") {
        case 0:  // compact: the data is in the header
            available = Int(try reader.uint(layout.offset + 2, 2, "the layout of \(what)"))
            start = layout.offset + 4
            try reader.check(start, available, "the data of \(what)")
        case 1:
            let address = try reader.int(layout.offset + 2, file.offsetSize, "the layout of \(what)")
            guard let length = try reader.int(layout.offset + 2 + file.offsetSize, file.lengthSize, "the layout of \(what)") else {
                throw reader.fail("the layout of \(what) gives an impossible size")
            }
            guard let address else {  // never written: the fill value, zero for Keras' datasets
                let count = try file.elementCount(shape, size: size, available: reader.bytes.count, what)
                return (shape, [Float](repeating: 0, count: count))
            }
            start = try position(address, what)
            available = length
            try reader.check(start, available, "the data of \(what)")
        case 2:
            throw Problem("\(file.source): \(what) is stored in chunks, which CamLab does not read; Keras and "
                                 + "h5py write weights contiguously unless asked otherwise")
        case let other:
            throw Problem("\(file.source): \(what) has the unknown layout class \(other)")
        }
        let count = try file.elementCount(shape, size: size, available: available, what)
        if type == .float(size: 4) {  // the common case, copied as it lies (the file is little-endian, as is the CPU)
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { target in
                reader.bytes.withUnsafeBytes { source in
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + 4 * count)]))
                }
            }
            return (shape, values)
        }
        guard case .numbers(let numbers, _) = try file.values(type, count: count, at: start, shape: shape, what) else {
            return (shape, [])
        }
        return (shape, numbers.map(Float.init))
    }

    private func position(_ address: Int, _ what: String) throws -> Int { try file.position(address, what) }
}
