import CamLabCore

/// The IDX format of the MNIST family: a big-endian magic `00 00 TT D` (element type `TT`, `D` dimensions),
/// `D` big-endian UInt32 extents, then the elements in row-major order, big-endian.
public enum IDX {
    /// Element types IDX files declare in their third magic byte.
    public enum ElementType: UInt8, Sendable, CaseIterable {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        var width: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    /// Reads an IDX file (gzip-compressed or plain) into a tensor of its declared shape, elements as `Float`.
    public static func read(_ path: String, budget: MemoryBudget = .standard) throws -> Tensor {
        let bytes = try DataFile.read(path, headerBytes: 4 + 4 * 255, budget: budget, declaredLength: declaredLength)
        return try decode(bytes, source: FileIO.quoted(path), budget: budget)
    }

    /// The length of the whole file its header declares, or nil when the start of the file does not say.
    static func declaredLength(_ head: [UInt8]) -> Int? {
        guard let (type, shape, dataOffset) = try? header(head, source: ""),
              let size = (shape + [type.width]).checkedElementCount else { return nil }
        let (total, overflow) = dataOffset.addingReportingOverflow(size)
        return overflow ? nil : total
    }

    /// Decodes IDX bytes. `source` names the data in error messages. With `firstItems`, only that many items
    /// along the first axis are converted (the whole file is still checked for truncation and garbage).
    public static func decode(_ bytes: [UInt8], source: String = "IDX data", firstItems: Int? = nil,
                              budget: MemoryBudget = .standard) throws -> Tensor {
        try decodeWithDeclaredShape(bytes, source: source, firstItems: firstItems, budget: budget).tensor
    }

    /// `decode`, also returning the shape the file declares (which `firstItems` may have cut short). When
    /// `bytesArePrefix`, `bytes` hold only the start of the file: just the kept items must be present.
    static func decodeWithDeclaredShape(_ bytes: [UInt8], source: String, firstItems: Int?,
                                        bytesArePrefix: Bool = false,
                                        budget: MemoryBudget = .standard) throws -> (tensor: Tensor, declared: [Int]) {
        var (type, shape, dataOffset) = try header(bytes, source: source)
        let declared = shape
        guard var count = shape.checkedElementCount, let expected = [count, type.width].checkedElementCount else {
            throw Problem("\(source): IDX shape \(shape.shapeDescription) is too large to hold in memory")
        }
        if let limit = firstItems, !shape.isEmpty, limit < shape[0] {
            shape[0] = max(limit, 0)
            count = shape.elementCount  // no overflow: smaller than the checked count
        }
        do { try budget.check(shape: shape, for: "\(source) of IDX shape \(shape.shapeDescription)") } catch {
            throw Problem(error.message)
        }
        let found = bytes.count - dataOffset
        if bytesArePrefix {
            guard found >= count * type.width else {
                throw Problem("\(source) is truncated: its first \(shape.first ?? 1) items of IDX shape "
                                + "\(declared.shapeDescription) need \(count * type.width) bytes of data, "
                                + "found \(found)")
            }
        } else {
            guard found >= expected else {
                throw Problem("\(source) is truncated: IDX shape \(shape.shapeDescription) of \(type) needs "
                                + "\(expected) bytes of data, found \(found)")
            }
            guard found == expected else {
                throw Problem("\(source) has \(found - expected) bytes of trailing garbage after the "
                                + "\(expected) bytes of data its shape \(shape.shapeDescription) declares")
            }
        }
        func decode<T: FixedWidthInteger>(as type: T.Type, _ convert: (T) -> Float) -> [Float] {
            ElementDecoder.decode(bytes, offset: dataOffset, count: count, as: T.self, bigEndian: true, convert)
        }
        let scalars: [Float]
        switch type {
        case .uint8: scalars = ElementDecoder.unsignedBytes(bytes, offset: dataOffset, count: count)
        case .int8: scalars = decode(as: Int8.self) { Float($0) }
        case .int16: scalars = decode(as: Int16.self) { Float($0) }
        case .int32: scalars = decode(as: Int32.self) { Float($0) }
        case .float32: scalars = decode(as: UInt32.self) { Float(bitPattern: $0) }
        case .float64: scalars = decode(as: UInt64.self) { Float(Double(bitPattern: $0)) }
        }
        return (Tensor(shape: shape, scalars: scalars), declared)
    }

    /// Reads only the element type and shape, checking the magic and that the header is complete.
    /// Returns the offset where the data begins.
    static func header(_ bytes: [UInt8], source: String) throws -> (ElementType, [Int], Int) {
        guard bytes.count >= 4 else {
            throw Problem("\(source) is too short to be an IDX file: \(bytes.count) bytes, the magic alone "
                            + "needs 4")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw Problem("\(source) is not an IDX file: bad magic \(Bytes.hex(bytes.prefix(4))), "
                            + "expected 00 00 followed by a type byte and a dimension count")
        }
        guard let type = ElementType(rawValue: bytes[2]) else {
            throw Problem("\(source): unsupported IDX element type 0x\(Bytes.hex(bytes[2...2])) (magic "
                            + "\(Bytes.hex(bytes.prefix(4)))); supported: 08 u8, 09 i8, 0b i16, 0c i32, "
                            + "0d f32, 0e f64")
        }
        let rank = Int(bytes[3])
        let dataOffset = 4 + 4 * rank
        guard bytes.count >= dataOffset else {
            throw Problem("\(source) is truncated: its IDX header declares \(rank) dimensions "
                            + "(\(dataOffset) header bytes), but the file has only \(bytes.count) bytes")
        }
        let shape = (0..<rank).map { Int(Bytes.bigEndianUInt32(bytes, at: 4 + 4 * $0)) }
        return (type, shape, dataOffset)
    }

    /// Encodes a tensor as IDX, as `.uint8` (whole numbers in 0…255: MNIST pixels and labels) or `.float32`;
    /// other element types are read but not written. Extents must fit in a UInt32 and the rank in a byte.
    public static func encode(_ tensor: Tensor, as type: ElementType = .float32) throws -> [UInt8] {
        guard tensor.rank <= 255, tensor.shape.allSatisfy({ $0 <= Int(UInt32.max) }) else {
            throw Problem("cannot write IDX: shape \(tensor.shape.shapeDescription) does not fit the format "
                            + "(at most 255 dimensions, each below 2^32)")
        }
        guard type == .uint8 || type == .float32 else {
            throw Problem("cannot write IDX as \(type): CamLab writes IDX only as uint8 or float32")
        }
        var bytes: [UInt8] = [0, 0, type.rawValue, UInt8(tensor.rank)]
        bytes.reserveCapacity(4 + 4 * tensor.rank + tensor.count * type.width)
        for extent in tensor.shape { Bytes.appendBigEndian(UInt32(extent), to: &bytes) }
        switch type {
        case .uint8:
            for (i, value) in tensor.scalars.enumerated() {
                guard value >= 0, value <= 255, value == value.rounded() else {
                    throw Problem("cannot write IDX as uint8: element \(i) is \(value), not a whole number "
                                    + "in 0...255; write as float32 instead")
                }
                bytes.append(UInt8(value))
            }
        default:
            for value in tensor.scalars { Bytes.appendBigEndian(value.bitPattern, to: &bytes) }
        }
        return bytes
    }

    /// Writes a tensor as an IDX file atomically (plain, not compressed).
    public static func write(_ tensor: Tensor, to path: String, as type: ElementType = .float32) throws {
        try FileIO.writeAtomically(encode(tensor, as: type), to: path)
    }
}
