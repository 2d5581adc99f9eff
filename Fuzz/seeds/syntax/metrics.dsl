# Hand-checked: class cat 1/1 right; dog 1 of 2 right (one taken for eel); eel 1/1 right, predicted twice.
y_true = tensor([0, 1, 1, 2])
y_pred = tensor([0, 1, 2, 2])
print(accuracy_score(y_true, y_pred), accuracy_score(y_true, tensor([[0.9, 0.1, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]])))  # expect: 0.75 1
cm = confusion_matrix(y_true, y_pred, names: ["cat", "dog", "eel"])
print(cm)
# expect: true \ predicted  cat  dog  eel
# expect:              cat    1    0    0
# expect:              dog    0    1    1
# expect:              eel    0    0    1
print(cm.support, cm.counts[1])           # expect: [1, 2, 1] tensor([0, 1, 1], shape=(3,))
r = classification_report(y_true, y_pred, names: ["cat", "dog", "eel"])
print(r)
# expect:               precision    recall  f1-score   support
# expect: 
# expect:          cat       1.00      1.00      1.00         1
# expect:          dog       1.00      0.50      0.67         2
# expect:          eel       0.50      1.00      0.67         1
# expect: 
# expect:     accuracy                           0.75         4
# expect:    macro avg       0.83      0.83      0.78         4
# expect: weighted avg       0.88      0.75      0.75         4
# expect: 
print(r.precision, r.recall, r.accuracy)  # expect: [1, 1, 0.5] [1, 0.5, 1] 0.75
