#ifndef CAMLAB_KERNELS_H
#define CAMLAB_KERNELS_H

#include <stdbool.h>

/// True when this CPU runs the AVX2+FMA kernels below; callers fall back to im2col + sgemm otherwise.
bool camlab_direct_convolution_available(void);

/// Stride-1 convolution of one NHWC image that is already zero-padded: `input` is
/// [paddedHeight, paddedWidth, channels], `kernel` is Keras' [kernelHeight, kernelWidth, channels, filters],
/// `output` is [outputHeight, outputWidth, filters] with outputHeight = paddedHeight - kernelHeight + 1 (likewise
/// for the width). `bias` (filters values) may be NULL. With `relu`, negative results are stored as 0.
/// `filters` must be a multiple of 8.
void camlab_convolve_padded_nhwc(const float *input, int paddedHeight, int paddedWidth, int channels,
                                 const float *kernel, int kernelHeight, int kernelWidth, int filters,
                                 const float *bias, bool relu, float *output);

/// The kernel gradient of the same stride-1 convolution for one image, added into `kernelGradient`
/// ([kernelHeight, kernelWidth, channels, filters]): for every tap, Σ over output pixels of input × outputGradient.
/// `input` is the zero-padded image as above; `outputGradient` is [outputHeight, outputWidth, filters], taken with
/// respect to the pre-activation values. `filters` must be a multiple of 8.
void camlab_accumulate_kernel_gradient_padded_nhwc(const float *input, int paddedHeight, int paddedWidth,
                                                   int channels, const float *outputGradient, int kernelHeight,
                                                   int kernelWidth, int filters, float *kernelGradient);

/// Adds the column sums of a row-major [rows, columns] matrix into `sums` (a bias gradient: Σ over pixels).
void camlab_add_column_sums(const float *matrix, int rows, int columns, float *sums);

#endif
