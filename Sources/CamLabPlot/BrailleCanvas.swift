/// A character grid where each cell holds a 2×4 block of dots (Unicode braille, U+2800–U+28FF), giving a terminal
/// line chart four times the vertical resolution of plain characters. Each cell remembers the colour of the last
/// dot drawn in it.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var dots: [UInt8]
    private var colors: [String?]

    init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        dots = Array(repeating: 0, count: self.columns * self.rows)
        colors = Array(repeating: nil, count: self.columns * self.rows)
    }

    var pixelWidth: Int { columns * 2 }
    var pixelHeight: Int { rows * 4 }

    /// Lights the dot at pixel (x, y), y growing downwards; dots outside the canvas are ignored.
    mutating func set(_ x: Int, _ y: Int, color: String?) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        let cell = (y / 4) * columns + x / 2
        dots[cell] |= bits[x % 2][y % 4]
        colors[cell] = color
    }

    /// A straight segment by Bresenham's algorithm.
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: String?) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        while true {
            set(x, y, color: color)
            if x == x1 && y == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// The canvas as `rows` strings of `columns` characters, coloured when `color`.
    func render(color: Bool) -> [String] {
        (0..<rows).map { row in
            var line = ""
            for column in 0..<columns {
                let cell = row * columns + column
                let glyph = Character(Unicode.Scalar(0x2800 + UInt32(dots[cell]))!)
                if color, dots[cell] != 0, let hex = colors[cell] {
                    line += ansiForeground(hex) + String(glyph) + ansiReset
                } else {
                    line.append(dots[cell] == 0 ? " " : glyph)
                }
            }
            return line
        }
    }
}

let ansiReset = "\u{1B}[0m"

/// The escape that sets the terminal's text colour to "#RRGGBB" (24-bit colour).
func ansiForeground(_ hex: String) -> String {
    let (r, g, b) = Palette.rgb(hex)
    return "\u{1B}[38;2;\(r);\(g);\(b)m"
}

/// The escape that sets the terminal's background colour.
func ansiBackground(_ rgb: (UInt8, UInt8, UInt8)) -> String { "\u{1B}[48;2;\(rgb.0);\(rgb.1);\(rgb.2)m" }

/// `text` cut or right-padded to exactly `width` characters, with "…" marking a cut.
func fit(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
    guard width > 0 else { return "" }
    if text.count > width { return String(text.prefix(max(0, width - 1))) + "…" }
    let pad = String(repeating: " ", count: width - text.count)
    return alignRight ? pad + text : text + pad
}
