import CamLabCore
import CamLabNN
import Testing
@testable import CamLabExplain

@Test func targetsMustBeOneValidClass() throws {
    let model = try handBuiltModel()
    #expect(throws: Problem("Grad-CAM explains exactly one target at a time, got [0, 1]; call explain once "
                                 + "per class")) { try explain(model: model, x: handInput, targets: [0, 1]) }
    #expect(throws: Problem("prediction target 2 is outside the model's classes 0 to 1")) {
        try explain(model: model, x: handInput, targets: [2])
    }
    #expect(throws: Problem("prediction target -1 is outside the model's classes 0 to 1")) {
        try explain(model: model, x: handInput, targets: [-1])
    }
}

@Test func layersWithoutSpatialOutputAreRefusedWithTheOnesThatWork() throws {
    let model = try tinyRandomModel()
    #expect(throws: Problem("cannot compute Grad-CAM on layer 'dense' (Dense, output shape (None, 3)): it needs "
                                 + "a 4-D output (batch, height, width, channels); layers that work: 'conv2d', "
                                 + "'conv2d_1'")) { try explain(model: model, x: tinyInput(), layer: "dense") }
    #expect(throws: Problem.self) { try explain(model: model, x: tinyInput(), layer: -2) }
    #expect(throws: Problem("layer index 9 is out of range; model 'sequential' has 4 layers (0 to 3, or -1 "
                                 + "for the last)")) { try explain(model: model, x: tinyInput(), layer: 9) }
    do {
        _ = try explain(model: model, x: tinyInput(), layer: "conv2d_2")
        Issue.record("an unknown layer name was accepted")
    } catch let error as Problem {
        #expect(error.message.hasPrefix("model 'sequential' has no layer named 'conv2d_2'; did you mean"))
    }
}

@Test func theDefaultLayerIsTheLastWithSpatialOutput() throws {
    let model = try tinyRandomModel()
    let explanation = try explain(model: model, x: tinyInput())
    #expect(explanation.layerName == "conv2d_1" && explanation.layerIndex == 1)
    #expect(explanation.heatmap.width == 4 && explanation.heatmap.height == 4)
    let flat = try Model(inputShape: [4], layers: [Dense(units: 2)])
    do {
        _ = try explain(model: flat, x: Tensor.zeros([4]))
        Issue.record("a model without a spatial layer was explained with Grad-CAM")
    } catch let error as Problem {
        #expect(error.message.hasPrefix("model 'sequential' has no layer with a (height, width, channels) output "
                                        + "to compute Grad-CAM on; Grad-CAM needs a convolutional or pooling layer. "
                                        + "Methods that work on any classifier:"))
    }
}

@Test func inputMustBeOneImageOfTheModelsShape() throws {
    let model = try tinyRandomModel()
    #expect(throws: Problem("explain takes one image, got a batch of 2 ((2, 6, 6, 1)); pick one image, "
                                 + "e.g. x[0]")) { try explain(model: model, x: Tensor.zeros([2, 6, 6, 1])) }
    #expect(throws: Problem.self) { try explain(model: model, x: Tensor.zeros([5, 5, 1])) }
    // One image without the batch axis is accepted and gives the same explanation as the batch of one.
    let single = Tensor(shape: [6, 6, 1], scalars: tinyInput().scalars)
    #expect(try explain(model: model, x: single).heatmap == explain(model: model, x: tinyInput()).heatmap)
}
