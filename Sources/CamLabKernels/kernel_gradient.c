// The kernel gradient of a stride-1 convolution without an im2col matrix: dK[ky, kx, c, :] = Σ_pixels
// x[oy + ky, ox + kx, c] · dY[oy, ox, :]. For a fixed kernel row ky, the values x[.., ox + kx, c] for all kx and c
// are contiguous in NHWC, so a block of ROWS of them (ROWS × VECTORS + VECTORS + 1 ≤ 16 registers) is swept over every output
// pixel: per pixel, VECTORS loads of dY feed ROWS × VECTORS fused multiply-adds.
#include <immintrin.h>
#include <stddef.h>
#include "CamLabKernels.h"

#define DEFINE_SWEEP(ROWS, VECTORS)                                                                             \
    __attribute__((target("avx2,fma"), always_inline)) static inline void sweep_##ROWS##_##VECTORS(              \
        const float *input, int paddedWidth, int channels, const float *outputGradient, int outputHeight,        \
        int outputWidth, int ky, int row, float *target) {                                                       \
        const int filters = (VECTORS) * 8;                                                                       \
        __m256 sum[ROWS][VECTORS];                                                                               \
        for (int r = 0; r < (ROWS); ++r)                                                                         \
            for (int v = 0; v < (VECTORS); ++v) sum[r][v] = _mm256_setzero_ps();                                \
        for (int oy = 0; oy < outputHeight; ++oy) {                                                              \
            const float *x = input + (size_t)(oy + ky) * paddedWidth * channels + row;                          \
            const float *dy = outputGradient + (size_t)oy * outputWidth * filters;                               \
            for (int ox = 0; ox < outputWidth; ++ox) {                                                           \
                __m256 g[VECTORS];                                                                               \
                for (int v = 0; v < (VECTORS); ++v) g[v] = _mm256_loadu_ps(dy + ox * filters + 8 * v);           \
                for (int r = 0; r < (ROWS); ++r) {                                                               \
                    const __m256 value = _mm256_broadcast_ss(x + ox * channels + r);                             \
                    for (int v = 0; v < (VECTORS); ++v) sum[r][v] = _mm256_fmadd_ps(value, g[v], sum[r][v]);     \
                }                                                                                                 \
            }                                                                                                     \
        }                                                                                                         \
        for (int r = 0; r < (ROWS); ++r)                                                                         \
            for (int v = 0; v < (VECTORS); ++v) {                                                                \
                float *t = target + (size_t)r * filters + 8 * v;                                                 \
                _mm256_storeu_ps(t, _mm256_add_ps(_mm256_loadu_ps(t), sum[r][v]));                               \
            }                                                                                                     \
    }

#define DEFINE_GRADIENT(ROWS, VECTORS)                                                                          \
    DEFINE_SWEEP(ROWS, VECTORS)                                                                                 \
    DEFINE_SWEEP(1, VECTORS)                                                                                    \
    __attribute__((target("avx2,fma"))) static void gradient_##VECTORS(                                         \
        const float *input, int paddedWidth, int channels, const float *outputGradient, int outputHeight,        \
        int outputWidth, int kernelHeight, int kernelWidth, float *kernelGradient) {                             \
        const int filters = (VECTORS) * 8, rowsPerTapRow = kernelWidth * channels;                              \
        for (int ky = 0; ky < kernelHeight; ++ky) {                                                              \
            float *tapRow = kernelGradient + (size_t)ky * rowsPerTapRow * filters;                               \
            int row = 0;                                                                                         \
            for (; row + (ROWS) <= rowsPerTapRow; row += (ROWS))                                                 \
                sweep_##ROWS##_##VECTORS(input, paddedWidth, channels, outputGradient, outputHeight,             \
                                         outputWidth, ky, row, tapRow + (size_t)row * filters);                  \
            for (; row < rowsPerTapRow; ++row)                                                                   \
                sweep_1_##VECTORS(input, paddedWidth, channels, outputGradient, outputHeight, outputWidth, ky,   \
                                  row, tapRow + (size_t)row * filters);                                          \
        }                                                                                                         \
    }

DEFINE_GRADIENT(12, 1)  //  8 filters
DEFINE_GRADIENT(6, 2)   // 16 filters
DEFINE_GRADIENT(3, 3)   // 24 filters
DEFINE_GRADIENT(2, 4)   // 32 filters

void camlab_accumulate_kernel_gradient_padded_nhwc(const float *input, int paddedHeight, int paddedWidth,
                                                   int channels, const float *outputGradient, int kernelHeight,
                                                   int kernelWidth, int filters, float *kernelGradient) {
    const int outputHeight = paddedHeight - kernelHeight + 1, outputWidth = paddedWidth - kernelWidth + 1;
    switch (filters) {
    case 8: gradient_1(input, paddedWidth, channels, outputGradient, outputHeight, outputWidth, kernelHeight, kernelWidth, kernelGradient); return;
    case 16: gradient_2(input, paddedWidth, channels, outputGradient, outputHeight, outputWidth, kernelHeight, kernelWidth, kernelGradient); return;
    case 24: gradient_3(input, paddedWidth, channels, outputGradient, outputHeight, outputWidth, kernelHeight, kernelWidth, kernelGradient); return;
    case 32: gradient_4(input, paddedWidth, channels, outputGradient, outputHeight, outputWidth, kernelHeight, kernelWidth, kernelGradient); return;
    }
    // Wider layers: one 8-filter slice at a time, scalar over taps.
    const int rowsPerTapRow = kernelWidth * channels;
    for (int ky = 0; ky < kernelHeight; ++ky)
        for (int row = 0; row < rowsPerTapRow; ++row)
            for (int oy = 0; oy < outputHeight; ++oy)
                for (int ox = 0; ox < outputWidth; ++ox) {
                    const float x = input[((size_t)(oy + ky) * paddedWidth + ox) * channels + row];
                    const float *dy = outputGradient + ((size_t)oy * outputWidth + ox) * filters;
                    float *t = kernelGradient + ((size_t)ky * rowsPerTapRow + row) * filters;
                    for (int f = 0; f < filters; ++f) t[f] += x * dy[f];
                }
}
