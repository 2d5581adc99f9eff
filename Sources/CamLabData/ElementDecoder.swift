import CamLabCore

/// Converts the stored elements of IDX, NPY and safetensors files to `Float`, CamLab's only element type.
enum ElementDecoder {
    /// Decodes `count` elements stored as `T` (in the given byte order) starting at `offset`, converting each
    /// with `convert`. One tight loop over an unsafe buffer keeps a 47 MB MNIST file well under a second.
    /// Callers have checked that the bytes are there.
    static func decode<T: FixedWidthInteger>(_ bytes: [UInt8], offset: Int, count: Int, as type: T.Type,
                                             bigEndian: Bool, _ convert: (T) -> Float) -> [Float] {
        guard count > 0 else { return [] }
        let width = MemoryLayout<T>.size
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress! + offset
                for i in 0..<count {
                    let stored = (base + i * width).loadUnaligned(as: T.self)
                    out[i] = convert(bigEndian ? T(bigEndian: stored) : T(littleEndian: stored))
                }
            }
            initialized = count
        }
    }

    /// Bytes as unsigned integers 0…255, the common case (MNIST pixels and labels). Large arrays are converted
    /// in chunks on CamLab's workers: the work is mostly first-touch page faults on the new 188 MB array, which
    /// the kernel serves faster from several cores than from one.
    static func unsignedBytes(_ bytes: [UInt8], offset: Int, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBufferPointer { source in
                let (input, output) = (SharedPointer(UnsafeMutablePointer(mutating: source.baseAddress! + offset)),
                                       SharedPointer(out.baseAddress!))
                Parallel.forEachChunk(count, minimumChunk: 1 << 18) { _, range in
                    for i in range { output[i] = Float(input[i]) }
                }
            }
            initialized = count
        }
    }

    /// IEEE half precision to Float, by bits, so it works wherever Swift's `Float16` is unavailable.
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits >> 15) << 31
        let exponent = Int(bits >> 10 & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }  // inf / NaN
        if exponent == 0 {
            // Zero or subnormal: value = mantissa × 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
    }

    /// bfloat16 is the top half of a Float.
    static func bfloatToFloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
}
