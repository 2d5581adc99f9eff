#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// A picture to explain and where its outputs go, relative to the output folder.
public struct Picture: Sendable, Equatable {
    /// The path as found: the argument itself, or the argument folder joined with the path inside it.
    public let path: String
    /// The output's path without extension, relative to the output folder: the path from the argument folder's
    /// own name down (`/data/photos/cats/a.jpg` found in argument `/data/photos` → `photos/cats/a`), or the file's
    /// name for a file argument.
    public let outputStem: String
}

/// The pictures the arguments name, in one sorted order every machine agrees on (byte order of the paths), so
/// that `--shard K/N` means the same pictures everywhere.
public enum PictureSet {
    /// Extensions read as pictures inside folders, in any case (Keras' list; files given by name are taken
    /// whatever their extension, and fail one by one if they are not pictures).
    public static let extensions: Set<String> = ["bmp", "gif", "jpeg", "jpg", "png", "ppm", "pgm", "pnm"]

    /// Files and folders (searched recursively, hidden entries skipped, symbolic links to folders not followed
    /// unless `followLinks`). Two pictures whose outputs would collide are an error naming both.
    public static func collect(_ arguments: [String], followLinks: Bool = false) throws(Problem) -> [Picture] {
        guard !arguments.isEmpty else { throw Problem("no pictures given: name files or folders") }
        var pictures: [Picture] = []
        for argument in arguments {
            switch kind(of: argument, followLinks: true) {
            case .missing:
                throw Problem("no such file or folder: \(FileIO.quoted(argument))")
            case .file:
                pictures.append(Picture(path: argument, outputStem: stem(lastComponent(argument))))
            case .folder:
                let found = try walk(argument, inside: "", followLinks: followLinks, depth: 0)
                guard !found.isEmpty else {
                    throw Problem("folder \(FileIO.quoted(argument)) holds no pictures ("
                                    + extensions.sorted().map { "." + $0 }.joined(separator: " ") + ")")
                }
                var base = argument
                while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
                let name = lastComponent(base)
                pictures += found.map { Picture(path: base + "/" + $0, outputStem: stem(name + "/" + $0)) }
            }
        }
        pictures.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var owner: [String: String] = [:]
        for picture in pictures {
            if let other = owner[picture.outputStem], other != picture.path {
                throw Problem("\(FileIO.quoted(other)) and \(FileIO.quoted(picture.path)) would write "
                                + "the same output '\(picture.outputStem)'; explain them in separate runs "
                                + "or with separate --out folders")
            }
            owner[picture.outputStem] = picture.path
        }
        // The same file named twice (as a file and inside a folder, say) is explained once.
        var seen = Set<String>()
        return pictures.filter { seen.insert($0.path).inserted }
    }

    private enum Kind { case missing, file, folder }

    private static func kind(of path: String, followLinks: Bool) -> Kind {
        var info = stat()
        let status = followLinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        default: return followLinks ? .file : .missing
        }
    }

    /// Picture paths inside `folder/inside`, relative to `folder`.
    private static func walk(_ folder: String, inside: String, followLinks: Bool,
                             depth: Int) throws(Problem) -> [String] {
        // A cycle of links, or an absurdly deep tree, ends here instead of exhausting the stack.
        guard depth < 64 else {
            throw Problem("folder \(FileIO.quoted(folder + "/" + inside)) is nested more than 64 levels deep")
        }
        let here = inside.isEmpty ? folder : folder + "/" + inside
        guard let directory = opendir(here) else {
            throw Problem("cannot read folder \(FileIO.quoted(here)): \(FileIO.systemReason())")
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        closedir(directory)
        var found: [String] = []
        for name in names {
            let relative = inside.isEmpty ? name : inside + "/" + name
            switch kind(of: folder + "/" + relative, followLinks: followLinks) {
            case .folder: found += try walk(folder, inside: relative, followLinks: followLinks, depth: depth + 1)
            case .file where extensions.contains(extensionOf(name).lowercased()): found.append(relative)
            default: break
            }
        }
        return found
    }

    static func lastComponent(_ path: String) -> String {
        String(path.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(path))
    }

    static func extensionOf(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// The path without its extension.
    static func stem(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
    }
}
