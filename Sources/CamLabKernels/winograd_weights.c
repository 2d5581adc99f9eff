// The kernel side of Winograd's F(m×m, 3×3), once per batch: U = G g Gᵀ into the Winograd domain and, for the
// kernel gradient, dg = Gᵀ dU G back out of it (the adjoint). Double precision: these run on a few thousand
// weights, and rounding here would add to the error of every tile.
#include "CamLabKernels.h"

// G for m = 2 (4×3) and m = 4 (6×3), Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks" (2016).
static const double G2[4][3] = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
static const double G4[6][3] = {
    {1.0 / 4, 0, 0},
    {-1.0 / 6, -1.0 / 6, -1.0 / 6},
    {-1.0 / 6, 1.0 / 6, -1.0 / 6},
    {1.0 / 24, 1.0 / 12, 1.0 / 6},
    {1.0 / 24, -1.0 / 12, 1.0 / 6},
    {0, 0, 1},
};

static double g_entry(int tile, int row, int column) { return tile == 2 ? G2[row][column] : G4[row][column]; }

void camlab_winograd_transform_kernel(int tile, const float *kernel, int channels, int filters,
                                      float *transformed) {
    const int alpha = tile + 2;
    const long plane = (long)channels * filters;
    for (int i = 0; i < alpha; ++i)
        for (int j = 0; j < alpha; ++j)
            for (long e = 0; e < plane; ++e) {
                double sum = 0;
                for (int a = 0; a < 3; ++a)
                    for (int b = 0; b < 3; ++b)
                        sum += g_entry(tile, i, a) * kernel[(a * 3 + b) * plane + e] * g_entry(tile, j, b);
                transformed[(i * alpha + j) * plane + e] = (float)sum;
            }
}

void camlab_winograd_add_kernel_gradient(int tile, const float *transformedGradient, int channels, int filters,
                                         float *kernelGradient) {
    const int alpha = tile + 2;
    const long plane = (long)channels * filters;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
            for (long e = 0; e < plane; ++e) {
                double sum = 0;
                for (int i = 0; i < alpha; ++i)
                    for (int j = 0; j < alpha; ++j)
                        sum += g_entry(tile, i, a) * transformedGradient[(i * alpha + j) * plane + e]
                               * g_entry(tile, j, b);
                kernelGradient[(a * 3 + b) * plane + e] += (float)sum;
            }
}
