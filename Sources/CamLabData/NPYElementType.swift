/// A NumPy dtype string such as '<f4': byte order ('<' little, '>' big, '|' not applicable, '=' native), kind
/// ('f' float, 'i' signed, 'u' unsigned, 'b' bool) and width in bytes.
struct NPYElementType: CustomStringConvertible {
    enum Kind: Character { case float = "f", signed = "i", unsigned = "u", bool = "b" }
    let descr: String
    let kind: Kind
    let width: Int
    let bigEndian: Bool

    init?(descr: String) {
        let characters = Array(descr)
        guard characters.count >= 3, "<>|=".contains(characters[0]), let kind = Kind(rawValue: characters[1]),
              let width = Int(String(characters[2...])) else { return nil }
        let supported: Set<Int> = switch kind {
        case .float: [2, 4, 8]
        case .signed, .unsigned: [1, 2, 4, 8]
        case .bool: [1]
        }
        guard supported.contains(width) else { return nil }
        self.descr = descr
        self.kind = kind
        self.width = width
        self.bigEndian = characters[0] == ">"
    }

    var description: String { descr }

    func decode(_ bytes: [UInt8], offset: Int, count: Int) -> [Float] {
        func decode<T: FixedWidthInteger>(as type: T.Type, _ convert: (T) -> Float) -> [Float] {
            ElementDecoder.decode(bytes, offset: offset, count: count, as: T.self, bigEndian: bigEndian, convert)
        }
        switch (kind, width) {
        case (.unsigned, 1): return ElementDecoder.unsignedBytes(bytes, offset: offset, count: count)
        case (.bool, _): return decode(as: UInt8.self) { $0 != 0 ? 1 : 0 }
        case (.signed, 1): return decode(as: Int8.self) { Float($0) }
        case (.signed, 2): return decode(as: Int16.self) { Float($0) }
        case (.signed, 4): return decode(as: Int32.self) { Float($0) }
        case (.signed, _): return decode(as: Int64.self) { Float($0) }
        case (.unsigned, 2): return decode(as: UInt16.self) { Float($0) }
        case (.unsigned, 4): return decode(as: UInt32.self) { Float($0) }
        case (.unsigned, _): return decode(as: UInt64.self) { Float($0) }
        case (.float, 2): return decode(as: UInt16.self) { ElementDecoder.halfToFloat($0) }
        case (.float, 4): return decode(as: UInt32.self) { Float(bitPattern: $0) }
        case (.float, _): return decode(as: UInt64.self) { Float(Double(bitPattern: $0)) }
        }
    }
}
