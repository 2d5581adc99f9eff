import CamLabCore

/// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
/// `{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …, "__metadata__": {"k": "v"}}`,
/// then the data; offsets count from the first byte after the header. Elements are little-endian, row-major.
/// This codec knows nothing about networks: names are whatever the caller chooses.
public enum Safetensors {
    /// The contents of a safetensors file.
    public struct Contents: Sendable, Equatable {
        /// Tensors by name.
        public var tensors: [String: Tensor]
        /// The free-form string pairs stored under `__metadata__`.
        public var metadata: [String: String]
        /// Tensor names in the order of their data in the file.
        public var names: [String]
    }

    /// The reference implementation refuses headers above 100 MB; so does CamLab, rather than allocate wildly.
    static let maximumHeaderLength = 100_000_000
    static let metadataKey = "__metadata__"

    /// Encodes tensors as float32 the way the reference writer (`safetensors.numpy.save`) does: names sorted,
    /// data in the same order, compact JSON with `__metadata__` first, the header padded with spaces to a
    /// multiple of 8 bytes.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> [UInt8] {
        if tensors[metadataKey] != nil {
            throw Problem("cannot write safetensors: '\(metadataKey)' is reserved for metadata, rename that tensor")
        }
        var entries: [(String, JSON)] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                .map { ($0.key, JSON.string($0.value)) }
            entries.append((metadataKey, .object(pairs)))
        }
        // The reference orders by name as UTF-8 bytes (Rust's String order), which is not Swift's String order.
        let ordered = tensors.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var offset = 0
        for (name, tensor) in ordered {
            let size = 4 * tensor.count
            entries.append((name, .object([
                ("dtype", .string("F32")),
                ("shape", .array(tensor.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(offset)), .number(String(offset + size))])),
            ])))
            offset += size
        }
        var header = Array(JSON.object(entries).text.utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        Bytes.appendLittleEndian(UInt64(header.count), to: &bytes)
        bytes += header
        for (_, tensor) in ordered { Bytes.appendLittleEndian(tensor.scalars, to: &bytes) }
        return bytes
    }

    /// Writes tensors as a safetensors file of float32, atomically.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws {
        try FileIO.writeAtomically(encode(tensors, metadata: metadata), to: path)
    }

    /// Reads a safetensors file; F32, F16, BF16 and F64 tensors are converted to `Float`.
    public static func read(_ path: String, budget: MemoryBudget = .standard) throws -> Contents {
        try decode(FileIO.read(path, limit: budget.bytes), source: FileIO.quoted(path), budget: budget)
    }

    /// Decodes safetensors bytes, validating the header completely. `source` names the data in error messages.
    public static func decode(_ bytes: [UInt8], source: String = "safetensors data",
                              budget: MemoryBudget = .standard) throws -> Contents {
        guard bytes.count >= 8 else {
            throw Problem("\(source) is too short for safetensors: \(bytes.count) bytes, the header length alone "
                            + "needs 8")
        }
        let declared = Bytes.littleEndianUInt64(bytes, at: 0)
        guard declared <= UInt64(min(maximumHeaderLength, bytes.count - 8)) else {
            throw Problem("\(source): the safetensors header length \(declared) goes beyond the file (\(bytes.count) "
                            + "bytes)" + (declared > UInt64(maximumHeaderLength) ? " and the 100 MB limit" : "")
                            + "; the file is truncated or not safetensors")
        }
        let dataStart = 8 + Int(declared)
        let header: JSON
        do { header = try JSON.parse(bytes[8..<dataStart]) } catch {
            throw Problem("\(source): the safetensors header is not valid JSON: \(error.message)")
        }
        guard case .object(let entries) = header else {
            throw Problem("\(source): the safetensors header must be a JSON object, found \(header.kind)")
        }
        let dataSize = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var specs: [TensorSpec] = []
        var seen: Set<String> = []
        for (name, value) in entries {
            if name == metadataKey {
                metadata = try parseMetadata(value, source: source)
            } else {
                guard seen.insert(name).inserted else {
                    throw Problem("\(source): tensor '\(name)' appears twice in the header")
                }
                let spec = try TensorSpec(name: name, json: value, dataSize: dataSize, source: source)
                do { try budget.check(shape: spec.shape, for: "\(source): tensor '\(name)'") } catch {
                    throw Problem(error.message)
                }
                specs.append(spec)
            }
        }
        try checkCoverage(specs, dataSize: dataSize, source: source)
        var tensors: [String: Tensor] = [:]
        for spec in specs {
            tensors[spec.name] = Tensor(shape: spec.shape, scalars: spec.decode(bytes, dataStart: dataStart))
        }
        return Contents(tensors: tensors, metadata: metadata,
                        names: specs.sorted { $0.begin < $1.begin }.map(\.name))
    }

    static func parseMetadata(_ value: JSON, source: String) throws -> [String: String] {
        guard case .object(let pairs) = value else {
            throw Problem("\(source): '\(metadataKey)' must be an object of strings, found \(value.kind)")
        }
        var metadata: [String: String] = [:]
        for (key, item) in pairs {
            guard let text = item.string else {
                throw Problem("\(source): metadata '\(key)' must be a string, found \(item.kind)")
            }
            metadata[key] = text
        }
        return metadata
    }

    /// The tensors' byte ranges must tile the data exactly: no overlap, no gap, nothing left over.
    static func checkCoverage(_ specs: [TensorSpec], dataSize: Int, source: String) throws {
        var covered = 0
        var previous: String?
        for spec in specs.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if spec.begin < covered, let previous {
                throw Problem("\(source): tensor '\(spec.name)' (bytes \(spec.begin)..<\(spec.end)) overlaps "
                                + "tensor '\(previous)' (which ends at \(covered))")
            }
            if spec.begin > covered {
                throw Problem("\(source): bytes \(covered)..<\(spec.begin) of the data belong to no tensor (gap "
                                + "before tensor '\(spec.name)')")
            }
            covered = spec.end
            previous = spec.name
        }
        if covered != dataSize {
            throw Problem("\(source): the tensors cover \(covered) bytes of data but the file holds \(dataSize); "
                            + "\(dataSize - covered) bytes at the end belong to no tensor")
        }
    }
}

/// One tensor's entry in a safetensors header, checked against the data it points to.
struct TensorSpec {
    enum DType: String { case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64" }

    let name: String
    let dtype: DType
    let shape: [Int]
    let begin: Int
    let end: Int

    init(name: String, json: JSON, dataSize: Int, source: String) throws {
        func fail(_ what: String) -> Problem { Problem("\(source): tensor '\(name)': \(what)") }
        guard case .object = json else {
            throw fail("expected an object with dtype, shape and data_offsets, found \(json.kind)")
        }
        for key in ["dtype", "shape", "data_offsets"] where json[key] == nil { throw fail("missing key '\(key)'") }
        guard let dtypeName = json["dtype"]?.string else { throw fail("'dtype' must be a string") }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw fail("unsupported dtype '\(dtypeName)'; CamLab reads F32, F16, BF16 and F64")
        }
        let shapeJSON = json["shape"] ?? .null
        let shape: [Int]
        if case .array(let extents) = shapeJSON { shape = extents.compactMap(\.integer) } else { shape = [] }
        guard case .array(let extents) = shapeJSON, shape.count == extents.count, shape.allSatisfy({ $0 >= 0 })
        else {
            throw fail("'shape' must be an array of non-negative integers, found \(shapeJSON.text)")
        }
        let offsetsJSON = json["data_offsets"] ?? .null
        guard case .array(let offsets) = offsetsJSON, offsets.count == 2,
              let begin = offsets[0].integer, let end = offsets[1].integer, begin >= 0, begin <= end else {
            throw fail("'data_offsets' must be [begin, end] with 0 <= begin <= end, found \(offsetsJSON.text)")
        }
        guard end <= dataSize else {
            throw fail("data_offsets [\(begin), \(end)] reach beyond the \(dataSize) bytes of data; the file is "
                       + "truncated")
        }
        let width = dtype == .f64 ? 8 : dtype == .f32 ? 4 : 2
        let size = (shape + [width]).checkedElementCount
        guard size == end - begin else {
            let needed = size.map(String.init) ?? "more than 2^63"
            throw fail("shape \(shape.shapeDescription) of \(dtypeName) needs \(needed) bytes but data_offsets "
                       + "[\(begin), \(end)] span \(end - begin)")
        }
        (self.name, self.dtype, self.shape, self.begin, self.end) = (name, dtype, shape, begin, end)
    }

    func decode(_ bytes: [UInt8], dataStart: Int) -> [Float] {
        func decode<T: FixedWidthInteger>(as type: T.Type, _ convert: (T) -> Float) -> [Float] {
            ElementDecoder.decode(bytes, offset: dataStart + begin, count: (end - begin) / MemoryLayout<T>.size,
                                  as: T.self, bigEndian: false, convert)
        }
        switch dtype {
        case .f32: return decode(as: UInt32.self) { Float(bitPattern: $0) }
        case .f64: return decode(as: UInt64.self) { Float(Double(bitPattern: $0)) }
        case .f16: return decode(as: UInt16.self) { ElementDecoder.halfToFloat($0) }
        case .bf16: return decode(as: UInt16.self) { ElementDecoder.bfloatToFloat($0) }
        }
    }
}
