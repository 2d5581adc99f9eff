import Testing
import CamLabCore
@testable import CamLabModelFiles

/// What CamLab cannot represent is refused with the layer's name, the setting and what CamLab supports.
@Suite struct KerasConfigErrorTests {
    /// A functional config: input (8, 8, 3) → `layer` (reading the input) → a Dense head on its flattened output,
    /// as tf.keras 2.15 writes it.
    func functional(_ layer: String, className: String, name: String = "odd") -> String {
        """
        {"class_name": "Functional", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3], "dtype": "float32", "name": "in"},
           "name": "in", "inbound_nodes": []},
          {"class_name": "\(className)", "config": {"name": "\(name)", \(layer)}, "name": "\(name)",
           "inbound_nodes": [[["in", 0, 0, {}]]]},
          {"class_name": "Flatten", "config": {"name": "flat"}, "name": "flat", "inbound_nodes": [[["\(name)", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "head", "units": 2}, "name": "head",
           "inbound_nodes": [[["flat", 0, 0, {}]]]}],
         "input_layers": [["in", 0, 0]], "output_layers": [["head", 0, 0]]}}
        """
    }

    func message(_ config: String) -> String {
        do {
            _ = try ModelFiles.kerasModel(config: Array(config.utf8), source: "'m.keras'")
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    @Test func aConfigThatFitsLoads() {
        #expect(message(functional("\"filters\": 4, \"kernel_size\": 3", className: "Conv2D")) == "loaded")
    }

    @Test func unknownLayerClass() {
        #expect(message(functional("\"filters\": 4, \"kernel_size\": 3", className: "Conv2DTranspose"))
                == "'m.keras': layer 'odd' (Conv2DTranspose) is not a layer CamLab has; it reads Activation, Add, "
                + "Average, AveragePooling2D, BatchNormalization, Concatenate, Conv2D, Dense, Dropout, Flatten, "
                + "GlobalAveragePooling2D, GlobalMaxPooling2D, LeakyReLU, MaxPooling2D, Multiply, ReLU, Rescaling, "
                + "Softmax, Subtract")
    }

    @Test func channelsFirst() {
        #expect(message(functional("\"filters\": 4, \"kernel_size\": 3, \"data_format\": \"channels_first\"",
                                   className: "Conv2D"))
                == "'m.keras': layer 'odd' (Conv2D) has data_format: \"channels_first\"; CamLab supports channels_last "
                + "(NHWC) only; convert the model with data_format channels_last")
    }

    @Test func groupedConvolution() {
        #expect(message(functional("\"filters\": 4, \"kernel_size\": 3, \"groups\": 3", className: "Conv2D"))
                == "'m.keras': layer 'odd' (Conv2D) has groups: 3; CamLab supports groups: 1")
    }

    @Test func unsupportedActivation() {
        #expect(message(functional("\"filters\": 4, \"kernel_size\": 3, \"activation\": \"gelu\"", className: "Conv2D"))
                == "'m.keras': layer 'odd' (Conv2D) has activation: \"gelu\"; CamLab supports \"linear\", \"relu\", "
                + "\"sigmoid\", \"tanh\", \"softmax\"")
    }

    @Test func mixedPrecisionPolicy() {
        let policy = "\"dtype\": {\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_float16\"}}"
        #expect(message(functional("\"filters\": 4, \"kernel_size\": 3, " + policy, className: "Conv2D"))
                == "'m.keras': layer 'odd' (Conv2D) computes in mixed_float16; CamLab computes in float32 (save the "
                + "model with the float32 policy)")
    }

    @Test func reluWithACeiling() {
        #expect(message(functional("\"max_value\": 6.0", className: "ReLU"))
                == "'m.keras': layer 'odd' (ReLU) has max_value: 6.0; CamLab's ReLU has no upper limit (max_value: null)")
    }

    @Test func aLayerThatCannotBeBuilt() {
        #expect(message(functional("\"filters\": 4, \"kernel_size\": 9", className: "Conv2D"))
                == "'m.keras': Conv2D 'odd': a 9x9 window does not fit an input of 8x8 with padding \"valid\"; use padding: "
                + "\"same\" or a smaller kernel")
    }

    @Test func secondInput() {
        let config = """
        {"class_name": "Functional", "config": {"name": "two", "layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "a"}, "name": "a", "inbound_nodes": []},
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "b"}, "name": "b", "inbound_nodes": []},
          {"class_name": "Add", "config": {"name": "sum"}, "name": "sum", "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}],
         "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["sum", 0, 0]]}}
        """
        #expect(message(config) == "'m.keras': model 'two' has 2 inputs (a, b); CamLab models take one input")
    }

    @Test func sharedLayer() {
        let config = """
        {"class_name": "Functional", "config": {"name": "shared", "layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "a"}, "name": "a", "inbound_nodes": []},
          {"class_name": "Dense", "config": {"name": "d", "units": 4}, "name": "d",
           "inbound_nodes": [[["a", 0, 0, {}]], [["d", 0, 0, {}]]]}],
         "input_layers": [["a", 0, 0]], "output_layers": [["d", 1, 0]]}}
        """
        #expect(message(config) == "'m.keras': layer 'd' (Dense) is called 2 times (a shared layer); CamLab uses "
                + "each layer once")
    }

    @Test func nestedModel() {
        #expect(message(functional("\"layers\": []", className: "Sequential"))
                == "'m.keras': layer 'odd' (Sequential) is a model inside the model; CamLab reads flat models "
                + "(rebuild it with the inner model's layers called directly)")
    }

    @Test func unknownInputSize() {
        let config = """
        {"class_name": "Sequential", "config": {"name": "s", "layers": [
          {"class_name": "InputLayer", "config": {"batch_shape": [null, null, null, 3], "name": "in"}},
          {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}}]}}
        """
        #expect(message(config) == "'m.keras': the input shape of 'in' is [null,null,null,3]: CamLab needs every axis "
                + "but the batch given, e.g. Input((28, 28, 1)) rather than Input((None, None, 1))")
    }

    @Test func notAModelConfig() {
        #expect(message("{\"class_name\": \"Adam\"}")
                == "'m.keras': the model config's class is Adam; CamLab reads Sequential and functional (Functional) models")
        #expect(message("[1, 2") .hasPrefix("'m.keras': its model config is not valid JSON ("))
    }

    @Test func hugeLayersAreRefusedBeforeAllocating() {
        let text = functional("\"filters\": 1000000, \"kernel_size\": 3", className: "Conv2D")
        do {
            _ = try ModelFiles.kerasModel(config: Array(text.utf8), source: "'m.keras'", budget: MemoryBudget(bytes: 1 << 20))
            Issue.record("a 27-million-weight layer loaded within a 1 MiB budget")
        } catch {
            #expect("\(error)".hasPrefix("'m.keras': the model needs more than "))
        }
    }

    @Test func unknownExtension() {
        #expect(throws: Problem("cannot tell which framework's model 'm.pt' holds from its extension; CamLab "
                                       + "reads .keras, .h5, .hdf5, .onnx files")) {
            try ModelFiles.decode([], format: "pt", source: "'m.pt'")
        }
    }
}
