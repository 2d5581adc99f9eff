/// Reads fixed-width numbers from a byte array at given offsets. Callers check bounds first; these helpers
/// only assemble bytes, so the format readers stay about the format.
enum Bytes {
    static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    static func littleEndianUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }

    static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func appendLittleEndian(_ value: UInt64, to bytes: inout [UInt8]) {
        for i in 0..<8 { bytes.append(UInt8(value >> (8 * UInt64(i)) & 0xFF)) }
    }

    /// The product of `dims`, or nil when it overflows: dimensions come from files and may be absurd.
    static func checkedProduct(_ dims: [Int]) -> Int? {
        var product = 1
        for d in dims {
            let (result, overflow) = product.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            product = result
        }
        return product
    }

    /// "1f 8b 08 00", the way a hex dump shows bytes.
    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}

/// Element types that appear in IDX, NPY and safetensors files, with their on-disk width. The readers convert
/// every one of them to `Float`, CamLab's only element type.
enum ElementDecoder {
    /// Decodes `count` elements of `width` bytes starting at `offset` with `body`, which receives a raw pointer
    /// to each element. One tight loop over an unsafe buffer keeps a 47 MB MNIST file well under a second.
    static func decode(_ bytes: [UInt8], offset: Int, count: Int, width: Int,
                       _ body: (UnsafeRawPointer) -> Float) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress! + offset
                for i in 0..<count { out[i] = body(base + i * width) }
            }
            initialized = count
        }
    }

    /// Bytes as unsigned integers 0…255, the common case (MNIST pixels and labels), without per-element closures.
    static func unsignedBytes(_ bytes: [UInt8], offset: Int, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBufferPointer { source in
                for i in 0..<count { out[i] = Float(source[offset + i]) }
            }
            initialized = count
        }
    }

    static func bigEndian<T: FixedWidthInteger>(_ type: T.Type, _ pointer: UnsafeRawPointer) -> T {
        T(bigEndian: pointer.loadUnaligned(as: T.self))
    }

    static func littleEndian<T: FixedWidthInteger>(_ type: T.Type, _ pointer: UnsafeRawPointer) -> T {
        T(littleEndian: pointer.loadUnaligned(as: T.self))
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
