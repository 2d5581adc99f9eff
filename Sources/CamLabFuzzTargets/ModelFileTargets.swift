import CamLabModelFiles

/// The model-file readers: HDF5 (walked whole, then read as a Keras .h5 model), ZIP (every member, then read as
/// a .keras archive) and Keras configs (a model built from the JSON).
extension FuzzTargets {
    static func hdf5(_ bytes: [UInt8]) {
        if let file = try? HDF5File(bytes: bytes, source: "fuzz.h5"), let root = try? file.root {
            var budget = 2_000
            walk(root, depth: 0, budget: &budget)
        }
        _ = try? ModelFiles.decode(bytes, format: "h5", source: "fuzz.h5", budget: budget)
    }

    /// Every attribute and dataset below `object`; hard links may form cycles, so depth and count are bounded.
    private static func walk(_ object: HDF5Object, depth: Int, budget: inout Int) {
        budget -= 1
        guard budget > 0, depth < 8 else { return }
        for name in (try? object.attributeNames()) ?? [] { _ = try? object.attribute(name) }
        if object.isDataset { _ = try? object.readFloats(); return }
        guard let children = try? HDF5Object.Children(object) else { return }
        for name in children.names {
            if let child = try? children.child(name) { walk(child, depth: depth + 1, budget: &budget) }
        }
    }

    static func zip(_ bytes: [UInt8]) {
        if let archive = try? ZipArchive(bytes: bytes, source: "fuzz.zip", budget: budget) {
            for member in archive.members.prefix(16) { _ = try? archive.read(member.name) }
        }
        _ = try? ModelFiles.decode(bytes, format: "keras", source: "fuzz.keras", budget: budget)
    }

    static func kerasConfig(_ bytes: [UInt8]) {
        _ = try? ModelFiles.kerasModel(config: bytes, source: "fuzz config", budget: budget)
    }
}
