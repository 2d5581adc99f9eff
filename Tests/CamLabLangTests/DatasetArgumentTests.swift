import CamLabCore
import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// `fit`, `evaluate`, `predict` and `explain` take a dataset from `image_dataset_from_directory` as Keras takes a
/// `tf.data.Dataset`: each gives what the same call gives on the dataset's x and y written out, and the label modes
/// and labels read as Keras reads them.
@Suite struct DatasetArgumentTests {
    static let folder = PictureFolderBuiltinTests.folder

    /// A tiny classifier of the flowers fixture's 8×8 pictures, built the same way for every call.
    static let setup = """
        tr, va = image_dataset_from_directory("\(folder)", image_size: (8, 8), validation_split: 0.3, \
        subset: "both", seed: 5)
        func tiny(classes = 3, activation = softmax) {
            return sequential([rescaling(1 / 255, input_shape: (8, 8, 3)), conv2d(2, 3, activation: relu),
                               global_average_pooling2d(), dense(classes, activation: activation)], seed: 3)
        }
        """

    private func run(_ code: String) throws -> Session {
        let session = Session(output: RecordedOutput())
        let outcome = session.run(Self.setup + "\n" + code)
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        return session
    }

    private func failure(_ code: String) -> (message: String, help: String?)? {
        let outcome = Session(output: RecordedOutput()).run(Self.setup + "\n" + code)
        return outcome.diagnostics.first.map { ($0.message, $0.help) }
    }

    private func tensor(_ session: Session, _ name: String) -> Tensor? {
        if case .tensor(let t)? = session.variable(name) { return t }
        if case .number(let n)? = session.variable(name) { return Tensor([Float(n)]) }
        return nil
    }

    @Test func fitEvaluateAndPredictTakeTheDatasetAsItsXAndY() throws {
        let session = try run("""
            a = tiny()
            compile(a, loss: sparse_categorical_crossentropy)
            ha = fit(a, tr, epochs: 2, batch_size: 4, shuffle: false, validation_data: va, verbose: false)
            b = tiny()
            compile(b, loss: sparse_categorical_crossentropy)
            hb = fit(b, tr.x, tr.y, epochs: 2, batch_size: 4, shuffle: false, validation_data: (va.x, va.y), \
            verbose: false)
            loss_a = ha.loss
            loss_b = hb.loss
            val_a = ha.val_loss
            val_b = hb.val_loss
            ea = evaluate(a, va)
            eb = evaluate(b, va.x, va.y)
            pa = predict(a, va)
            pb = predict(b, va.x)
            """)
        for (a, b) in [("loss_a", "loss_b"), ("val_a", "val_b"), ("ea", "eb"), ("pa", "pb")] {
            let got = try #require(session.variable(a)), want = try #require(session.variable(b))
            #expect(got.printed == want.printed, "\(a) should equal \(b)")
        }
    }

    @Test func explainExplainsEveryPictureAndNamesTheDatasetsClasses() throws {
        let session = try run("""
            m = tiny()
            es = explain(m, va)
            one = explain(m, va.x[0:1], names: va.class_names)
            count = len(es)
            first = es[0].target_name
            same = max(abs(es[0].heatmap - one.heatmap))
            named = one.target_name
            """)
        guard case .number(let count)? = session.variable("count"), case .string(let first)? = session.variable("first"),
              case .string(let named)? = session.variable("named"), case .number(let same)? = session.variable("same"),
              case .object(let va as Record)? = session.variable("va"), case .tensor(let x)? = va.member("x") else {
            Issue.record("explain gave no list of named explanations")
            return
        }
        #expect(Int(count) == x.shape[0])
        #expect(first == named && ["daisy", "rose", "tulip"].contains(first))
        #expect(same == 0)
    }

    @Test func categoricalAndBinaryLabelsTrainWithTheirLosses() throws {
        let session = try run("""
            cat = image_dataset_from_directory("\(Self.folder)", image_size: (8, 8), label_mode: "categorical", seed: 1)
            m = tiny()
            compile(m, loss: categorical_crossentropy)
            h = fit(m, cat, epochs: 1, verbose: false)
            y_shape = shape(cat.y)
            two = image_dataset_from_directory("\(Self.folder)", image_size: (8, 8), label_mode: "binary", seed: 1, \
            labels: [0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0])
            b = tiny(classes: 1, activation: sigmoid)
            compile(b, loss: mean_squared_error)
            hb = fit(b, two, epochs: 1, verbose: false)
            b_shape = shape(two.y)
            names = two.class_names
            bare = image_dataset_from_directory("\(Self.folder)", image_size: (8, 8), labels: none, shuffle: false)
            shown = str(bare)
            outputs = predict(m, bare)
            """)
        #expect(session.variable("y_shape")?.printed == "(11, 3)")
        #expect(session.variable("b_shape")?.printed == "(12, 1)")
        #expect(session.variable("names")?.printed == "[\"0\", \"1\"]")
        #expect(session.variable("shown")?.printed == "<dataset: 12 pictures of 8×8×3 without labels>")
        #expect(tensor(session, "outputs")?.shape == [12, 3])
    }

    /// Each refusal says what is wrong and what to write instead.
    @Test func misuseSaysWhatToDo() {
        let cases: [(String, String, String?)] = [
            ("fit(tiny(), tr, tr.y)", "fit: the dataset brings its own labels, so y is not needed",
             "leave out y: fit(model, ds, …)"),
            ("fit(tiny(), tr.x)", "fit() is missing argument 'y'",
             "give the labels after x, or pass a dataset from image_dataset_from_directory, which holds its labels"),
            ("bare = image_dataset_from_directory(\"\(Self.folder)\", image_size: (8, 8), labels: none, seed: 1)\n"
                + "evaluate(tiny(), bare)",
             "evaluate: the dataset has no labels (it was read with labels: none or label_mode: none)",
             "read the folder with labels: \"inferred\" to learn its sub-folders' classes, or give the labels: "
                + "evaluate(model, ds.x, y)"),
            ("fit(tiny(), fashion_mnist(limit: 10))",
             "fit: 'x' takes a dataset of pictures from image_dataset_from_directory or a tensor, got "
                + "dataset <Fashion-MNIST: 10 training and 10 test images, 28×28>",
             "unpack this one first: (x_train, y_train), (x_test, y_test) = data"),
            ("image_dataset_from_directory(\"\(Self.folder)\", label_mode: \"binary\")",
             "image_dataset_from_directory: label_mode \"binary\" needs exactly 2 classes, but there are 3 (daisy, "
                + "rose, tulip)", "use label_mode \"categorical\" (one-hot) or \"int\" (class numbers) for more"),
            ("image_dataset_from_directory(\"\(Self.folder)\", label_mode: \"sparse\")",
             "image_dataset_from_directory: unknown label mode 'sparse'", "choose one of int, categorical, binary"),
            ("image_dataset_from_directory(\"\(Self.folder)\", labels: \"folders\")",
             "image_dataset_from_directory: labels must be \"inferred\", none or a list of whole numbers, got "
                + "string \"folders\"",
             "\"inferred\" numbers the class sub-folders; none reads the pictures without labels; a list gives one "
                + "label per picture, in the sorted order of their paths"),
            ("image_dataset_from_directory(\"\(Self.folder)\", labels: [0, 1])",
             "image_dataset_from_directory: labels gives 2 labels but '\(Self.folder)' holds 12 pictures: give one "
                + "label per picture, in the sorted order of their paths", nil),
            ("image_dataset_from_directory(\"\(Self.folder)\", labels: [0, 1.5])",
             "image_dataset_from_directory: 'labels' must be a list of whole numbers, one per picture, got list [0, 1.5]",
             nil),
        ]
        for (code, message, help) in cases {
            let got = failure(code)
            #expect(got?.message == message, "\(code)")
            #expect(got?.help == help, "\(code)")
        }
    }
}
