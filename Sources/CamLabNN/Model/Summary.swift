import CamLabCore

extension Model {
    /// A table laid out like Keras' `model.summary()` (TensorFlow 2.15): name (type), output shape, parameter
    /// count and, for a graph, the layers each one reads ("Connected to"); then the totals, trainable and not.
    public func summary() -> String {
        let positions = isSequential ? [29, 55, 65] : [29, 58, 68, 98]
        let width = positions.last!
        func row(_ cells: [String]) -> String { summaryRow(cells, positions: positions) }
        func shape(_ s: [Int]) -> String { "(None, " + s.map(String.init).joined(separator: ", ") + ")" }
        let rule = String(repeating: "_", count: width), double = String(repeating: "=", count: width)
        var header = ["Layer (type)", "Output Shape", "Param #"]
        if !isSequential { header.append("Connected to") }
        var lines = ["Model: \"\(name)\"", rule, row(header), double]
        var rows: [[String]] = []
        if !isSequential { rows.append(["\(inputName) (InputLayer)", "[\(shape(inputShape))]", "0", "[]"]) }
        for (i, layer) in layers.enumerated() {
            var cells = ["\(layer.name) (\(layer.typeName))", shape(layer.outputShape), String(layer.parameterCount)]
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

/// One row of the table as TensorFlow 2.15's `print_row` lays it out: each cell starts at its column's position
/// (the first after one space); a cell too long for its column (two spaces short of the next, one more except
/// in the last) continues on following lines, broken preferably after "),", "],", "'," or "},".
func summaryRow(_ cells: [String], positions: [Int]) -> String {
    var left = cells.map { Array($0) }
    var lines: [String] = []
    repeat {
        var line = ""
        for column in left.indices {
            let start = column == 0 ? 0 : positions[column - 1]
            let isLast = column == positions.count - 1
            var cutoff = positions[column] - start - (isLast ? 0 : 3)
            let fits = Array(left[column].prefix(cutoff))
            let breaks = fits.indices.dropLast().filter { i in
                fits[i + 1] == "," && [")", "}", "]", "'"].contains(fits[i])
            }
            if let earliest = breaks.first { cutoff = earliest + 2 }
            if column == 0 { line += " " }
            line += String(left[column].prefix(cutoff)) + (isLast ? "" : "  ")
            left[column] = Array(left[column].dropFirst(cutoff))
            if line.count < positions[column] { line += String(repeating: " ", count: positions[column] - line.count) }
        }
        lines.append(line.trimmingTrailingSpaces())
    } while left.contains { !$0.isEmpty }
    return lines.joined(separator: "\n")
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
