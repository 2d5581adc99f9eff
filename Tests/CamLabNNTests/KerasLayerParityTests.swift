import Testing
import Foundation
import CamLabCore
import CamLabData
@testable import CamLabNN

/// Single layers against what Keras 2.15 computed (Scripts/fixtures/keras_graph_layers.py, keras_layers.safetensors):
/// for each case the layer is built with the script's settings and weights, run on `<case>/x`, and its output,
/// its input gradients for the cotangent `<case>/r`, its weight gradients and (after a training call) its moving
/// statistics are compared with Keras'. Tolerance: 1e-5, absolute for values up to 1 and relative above.
@Suite struct KerasLayerParityTests {
    static let fixture = try? KerasFixture("keras_layers.safetensors")

    func tensor(_ name: String) throws -> Tensor {
        try #require(Self.fixture, "cannot read Fixtures/keras_layers.safetensors").tensor(name)
    }

    @discardableResult
    func expectClose(_ got: Tensor, _ want: Tensor, _ what: String, tolerance: Float = 1e-5,
                     sourceLocation: SourceLocation = #_sourceLocation) -> Float {
        expectKerasClose(got, want, what, tolerance: tolerance, sourceLocation: sourceLocation)
    }

    /// Runs case `name` through `layer` and compares everything the fixture holds for it; returns the worst error.
    @discardableResult
    func check(_ name: String, _ layer: any Layer, inputs inputCount: Int = 1, training: Bool = false,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> Float {
        let inputNames = inputCount == 1 ? ["x"] : (0..<inputCount).map { "x\($0)" }
        let inputs = try inputNames.map { try tensor("\(name)/\($0)") }
        var generator = SeededGenerator(seed: 1)
        _ = try layer.build(inputShapes: inputs.map { Array($0.shape.dropFirst()) }, generator: &generator)
        for parameter in layer.parameters {
            let value = try tensor("\(name)/\(parameter.name)")
            #expect(parameter.value.shape == value.shape, "\(name)/\(parameter.name)", sourceLocation: sourceLocation)
            parameter.value = value
        }
        let result = layer.run(inputs, training: training)
        var worst = expectClose(result.output, try tensor("\(name)/y"), "\(name) y", sourceLocation: sourceLocation)
        let trainable = layer.parameters.filter(\.isTrainable)
        let gradients = Gradients(for: trainable)
        let dx = layer.runBackward(try tensor("\(name)/r"), inputs: inputs, result: result,
                                   parameterGradients: gradients, training: training)
        for (k, inputName) in inputNames.enumerated() {
            let got = try #require(dx[k], "\(name): no gradient for \(inputName)", sourceLocation: sourceLocation)
            worst = max(worst, expectClose(got, try tensor("\(name)/d\(inputName)"), "\(name) d\(inputName)",
                                           sourceLocation: sourceLocation))
        }
        for parameter in trainable {
            worst = max(worst, expectClose(gradients[parameter], try tensor("\(name)/d\(parameter.name)"),
                                           "\(name) d\(parameter.name)", sourceLocation: sourceLocation))
        }
        if training {
            for update in result.updates { update.parameter.value = update.value }
            for parameter in layer.parameters where !parameter.isTrainable {
                worst = max(worst, expectClose(parameter.value, try tensor("\(name)/\(parameter.name)_after"),
                                               "\(name) \(parameter.name) after", sourceLocation: sourceLocation))
            }
        }
        print("keras parity \(name): worst error \(worst)")
        return worst
    }

    @Test func averagePooling() throws {
        try check("avgpool_valid", AveragePooling2D(poolSize: (2, 2)))
        try check("avgpool_same_stride", AveragePooling2D(poolSize: (3, 3), strides: (2, 2), padding: .same))
    }

    @Test func maxPoolingSame() throws {
        try check("maxpool_same", MaxPooling2D(poolSize: (3, 3), strides: (2, 2), padding: .same))
    }

    @Test func globalPooling() throws {
        try check("gap", GlobalAveragePooling2D())
        try check("gmp", GlobalMaxPooling2D())
    }

    @Test func elementwiseLayers() throws {
        try check("leaky_relu", LeakyReLU(negativeSlope: 0.3))
        try check("softmax_layer", Softmax())
        try check("rescaling", Rescaling(scale: 1 / 255, offset: -0.5))
    }

    @Test func dilatedAndStridedConvolutions() throws {
        try check("conv_dilated", Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, dilationRate: (2, 2)))
        try check("conv_dilated_valid", Conv2D(filters: 4, kernelSize: (3, 3), padding: .valid, useBias: false,
                                               dilationRate: (2, 1)))
        try check("conv_stride2_same", Conv2D(filters: 4, kernelSize: (3, 3), strides: (2, 2), padding: .same))
    }

    @Test func batchNormalization() throws {
        try check("bn_inference", BatchNormalization())
        try check("bn_training", BatchNormalization(momentum: 0.9, epsilon: 1e-3), training: true)
        try check("bn_center_scale_off", BatchNormalization(center: false, scale: false), training: true)
    }

    @Test func merges() throws {
        try check("add3", Add(), inputs: 3)
        try check("concat", Concatenate(axis: -1), inputs: 2)
        try check("multiply", Multiply(), inputs: 2)
        try check("subtract", Subtract(), inputs: 2)
        try check("average", Average(), inputs: 2)
    }
}
