/// An object's members in one table: each name beside how to read it. Completion after `.`, "did you mean" and
/// reading a member all use the same table, so the names offered and the names that answer cannot disagree.
public struct MemberTable<Object>: @unchecked Sendable {
    private let entries: [(name: String, read: (Object) -> Value)]

    public init(_ entries: KeyValuePairs<String, (Object) -> Value>) {
        self.entries = entries.map { (name: $0.key, read: $0.value) }
    }

    /// The names in the table's order, which is the order completion offers them in.
    public var names: [String] { entries.map(\.name) }

    public func value(_ name: String, of object: Object) -> Value? {
        entries.first { $0.name == name }?.read(object)
    }
}

/// An object whose members are those of its table.
public protocol TabulatedMembers: CamLabObject {
    static var members: MemberTable<Self> { get }
}

extension TabulatedMembers {
    public var memberNames: [String] { Self.members.names }
    public func member(_ name: String) -> Value? { Self.members.value(name, of: self) }
}
