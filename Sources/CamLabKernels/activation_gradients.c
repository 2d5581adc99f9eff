// The passes over a layer's output gradient that come before its products: ReLU's mask and the bias gradient's
// column sums, fused into one pass. `restrict` tells the compiler the buffers do not overlap (Swift's pointers
// may alias), so these loops vectorise, each for the widest vectors this CPU has; the sums go in blocks and runs
// as column_runs.h says.
#include "CamLabKernels.h"
#include "widest_vectors.h"
#include "column_runs.h"

static inline __attribute__((always_inline))
void column_sums_run(const float *restrict matrix, int first, int end, int columns, int width,
                     float *restrict sums) {
    float s[32];
    for (int c = 0; c < width; ++c) s[c] = sums[c];
    for (int r = first; r < end; ++r) {
        const float *restrict row = matrix + (long)r * columns;
        for (int c = 0; c < width; ++c) s[c] += row[c];
    }
    for (int c = 0; c < width; ++c) sums[c] = s[c];
}

WIDEST_VECTORS
void camlab_add_column_sums(const float *restrict matrix, int rows, int columns, float *restrict sums) {
    for (int first = 0; first < rows; first += COLUMN_BLOCK) {
        const int end = rows - first > COLUMN_BLOCK ? first + COLUMN_BLOCK : rows;
#define RUN(c0, width) column_sums_run(matrix + (c0), first, end, columns, width, sums + (c0))
        FOR_EACH_COLUMN_RUN(columns, RUN);
#undef RUN
    }
}

static inline __attribute__((always_inline))
void relu_gradient_run(const float *restrict gradient, const float *restrict output, int first, int end,
                       int columns, int width, float *restrict result, float *restrict sums) {
    float s[32];
    for (int c = 0; c < width; ++c) s[c] = sums[c];
    for (int r = first; r < end; ++r) {
        const long offset = (long)r * columns;
        for (int c = 0; c < width; ++c) {
            // Both loads unconditional: a load only made where output > 0 would keep this loop scalar.
            const float incoming = gradient[offset + c];
            const float g = output[offset + c] > 0 ? incoming : 0;
            result[offset + c] = g;
            s[c] += g;
        }
    }
    for (int c = 0; c < width; ++c) sums[c] = s[c];
}

WIDEST_VECTORS
void camlab_relu_gradient_with_sums(const float *restrict gradient, const float *restrict output, int rows,
                                    int columns, float *restrict result, float *restrict sums) {
    for (int first = 0; first < rows; first += COLUMN_BLOCK) {
        const int end = rows - first > COLUMN_BLOCK ? first + COLUMN_BLOCK : rows;
#define RUN(c0, width)                                                                                            \
    relu_gradient_run(gradient + (c0), output + (c0), first, end, columns, width, result + (c0), sums + (c0))
        FOR_EACH_COLUMN_RUN(columns, RUN);
#undef RUN
    }
}
