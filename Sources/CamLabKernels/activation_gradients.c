// The passes over a layer's output gradient that come before its products: ReLU's mask and the bias gradient's
// column sums, fused into one pass. `restrict` tells the compiler the buffers do not overlap (Swift's pointers
// may alias), so these loops vectorise.
#include "CamLabKernels.h"

void camlab_add_column_sums(const float *restrict matrix, int rows, int columns, float *restrict sums) {
    for (int r = 0; r < rows; ++r) {
        const float *row = matrix + (long)r * columns;
        for (int c = 0; c < columns; ++c) sums[c] += row[c];
    }
}

void camlab_relu_gradient_with_sums(const float *restrict gradient, const float *restrict output, int rows,
                                    int columns, float *restrict result, float *restrict sums) {
    for (int r = 0; r < rows; ++r) {
        const long offset = (long)r * columns;
        for (int c = 0; c < columns; ++c) {
            // Both loads unconditional: a load only made where output > 0 would keep this loop scalar.
            const float incoming = gradient[offset + c];
            const float g = output[offset + c] > 0 ? incoming : 0;
            result[offset + c] = g;
            sums[c] += g;
        }
    }
}
