import CamLabCore

/// Average pooling over NHWC windows, like Keras' `AveragePooling2D` (strides default to the pool size). With
/// padding "same", each window is divided by the number of its positions inside the image, as Keras does: the
/// padding is not counted.
public final class AveragePooling2D: Pooling2D {
    override public var typeName: String { "AveragePooling2D" }
    override public var namePrefix: String { "average_pooling2d" }

    override public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(PoolingKernels.averagePool(input, built))
    }

    /// Only the geometry: every input of a window shares its gradient.
    override public var backwardReads: BackwardReads { [] }

    override public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        step.needsInputGradients ? PoolingKernels.averagePoolBackward(step.gradient, built) : nil
    }
}
