// Max pooling of one NHWC image, in C so the loop over a pixel's channels vectorises (Swift's pointers may alias).
#include "CamLabKernels.h"

#if defined(__x86_64__)
#define WIDEST_VECTORS __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define WIDEST_VECTORS
#endif

static inline int max_int(int a, int b) { return a > b ? a : b; }
static inline int min_int(int a, int b) { return a < b ? a : b; }

// The loop of camlab_max_pool, inlined twice: with `track` 1 it records winners, with 0 it never touches them, so
// neither copy tests for them inside the channel loop.
static inline __attribute__((always_inline))
void max_pool_image(const float *restrict image, const camlab_window *window, int32_t firstIndex,
                    float *restrict output, int32_t *restrict winners, const int track) {
    const int c = window->channels;
    for (int oy = 0; oy < window->outputHeight; ++oy) {
        const int y0 = oy * window->strideY - window->padTop;
        const int yStart = max_int(y0, 0), yEnd = min_int(y0 + window->kernelHeight, window->inputHeight);
        for (int ox = 0; ox < window->outputWidth; ++ox) {
            const int x0 = ox * window->strideX - window->padLeft;
            const int xStart = max_int(x0, 0), xEnd = min_int(x0 + window->kernelWidth, window->inputWidth);
            float *restrict best = output + ((long)oy * window->outputWidth + ox) * c;
            int32_t *restrict winner = track ? winners + ((long)oy * window->outputWidth + ox) * c : NULL;
            int first = 1;
            for (int y = yStart; y < yEnd; ++y) {
                for (int x = xStart; x < xEnd; ++x) {
                    const int32_t start = (int32_t)((y * window->inputWidth + x) * c);
                    const float *restrict pixel = image + start;
                    if (first) {
                        for (int k = 0; k < c; ++k) best[k] = pixel[k];
                        if (track) for (int k = 0; k < c; ++k) winner[k] = firstIndex + start + k;
                        first = 0;
                    } else if (track) {
                        // The first of equal values wins, in the window's scan order.
                        for (int k = 0; k < c; ++k) {
                            const int better = pixel[k] > best[k];
                            best[k] = better ? pixel[k] : best[k];
                            winner[k] = better ? firstIndex + start + k : winner[k];
                        }
                    } else {
                        for (int k = 0; k < c; ++k) best[k] = pixel[k] > best[k] ? pixel[k] : best[k];
                    }
                }
            }
        }
    }
}

WIDEST_VECTORS
void camlab_max_pool(const float *restrict image, const camlab_window *window, int32_t firstIndex,
                     float *restrict output, int32_t *restrict winners) {
    if (winners) max_pool_image(image, window, firstIndex, output, winners, 1);
    else max_pool_image(image, window, firstIndex, output, NULL, 0);
}
