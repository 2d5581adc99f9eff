#ifndef CAMLAB_KERNELS_H
#define CAMLAB_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// The instruction sets the kernels are compiled for. Every set is built into every binary; a call names the
/// one it wants, so tests can run each set this CPU supports against the plain reference.
enum { CAMLAB_PORTABLE = 0, CAMLAB_AVX2 = 1, CAMLAB_AVX512 = 2 };

/// One compiled instance of the kernels: an instruction set and a vector width (8 or 16 floats). Layers whose
/// filter count is not a multiple of the width run the 8-wide instance of the same set.
typedef struct {
    int isa;
    int width;
} camlab_kernel_path;

/// True when this CPU (and its operating system) can run `path`.
bool camlab_kernel_path_runs_here(camlab_kernel_path path);

/// Stride-1 convolution of one NHWC image that is already zero-padded: `input` is
/// [paddedHeight, paddedWidth, channels], `kernel` is Keras' [kernelHeight, kernelWidth, channels, filters],
/// `output` is [outputHeight, outputWidth, filters] with outputHeight = paddedHeight - kernelHeight + 1 (likewise
/// for the width). `bias` (filters values) may be NULL. With `relu`, negative results are stored as 0.
/// `filters` must be a multiple of 8.
void camlab_direct_convolve(camlab_kernel_path path, const float *input, int paddedHeight, int paddedWidth,
                            int channels, const float *kernel, int kernelHeight, int kernelWidth, int filters,
                            const float *bias, bool relu, float *output);

/// The kernel gradient of the same stride-1 convolution for one image, added into `kernelGradient`
/// ([kernelHeight, kernelWidth, channels, filters]): for every tap, Σ over output pixels of input × outputGradient.
/// `outputGradient` is [outputHeight, outputWidth, filters], with respect to the pre-activation values.
void camlab_direct_kernel_gradient(camlab_kernel_path path, const float *input, int paddedHeight,
                                   int paddedWidth, int channels, const float *outputGradient, int kernelHeight,
                                   int kernelWidth, int filters, float *kernelGradient);

/// A 3×3, stride-1 convolution of a run of consecutive NHWC images ([images][height][width][channels], not
/// padded: the kernels read zeros outside), computed by Winograd's F(tile×tile, 3×3) with tile 2 or 4. The
/// output is [images][outputHeight][outputWidth][filters]; output pixel (y, x) reads input rows y - padTop …
/// y - padTop + 2. `channels` and `filters` must be multiples of 8.
typedef struct {
    int images, height, width, channels;
    int padTop, padLeft;
    int outputHeight, outputWidth, filters;
    int tile;
} camlab_winograd_problem;

/// Floats of scratch one `camlab_winograd_convolve` or `camlab_winograd_kernel_gradient` call needs. Zero it
/// once when it is allocated: the products of a block's last, partial register block read stale tiles of it.
size_t camlab_winograd_scratch_count(int tile, int channels, int filters);

/// The Winograd-domain kernel U = G g Gᵀ, [(tile + 2)², channels, filters], from a [3, 3, channels, filters]
/// kernel. Computed in double precision; once per batch.
void camlab_winograd_transform_kernel(int tile, const float *kernel, int channels, int filters,
                                      float *transformed);

/// output = act(bias + conv(input, kernel)) for `problem`, `transformedKernel` from
/// `camlab_winograd_transform_kernel`. `bias` may be NULL.
void camlab_winograd_convolve(camlab_kernel_path path, const camlab_winograd_problem *problem,
                              const float *input, const float *transformedKernel, const float *bias, bool relu,
                              float *output, float *scratch);

/// Adds the Winograd-domain kernel gradient Σ_tiles (Bᵀ d B) ⊙ (A dY Aᵀ), [(tile + 2)², channels, filters],
/// of the problem's images into `transformedGradient`; `outputGradient` is [images][outputHeight][outputWidth]
/// [filters] with respect to the pre-activation values.
void camlab_winograd_kernel_gradient(camlab_kernel_path path, const camlab_winograd_problem *problem,
                                     const float *input, const float *outputGradient, float *transformedGradient,
                                     float *scratch);

/// Adds Gᵀ dU G, the kernel gradient in Keras' [3, 3, channels, filters] layout, into `kernelGradient`.
void camlab_winograd_add_kernel_gradient(int tile, const float *transformedGradient, int channels, int filters,
                                         float *kernelGradient);

/// Adds the column sums of a row-major [rows, columns] matrix into `sums` (a bias gradient: Σ over pixels).
void camlab_add_column_sums(const float *matrix, int rows, int columns, float *sums);

/// ReLU's backward pass fused with the bias gradient: result = gradient where output > 0, else 0, for a
/// row-major [rows, columns] matrix, and the column sums of result added into `sums`.
void camlab_relu_gradient_with_sums(const float *gradient, const float *output, int rows, int columns,
                                    float *result, float *sums);

/// A pooling window's geometry over one NHWC image: the image's size, the window, its strides and the padding
/// before the first row and column (positions outside the image are skipped).
typedef struct {
    int inputHeight, inputWidth, channels;
    int kernelHeight, kernelWidth, strideY, strideX, padTop, padLeft;
    int outputHeight, outputWidth;
} camlab_window;

/// Each window's maximum per channel into `output` ([outputHeight, outputWidth, channels]) and, in `winners`,
/// `firstIndex` plus the flat index in `image` of the value that won (the first one on ties, in scan order).
/// `winners` may be NULL (a pass that never goes backward): then only the maxima are written.
void camlab_max_pool(const float *image, const camlab_window *window, int32_t firstIndex, float *output,
                     int32_t *winners);

/// Batch normalization over channels-last rows (channel_kernels.c). Σ x and Σ x² per channel, added into `sum`
/// and `squares`.
void camlab_channel_sums(const float *x, long rows, int channels, double *sum, double *squares);

/// Σ dy and Σ dy·(x − center) per channel, added into `sum` and `products`. With `reluScale` (and `reluShift`),
/// dy is the gradient above a ReLU applied to reluScale·(x − center) + reluShift, and only where that was positive
/// does it pass.
void camlab_channel_gradient_sums(const float *dy, const float *x, long rows, int channels, const float *center,
                                  const float *reluScale, const float *reluShift, double *sum, double *products);

/// out = a·(u − center) + d per channel when `v` is NULL (then a ReLU when `thenReLU`); otherwise
/// out = a·u + b·(v − center) + d, with u first gated by the ReLU that `reluScale`/`reluShift` describe over v
/// (as in `camlab_channel_gradient_sums`) when they are given.
void camlab_channel_combine(const float *u, const float *v, long rows, int channels, const float *a, const float *b,
                            const float *center, const float *d, const float *reluScale, const float *reluShift,
                            bool thenReLU, float *out);

/// A dense layer with few units (dense_kernels.c): its kernel ([features][units], Keras' layout) in panels of 8
/// features, ((features + 7) / 8) · 8 · units floats, which `camlab_dense_forward` and
/// `camlab_dense_input_gradient` read.
void camlab_dense_pack_kernel(const float *kernel, int features, int units, float *packed);

/// y = x · kernel (+ bias), x [rows][features], y [rows][units]; `bias` may be NULL.
void camlab_dense_forward(const float *x, long rows, int features, const float *packed, int units,
                          const float *bias, float *y);

/// Adds xᵀ · dy into rows firstFeature..<endFeature of kernelGradient ([features][units]); x [rows][features],
/// dy [rows][units]. Each of those rows' sums goes over x's rows in order.
void camlab_dense_kernel_gradient(const float *x, long rows, int features, const float *dy, int units,
                                  int firstFeature, int endFeature, float *kernelGradient);

/// dx = dy · kernelᵀ, dy [rows][units], dx [rows][features].
void camlab_dense_input_gradient(const float *dy, long rows, int units, const float *packed, int features,
                                 float *dx);

/// Adam's update of `count` weights (Keras' form, see Optimizers.swift): m += (g − m)(1 − β1);
/// v += (g² − v)(1 − β2); w −= α·m / (√v + ε), rounded exactly as written.
void camlab_adam_update(float *weights, const float *gradient, float *m, float *v, long count, float alpha,
                        float beta1, float beta2, float epsilon);

/// Runs `iterations` rounds of independent fused multiply-adds on the widest vectors of `path` and returns
/// the floating-point operations done: the CPU's peak rate is that count over the time it took.
double camlab_fma_throughput(camlab_kernel_path path, long iterations);

#endif
