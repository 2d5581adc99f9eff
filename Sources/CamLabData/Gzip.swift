import CZlib
import CamLabCore

/// gzip and zlib decompression through the system zlib. This file is the only place CamLabData sees a C pointer.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number 1f 8b.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflates a gzip or zlib stream (the header is detected automatically). Concatenated gzip members, as
    /// `cat a.gz b.gz` produces, are inflated one after another. `source` names the data in error messages.
    /// With `prefix`, inflation stops after that many bytes (fewer if the data is shorter), and the rest of the
    /// stream is neither read nor checked: a quick look at the start of a large file. Without it, output beyond
    /// `limit` bytes is an error: a few kilobytes of gzip can claim terabytes (a "zip bomb").
    public static func inflate(_ input: [UInt8], source: String = "data", prefix: Int? = nil,
                               limit: Int = MemoryBudget.standard.bytes) throws -> [UInt8] {
        let wanted = max(prefix ?? (limit < Int.max ? limit + 1 : limit), 0)
        if wanted == 0 { return [] }
        var stream = z_stream()
        // 15 window bits + 32: accept both gzip and zlib headers.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Problem("cannot decompress \(source): zlib failed to start (\(status))") }
        defer { inflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: min(initialCapacity(for: input), wanted))
        var produced = 0
        var consumed = 0
        while true {
            if produced == wanted {
                if prefix == nil {
                    throw Problem("\(source) decompresses to more than the memory budget of "
                                    + "\(MemoryBudget.text(Double(limit))); it is corrupt, or too large for CamLab")
                }
                output.removeSubrange(produced...)
                return output
            }
            if produced == output.count {
                output += [UInt8](repeating: 0, count: min(max(output.count, 1 << 16), wanted - output.count))
            }
            let result: Int32 = input.withUnsafeBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress.map { $0 + consumed })
                    stream.avail_in = UInt32(min(inBuffer.count - consumed, Int(UInt32.max)))
                    stream.next_out = outBuffer.baseAddress! + produced
                    stream.avail_out = UInt32(min(outBuffer.count - produced, Int(UInt32.max)))
                    let before = (stream.avail_in, stream.avail_out)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    consumed += Int(before.0 - stream.avail_in)
                    produced += Int(before.1 - stream.avail_out)
                    return result
                }
            }
            switch result {
            case Z_OK:
                continue
            case Z_STREAM_END:
                let rest = input[consumed...]
                if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) {  // some tools pad with zeros
                    output.removeSubrange(produced...)
                    return output
                }
                guard isCompressed(Array(rest.prefix(2))) else {
                    throw Problem("\(source) has \(rest.count) unexpected bytes after its compressed stream "
                                    + "(at offset \(consumed): \(Bytes.hex(rest.prefix(8))))")
                }
                inflateReset(&stream)
            case Z_BUF_ERROR where consumed == input.count:
                throw Problem("\(source) is truncated: the compressed stream ends early after \(input.count) "
                                + "bytes (\(produced) bytes decompressed); download or copy the file again")
            case Z_BUF_ERROR:
                continue  // output was full; the loop grows it
            case Z_DATA_ERROR, Z_NEED_DICT:
                let reason = stream.msg.map { String(cString: $0) } ?? "invalid data"
                throw Problem("\(source) is not valid gzip/zlib data: \(reason) (near compressed byte "
                                + "\(consumed); the file starts with \(Bytes.hex(input.prefix(4))))")
            case Z_MEM_ERROR:
                throw Problem("cannot decompress \(source): out of memory after \(produced) bytes")
            default:
                throw Problem("cannot decompress \(source): zlib error \(result)")
            }
        }
    }

    /// gzip stores the uncompressed size modulo 2^32 in its last four bytes; trusting it (within reason) sizes
    /// the buffer once instead of doubling it a dozen times.
    private static func initialCapacity(for input: [UInt8]) -> Int {
        let fallback = max(4 * input.count, 1 << 16)
        guard isCompressed(input), input.count >= 18 else { return fallback }
        let n = input.count
        let size = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
        return size > 0 && size <= 1_000 * input.count ? size + 1 : fallback
    }

    /// Compresses `bytes` into a gzip stream (used to build test fixtures and to write .gz files).
    public static func deflate(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16: write a gzip header and trailer.
        let status = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                   Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Problem("cannot compress: zlib failed to start (\(status))") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        let result: Int32 = input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { throw Problem("cannot compress: zlib error \(result)") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}

/// Reads data files, inflating gzip transparently.
public enum DataFile {
    /// The contents of `path`, decompressed when the name ends in `.gz` or the bytes start with the gzip magic.
    /// With `prefix`, only the first `prefix` bytes of the (decompressed) contents are returned.
    /// Both the file and what it decompresses to are capped by `budget`.
    public static func read(_ path: String, prefix: Int? = nil, budget: MemoryBudget = .standard) throws -> [UInt8] {
        try contents(FileIO.read(path, limit: budget.bytes), of: path, prefix: prefix, budget: budget)
    }

    /// The contents of `path`, decompressing no more than its header declares: `declaredLength` reads the start of
    /// the contents (up to `headerBytes`) and returns the total length its header claims, or nil when it cannot
    /// tell. One byte past the declared length is kept, so the format's reader still sees (and reports) trailing
    /// data; a small file claiming to hold terabytes is stopped by the budget as before.
    public static func read(_ path: String, headerBytes: Int, budget: MemoryBudget = .standard,
                            declaredLength: ([UInt8]) -> Int?) throws -> [UInt8] {
        let raw = try FileIO.read(path, limit: budget.bytes)
        guard path.hasSuffix(".gz") || Gzip.isCompressed(raw) else { return raw }
        let head = try contents(raw, of: path, prefix: headerBytes, budget: budget)
        guard let declared = declaredLength(head), declared < budget.bytes else {
            return try contents(raw, of: path, budget: budget)
        }
        return try contents(raw, of: path, prefix: declared + 1, budget: budget)
    }

    /// `bytes`, read from `path`, decompressed as `read` would.
    static func contents(_ bytes: [UInt8], of path: String, prefix: Int? = nil,
                         budget: MemoryBudget = .standard) throws -> [UInt8] {
        guard path.hasSuffix(".gz") || Gzip.isCompressed(bytes) else {
            return prefix.map { Array(bytes.prefix(max($0, 0))) } ?? bytes
        }
        return try Gzip.inflate(bytes, source: FileIO.quoted(path), prefix: prefix, limit: budget.bytes)
    }
}

extension Gzip {
    /// Inflates a raw deflate stream (no header, as ZIP archives store entries) that must decompress to exactly
    /// `size` bytes; `source` names the data in error messages.
    public static func inflateRaw(_ input: ArraySlice<UInt8>, size: Int, source: String) throws -> [UInt8] {
        var stream = z_stream()
        let status = inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Problem("cannot decompress \(source): zlib failed to start (\(status))") }
        defer { inflateEnd(&stream) }
        // One byte of room beyond `size`, so a stream that decompresses to more is caught.
        var output = [UInt8](repeating: 0, count: size + 1)
        let input = Array(input)
        let result: Int32 = input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.avail_in = UInt32(min(inBuffer.count, Int(UInt32.max)))
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(min(outBuffer.count, Int(UInt32.max)))
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        let produced = Int(stream.total_out)
        switch result {
        case Z_STREAM_END where produced == size:
            output.removeLast()
            return output
        case Z_STREAM_END, Z_OK, Z_BUF_ERROR:
            let what = produced > size ? "more than" : result == Z_STREAM_END ? "only \(produced) of" : "a truncated stream of"
            throw Problem("\(source) decompresses to \(what) the \(size) bytes its archive declares")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
            throw Problem("\(source) is not valid deflate data: \(reason)")
        }
    }
}
