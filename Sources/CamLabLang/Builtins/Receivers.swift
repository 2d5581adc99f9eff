/// Which values a builtin can be called on as a method: `a.f(b)` calls `f(a, b)`, so `f` is a method of the
/// types its first parameter takes. The builtins name their first parameter after what it takes (`model`,
/// `path`, `explanation`), so one table of those names serves completion after `value.` without a
/// declaration in every builtin.
extension Builtin {
    /// The type names (`Value.typeName`) this builtin takes first; "*" for any value, empty when it is not a method.
    var receiverTypes: Set<String> {
        if let types = Self.receiversByBuiltin[name] { return types }
        guard let first = parameters.first, !first.isLabelled else { return [] }
        return Self.receiversByParameter[first.name] ?? []
    }

    private static let anyValue: Set<String> = ["*"]
    private static let receiversByParameter: [String: Set<String>] = [
        "model": ["model"],
        "x": ["tensor"],
        "a": ["tensor"],
        "y_true": ["tensor", "list"],
        "explanation": ["explanation"],
        "path": ["string"],
        "list": ["list"],
        "items": ["list", "tuple", "range"],
        "tensors": ["list", "tuple"],
        "images": ["list", "tuple"],
        "value": anyValue,
        "values": anyValue,
        "image": anyValue,
    ]
    /// Where the first parameter's name is not enough.
    private static let receiversByBuiltin: [String: Set<String>] = [
        "round": ["number"], "format": ["number"], "abs": ["number", "tensor"],
        "exp": ["number", "tensor"], "log": ["number", "tensor"], "sqrt": ["number", "tensor"],
        "len": ["list", "tuple", "string", "range", "tensor"], "number": ["string", "bool", "tensor"],
        "tensor": ["list", "tuple", "number", "range"],
    ]

    /// True when `value.name(…)` makes sense for this value.
    func isMethod(of value: Value) -> Bool {
        let types = receiverTypes
        return types.contains("*") || types.contains(value.typeName)
    }
}
