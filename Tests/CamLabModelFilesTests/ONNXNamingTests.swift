import Testing
import CamLabCore
import CamLabNN
import CamLabExplain
import CamLabModelFiles

/// Layers are named by their ONNX nodes as onnx and Netron show them, and answer to their outputs' names too.
@Suite struct ONNXNamingTests {
    let model: Model
    let reference: [String: Tensor]

    init() throws {
        model = try ONNXModel.load(path: ONNXFixture.path("resnet_bn.onnx"))
        reference = try ONNXFixture.reference("resnet_bn")
    }

    @Test func layersCarryTheirNodesNames() {
        #expect(model.layers.map(\.name).prefix(5) == ["/Sub", "/Div", "/conv1/Conv", "/relu/Relu", "/maxpool/MaxPool"])
        #expect(model.inputName == "input")
        #expect(model.name == "torch_jit")  // the graph's name, as PyTorch 1.13 writes it
    }

    @Test func aNodeAndItsOutputNameTheSameLayer() throws {
        let byNode = try model.layerIndex(named: "/layer1/relu_1/Relu")
        #expect(try model.layerIndex(named: "/layer1/relu_1/Relu_output_0") == byNode)
        // Folded nodes answer for the layer whose values they pass on: the Flatten after global pooling, the
        // graph's output name for the last layer.
        #expect(try model.layer(named: "/Flatten").name == "/gap/GlobalAveragePool")
        #expect(try model.layerIndex(named: "output") == model.layers.count - 1)
        #expect(throws: Problem.self) { try model.layerIndex(named: "/layer1/relu_2/Relu") }
    }

    /// The named layer's values are what PyTorch's module layer1 outputs (its last ReLU), in NHWC.
    @Test func theNamedLayerComputesWhatPyTorchsModuleDoes() throws {
        let input = try #require(reference["input"]), want = try #require(reference["layer1"])
        let pass = ForwardPass(model: model, input: input)
        let got = pass.output(ofLayer: try model.layerIndex(named: "/layer1/relu_1/Relu"))
        let error = expectClose(got, want, "/layer1/relu_1/Relu")
        print("resnet_bn /layer1/relu_1/Relu: max |CamLab − PyTorch| = \(error)")
    }

    @Test func gradCAMRunsAtANodeNameAndAtItsOutputName() throws {
        let image = try #require(reference["input"]).row(0)
        let byNode = try explain(model: model, x: image, layer: .name("/layer2/relu_1/Relu"))
        let byOutput = try explain(model: model, x: image, layer: .name("/layer2/relu_1/Relu_output_0"))
        #expect(byNode.layerName == "/layer2/relu_1/Relu")
        #expect(byNode.map.shape == [2, 2])
        #expect(byNode.map.scalars == byOutput.map.scalars)
        #expect(byNode.map.scalars.contains { $0 > 0 })
    }
}

extension ONNXNamingTests {
    /// Grad-CAM at an ONNX layer name, the gradient walking back through the imported layers (batch
    /// normalization, the Gemm, the residual adds), against PyTorch's autograd on the same model.
    @Test func gradCAMAtANamedLayerMatchesPyTorch() throws {
        let input = try #require(reference["input"]), want = try #require(reference["gradcam_layer1"])
        let targets = try #require(reference["gradcam_targets"]).scalars.map { Target.index(Int($0)) }
        var options = ExplainOptions()
        options.layers = [.name("/layer1/relu_1/Relu_output_0")]
        (options.score, options.map, options.upsample, options.normalizeGradients) = (.logit, .raw, false, false)
        let maps = try ExplanationMethod.gradcam.explain(model: model, batch: input, targets: targets, options: options)
        for (index, explanation) in maps.enumerated() {
            let map = try want.row(index), scale = map.scalars.map(abs).max() ?? 0
            // Relative to the map's own scale, so a small map is held to as many digits as a large one.
            let error = expectClose(explanation.map, map, "Grad-CAM of picture \(index)", tolerance: 1e-5 * scale)
            #expect(scale > 0.01)
            print("resnet_bn Grad-CAM at /layer1/relu_1/Relu, picture \(index): max |CamLab − PyTorch| = \(error)")
        }
    }
}

extension ONNXNamingTests {
    @Test func theSummaryListsTheNodes() {
        // Long names wrap as Keras wraps them; short ones stay whole.
        let summary = model.summary()
        #expect(summary.contains(" /layer1/Add (Add)           (None, 4, 4, 4)"))
        #expect(summary.contains(" /conv1/Conv (Conv2D)        (None, 8, 8, 4)              112       ['/Div[0][0]']"))
    }
}
