import CamLabCore

/// NumPy's `.npy` format: the magic `\x93NUMPY`, a version (1.0: UInt16 header length; 2.0 and 3.0: UInt32),
/// then a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces
/// to a multiple of 64 bytes and ended by a newline, then the elements.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads an `.npy` file (optionally gzip-compressed) into a tensor, elements converted to `Float`.
    /// Element types: float 2/4/8 bytes, signed and unsigned integers 1/2/4/8 bytes, bool; either byte order.
    public static func read(_ path: String, budget: MemoryBudget = .standard) throws -> Tensor {
        let bytes = try DataFile.read(path, headerBytes: 1 << 16, budget: budget, declaredLength: declaredLength)
        return try decode(bytes, source: FileIO.quoted(path), budget: budget)
    }

    /// The length of the whole file its header declares (preamble, header and data), or nil when the start of the
    /// file does not say.
    static func declaredLength(_ head: [UInt8]) -> Int? {
        guard head.count >= 10, head.starts(with: magic) else { return nil }
        let lengthBytes = head[6] == 1 ? 2 : 4
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(head[8 + $1]) << (8 * $1) }
        let dataOffset = 8 + lengthBytes + headerLength
        guard head.count >= dataOffset,
              let (type, shape) = try? parseHeader(String(decoding: head[(8 + lengthBytes)..<dataOffset], as: UTF8.self),
                                                   source: ""),
              let size = (shape + [type.width]).checkedElementCount else { return nil }
        let (total, overflow) = dataOffset.addingReportingOverflow(size)
        return overflow ? nil : total
    }

    /// Writes `tensor` as a version 1.0 `.npy` file of little-endian float32 in C order, atomically.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try FileIO.writeAtomically(encode(tensor), to: path)
    }

    /// The bytes `numpy.save` writes for the same float32 array (NumPy 2's header padding included).
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)"
            : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        // NumPy leaves room for the first extent to grow in place (np.lib.format.GROWTH_AXIS_MAX_DIGITS = 21).
        if let first = tensor.shape.first { header += String(repeating: " ", count: max(0, 21 - String(first).count)) }
        let lengthBytes = header.utf8.count + 64 < 65536 ? 2 : 4  // version 2.0 only for enormous headers
        let padding = 64 - (magic.count + 2 + lengthBytes + header.utf8.count + 1) % 64
        header += String(repeating: " ", count: padding) + "\n"
        var bytes = magic + [lengthBytes == 2 ? 1 : 2, 0]
        let length = header.utf8.count
        for i in 0..<lengthBytes { bytes.append(UInt8(length >> (8 * i) & 0xFF)) }
        bytes += Array(header.utf8)
        Bytes.appendLittleEndian(tensor.scalars, to: &bytes)
        return bytes
    }

    /// Decodes `.npy` bytes. `source` names the data in error messages.
    public static func decode(_ bytes: [UInt8], source: String = "NPY data",
                              budget: MemoryBudget = .standard) throws -> Tensor {
        guard bytes.starts(with: magic.prefix(bytes.count)) || bytes.starts(with: magic) else {
            throw Problem("\(source) is not a NumPy .npy file: it starts with \(Bytes.hex(bytes.prefix(8)))"
                            + (FileSignature.describe(bytes).map { " (\($0))" } ?? "")
                            + ", where a .npy file starts with 93 4e 55 4d 50 59 (\\x93NUMPY)")
        }
        guard bytes.count >= 10 else {
            throw Problem("\(source) is truncated: \(bytes.count) byte\(bytes.count == 1 ? "" : "s"), but a .npy "
                            + "file needs at least 10 (the \\x93NUMPY magic, a version and a header length)")
        }
        let (major, minor) = (bytes[6], bytes[7])
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default:
            throw Problem("\(source): unsupported .npy format version \(major).\(minor); CamLab reads 1.0, 2.0 "
                            + "and 3.0")
        }
        guard bytes.count >= 8 + lengthBytes else { throw Problem("\(source) is truncated inside its header") }
        let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let dataOffset = 8 + lengthBytes + headerLength
        guard bytes.count >= dataOffset else {
            throw Problem("\(source) is truncated: its header declares \(headerLength) bytes but the file ends "
                            + "after \(bytes.count - 8 - lengthBytes)")
        }
        let headerText = String(decoding: bytes[(8 + lengthBytes)..<dataOffset], as: UTF8.self)
        let (type, shape) = try parseHeader(headerText, source: source)
        guard let count = shape.checkedElementCount, let expected = [count, type.width].checkedElementCount else {
            throw Problem("\(source): shape \(shape.shapeDescription) is too large to hold in memory")
        }
        do { try budget.check(shape: shape, for: "\(source) of shape \(shape.shapeDescription)") } catch {
            throw Problem(error.message)
        }
        let found = bytes.count - dataOffset
        guard found == expected else {
            throw Problem("\(source): shape \(shape.shapeDescription) of '\(type.descr)' needs \(expected) bytes "
                            + "of data, found \(found)" + (found < expected ? " (the file is truncated)" : ""))
        }
        return Tensor(shape: shape, scalars: type.decode(bytes, offset: dataOffset, count: count))
    }

    /// Checks the header dict and returns its element type and shape.
    static func parseHeader(_ text: String, source: String) throws -> (NPYElementType, [Int]) {
        let literal: PythonLiteral
        do { literal = try PythonLiteral.parse(text) } catch {
            throw Problem("\(source): malformed .npy header (\(error.message)): \(quoted(text))")
        }
        guard case .dict(let entries) = literal else {
            throw Problem("\(source): the .npy header is not a dict: \(quoted(text))")
        }
        func entry(_ key: String) -> PythonLiteral? { entries.first { $0.0 == key }?.1 }
        guard case .string(let descr)? = entry("descr") else {
            throw Problem("\(source): the .npy header has no string 'descr' (the element type): \(quoted(text))")
        }
        guard case .bool(let fortranOrder)? = entry("fortran_order") else {
            throw Problem("\(source): the .npy header has no True/False 'fortran_order': \(quoted(text))")
        }
        guard case .tuple(let extents)? = entry("shape") else {
            throw Problem("\(source): the .npy header has no tuple 'shape': \(quoted(text))")
        }
        var shape: [Int] = []
        for extent in extents {
            guard case .int(let n) = extent, n >= 0 else {
                throw Problem("\(source): the .npy shape must hold non-negative integers: \(quoted(text))")
            }
            shape.append(n)
        }
        guard !fortranOrder else {
            throw Problem("\(source) stores its array in Fortran (column-major) order, which CamLab does not "
                            + "read; save it from NumPy with np.save(path, np.ascontiguousarray(array))")
        }
        guard let type = NPYElementType(descr: descr) else {
            throw Problem("\(source): unsupported .npy element type '\(descr)'; CamLab reads floats (f2, f4, f8), "
                            + "integers (i1…i8, u1…u8) and booleans (b1) in either byte order")
        }
        return (type, shape)
    }

    private static func quoted(_ header: String) -> String {
        let trimmed = String(header.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
        return trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
    }
}
