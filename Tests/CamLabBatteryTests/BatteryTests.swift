import Testing

/// The bad-input battery: every case in `Cases/*.battery` (at least 150 across the categories), each stating
/// what a robust CamLab does with it and checked by `BatteryRunner`.
struct BatteryTests {
    static let all = BatteryRunner.cases

    @Test func theBatteryIsLargeAndEveryCategoryHasCases() {
        #expect(Self.all.count >= 150, "the battery has \(Self.all.count) cases")
        #expect(!Self.all.contains { $0.category == "unreadable" }, "\(Self.all.filter { $0.category == "unreadable" })")
        let categories = Set(Self.all.map(\.category))
        for category in ["syntax", "arguments", "numbers", "memory", "files", "formats", "training", "messages",
                         "repl", "report", "interruption"] {
            #expect(categories.contains(category), "no cases for \(category)")
        }
    }

    @Test("battery case in a session", arguments: all.filter { $0.via == .session })
    func inSession(_ c: BatteryCase) throws {
        for failure in try BatteryRunner.runInSession(c) { Issue.record("\(c): \(failure)") }
    }

    @Test("battery case through the command", arguments: all.filter { [.cli, .script, .report].contains($0.via) })
    func throughTheCommand(_ c: BatteryCase) throws {
        for failure in try BatteryRunner.runCommand(c) { Issue.record("\(c): \(failure)") }
    }

    @Test("battery cases in one REPL", arguments: Array(Set(all.filter { $0.via == .repl }.map(\.category))).sorted())
    func inTheREPL(_ category: String) throws {
        let cases = Self.all.filter { $0.via == .repl && $0.category == category }
        for failure in try BatteryRunner.runInREPL(cases) { Issue.record("\(category): \(failure)") }
    }
}
