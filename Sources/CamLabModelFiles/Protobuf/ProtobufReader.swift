/// Protobuf's wire format, read field by field from bytes that may be damaged: every length is checked against
/// the bytes that remain, and nesting is limited, so a hostile file ends in a `ProtobufError`, never a crash or a
/// huge allocation. Only what ONNX files use: varints, 32- and 64-bit fixed values, length-delimited fields
/// (strings, bytes, nested messages, packed repeated numbers). Groups (deprecated) are refused.
/// See https://protobuf.dev/programming-guides/encoding/.
struct ProtobufReader {
    /// Nested messages deeper than this are refused: ONNX needs about six levels, a stack does not need more.
    static let maximumDepth = 32

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    let depth: Int

    init(_ bytes: [UInt8]) {
        self.init(bytes, range: 0..<bytes.count, depth: 0)
    }

    private init(_ bytes: [UInt8], range: Range<Int>, depth: Int) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
        self.depth = depth
    }

    var isAtEnd: Bool { position >= end }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(ProtobufError) -> ProtobufField? {
        guard !isAtEnd else { return nil }
        let offset = position
        let key = try varint()
        let number = key >> 3
        guard number > 0, number < 1 << 29 else {
            throw ProtobufError("field number \(number) at byte \(offset) is out of range")
        }
        let value: ProtobufValue
        switch key & 7 {
        case 0: value = .varint(try varint())
        case 1: value = .fixed64(try fixed(8))
        case 2:
            let length = try varint()
            guard length <= UInt64(end - position) else {
                throw ProtobufError("field \(number) at byte \(offset) declares \(length) bytes, but only "
                                    + "\(end - position) remain")
            }
            value = .bytes(position..<position + Int(length))
            position += Int(length)
        case 5: value = .fixed32(UInt32(try fixed(4)))
        case let wireType:
            throw ProtobufError("field \(number) at byte \(offset) has wire type \(wireType), which ONNX does not use")
        }
        return ProtobufField(number: Int(number), value: value, offset: offset)
    }

    /// A reader of the message in `field`, one level deeper.
    func message(_ field: ProtobufField) throws(ProtobufError) -> ProtobufReader {
        guard depth < Self.maximumDepth else {
            throw ProtobufError("messages nested more than \(Self.maximumDepth) deep at byte \(field.offset)")
        }
        return ProtobufReader(bytes, range: try field.range(), depth: depth + 1)
    }

    private mutating func varint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < end else { throw ProtobufError("a number is cut off at byte \(position)") }
            let byte = bytes[position]
            position += 1
            // The tenth byte may only carry the 64th bit.
            guard shift < 63 || byte <= 1 else { throw ProtobufError("a number at byte \(position - 1) is too long") }
            result |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return result }
        }
        throw ProtobufError("a number at byte \(position) is too long")
    }

    private mutating func fixed(_ size: Int) throws(ProtobufError) -> UInt64 {
        guard end - position >= size else { throw ProtobufError("a \(size * 8)-bit value is cut off at byte \(position)") }
        var value: UInt64 = 0
        for i in (0..<size).reversed() { value = value << 8 | UInt64(bytes[position + i]) }
        position += size
        return value
    }

    /// The varints of a packed repeated field.
    func packedVarints(_ field: ProtobufField) throws(ProtobufError) -> [UInt64] {
        var inner = ProtobufReader(bytes, range: try field.range(), depth: depth)
        var values: [UInt64] = []
        while !inner.isAtEnd { values.append(try inner.varint()) }
        return values
    }

    /// The little-endian fixed-width values of a packed repeated field (floats, doubles).
    func packedFixed(_ field: ProtobufField, size: Int) throws(ProtobufError) -> [UInt64] {
        let range = try field.range()
        guard range.count % size == 0 else {
            throw ProtobufError("packed field \(field.number) at byte \(field.offset) holds \(range.count) bytes, "
                                + "not a multiple of \(size)")
        }
        var inner = ProtobufReader(bytes, range: range, depth: depth)
        var values: [UInt64] = []
        values.reserveCapacity(range.count / size)
        while !inner.isAtEnd { values.append(try inner.fixed(size)) }
        return values
    }

    func string(_ field: ProtobufField) throws(ProtobufError) -> String {
        String(decoding: bytes[try field.range()], as: UTF8.self)
    }
}

/// One field as read: its number, its value and where it began (for messages).
struct ProtobufField {
    let number: Int
    let value: ProtobufValue
    let offset: Int

    func range() throws(ProtobufError) -> Range<Int> {
        guard case .bytes(let range) = value else { throw wrongType("length-delimited") }
        return range
    }

    var isLengthDelimited: Bool { if case .bytes = value { true } else { false } }

    /// A varint as a signed 64-bit integer (int64, int32 and enums are two's complement).
    func int64() throws(ProtobufError) -> Int64 {
        guard case .varint(let v) = value else { throw wrongType("a varint") }
        return Int64(bitPattern: v)
    }

    func float() throws(ProtobufError) -> Float {
        guard case .fixed32(let v) = value else { throw wrongType("a 32-bit float") }
        return Float(bitPattern: v)
    }

    func double() throws(ProtobufError) -> Double {
        guard case .fixed64(let v) = value else { throw wrongType("a 64-bit double") }
        return Double(bitPattern: v)
    }

    private func wrongType(_ expected: String) -> ProtobufError {
        ProtobufError("field \(number) at byte \(offset) should be \(expected)")
    }
}

enum ProtobufValue {
    case varint(UInt64)
    case fixed64(UInt64)
    case bytes(Range<Int>)
    case fixed32(UInt32)
}

/// Why bytes are not a well-formed protobuf message.
struct ProtobufError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}

extension ProtobufReader {
    /// A repeated numeric field's values, packed (one length-delimited field) or not (one field each).
    func appendInt64s(_ field: ProtobufField, to values: inout [Int64]) throws(ProtobufError) {
        if field.isLengthDelimited {
            values += try packedVarints(field).map { Int64(bitPattern: $0) }
        } else {
            values.append(try field.int64())
        }
    }

    func appendFloats(_ field: ProtobufField, to values: inout [Float]) throws(ProtobufError) {
        if field.isLengthDelimited {
            values += try packedFixed(field, size: 4).map { Float(bitPattern: UInt32($0)) }
        } else {
            values.append(try field.float())
        }
    }

    func appendDoubles(_ field: ProtobufField, to values: inout [Double]) throws(ProtobufError) {
        if field.isLengthDelimited {
            values += try packedFixed(field, size: 8).map { Double(bitPattern: $0) }
        } else {
            values.append(try field.double())
        }
    }
}
