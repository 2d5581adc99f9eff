import CamLabCore
/// An HDF5 element type, as far as Keras uses them.
enum HDF5Type: Equatable {
    case integer(size: Int, signed: Bool)
    case float(size: Int)
    case fixedString(size: Int)
    case variableString
    /// Any other class (compound, enum, reference, …): read as nothing, reported by name when a value is needed.
    case unsupported(String)

    /// Bytes per element in an attribute or dataset (a variable-length string is a length and a heap reference).
    func elementSize(offsetSize: Int) -> Int {
        switch self {
        case .integer(let size, _), .float(let size), .fixedString(let size): size
        case .variableString: 8 + offsetSize
        case .unsupported: 0
        }
    }

    var description: String {
        switch self {
        case .integer(let size, let signed): "\(signed ? "" : "u")int\(size * 8)"
        case .float(let size): "float\(size * 8)"
        case .fixedString(let size): "a string of \(size) bytes"
        case .variableString: "a variable-length string"
        case .unsupported(let name): name
        }
    }
}

/// A value of an attribute: strings, or numbers with their shape.
public enum HDF5Value: Equatable {
    case strings([String], shape: [Int])
    case numbers([Double], shape: [Int])

    /// The strings, or none for an empty array of any type (Keras writes a layer without weights as an empty
    /// float array).
    public var strings: [String]? {
        switch self {
        case .strings(let values, _): values
        case .numbers(let values, _): values.isEmpty ? [] : nil
        }
    }
}

extension HDF5File {
    static let classNames = ["fixed-point", "floating-point", "time", "string", "bitfield", "opaque", "compound",
                             "reference", "enumerated", "variable-length", "array"]

    /// The datatype message at `offset`.
    func datatype(at offset: Int, _ what: String) throws -> HDF5Type {
        let classAndVersion = try reader.byte(offset, "the datatype of \(what)")
        let bits = try reader.byte(offset + 1, "the datatype of \(what)")
        let size = Int(try reader.uint(offset + 4, 4, "the datatype of \(what)"))
        let typeClass = Int(classAndVersion & 0x0F)
        switch typeClass {
        case 0, 1:
            guard bits & 0x01 == 0 else {
                throw Problem("\(source): \(what) holds big-endian numbers; CamLab reads little-endian files")
            }
            if typeClass == 0 {
                guard [1, 2, 4, 8].contains(size) else { return .unsupported("an integer of \(size) bytes") }
                return .integer(size: size, signed: bits & 0x08 != 0)
            }
            guard size == 4 || size == 8 else { return .unsupported("a float of \(size) bytes") }
            return .float(size: size)
        case 3:
            return .fixedString(size: size)
        case 9:
            return bits & 0x0F == 1 ? .variableString : .unsupported("a variable-length sequence")
        default:
            return .unsupported("an HDF5 \(typeClass < Self.classNames.count ? Self.classNames[typeClass] : "class \(typeClass)") type")
        }
    }

    /// The dataspace message at `offset`: the shape, [] for a scalar, nil for the null dataspace (no elements).
    func dataspace(at offset: Int, _ what: String) throws -> [Int]? {
        let version = try reader.byte(offset, "the dataspace of \(what)")
        let rank = Int(try reader.byte(offset + 1, "the dataspace of \(what)"))
        guard rank <= 32 else { throw reader.fail("the dataspace of \(what) has rank \(rank); HDF5 allows 32") }
        let start: Int
        switch version {
        case 1: start = offset + 8
        case 2:
            if try reader.byte(offset + 3, "the dataspace of \(what)") == 2 { return nil }
            start = offset + 4
        default: throw reader.fail("the dataspace of \(what) has version \(version); HDF5 has 1 and 2")
        }
        var shape: [Int] = []
        for i in 0..<rank {
            guard let extent = try reader.int(start + i * lengthSize, lengthSize, "the dataspace of \(what)"),
                  extent <= Int(Int32.max) else {
                throw reader.fail("the dataspace of \(what) has an impossible extent on axis \(i)")
            }
            shape.append(extent)
        }
        return shape
    }

    /// The element count of `shape`, checked not to overflow and to fit in `available` bytes of `size` each.
    func elementCount(_ shape: [Int], size: Int, available: Int, _ what: String) throws -> Int {
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw reader.fail("\(what) has the impossible shape \(shape)") }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: max(size, 1))
        guard !overflow, bytes <= available else {
            throw reader.fail("\(what) of shape \(shape) needs \(overflow ? "more" : "\(bytes)") bytes, but only "
                              + "\(available) are there")
        }
        return count
    }

    /// Decodes `count` elements of `type` starting at `offset`.
    func values(_ type: HDF5Type, count: Int, at offset: Int, shape: [Int], _ what: String) throws -> HDF5Value {
        let size = type.elementSize(offsetSize: offsetSize)
        try reader.check(offset, count * size, what)
        switch type {
        case .integer(let size, let signed):
            return .numbers(try (0..<count).map { i in
                let raw = try reader.uint(offset + i * size, size, what)
                guard signed, size < 8 else { return signed ? Double(Int64(bitPattern: raw)) : Double(raw) }
                let shift = UInt64(64 - size * 8)
                return Double(Int64(bitPattern: raw << shift) >> Int64(shift))
            }, shape: shape)
        case .float(let size):
            return .numbers(try (0..<count).map { i in
                let raw = try reader.uint(offset + i * size, size, what)
                return size == 4 ? Double(Float(bitPattern: UInt32(raw))) : Double(bitPattern: raw)
            }, shape: shape)
        case .fixedString(let size):
            return .strings((0..<count).map { i in
                let slice = reader.bytes[(offset + i * size)..<(offset + (i + 1) * size)]
                return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self).trimmingTrailingSpaces
            }, shape: shape)
        case .variableString:
            // Many elements may name one large heap object: the strings together may not outgrow the file much.
            var total = 0
            return .strings(try (0..<count).map { i in
                let element = offset + i * size
                guard let length = try reader.int(element, 4, what) else { return "" }
                guard let collection = try reader.int(element + 4, offsetSize, what), collection != 0 else { return "" }
                let index = Int(try reader.uint(element + 4 + offsetSize, 4, what))
                let object = try heapObject(collection: collection, index: index)
                guard length <= object.count else {
                    throw reader.fail("a string of \(what) claims \(length) bytes, but its heap object holds \(object.count)")
                }
                total += length
                guard total <= max(16 << 20, 4 * reader.bytes.count) else {
                    throw reader.fail("the strings of \(what) add up to more than the file could hold")
                }
                return String(decoding: object.prefix(length).prefix { $0 != 0 }, as: UTF8.self)
            }, shape: shape)
        case .unsupported(let name):
            throw Problem("\(source): \(what) holds \(name); CamLab reads numbers and strings")
        }
    }
}

extension String {
    /// HDF5's space-padded strings end in spaces that were never part of the value.
    var trimmingTrailingSpaces: String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
