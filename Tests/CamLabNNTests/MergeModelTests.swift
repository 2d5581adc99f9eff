import Testing
import CamLabCore
@testable import CamLabNN

// Graphs with the new layers: shape errors that name both shapes, and batch normalization's coupling of a batch.
@Suite struct MergeModelTests {
    @Test func addOfMismatchedShapesNamesBoth() throws {
        #expect(throws: Problem("Add 'add' needs inputs of one shape, got (4, 4, 3) and (4, 4, 8)")) {
            try Model(inputShape: [4, 4, 3], nodes: [
                (try Conv2D(filters: 8, kernelSize: (3, 3), padding: .same), [0]),
                (Add(), [0, 1]),
            ])
        }
    }

    @Test func concatenateNeedsAgreeingLeadingAxes() throws {
        #expect(throws: Problem("Concatenate 'concatenate' needs inputs that differ only in the last axis, "
                                   + "got (4, 4, 3) and (2, 2, 3)")) {
            try Model(inputShape: [4, 4, 3], nodes: [(try MaxPooling2D(), [0]), (Concatenate(), [0, 1])])
        }
        let model = try Model(inputShape: [4, 4, 3], nodes: [
            (try Conv2D(filters: 5, kernelSize: (1, 1)), [0]), (Concatenate(), [0, 1]),
        ])
        #expect(model.outputShape == [4, 4, 8])
    }

    @Test func subtractTakesExactlyTwo() throws {
        #expect(throws: Problem("Subtract 'subtract' takes exactly 2 inputs, got 3")) {
            try Model(inputShape: [3], nodes: [(Rescaling(scale: 2), [0]), (Subtract(), [0, 1, 1])])
        }
        #expect(throws: Problem("Multiply 'multiply' merges at least 2 inputs, got 1")) {
            try Model(inputShape: [3], nodes: [(Multiply(), [0])])
        }
    }

    @Test func batchNormalizationSupportsOnlyTheChannelAxis() throws {
        #expect(throws: Problem("BatchNormalization 'batch_normalization' supports only the channel axis "
                                   + "(axis: -1, channels-last); got axis: 1 for inputs of shape (4, 4, 3)")) {
            try Model(inputShape: [4, 4, 3], layers: [try BatchNormalization(axis: 1)])
        }
    }

    @Test func dilationWidensTheWindow() throws {
        let valid = try Model(inputShape: [9, 9, 1], layers: [
            try Conv2D(filters: 1, kernelSize: (3, 3), dilationRate: (2, 3)),
        ])
        #expect(valid.outputShape == [5, 3, 1])
        #expect(throws: Problem("Conv2D 'conv2d': a 3x3 window (dilated to 9x9) does not fit an input of 8x8 "
                                   + "with padding \"valid\"; use padding: \"same\" or a smaller kernel")) {
            try Model(inputShape: [8, 8, 1], layers: [try Conv2D(filters: 1, kernelSize: (3, 3), dilationRate: (4, 4))])
        }
    }

    @Test func trainingBatchNormalizationKeepsTheBatchInOnePass() throws {
        let bn = try BatchNormalization()
        let model = try Model(inputShape: [32, 32, 3], layers: [
            try Conv2D(filters: 64, kernelSize: (3, 3), padding: .same), bn, ActivationLayer(.relu),
        ])
        #expect(model.passSize(256, training: true) == 256)
        bn.trainable = false
        #expect(model.passSize(256, training: true) < 256, "a frozen BN uses its moving statistics")
        #expect(bn.couplesExamples(training: false) == false)
    }

    @Test func softmaxLayerLogitsAreItsInput() throws {
        let model = try Model(inputShape: [4], layers: [try Dense(units: 3), Softmax()])
        #expect(model.layers[1].name == "softmax")
        #expect(model.logitsValue == NodeValue(node: 2, beforeActivation: true))
        let x = Tensor(shape: [1, 4], scalars: [0.5, -1, 2, 0.25])
        let logits = try model.logits(x)
        let pass = ForwardPass(model: model, input: x)
        #expect(logits == pass.output(ofLayer: 0))
    }
}

/// An unnamed layer before one the user named `conv2d` is named `conv2d_1`, as Keras would: given names are taken
/// first.
@Test func givenNamesAreTakenBeforeAutomaticNames() throws {
    let first = try Conv2D(filters: 2, kernelSize: (1, 1)), second = try Conv2D(filters: 2, kernelSize: (1, 1))
    second.name = "conv2d"
    let model = try Model(inputShape: [3, 3, 1], nodes: [(first, [0]), (second, [1])])
    #expect(model.layers.map(\.name) == ["conv2d_1", "conv2d"])
}
