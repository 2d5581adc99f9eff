extension String {
    /// The text with every scalar `escape` gives a replacement for replaced by it (an empty one drops it), the
    /// others kept: the one loop behind JSON's quoting and SVG's entities, each of which only names its table.
    public func escaping(_ escape: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replacement = escape(scalar) { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
