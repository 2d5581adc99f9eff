import CamLabCore

/// A colormap with matplotlib's exact 256-entry lookup table (see `ColormapTables.swift`, generated from
/// matplotlib by `Scripts/generate-colormaps.py`). Every map also exists reversed, named with `_r`.
public struct Colormap: Sendable, Equatable {
    public let name: String
    /// 256 × 3 values in [0, 1]: entry `i` is `(table[3i], table[3i+1], table[3i+2])` = red, green, blue.
    public let table: [Double]

    /// The names of the built-in maps, without reversed variants (every one also exists as `name_r`).
    public static let names: [String] = colormapTables.keys.filter { !$0.hasSuffix("_r") }.sorted()

    /// Looks a map up by name, ignoring case (`viridis`, `Greens`, `reds_r`, …).
    public init(named name: String) throws {
        let key = name.lowercased()
        guard let text = colormapTables[key] else {
            throw Problem("unknown colormap '\(name)'; choose one of: \(Colormap.names.joined(separator: ", ")) "
                             + "(add _r for the reversed map, e.g. 'reds_r')")
        }
        self.name = key
        self.table = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Double($0)! }
    }

    public static let viridis = try! Colormap(named: "viridis")
    public static let gray = try! Colormap(named: "gray")
    public static let greens = try! Colormap(named: "greens")
    public static let jet = try! Colormap(named: "jet")
    /// Diverging: blue below the middle, red above; for signed maps.
    public static let coolwarm = try! Colormap(named: "coolwarm")

    /// The lookup-table index of `value`, as matplotlib computes it for floats: `Int(value * 256)`, with 1.0 (=256)
    /// mapped to the last entry and anything outside [0, 1] clamped to the ends. NaN gives `nil` ("bad" colour).
    public static func index(of value: Double) -> Int? {
        if value.isNaN { return nil }
        let scaled = value * 256
        if scaled < 0 { return 0 }
        if scaled >= 255 { return 255 }
        return Int(scaled)
    }

    /// The colour of `value` as (red, green, blue) in [0, 1]. NaN maps to black, as matplotlib's transparent
    /// "bad" colour does once composited.
    public func color(_ value: Double) -> (red: Double, green: Double, blue: Double) {
        guard let i = Colormap.index(of: value) else { return (0, 0, 0) }
        return (table[3 * i], table[3 * i + 1], table[3 * i + 2])
    }

    /// The colour of `value` in 8 bits, truncated as `(lut * 255).astype(uint8)` does.
    public func color8(_ value: Double) -> [UInt8] {
        let (r, g, b) = color(value)
        return [UInt8(r * 255), UInt8(g * 255), UInt8(b * 255)]
    }
}
