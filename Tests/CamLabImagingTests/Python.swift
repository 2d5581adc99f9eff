import Foundation

/// Runs `python3 -c script arguments…` (stdlib only) and returns its standard output; an independent
/// implementation for the tests to compare against.
func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// Runs a program if it is installed; returns (exit status, output), or nil when it is missing.
func runIfInstalled(_ program: String, _ arguments: [String]) throws -> (Int32, String)? {
    guard let path = ["/usr/bin/", "/usr/local/bin/", "/bin/"].map({ $0 + program })
        .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "camlab-imaging-\(getpid())-\(name)"
}

func hexBytes(_ text: Substring) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}

/// A PNG decoder written with Python's zlib and struct only: checks the signature and every chunk's CRC,
/// inflates IDAT, undoes the five row filters (8-bit, non-interlaced), prints "width height colortype hexpixels".
let pythonPNGDecoder = """
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'signature'
pos, idat, ihdr = 8, b'', None
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    (crc,) = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
    assert zlib.crc32(kind + body) & 0xffffffff == crc, 'crc of ' + kind.decode()
    if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
    if kind == b'IDAT': idat += body
    pos += 12 + length
    if kind == b'IEND': break
w, h, depth, ctype, _, _, interlace = ihdr
assert depth == 8 and interlace == 0
bpp = {0: 1, 2: 3, 6: 4}[ctype]
raw, stride, out, prev = zlib.decompress(idat), w * bpp, bytearray(), bytearray(w * bpp)
for y in range(h):
    f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: row[i] = (row[i] + a) & 255
        elif f == 2: row[i] = (row[i] + b) & 255
        elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    out += row
    prev = row
print(w, h, ctype, out.hex())
"""

/// Writes test PNGs in the layouts libpng must convert (palette, 16-bit, gray+alpha, transparency, 2-bit gray,
/// Adam7-free), using only zlib and struct, and prints the 8-bit pixels CamLab should decode them to:
/// "channels hexpixels". Pixel p of a w×h image has value v = (p * 29 + 5) % 256.
let pythonPNGWriter = """
import struct, sys, zlib
kind, path, w, h = sys.argv[1], sys.argv[2], 5, 3
def chunk(t, b): return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
def write(depth, ctype, rows, extra=b''):
    raw = b''.join(b'\\x00' + r for r in rows)
    png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0))
    png += extra + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
    open(path, 'wb').write(png)
v = [(p * 29 + 5) % 256 for p in range(w * h)]
rows = lambda f: [b''.join(f(v[y * w + x]) for x in range(w)) for y in range(h)]
if kind == 'palette':
    palette = bytes(c for i in range(256) for c in (i, 255 - i, (i * 7) % 256))
    write(8, 3, rows(lambda s: bytes([s])), chunk(b'PLTE', palette))
    out = (3, b''.join(bytes([s, 255 - s, (s * 7) % 256]) for s in v))
elif kind == 'palette-trns':
    palette = bytes(c for i in range(256) for c in (i, 255 - i, (i * 7) % 256))
    alphas = bytes((i * 3) % 256 for i in range(256))
    write(8, 3, rows(lambda s: bytes([s])), chunk(b'PLTE', palette) + chunk(b'tRNS', alphas))
    out = (4, b''.join(bytes([s, 255 - s, (s * 7) % 256, (s * 3) % 256]) for s in v))
elif kind == 'rgb16':
    write(16, 2, rows(lambda s: struct.pack('>HHH', s * 257 + 1, (255 - s) * 256, 65535 - s)))
    out = (3, b''.join(bytes([s, 255 - s, (65535 - s) >> 8]) for s in v))
elif kind == 'gray16':
    write(16, 0, rows(lambda s: struct.pack('>H', s * 256 + 255)))
    out = (1, bytes(v))
elif kind == 'gray-alpha':
    write(8, 4, rows(lambda s: bytes([s, 255 - s])))
    out = (4, b''.join(bytes([s, s, s, 255 - s]) for s in v))
elif kind == 'gray-trns':
    write(8, 0, rows(lambda s: bytes([s])), chunk(b'tRNS', struct.pack('>H', v[0])))
    out = (4, b''.join(bytes([s, s, s, 0 if s == v[0] else 255]) for s in v))
elif kind == 'gray2':
    w = 4
    v = [(p * 29 + 5) % 4 for p in range(w * h)]
    write(2, 0, [bytes([(v[y*w] << 6) | (v[y*w+1] << 4) | (v[y*w+2] << 2) | v[y*w+3]]) for y in range(h)])
    out = (1, bytes(s * 85 for s in v))
print(w, h, out[0], out[1].hex())
"""
