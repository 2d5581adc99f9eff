/// The picture form of a value, when it has one: what a notebook shows for a bare `image(x)`, `e` or `p`.
extension Value {
    public var picture: Picture? {
        switch self {
        case .object(let object as ImageObject): return .image(object.image, title: nil)
        case .object(let object as ExplanationObject): return (try? object.formatted()).map { .image($0, title: nil) }
        case .object(let object as PlotObject): return .plot(object.plot)
        case .object(let object as DisplayableObject): return .plot(object.plot)
        default: return nil
        }
    }
}
