// Batch normalization's passes over channels-last rows (every axis but the channel one runs over rows): its
// statistics, its affine map (with a folded ReLU), and its backward step's sums and combination. Swift's pointers
// may alias; `restrict` here lets these loops vectorise, each for the widest vectors this CPU has. Contraction into
// FMAs is off, so every result is the plain expression's, rounded as Swift rounds it, and the ReLU mask a backward
// step recomputes is the forward step's bit for bit.
#include "CamLabKernels.h"
#include "widest_vectors.h"
#include "column_runs.h"

#pragma clang fp contract(off)

// The two sums passes run from the last row to the first. The tensor they read was just written front to back (a
// convolution's output, a gradient), and one of a batch is about the size of the last-level cache: its tail is
// still cached, and the pass that follows (front to back) finds the head that this one read last. Blocks of rows
// and runs of channels as column_runs.h says (statistics 12 → 33 GB/s from memory on one core, gradient sums
// 14 → 27 GB/s).
static inline __attribute__((always_inline))
void channel_sums_run(const float *restrict x, long first, long end, int channels, int width,
                      double *restrict sum, double *restrict squares) {
    double s[32], q[32];
    for (int c = 0; c < width; ++c) s[c] = sum[c], q[c] = squares[c];
    for (long r = end - 1; r >= first; --r) {
        const float *restrict row = x + r * channels;
        for (int c = 0; c < width; ++c) {
            const double v = row[c];
            s[c] += v;
            q[c] += v * v;
        }
    }
    for (int c = 0; c < width; ++c) sum[c] = s[c], squares[c] = q[c];
}

WIDEST_VECTORS
void camlab_channel_sums(const float *restrict x, long rows, int channels, double *restrict sum,
                         double *restrict squares) {
    for (long end = rows; end > 0; end -= COLUMN_BLOCK) {
        const long first = end > COLUMN_BLOCK ? end - COLUMN_BLOCK : 0;
#define RUN(c0, width) channel_sums_run(x + (c0), first, end, channels, width, sum + (c0), squares + (c0))
        FOR_EACH_COLUMN_RUN(channels, RUN);
#undef RUN
    }
}

static inline __attribute__((always_inline))
void gradient_sums_run(const float *restrict dy, const float *restrict x, long first, long end, int channels,
                       int width, const float *restrict center, const float *restrict reluScale,
                       const float *restrict reluShift, double *restrict sum, double *restrict products) {
    double s[32], p[32];
    for (int c = 0; c < width; ++c) s[c] = sum[c], p[c] = products[c];
    for (long r = end - 1; r >= first; --r) {
        const float *restrict g = dy + r * channels, *restrict v = x + r * channels;
        if (reluScale) {
            for (int c = 0; c < width; ++c) {
                const float centred = v[c] - center[c];
                // As ReLU's derivative from its output: nothing passes where the output was ≤ 0.
                const double gc = reluScale[c] * centred + reluShift[c] <= 0 ? 0 : (double)g[c];
                s[c] += gc;
                p[c] += gc * (double)centred;
            }
        } else {
            for (int c = 0; c < width; ++c) {
                const double gc = g[c];
                s[c] += gc;
                p[c] += gc * (double)(v[c] - center[c]);
            }
        }
    }
    for (int c = 0; c < width; ++c) sum[c] = s[c], products[c] = p[c];
}

WIDEST_VECTORS
void camlab_channel_gradient_sums(const float *restrict dy, const float *restrict x, long rows, int channels,
                                  const float *restrict center, const float *restrict reluScale,
                                  const float *restrict reluShift, double *restrict sum,
                                  double *restrict products) {
    for (long end = rows; end > 0; end -= COLUMN_BLOCK) {
        const long first = end > COLUMN_BLOCK ? end - COLUMN_BLOCK : 0;
#define RUN(c0, width)                                                                                            \
    gradient_sums_run(dy + (c0), x + (c0), first, end, channels, width, center + (c0),                            \
                      reluScale ? reluScale + (c0) : 0, reluShift ? reluShift + (c0) : 0, sum + (c0), products + (c0))
        FOR_EACH_COLUMN_RUN(channels, RUN);
#undef RUN
    }
}

WIDEST_VECTORS
void camlab_channel_combine(const float *restrict u, const float *restrict v, long rows, int channels,
                            const float *restrict a, const float *restrict b, const float *restrict center,
                            const float *restrict d, const float *restrict reluScale,
                            const float *restrict reluShift, bool thenReLU, float *restrict out) {
    for (long r = 0; r < rows; ++r) {
        const long at = r * channels;
        const float *restrict ur = u + at;
        float *restrict o = out + at;
        if (!v) {
            for (int c = 0; c < channels; ++c) {
                const float y = a[c] * (ur[c] - center[c]) + d[c];
                o[c] = thenReLU && y < 0 ? 0 : y;  // as ReLU, which keeps a nan
            }
        } else if (reluScale) {
            const float *restrict vr = v + at;
            for (int c = 0; c < channels; ++c) {
                const float centred = vr[c] - center[c];
                const float uc = reluScale[c] * centred + reluShift[c] <= 0 ? 0 : ur[c];
                o[c] = a[c] * uc + b[c] * centred + d[c];
            }
        } else {
            const float *restrict vr = v + at;
            for (int c = 0; c < channels; ++c) o[c] = a[c] * ur[c] + b[c] * (vr[c] - center[c]) + d[c];
        }
    }
}
