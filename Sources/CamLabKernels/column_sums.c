// Column sums for bias gradients. In Swift the two pointers may alias, which keeps the loop scalar; `restrict`
// tells the compiler they do not, so this vectorises.
#include "CamLabKernels.h"

void camlab_add_column_sums(const float *restrict matrix, int rows, int columns, float *restrict sums) {
    for (int r = 0; r < rows; ++r) {
        const float *row = matrix + (long)r * columns;
        for (int c = 0; c < columns; ++c) sums[c] += row[c];
    }
}
