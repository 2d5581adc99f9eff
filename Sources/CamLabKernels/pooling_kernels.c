// Max pooling of one NHWC image, in C so the loop over a pixel's channels vectorises (Swift's pointers may alias).
#include "CamLabKernels.h"
#include "widest_vectors.h"

static inline int max_int(int a, int b) { return a > b ? a : b; }
static inline int min_int(int a, int b) { return a < b ? a : b; }

/// The rows and columns of output pixel (oy, ox)'s window that lie inside the image.
typedef struct {
    int yStart, yEnd, xStart, xEnd;
} window_span;

static inline window_span window_at(const camlab_window *w, int oy, int ox) {
    const int y0 = oy * w->strideY - w->padTop, x0 = ox * w->strideX - w->padLeft;
    return (window_span){max_int(y0, 0), min_int(y0 + w->kernelHeight, w->inputHeight), max_int(x0, 0),
                         min_int(x0 + w->kernelWidth, w->inputWidth)};
}

// The loop of camlab_max_pool, inlined twice: with `track` 1 it records winners, with 0 it never touches them, so
// neither copy tests for them inside the channel loop.
static inline __attribute__((always_inline))
void max_pool_image(const float *restrict image, const camlab_window *window, int32_t firstIndex,
                    float *restrict output, int32_t *restrict winners, const int track) {
    const int c = window->channels;
    for (int oy = 0; oy < window->outputHeight; ++oy) {
        for (int ox = 0; ox < window->outputWidth; ++ox) {
            const window_span span = window_at(window, oy, ox);
            float *restrict best = output + ((long)oy * window->outputWidth + ox) * c;
            int32_t *restrict winner = track ? winners + ((long)oy * window->outputWidth + ox) * c : NULL;
            int first = 1;
            for (int y = span.yStart; y < span.yEnd; ++y) {
                for (int x = span.xStart; x < span.xEnd; ++x) {
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

// 16 channels at a time, maxima and winners in registers: a window's positions run inside each run of channels,
// so each is stored once. (The loop above, channels inside positions, loads and stores them for every position:
// 2×2 pooling of a 32×32×32 image took 11 µs from the cache and 18 µs from memory, here 4 and 11.)
typedef float pool_floats __attribute__((vector_size(64)));
typedef int32_t pool_ints __attribute__((vector_size(64)));

#define MAX_POOL_WINDOW_PIXELS 64

static inline __attribute__((always_inline))
void max_pool_image16(const float *restrict image, const camlab_window *window, int32_t firstIndex,
                      float *restrict output, int32_t *restrict winners, const int track) {
    const int c = window->channels;
    const pool_ints lanes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int oy = 0; oy < window->outputHeight; ++oy) {
        for (int ox = 0; ox < window->outputWidth; ++ox) {
            const window_span span = window_at(window, oy, ox);
            const long at = ((long)oy * window->outputWidth + ox) * c;
            // The window's pixels inside the image, in scan order (a window with none leaves its outputs alone).
            int32_t starts[MAX_POOL_WINDOW_PIXELS];
            int count = 0;
            for (int y = span.yStart; y < span.yEnd; ++y)
                for (int x = span.xStart; x < span.xEnd; ++x)
                    starts[count++] = (int32_t)((y * window->inputWidth + x) * c);
            if (count == 0) continue;
            for (int k = 0; k < c; k += 16) {
                pool_floats best;
                __builtin_memcpy(&best, image + starts[0] + k, sizeof best);
                pool_ints winner = firstIndex + starts[0] + k + lanes;
                for (int i = 1; i < count; ++i) {
                    pool_floats value;
                    __builtin_memcpy(&value, image + starts[i] + k, sizeof value);
                    // The first of equal values wins, in the window's scan order (and a nan never does).
                    const pool_ints better = value > best;
                    best = (pool_floats)((better & (pool_ints)value) | (~better & (pool_ints)best));
                    if (track) winner = (better & (firstIndex + starts[i] + k + lanes)) | (~better & winner);
                }
                __builtin_memcpy(output + at + k, &best, sizeof best);
                if (track) __builtin_memcpy(winners + at + k, &winner, sizeof winner);
            }
        }
    }
}

WIDEST_VECTORS
void camlab_max_pool(const float *restrict image, const camlab_window *window, int32_t firstIndex,
                     float *restrict output, int32_t *restrict winners) {
    if (window->channels % 16 == 0 && window->kernelHeight * window->kernelWidth <= MAX_POOL_WINDOW_PIXELS) {
        if (winners) max_pool_image16(image, window, firstIndex, output, winners, 1);
        else max_pool_image16(image, window, firstIndex, output, NULL, 0);
    } else if (winners) max_pool_image(image, window, firstIndex, output, winners, 1);
    else max_pool_image(image, window, firstIndex, output, NULL, 0);
}
