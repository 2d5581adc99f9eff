import CamLabCore
#if canImport(Glibc)
import Glibc
#endif

/// The file system as Keras' folder readers see it: names in a directory, whether a path is a directory, and
/// every (folder, file) below a directory in `tf.io.gfile.walk`'s order once sorted as Keras sorts it.
enum DirectoryWalk {
    /// The names in `path` (without "." and ".."), unsorted; an error names the folder and the reason.
    static func names(in path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            throw Problem("cannot read the folder \(FileIO.quoted(path)): \(FileIO.systemReason())")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// True for a directory, or (when `followingLinks`) a link to one.
    static func isDirectory(_ path: String, followingLinks: Bool = true) -> Bool {
        var info = stat()
        let status = followingLinks ? stat(path, &info) : lstat(path, &info)
        return status == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `os.path.join` for two parts.
    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty || directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Every file below `root` as (folder, name): folders in Python's string order of their paths, names sorted
    /// within each (Keras' `sorted(walk, key=lambda x: x[0])` then `sorted(files)`). Links to folders are
    /// descended only when `followLinks`.
    static func files(below root: String, followLinks: Bool) throws -> [(folder: String, name: String)] {
        var folders: [(path: String, files: [String])] = []
        var pending = [root]
        while let folder = pending.popLast() {
            var files: [String] = []
            for name in try names(in: folder) {
                let path = join(folder, name)
                if isDirectory(path, followingLinks: followLinks) { pending.append(path) } else { files.append(name) }
            }
            folders.append((folder, files))
        }
        return folders.sorted { pythonOrder($0.path, $1.path) }.flatMap { folder in
            folder.files.sorted(by: pythonOrder).map { (folder.path, $0) }
        }
    }

    /// Python's `str` ordering: by Unicode code points (Swift's `<` on String compares canonically equivalent
    /// forms, which may differ).
    static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
