import CamLabCore
/// The text of `help()` and `help(name)`, read from the registry.
package struct Help {
    let registry: BuiltinRegistry

    package init(registry: BuiltinRegistry) { self.registry = registry }

    package func text(for topic: Value) -> String {
        switch topic {
        case .none: return overview()
        case .builtin(let builtin): return describe(builtin)
        case .function(let function): return "\(function.signature)\n  defined in \(function.source.name)"
        case .named(let named):
            return "\(named.name): \(named.kind). \(registry.constants[named.name]?.doc ?? "")"
        case .string(let name):
            if let builtin = registry.functions[name] { return describe(builtin) }
            if let constant = registry.constants[name] { return text(for: constant.value) }
            let hint = Suggestions.didYouMean(name, among: registry.allNames).map { " (\($0))" } ?? ""
            return "no builtin named '\(name)'\(hint); help() lists them all"
        case .object(let object):
            return "\(topic.typeNameWithArticle) with members: " + object.memberNames.joined(separator: ", ")
        default:
            return "\(topic.typeNameWithArticle): \(topic.shortDescription)"
        }
    }

    private func describe(_ builtin: Builtin) -> String {
        Self.wrapped(signature: builtin.signature, indent: "", continuation: "    ") + "\n"
            + DisplayText.wrapped(builtin.doc, indent: "  ")
    }

    private func overview() -> String {
        var lines = ["CamLab builtins (help(name) describes one):"]
        for topic in registry.topics {
            lines.append("")
            lines.append("\(topic):")
            for builtin in registry.functions.values.filter({ $0.topic == topic }).sorted(by: { $0.name < $1.name }) {
                lines.append(Self.wrapped(signature: builtin.signature, indent: "  ", continuation: "          "))
                lines.append(DisplayText.wrapped(builtin.doc, indent: "      "))
            }
        }
        let kinds = Dictionary(grouping: registry.constants.keys, by: { name -> String in
            if case .named(let named) = registry.constants[name]!.value { return named.kind }
            return "constant"
        })
        lines.append("")
        lines.append("named values:")
        for kind in kinds.keys.sorted() {
            let names = kinds[kind]!.sorted().joined(separator: ", ")
            lines.append(DisplayText.wrapped("\(kind): " + names, indent: "  ", continuation: "    "))
        }
        return lines.joined(separator: "\n")
    }

    /// A signature as lines of at most 100 characters, broken only between its parameters (never inside a
    /// default such as `(256, 256)` or a string), the later lines led by `continuation`.
    static func wrapped(signature: String, indent: String, continuation: String, width: Int = 100) -> String {
        var parameters: [String] = []
        var current = "", depth = 0, quoted = false
        for character in signature {
            current.append(character)
            if character == "\"" { quoted.toggle() }
            guard !quoted else { continue }
            switch character {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            case "," where depth == 1:
                parameters.append(current)
                current = ""
            default: break
            }
        }
        parameters.append(current)
        return DisplayText.wrapped(words: parameters.map { $0.drop(while: { $0 == " " }) }, width: width,
                                   indent: indent, continuation: continuation)
    }
}
