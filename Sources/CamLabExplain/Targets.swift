import CamLabCore

/// The class an explanation is about: the model's prediction, a class index, or a class name such as "Shirt"
/// (looked up in `ExplainOptions.classNames`).
public enum Target: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case predicted
    case index(Int)
    case name(String)

    public init(integerLiteral value: Int) { self = .index(value) }
    public init(stringLiteral value: String) { self = .name(value) }
}

/// The class index to explain for every image: `requests` holds one target for all images or one per image;
/// `outputs` are the model's outputs (batch, classes), whose argmax is the prediction.
func resolveTargets(_ requests: [Target], outputs: Tensor, classNames: [String]?) throws -> [Int] {
    let (count, classes) = (outputs.shape[0], outputs.shape[1])
    guard requests.count == 1 || requests.count == count else {
        throw Problem("got \(requests.count) targets for \(count) images; give one target for all images "
                           + "or one per image")
    }
    if let names = classNames, names.count != classes {
        throw Problem("got \(names.count) class names for a model with \(classes) classes")
    }
    return try (0..<count).map { image in
        let request = requests.count == 1 ? requests[0] : requests[image]
        switch request {
        case .predicted:
            // The first maximum, as argmax does.
            let row = image * classes
            return (0..<classes).reduce(0) { outputs.scalars[row + $1] > outputs.scalars[row + $0] ? $1 : $0 }
        case .index(let index):
            guard (0..<classes).contains(index) else {
                throw Problem("prediction target \(index) is outside the model's classes 0 to \(classes - 1)")
            }
            return index
        case .name(let name):
            guard let names = classNames else {
                throw Problem("target \"\(name)\" is a class name, but no class names were given; "
                                   + "pass them (names: class_names) or give the class index")
            }
            if let index = names.firstIndex(of: name) { return index }
            let hint = Suggestions.closest(to: name, among: names, limit: 1).first.map { "; did you mean \"\($0)\"?" }
            throw Problem("no class is named \"\(name)\"" + (hint ?? ". The classes are: " + DisplayText.list(names)))
        }
    }
}
