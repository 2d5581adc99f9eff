import Testing
import CamLabCore
@testable import CamLabNN

/// Reports printed at dev time by scikit-learn 1.9.1 (NumPy 2.4): `classification_report(y_true, y_pred,
/// labels=range(classes), target_names=names, digits=digits)`; `warnings` are its UndefinedMetricWarning texts.
let sklearnReports: [(title: String, labels: [Int], predictions: [Int], names: [String]?, classes: Int,
                      digits: Int, text: String, warnings: [String])] = [
    ("three animals",
     [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
     [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 0, 2, 2, 2, 0, 1],
     ["cat", "dog", "bird"], 3, 2,
        #"""
                      precision    recall  f1-score   support

                 cat       0.71      0.83      0.77         6
                 dog       0.60      0.60      0.60         5
                bird       0.75      0.60      0.67         5

            accuracy                           0.69        16
           macro avg       0.69      0.68      0.68        16
        weighted avg       0.69      0.69      0.68        16

        """#,
     []),
    ("a class never predicted and one absent",
     [0, 0, 1, 1, 2, 2, 2],
     [0, 2, 0, 2, 2, 2, 0],
     nil, 4, 2,
        #"""
                      precision    recall  f1-score   support

                   0       0.33      0.50      0.40         2
                   1       0.00      0.00      0.00         2
                   2       0.50      0.67      0.57         3
                   3       0.00      0.00      0.00         0

            accuracy                           0.43         7
           macro avg       0.21      0.29      0.24         7
        weighted avg       0.31      0.43      0.36         7

        """#,
     [
        "precision is ill-defined and set to 0.0 for classes never predicted: 1, 3",
        "recall is ill-defined and set to 0.0 for classes with no examples: 3",
        "f1-score is ill-defined and set to 0.0 for classes neither present nor predicted: 3",
     ]),
    ("Fashion-MNIST names, 200 random examples",
     [8, 6, 5, 2, 3, 0, 0, 0, 1, 8, 6, 9, 5, 6, 9, 7, 6, 5, 5, 9, 2, 8, 6, 0, 3, 8, 5, 0, 7, 7, 8, 1, 0, 8, 0,
      5, 0, 2, 4, 4, 4, 0, 0, 1, 0, 6, 5, 6, 2, 6, 7, 3, 4, 9, 8, 9, 3, 6, 9, 6, 8, 6, 7, 3, 8, 1, 5, 7, 8, 5, 3,
      3, 4, 4, 7, 8, 0, 9, 5, 3, 6, 5, 2, 3, 7, 5, 5, 3, 7, 3, 3, 8, 2, 2, 7, 6, 0, 0, 3, 8, 4, 7, 3, 2, 7, 8, 0,
      0, 6, 3, 5, 1, 8, 4, 8, 7, 7, 2, 7, 0, 5, 4, 9, 1, 9, 0, 6, 5, 8, 2, 9, 6, 8, 1, 7, 9, 0, 3, 6, 1, 5, 6, 7,
      9, 4, 4, 4, 9, 1, 4, 0, 4, 9, 6, 3, 9, 6, 9, 0, 4, 8, 7, 4, 4, 4, 5, 2, 7, 0, 4, 2, 7, 7, 7, 9, 9, 1, 1, 1,
      7, 9, 9, 6, 9, 8, 0, 1, 8, 0, 9, 8, 9, 3, 1, 5, 9, 3, 8, 3, 8],
     [8, 6, 6, 5, 3, 0, 0, 7, 1, 5, 6, 9, 7, 6, 2, 7, 5, 5, 2, 9, 2, 8, 3, 0, 3, 8, 7, 0, 7, 7, 8, 1, 3, 8, 0,
      5, 9, 2, 9, 4, 4, 0, 3, 1, 0, 8, 5, 0, 2, 6, 7, 3, 4, 9, 8, 6, 2, 6, 6, 6, 8, 6, 7, 1, 2, 1, 5, 0, 6, 5, 3,
      8, 4, 4, 0, 5, 0, 2, 7, 5, 4, 5, 2, 3, 4, 5, 5, 6, 7, 3, 3, 8, 2, 2, 1, 6, 0, 3, 6, 8, 4, 7, 3, 2, 7, 8, 6,
      0, 6, 1, 5, 1, 8, 7, 8, 7, 2, 2, 2, 2, 8, 4, 9, 1, 8, 0, 6, 5, 8, 2, 6, 6, 8, 5, 7, 9, 0, 9, 6, 1, 5, 4, 4,
      9, 8, 4, 4, 7, 1, 6, 0, 4, 3, 0, 3, 9, 6, 9, 8, 4, 8, 7, 3, 4, 4, 5, 2, 7, 0, 4, 0, 8, 7, 3, 0, 4, 7, 1, 1,
      6, 9, 8, 7, 9, 8, 6, 1, 9, 0, 9, 8, 9, 3, 1, 5, 9, 3, 4, 3, 3],
     ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"], 10, 2,
        #"""
                      precision    recall  f1-score   support

         T-shirt/top       0.71      0.62      0.67        24
             Trouser       0.80      0.86      0.83        14
            Pullover       0.56      0.83      0.67        12
               Dress       0.60      0.60      0.60        20
                Coat       0.70      0.74      0.72        19
              Sandal       0.68      0.68      0.68        19
               Shirt       0.54      0.62      0.58        21
             Sneaker       0.62      0.57      0.59        23
                 Bag       0.68      0.71      0.69        24
          Ankle boot       0.76      0.54      0.63        24

            accuracy                           0.66       200
           macro avg       0.67      0.68      0.67       200
        weighted avg       0.67      0.66      0.66       200

        """#,
     []),
    ("four digits",
     [8, 6, 5, 2, 3, 0, 0, 0, 1, 8, 6, 9, 5, 6, 9, 7, 6, 5, 5, 9, 2, 8, 6, 0, 3, 8, 5, 0, 7, 7, 8, 1, 0, 8, 0,
      5, 0, 2, 4, 4, 4, 0, 0, 1, 0, 6, 5, 6, 2, 6],
     [8, 6, 6, 5, 3, 0, 0, 7, 1, 5, 6, 9, 7, 6, 2, 7, 5, 5, 2, 9, 2, 8, 3, 0, 3, 8, 7, 0, 7, 7, 8, 1, 3, 8, 0,
      5, 9, 2, 9, 4, 4, 0, 3, 1, 0, 8, 5, 0, 2, 6],
     nil, 10, 4,
        #"""
                      precision    recall  f1-score   support

                   0     0.8750    0.6364    0.7368        11
                   1     1.0000    1.0000    1.0000         3
                   2     0.6000    0.7500    0.6667         4
                   3     0.4000    1.0000    0.5714         2
                   4     1.0000    0.6667    0.8000         3
                   5     0.5000    0.4286    0.4615         7
                   6     0.8000    0.5000    0.6154         8
                   7     0.5000    1.0000    0.6667         3
                   8     0.8333    0.8333    0.8333         6
                   9     0.5000    0.6667    0.5714         3

            accuracy                         0.6800        50
           macro avg     0.7008    0.7482    0.6923        50
        weighted avg     0.7345    0.6800    0.6837        50

        """#,
     []),
    ("exact ties round half to even",
     [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
     [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
     ["a", "b"], 2, 2,
        #"""
                      precision    recall  f1-score   support

                   a       0.12      1.00      0.22         1
                   b       1.00      0.53      0.70        15

            accuracy                           0.56        16
           macro avg       0.56      0.77      0.46        16
        weighted avg       0.95      0.56      0.67        16

        """#,
     []),
    ("exact ties with three digits",
     [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
     [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
     ["a", "b"], 2, 3,
        #"""
                      precision    recall  f1-score   support

                   a      0.125     1.000     0.222         1
                   b      1.000     0.533     0.696        15

            accuracy                          0.562        16
           macro avg      0.562     0.767     0.459        16
        weighted avg      0.945     0.562     0.666        16

        """#,
     []),
    ("a long class name widens the first column",
     [0, 1, 1, 0],
     [0, 1, 0, 0],
     ["a rather long class name", "b"], 2, 2,
        #"""
                                  precision    recall  f1-score   support

        a rather long class name       0.67      1.00      0.80         2
                               b       1.00      0.50      0.67         2

                        accuracy                           0.75         4
                       macro avg       0.83      0.75      0.73         4
                    weighted avg       0.83      0.75      0.73         4

        """#,
     []),
]

@Test func reportTextMatchesScikitLearn() throws {
    for reference in sklearnReports {
        let report = try ClassificationReport(labels: reference.labels, predictions: reference.predictions,
                                              classNames: reference.names ?? (0..<reference.classes).map(String.init))
        #expect(report.text(digits: reference.digits) == reference.text, "\(reference.title)")
        #expect(report.warnings == reference.warnings, "\(reference.title)")
    }
}

@Test func defaultClassNamesAreTheIDs() throws {
    // Without names the classes run from 0 to the largest id seen, as with labels=range(max + 1) in sklearn.
    let reference = sklearnReports[1]
    let report = try ClassificationReport(labels: reference.labels, predictions: reference.predictions)
    #expect(report.classes.map(\.name) == ["0", "1", "2"])
    #expect(report.description.hasPrefix("              precision    recall  f1-score   support\n\n           0"))
}

@Test func numbersMatchAHandComputation() throws {
    // "three animals": cat is predicted 7 times (5 right), dog 5 times (3 right), bird 4 times (3 right);
    // supports are 6, 5, 5.
    let reference = sklearnReports[0]
    let report = try ClassificationReport(labels: reference.labels, predictions: reference.predictions,
                                          classNames: ["cat", "dog", "bird"])
    let precision = [5.0 / 7, 3.0 / 5, 3.0 / 4]
    let recall = [5.0 / 6, 3.0 / 5, 3.0 / 5]
    let f1 = [10.0 / 13, 6.0 / 10, 6.0 / 9]  // 2·tp / (support + predicted)
    let support = [6, 5, 5]
    for k in 0..<3 {
        #expect(abs(report.classes[k].precision - precision[k]) < 1e-15)
        #expect(abs(report.classes[k].recall - recall[k]) < 1e-15)
        #expect(abs(report.classes[k].f1 - f1[k]) < 1e-15)
        #expect(report.classes[k].support == support[k])
        // F1 is also the harmonic mean of precision and recall.
        #expect(abs(report.classes[k].f1 - 2 * precision[k] * recall[k] / (precision[k] + recall[k])) < 1e-15)
    }
    #expect(report.accuracy == 11.0 / 16)
    #expect(report.support == 16)
    #expect(abs(report.macroAverage.precision - (5.0 / 7 + 3.0 / 5 + 3.0 / 4) / 3) < 1e-15)
    #expect(abs(report.weightedAverage.precision - (6 * 5.0 / 7 + 5 * 3.0 / 5 + 5 * 3.0 / 4) / 16) < 1e-15)
    #expect(abs(report.weightedAverage.recall - report.accuracy) < 1e-15)  // weighted recall is accuracy
    #expect(report.warnings.isEmpty)
}

@Test func tensorsAndScoresGiveTheSameReport() throws {
    let reference = sklearnReports[0]
    let labels = Tensor(reference.labels.map(Float.init))
    // One-hot-ish scores whose argmax is the prediction.
    var scores = [Float](repeating: 0.1, count: reference.predictions.count * 3)
    for (i, p) in reference.predictions.enumerated() { scores[i * 3 + p] = 0.8 }
    let fromScores = try ClassificationReport(labels: labels, predictions: Tensor(shape: [16, 3], scalars: scores),
                                              classNames: ["cat", "dog", "bird"])
    let fromIDs = try ClassificationReport(labels: labels, predictions: Tensor(reference.predictions.map(Float.init)),
                                           classNames: ["cat", "dog", "bird"])
    #expect(fromScores.text() == reference.text)
    #expect(fromIDs == fromScores)
}
