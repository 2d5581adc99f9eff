// A direct convolution for the thin layers of small CNNs (8 to 32 filters), where im2col + sgemm spends as much
// time copying (the im2col matrix, then OpenBLAS packing it again) as multiplying. Each call computes a block of
// PIXELS neighbouring output pixels × all filters in registers: per kernel tap and input channel it loads the
// filters' weights once (VECTORS × 8 floats) and broadcasts each pixel's input value, so one weight load feeds
// PIXELS fused multiply-adds. PIXELS × VECTORS = 12 accumulators, leaving registers for weights and the input.
//
// Compiled for AVX2+FMA with a target attribute and chosen at run time, so the binary still runs on any x86-64.
#include <immintrin.h>
#include <stddef.h>
#include "CamLabKernels.h"

bool camlab_direct_convolution_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

#define KERNEL_ATTRIBUTES __attribute__((target("avx2,fma"), always_inline)) static inline

// One block of `PIXELS` output pixels starting at (oy, ox), all `VECTORS` × 8 filters.
#define DEFINE_BLOCK(PIXELS, VECTORS)                                                                           \
    KERNEL_ATTRIBUTES void block_##PIXELS##_##VECTORS(                                                          \
        const float *input, int paddedWidth, int channels, const float *kernel, int kernelHeight,                \
        int kernelWidth, const float *bias, bool relu, float *output, int oy, int ox, int outputWidth) {         \
        const int filters = (VECTORS) * 8;                                                                       \
        __m256 sum[PIXELS][VECTORS];                                                                             \
        for (int v = 0; v < (VECTORS); ++v) {                                                                    \
            const __m256 start = bias ? _mm256_loadu_ps(bias + 8 * v) : _mm256_setzero_ps();                     \
            for (int p = 0; p < (PIXELS); ++p) sum[p][v] = start;                                                \
        }                                                                                                         \
        for (int ky = 0; ky < kernelHeight; ++ky) {                                                              \
            for (int kx = 0; kx < kernelWidth; ++kx) {                                                           \
                const float *pixel = input + ((size_t)(oy + ky) * paddedWidth + ox + kx) * channels;             \
                const float *weights = kernel + (size_t)(ky * kernelWidth + kx) * channels * filters;            \
                for (int c = 0; c < channels; ++c) {                                                             \
                    __m256 w[VECTORS];                                                                           \
                    for (int v = 0; v < (VECTORS); ++v) w[v] = _mm256_loadu_ps(weights + c * filters + 8 * v);  \
                    for (int p = 0; p < (PIXELS); ++p) {                                                         \
                        const __m256 x = _mm256_broadcast_ss(pixel + p * channels + c);                          \
                        for (int v = 0; v < (VECTORS); ++v) sum[p][v] = _mm256_fmadd_ps(x, w[v], sum[p][v]);     \
                    }                                                                                             \
                }                                                                                                 \
            }                                                                                                     \
        }                                                                                                         \
        const __m256 zero = _mm256_setzero_ps();                                                                 \
        for (int p = 0; p < (PIXELS); ++p) {                                                                     \
            float *target = output + ((size_t)oy * outputWidth + ox + p) * filters;                             \
            for (int v = 0; v < (VECTORS); ++v)                                                                  \
                _mm256_storeu_ps(target + 8 * v, relu ? _mm256_max_ps(sum[p][v], zero) : sum[p][v]);             \
        }                                                                                                         \
    }

// Row of output pixels: full blocks, then single pixels for the remainder.
#define DEFINE_ROW(PIXELS, VECTORS)                                                                             \
    DEFINE_BLOCK(PIXELS, VECTORS)                                                                               \
    DEFINE_BLOCK(1, VECTORS)                                                                                    \
    __attribute__((target("avx2,fma"))) static void rows_##VECTORS(                                             \
        const float *input, int paddedWidth, int channels, const float *kernel, int kernelHeight,                \
        int kernelWidth, const float *bias, bool relu, float *output, int outputHeight, int outputWidth) {       \
        for (int oy = 0; oy < outputHeight; ++oy) {                                                              \
            int ox = 0;                                                                                          \
            for (; ox + (PIXELS) <= outputWidth; ox += (PIXELS))                                                 \
                block_##PIXELS##_##VECTORS(input, paddedWidth, channels, kernel, kernelHeight, kernelWidth,      \
                                           bias, relu, output, oy, ox, outputWidth);                             \
            for (; ox < outputWidth; ++ox)                                                                       \
                block_1_##VECTORS(input, paddedWidth, channels, kernel, kernelHeight, kernelWidth, bias, relu,   \
                                  output, oy, ox, outputWidth);                                                  \
        }                                                                                                         \
    }

DEFINE_ROW(12, 1)  //  8 filters
DEFINE_ROW(6, 2)   // 16 filters
DEFINE_ROW(3, 3)   // 24 filters
DEFINE_ROW(2, 4)   // 32 filters

// Wider layers go through in slices of 32 filters: weights and outputs of each slice are strided by `filters`,
// which the generic path below handles one pixel at a time.
__attribute__((target("avx2,fma"))) static void rows_generic(
    const float *input, int paddedWidth, int channels, const float *kernel, int kernelHeight, int kernelWidth,
    int filters, const float *bias, bool relu, float *output, int outputHeight, int outputWidth) {
    for (int oy = 0; oy < outputHeight; ++oy) {
        for (int ox = 0; ox < outputWidth; ++ox) {
            float *target = output + ((size_t)oy * outputWidth + ox) * filters;
            for (int f = 0; f < filters; f += 8) {
                __m256 sum = bias ? _mm256_loadu_ps(bias + f) : _mm256_setzero_ps();
                for (int ky = 0; ky < kernelHeight; ++ky) {
                    for (int kx = 0; kx < kernelWidth; ++kx) {
                        const float *pixel = input + ((size_t)(oy + ky) * paddedWidth + ox + kx) * channels;
                        const float *weights = kernel + (size_t)(ky * kernelWidth + kx) * channels * filters + f;
                        for (int c = 0; c < channels; ++c)
                            sum = _mm256_fmadd_ps(_mm256_broadcast_ss(pixel + c), _mm256_loadu_ps(weights + c * filters), sum);
                    }
                }
                _mm256_storeu_ps(target + f, relu ? _mm256_max_ps(sum, _mm256_setzero_ps()) : sum);
            }
        }
    }
}

void camlab_convolve_padded_nhwc(const float *input, int paddedHeight, int paddedWidth, int channels,
                                 const float *kernel, int kernelHeight, int kernelWidth, int filters,
                                 const float *bias, bool relu, float *output) {
    const int outputHeight = paddedHeight - kernelHeight + 1, outputWidth = paddedWidth - kernelWidth + 1;
    switch (filters) {
    case 8: rows_1(input, paddedWidth, channels, kernel, kernelHeight, kernelWidth, bias, relu, output, outputHeight, outputWidth); break;
    case 16: rows_2(input, paddedWidth, channels, kernel, kernelHeight, kernelWidth, bias, relu, output, outputHeight, outputWidth); break;
    case 24: rows_3(input, paddedWidth, channels, kernel, kernelHeight, kernelWidth, bias, relu, output, outputHeight, outputWidth); break;
    case 32: rows_4(input, paddedWidth, channels, kernel, kernelHeight, kernelWidth, bias, relu, output, outputHeight, outputWidth); break;
    default:
        rows_generic(input, paddedWidth, channels, kernel, kernelHeight, kernelWidth, filters, bias, relu, output,
                     outputHeight, outputWidth);
    }
}
