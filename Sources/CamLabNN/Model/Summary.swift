import CamLabCore

extension Model {
    /// A table laid out like Keras' `model.summary()` (TensorFlow 2.15): name (type), output shape, parameter
    /// count and, for a graph, the layers each one reads ("Connected to"); then the totals, trainable and not.
    public func summary() -> String {
        let widths = isSequential ? [29, 26, 10] : [29, 29, 10, 30]
        let width = widths.reduce(0, +)
        func row(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, width in
                cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
            }.joined().trimmingTrailingSpaces()
        }
        func shape(_ s: [Int]) -> String { "(None, " + s.map(String.init).joined(separator: ", ") + ")" }
        let rule = String(repeating: "_", count: width), double = String(repeating: "=", count: width)
        var header = [" Layer (type)", "Output Shape", "Param #"]
        if !isSequential { header.append("Connected to") }
        var lines = ["Model: \"\(name)\"", rule, row(header), double]
        var rows: [[String]] = []
        if !isSequential { rows.append([" \(inputName) (InputLayer)", "[\(shape(inputShape))]", "0", "[]"]) }
        for (i, layer) in layers.enumerated() {
            var cells = [" \(layer.name) (\(layer.typeName))", shape(layer.outputShape), String(layer.parameterCount)]
            if !isSequential {
                let sources = inputNodes[i].map { "'\($0 == 0 ? inputName : layers[$0 - 1].name)[0][0]'" }
                cells.append("[" + sources.joined(separator: ", ") + "]")
            }
            rows.append(cells)
        }
        for (i, cells) in rows.enumerated() {
            if i > 0 { lines.append("") }
            lines.append(row(cells))
        }
        let total = parameterCount
        let trainable = trainableParameters.reduce(0) { $0 + $1.value.count }
        lines += [double,
                  "Total params: \(total) (\(byteSize(total * 4)))",
                  "Trainable params: \(trainable) (\(byteSize(trainable * 4)))",
                  "Non-trainable params: \(total - trainable) (\(byteSize((total - trainable) * 4)))",
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
