import CamLabData
import CamLabCore

/// Writes a run walkthrough as a Jupyter notebook (nbformat 4.5): prose cells become Markdown cells, code cells
/// carry their outputs and execution counts, and the metadata names the CamLab kernel, so the file opens in
/// JupyterLab, Notebook or VS Code ready to run again, and renders on a forge as it is.
public enum NotebookReport {
    public static func render(_ report: Report, withRunFacts: Bool = true) -> String {
        var cells: [JSON] = []
        var executionCount = 0
        for (index, cell) in report.cells.enumerated() {
            let id = JSON.string("cell-\(index + 1)")
            let source = sourceLines(cell.cell.text)
            switch cell.status {
            case .prose:
                cells.append(.object([("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
                                      ("source", source)]))
            case .succeeded, .failed, .skipped:
                var count = JSON.null
                if cell.status != .skipped { executionCount += 1; count = .number(String(executionCount)) }
                cells.append(.object([("cell_type", .string("code")), ("execution_count", count), ("id", id),
                                      ("metadata", .object([])), ("outputs", .array(outputs(cell.outputs))),
                                      ("source", source)]))
            }
        }
        var metadata: [(String, JSON)] = [("kernelspec", KernelIdentity.kernelspec),
                                          ("language_info", KernelIdentity.languageInfo)]
        if withRunFacts {
            metadata.append(("camlab", .object([
                ("version", .string(report.camLabVersion)), ("date", .string(report.date)),
                ("script", .string(report.scriptName)), ("seed", report.seed.map { .number(String($0)) } ?? .null),
                ("run_seconds", .number(formatDecimal(report.runSeconds, 2)))])))
        }
        let notebook = JSON.object([("cells", .array(cells)), ("metadata", .object(metadata)), ("nbformat", .number("4")),
                                    ("nbformat_minor", .number("5"))])
        return notebook.pretty() + "\n"
    }

    /// Jupyter keeps multi-line text as a list of lines, each but the last ending in "\n".
    static func sourceLines(_ text: String) -> JSON {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if var last = lines.popLast() {
            last.removeLast()
            if !last.isEmpty { lines.append(last) }
        }
        return .array(lines.map { .string($0) })
    }

    static func outputs(_ outputs: [CellOutput]) -> [JSON] {
        outputs.map { output in
            switch output {
            case .text(let text):
                return .object([("name", .string("stdout")), ("output_type", .string("stream")),
                                ("text", sourceLines(text))])
            case .error(let error):
                return .object([("output_type", .string("error"))] + NotebookBundles.errorFields(error))
            case .image, .plot:
                return .object([("data", NotebookBundles.bundle(output) ?? .object([])), ("metadata", .object([])),
                                ("output_type", .string("display_data"))])
            }
        }
    }
}

extension NotebookReport {
    /// A script as a notebook without running it: its cells, no outputs, no execution counts, ready to run.
    public static func unrun(script: String, scriptName: String) -> String {
        let cells = ScriptCells.split(script).map { cell in
            Report.Cell(cell: cell, status: cell.kind == .prose ? .prose : .skipped, outputs: [], seconds: 0)
        }
        return render(Report(title: scriptName, scriptName: scriptName, cells: cells, camLabVersion: camLabVersion,
                             date: "", runSeconds: 0, seed: nil), withRunFacts: false)
    }
}

/// `camlab convert`: a notebook back into a script, Markdown cells as `#:` prose and code cells as code, so a
/// walkthrough edited in Jupyter returns to its `.dsl` form (and `camlab report` turns it back again).
public enum NotebookConverter {
    public static func script(fromNotebook bytes: [UInt8], name: String) throws -> String {
        let notebook: JSON
        do { notebook = try JSON.parse(bytes[...]) } catch {
            throw Problem("'\(name)' is not a notebook: \(error.message)")
        }
        guard let cells = notebook["cells"]?.array, notebook["nbformat"]?.integer == 4 else {
            throw Problem("'\(name)' is not an nbformat 4 notebook (no 'cells' list or 'nbformat': 4)")
        }
        if let language = notebook["metadata"]?["kernelspec"]?["language"]?.string, language != KernelIdentity.language {
            throw Problem("'\(name)' is a \(language) notebook, not a CamLab one: its kernel is "
                + "'\(notebook["metadata"]?["kernelspec"]?["name"]?.string ?? language)'")
        }
        var blocks: [(kind: String, text: String)] = []
        for (index, cell) in cells.enumerated() {
            guard let kind = cell["cell_type"]?.string, let source = text(of: cell["source"]) else {
                throw Problem("'\(name)': cell \(index + 1) has no 'cell_type' or 'source'")
            }
            let trimmed = source.trimmingBlankLines()
            if trimmed.isEmpty { continue }
            switch kind {
            case "markdown":
                blocks.append((kind, trimmed.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "#:" : "#: " + $0 }.joined(separator: "\n")))
            case "code":
                blocks.append((kind, trimmed))
            default:  // raw cells have no place in a script; keep their text visible as comments
                blocks.append((kind, trimmed.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "# " + $0 }.joined(separator: "\n")))
            }
        }
        // The walkthrough style: prose right above the code it introduces, a blank line after code. Two code
        // cells in a row stay two cells: a bare `#:` line splits them.
        var script = ""
        for (index, block) in blocks.enumerated() {
            if index > 0 {
                switch (blocks[index - 1].kind, block.kind) {
                case ("markdown", "code"): script += "\n"
                case ("code", "code"): script += "\n#:\n"
                default: script += "\n\n"
                }
            }
            script += block.text
        }
        return blocks.isEmpty ? "" : script + "\n"
    }

    /// A cell's source: one string, or a list of lines.
    private static func text(of source: JSON?) -> String? {
        switch source {
        case .string(let text)?: return text
        case .array(let lines)?:
            var text = ""
            for line in lines { guard let part = line.string else { return nil }; text += part }
            return text
        default: return nil
        }
    }
}

private extension String {
    func trimmingBlankLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
