extension HDF5File {
    /// The links of an old-style group: a version 1 B-tree whose leaves are symbol table nodes, each entry naming
    /// its object by an offset into the group's local heap. The walk visits each node once and at most 64 levels.
    func symbolTable(tree: Int, heap: Int, path: String) throws -> [(name: String, address: Int)] {
        let what = "the symbol table of '\(path)'"
        let heapAt = try position(heap, what)
        guard try reader.slice(heapAt, 4, what).elementsEqual(Array("HEAP".utf8)) else {
            throw reader.fail("\(what) points to offset \(heapAt), which is not a local heap")
        }
        guard let dataSize = try reader.int(heapAt + 8, lengthSize, what),
              let dataAddress = try reader.int(heapAt + 8 + 2 * lengthSize, offsetSize, what) else {
            throw reader.fail("the local heap of '\(path)' at offset \(heapAt) has no data segment")
        }
        let data = try position(dataAddress, "the local heap of '\(path)'")
        try reader.check(data, dataSize, "the local heap of '\(path)'")

        var links: [(String, Int)] = []
        var visited: Set<Int> = [], visitedNodes: Set<Int> = []
        var pending: [(address: Int, level: Int?)] = [(tree, nil)]
        while let (address, expectedLevel) = pending.popLast() {
            let node = try position(address, what)
            guard visited.insert(node).inserted, visited.count <= 100_000 else {
                throw reader.fail("\(what) revisits its B-tree node at offset \(node)")
            }
            guard try reader.slice(node, 4, what).elementsEqual(Array("TREE".utf8)) else {
                throw reader.fail("\(what) points to offset \(node), which is not a B-tree node")
            }
            let level = Int(try reader.byte(node + 5, what))
            guard try reader.byte(node + 4, what) == 0, level < 64, expectedLevel.map({ $0 == level }) ?? true else {
                throw reader.fail("the B-tree node of '\(path)' at offset \(node) is not a group node of the expected level")
            }
            let entries = Int(try reader.uint(node + 6, 2, what))
            let first = node + 8 + 2 * offsetSize
            for i in 0..<entries {
                guard let child = try reader.int(first + lengthSize + i * (lengthSize + offsetSize), offsetSize, what) else {
                    throw reader.fail("the B-tree node of '\(path)' at offset \(node) has an undefined child")
                }
                if level > 0 {
                    pending.append((child, level - 1))
                } else {
                    // A damaged tree may point at one node many times: each is read once.
                    guard visitedNodes.insert(child).inserted else {
                        throw reader.fail("\(what) names its symbol table node at address \(child) twice")
                    }
                    links += try symbolNode(child, heapData: data, heapSize: dataSize, path: path)
                }
            }
        }
        return links
    }

    /// The entries of one symbol table node ("SNOD"): names from the local heap, object header addresses.
    private func symbolNode(_ address: Int, heapData: Int, heapSize: Int, path: String) throws -> [(String, Int)] {
        let what = "a symbol table node of '\(path)'"
        let node = try position(address, what)
        guard try reader.slice(node, 4, what).elementsEqual(Array("SNOD".utf8)) else {
            throw reader.fail("the B-tree of '\(path)' points to offset \(node), which is not a symbol table node")
        }
        let count = Int(try reader.uint(node + 6, 2, what))
        let entrySize = 2 * offsetSize + 24
        try reader.check(node + 8, count * entrySize, what)
        return try (0..<count).map { i in
            let entry = node + 8 + i * entrySize
            guard let nameOffset = try reader.int(entry, offsetSize, what), nameOffset < heapSize,
                  let object = try reader.int(entry + offsetSize, offsetSize, what) else {
                throw reader.fail("entry \(i) of \(what) at offset \(entry) has a name or address outside its heap")
            }
            return (try reader.cString(heapData + nameOffset, limit: heapSize - nameOffset, "a name in '\(path)'"), object)
        }
    }
}
