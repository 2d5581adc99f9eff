import CamLabCore

extension ExplanationMethod {
    /// Every method CamLab offers, CAM family first, in the order `help` and comparisons list them.
    public static let all: [ExplanationMethod] = [
        .gradcam, .cam, .gradcamPlusPlus, .hirescam, .xgradcam, .layercam, .scorecam, .ablationcam, .eigencam,
        .eigengradcam, .saliency, .inputXGradient, .smoothgrad, .integratedGradients, .guidedBackprop,
        .guidedGradcam, .occlusion,
    ]

    /// The method named `name`, as a program writes it (`gradcam_plus_plus`), or as pytorch-grad-cam and captum
    /// spell it (`"gradcam++"`, `"GradCAMPlusPlus"`, `"IntegratedGradients"`): case, underscores and hyphens
    /// are ignored. An unknown name is an error with the closest names.
    public static func named(_ name: String) throws -> ExplanationMethod {
        let key = lookupKey(name)
        if let method = all.first(where: { lookupKey($0.name) == key || $0.aliases.contains(key) }) { return method }
        let names = all.map(\.name)
        let hint = Suggestions.didYouMean(name, among: names).map { "; \($0)" } ?? ""
        throw Problem("no explanation method is named '\(name)'\(hint). Methods: "
                           + names.joined(separator: ", "))
    }

    /// Other spellings users bring from pytorch-grad-cam and captum, as lookup keys.
    var aliases: [String] {
        [title].map(ExplanationMethod.lookupKey) + (ExplanationMethod.otherNames[name] ?? []).map(ExplanationMethod.lookupKey)
    }

    private static let otherNames: [String: [String]] = [
        "saliency": ["vanilla_gradients", "gradients"],
        "smoothgrad": ["noise_tunnel"],
        "guided_backprop": ["guided_backpropagation"],
    ]

    /// Lower case, without spaces, hyphens or underscores, "++" spelled "plusplus".
    private static func lookupKey(_ name: String) -> String {
        var key = ""
        var rest = Substring(name.lowercased())
        while let first = rest.first {
            if rest.hasPrefix("++") {
                key += "plusplus"
                rest = rest.dropFirst(2)
                continue
            }
            if first.isLetter || first.isNumber || first == "+" { key.append(first) }
            rest = rest.dropFirst()
        }
        return key
    }
}
