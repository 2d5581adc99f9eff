import CamLabCore
import CamLabImaging
import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// `image_dataset_from_directory` is a thin wrapper: its arrays are the domain reader's (which the Keras fixtures
/// check), and `subset: "both"` splits one shuffle into two disjoint parts that cover every picture.
@Suite struct PictureFolderBuiltinTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../CamLabImagingTests/Fixtures/keras_folders/flowers").standardized.path

    private func run(_ code: String) throws -> Session {
        let session = Session(output: RecordedOutput())
        let outcome = session.run(code)
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        return session
    }

    private func field(_ session: Session, _ variable: String, _ name: String) -> Value? {
        guard case .object(let record as Record)? = session.variable(variable) else { return nil }
        return record.fields.first { $0.name == name }?.value
    }

    @Test func theDatasetIsTheFolderReadersWithTheSameOptions() throws {
        let session = try run("ds = image_dataset_from_directory(\"\(Self.folder)\", image_size: (16, 12), seed: 7)")
        var options = ImageFolderOptions()
        options.imageSize = (16, 12)
        options.seed = 7
        let expected = try ImageFolderDataset(directory: Self.folder, options: options)
        guard case .tensor(let x)? = field(session, "ds", "x"), case .tensor(let y)? = field(session, "ds", "y"),
              case .list(let files)? = field(session, "ds", "files") else {
            Issue.record("ds lacks x, y or files")
            return
        }
        #expect(x == expected.x)
        #expect(y.scalars == expected.y?.map(Float.init))
        #expect(files.map(\.printed) == expected.files)
    }

    @Test func bothSubsetsPartitionThePictures() throws {
        let session = try run("""
            tr, va = image_dataset_from_directory("\(Self.folder)", image_size: (8, 8), validation_split: 0.3, \
            subset: "both", seed: 3)
            all = image_dataset_from_directory("\(Self.folder)", image_size: (8, 8), seed: 3)
            """)
        func files(_ name: String) -> [String] {
            guard case .list(let items)? = field(session, name, "files") else { return [] }
            return items.map(\.printed)
        }
        #expect(!files("tr").isEmpty && !files("va").isEmpty)
        #expect(Set(files("tr")).isDisjoint(with: files("va")))
        #expect((files("tr") + files("va")).sorted() == files("all").sorted())
    }

}
