import CamLabLang

/// Named values: the words a program uses for colormaps, activations, optimizers and the like.
func registerConstants(in r: BuiltinRegistry) {
    // softmax is also the Softmax layer's builtin, which stands for the activation where one is expected.
    for (name, doc) in [("relu", "max(0, x)"), ("sigmoid", "1 / (1 + e^-x)"), ("tanh", "hyperbolic tangent"),
                        ("linear", "the identity")] {
        r.constant(name, kind: "activation", doc: doc)
    }
    r.constant("adam", kind: "optimizer", doc: "Adam (Kingma & Ba 2015) with Keras' defaults; learning rate 0.001.")
    r.constant("sgd", kind: "optimizer", doc: "Stochastic gradient descent; learning rate 0.01.")
    r.constant("sparse_categorical_crossentropy", kind: "loss",
               doc: "Cross-entropy for integer class labels (N,) against probabilities (N, classes).")
    r.constant("categorical_crossentropy", kind: "loss", doc: "Cross-entropy for one-hot labels (N, classes).")
    r.constant("mean_squared_error", kind: "loss", doc: "The mean of squared differences.")
    r.constant("accuracy", kind: "metric", doc: "The fraction of examples whose most probable class is the label.")
    r.constant("same", kind: "padding", doc: "Pads so a convolution keeps the input's height and width.")
    r.constant("valid", kind: "padding", doc: "No padding: a 3×3 convolution shrinks each side by one.")
    registerImageConstants(in: r)
}
