// The kernel side of Winograd's F(m×m, 3×3), once per pass: U = G g Gᵀ into the Winograd domain and, for the
// kernel gradient, dg = Gᵀ dU G back out of it (the adjoint). Double precision: these run on a few thousand
// weights, and rounding here would add to the error of every tile. Both are separable (one side of G, then the
// other) and run over chunks of the (channel, filter) plane, innermost and contiguous, so they vectorise.
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

enum { CHUNK = 256 };

void camlab_winograd_transform_kernel(int tile, const float *restrict kernel, int channels, int filters,
                                      float *restrict transformed) {
    const double (*g)[3] = tile == 2 ? G2 : G4;
    const int alpha = tile + 2;
    const long plane = (long)channels * filters;
    for (long e0 = 0; e0 < plane; e0 += CHUNK) {
        const int n = plane - e0 < CHUNK ? (int)(plane - e0) : CHUNK;
        double half[6][3][CHUNK];  // (G g)[i][b]
        for (int i = 0; i < alpha; ++i)
            for (int b = 0; b < 3; ++b)
                for (int e = 0; e < n; ++e) {
                    double sum = 0;
                    for (int a = 0; a < 3; ++a) sum += g[i][a] * kernel[(a * 3 + b) * plane + e0 + e];
                    half[i][b][e] = sum;
                }
        for (int i = 0; i < alpha; ++i)
            for (int j = 0; j < alpha; ++j)
                for (int e = 0; e < n; ++e)
                    transformed[(i * alpha + j) * plane + e0 + e] =
                        (float)(half[i][0][e] * g[j][0] + half[i][1][e] * g[j][1] + half[i][2][e] * g[j][2]);
    }
}

void camlab_winograd_add_kernel_gradient(int tile, const float *restrict transformedGradient, int channels,
                                         int filters, float *restrict kernelGradient) {
    const double (*g)[3] = tile == 2 ? G2 : G4;
    const int alpha = tile + 2;
    const long plane = (long)channels * filters;
    for (long e0 = 0; e0 < plane; e0 += CHUNK) {
        const int n = plane - e0 < CHUNK ? (int)(plane - e0) : CHUNK;
        double half[3][6][CHUNK];  // (Gᵀ dU)[a][j]
        for (int a = 0; a < 3; ++a)
            for (int j = 0; j < alpha; ++j)
                for (int e = 0; e < n; ++e) {
                    double sum = 0;
                    for (int i = 0; i < alpha; ++i) sum += g[i][a] * transformedGradient[(i * alpha + j) * plane + e0 + e];
                    half[a][j][e] = sum;
                }
        for (int a = 0; a < 3; ++a)
            for (int b = 0; b < 3; ++b)
                for (int e = 0; e < n; ++e) {
                    double sum = 0;
                    for (int j = 0; j < alpha; ++j) sum += half[a][j][e] * g[j][b];
                    kernelGradient[(a * 3 + b) * plane + e0 + e] += (float)sum;
                }
    }
}
