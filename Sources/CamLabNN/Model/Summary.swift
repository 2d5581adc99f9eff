import CamLabCore

extension Sequential {
    /// A table laid out like Keras' `model.summary()`: name (type), output shape, parameter count, totals.
    public func summary() -> String {
        let widths = [29, 26, 10]
        func row(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, width in
                cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
            }.joined().trimmingTrailingSpaces()
        }
        let rule = String(repeating: "_", count: 65), double = String(repeating: "=", count: 65)
        var lines = ["Model: \"\(name)\"", rule, row([" Layer (type)", "Output Shape", "Param #"]), double]
        for (i, layer) in layers.enumerated() {
            let shape = "(None, " + layer.outputShape.map(String.init).joined(separator: ", ") + ")"
            lines.append(row([" \(layer.name) (\(layer.typeName))", shape, String(layer.parameterCount)]))
            if i < layers.count - 1 { lines.append("") }
        }
        let total = parameterCount
        lines += [double,
                  "Total params: \(total) (\(byteSize(total * 4)))",
                  "Trainable params: \(total) (\(byteSize(total * 4)))",
                  "Non-trainable params: 0 (0.00 Byte)",
                  rule]
        return lines.joined(separator: "\n")
    }
}

/// Keras' human-readable byte counts: "268.88 KB".
func byteSize(_ bytes: Int) -> String {
    let units = ["Byte", "KB", "MB", "GB"]
    var value = Double(bytes), unit = 0
    while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
    return value.fixed(decimals: 2) + " " + units[unit]
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
