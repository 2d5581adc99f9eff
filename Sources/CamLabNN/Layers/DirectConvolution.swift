import CamLabCore
import CamLabKernels

/// The AVX2 direct-convolution path for stride-1 layers whose output channels are a multiple of 8 (see
/// CamLabKernels): it skips the im2col matrix and BLAS's own repacking of it. Other layers, and CPUs without
/// AVX2+FMA, use im2col + sgemm.
enum DirectConvolution {
    static let cpuSupportsKernels = camlab_direct_convolution_available()
    /// Lets tests compare the two paths on the same layer.
    nonisolated(unsafe) static var enabled = true

    static func applies(to g: WindowGeometry, outputChannels: Int) -> Bool {
        enabled && cpuSupportsKernels && g.strideY == 1 && g.strideX == 1 && outputChannels % 8 == 0
    }

    /// Floats of the zero-padded copy of one input image that `convolve` needs.
    static func paddedSize(_ g: WindowGeometry) -> Int {
        (g.outputHeight + g.kernelHeight - 1) * (g.outputWidth + g.kernelWidth - 1) * g.channels
    }

    /// Copies one NHWC image into the interior of `padded` (zeroed beforehand by the caller; the borders are
    /// never written, so they stay zero across images).
    static func pad(_ image: UnsafePointer<Float>, geometry g: WindowGeometry, into padded: UnsafeMutablePointer<Float>) {
        let paddedWidth = g.outputWidth + g.kernelWidth - 1
        let rowLength = g.inputWidth * g.channels
        for y in 0..<g.inputHeight {
            (padded + ((y + g.padTop) * paddedWidth + g.padLeft) * g.channels)
                .update(from: image + y * rowLength, count: rowLength)
        }
    }

    /// Convolves one NHWC image with a [kh, kw, channels, outputChannels] kernel, via a padded copy.
    static func convolve(image: UnsafePointer<Float>, geometry g: WindowGeometry, kernel: UnsafePointer<Float>,
                         outputChannels: Int, bias: UnsafePointer<Float>?, relu: Bool,
                         padded: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        pad(image, geometry: g, into: padded)
        camlab_convolve_padded_nhwc(padded, Int32(g.outputHeight + g.kernelHeight - 1),
                                    Int32(g.outputWidth + g.kernelWidth - 1), Int32(g.channels), kernel,
                                    Int32(g.kernelHeight), Int32(g.kernelWidth), Int32(outputChannels), bias,
                                    relu, output)
    }

    /// Adds one image's kernel gradient into `kernelGradient`, given its pre-activation output gradient.
    static func accumulateKernelGradient(image: UnsafePointer<Float>, geometry g: WindowGeometry,
                                         outputGradient: UnsafePointer<Float>, filters: Int,
                                         padded: UnsafeMutablePointer<Float>,
                                         kernelGradient: UnsafeMutablePointer<Float>) {
        pad(image, geometry: g, into: padded)
        camlab_accumulate_kernel_gradient_padded_nhwc(
            padded, Int32(g.outputHeight + g.kernelHeight - 1), Int32(g.outputWidth + g.kernelWidth - 1),
            Int32(g.channels), outputGradient, Int32(g.kernelHeight), Int32(g.kernelWidth), Int32(filters),
            kernelGradient)
    }
}
