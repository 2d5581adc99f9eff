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
        #expect(throws: ModelError.self) { try model.layerIndex(named: "/layer1/relu_2/Relu") }
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
