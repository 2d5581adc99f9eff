import Testing
@testable import CamLabReport

@Test func proseAndCodeAlternateWithLineNumbers() {
    let script = """
    #: # Walkthrough
    #:
    #: Load the data.

    x = load("a")
    # a plain comment stays in the code

    y = 2
    #: Train.
    fit(x)
    """
    let cells = ScriptCells.split(script)
    #expect(cells == [
        ScriptCell(kind: .prose, text: "# Walkthrough\n\nLoad the data.", firstLine: 1),
        ScriptCell(kind: .code, text: "x = load(\"a\")\n# a plain comment stays in the code\n\ny = 2", firstLine: 5),
        ScriptCell(kind: .prose, text: "Train.", firstLine: 9),
        ScriptCell(kind: .code, text: "fit(x)", firstLine: 10),
    ])
}

@Test func bareMarkerSplitsCodeCells() {
    let cells = ScriptCells.split("a = 1\n#:\nb = 2\n")
    #expect(cells.map(\.text) == ["a = 1", "b = 2"])
    #expect(cells.map(\.firstLine) == [1, 3])
}

@Test func scriptWithoutProseIsOneCell() {
    #expect(ScriptCells.split("#!/usr/bin/env camlab\nprint(1)\r\n") == [
        ScriptCell(kind: .code, text: "#!/usr/bin/env camlab\nprint(1)", firstLine: 1),
    ])
    #expect(ScriptCells.split("") == [])
}
