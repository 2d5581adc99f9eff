import CamLabCore
/// Keras' `index_directory`: the class names, and the pictures with their labels in Keras' order before shuffling.
struct FolderIndex {
    /// The extensions Keras keeps (`ALLOWLIST_FORMATS`), compared in lower case.
    static let extensions = [".bmp", ".gif", ".jpeg", ".jpg", ".png"]

    var classNames: [String]
    var files: [String]
    var labels: [Int32]

    /// Class names are the sorted names of `directory`'s sub-folders that do not start with "." (or `classNames`,
    /// which must name the same folders, in the order that numbers them); each class's pictures are found
    /// recursively and sorted as Keras sorts them; a path is `directory` joined with the class folder and the
    /// path below it.
    init(directory: String, classNames requested: [String]?, followLinks: Bool) throws {
        let folders = try DirectoryWalk.names(in: directory).sorted(by: DirectoryWalk.pythonOrder).filter {
            !$0.hasPrefix(".") && DirectoryWalk.isDirectory(DirectoryWalk.join(directory, $0))
        }
        if let requested {
            guard Set(requested) == Set(folders), requested.count == folders.count else {
                throw Problem("the class names \(requested) do not match the sub-folders of '\(directory)': "
                                 + "\(folders)")
            }
        }
        classNames = requested ?? folders
        let number = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, Int32($0)) })
        files = []
        labels = []
        for folder in folders {
            let classRoot = DirectoryWalk.join(directory, folder)
            for (parent, name) in try DirectoryWalk.files(below: classRoot, followLinks: followLinks)
            where FolderIndex.extensions.contains(where: name.lowercased().hasSuffix) {
                files.append(DirectoryWalk.join(parent, name))
                labels.append(number[folder]!)
            }
        }
    }

    /// `index_directory` with `labels=None` or a list of labels: every picture below `directory`, sorted as Keras
    /// sorts them, hidden folders included (Keras walks the whole tree from the top); one unnamed class, label 0.
    init(everyPictureBelow directory: String, followLinks: Bool) throws {
        classNames = []
        files = try DirectoryWalk.files(below: directory, followLinks: followLinks).filter { _, name in
            FolderIndex.extensions.contains(where: name.lowercased().hasSuffix)
        }.map { DirectoryWalk.join($0.folder, $0.name) }
        labels = Array(repeating: 0, count: files.count)
    }
}
