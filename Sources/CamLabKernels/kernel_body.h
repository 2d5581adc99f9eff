// The convolution kernels, written once over a vector width. A kernels_*.c file includes this body (through
// kernel_instance.h) once per (instruction set, width) under a `#pragma clang attribute push(target(...))`,
// with these macros defined:
//   WIDTH            floats per vector (8 or 16)
//   NAME(x)          x with the instance's suffix, so every instance has its own symbols
//   PIXELS_1..4      rows of a register block (output pixels or tiles) when it holds 1..4 vectors of filters;
//                    PIXELS_v × v accumulators + v weight vectors + 1 broadcast must fit the register file
// Everything here is plain C with Clang/GCC vector extensions, so the same index logic runs at every width and
// on every target; the compiler turns `sum + x * w` into fused multiply-adds where the target has them.
//
// Two register-blocked micro-kernels do all the multiplying:
//   product: out[p][f] = act(bias[f] + Σ_taps Σ_c a[p, tap, c] · b[tap, c, f])   (direct convolution, Winograd's
//            element-wise stage as a batched matrix product)
//   sweep:   t[r][f] += Σ_q a[q, r] · g[q, f]                                   (kernel gradients)
// each for 1 to 4 vectors of filters; wider layers go through in slices of 4 vectors.

typedef float NAME(vec) __attribute__((vector_size(WIDTH * 4)));
#define VEC NAME(vec)

static inline VEC NAME(load)(const float *p) { VEC v; __builtin_memcpy(&v, p, sizeof v); return v; }
static inline void NAME(store)(float *p, VEC v) { __builtin_memcpy(p, &v, sizeof v); }

// ---- product --------------------------------------------------------------------------------------------------
// `a` points at pixel 0, tap (0, 0), channel 0; pixel p's tap (ky, kx) is at a + p·pixelStride + ky·rowStride +
// kx·tapStride. `b` points at filter slice f0 of tap 0: tap t, channel c is at b + (t·channels + c)·ldb.
#define DEFINE_PRODUCT(SUFFIX, ROWS, VECTORS)                                                                     \
    static inline __attribute__((always_inline)) void NAME(product_##SUFFIX)(                                    \
        const float *a, long pixelStride, long rowStride, long tapStride, int kernelHeight, int kernelWidth,     \
        int channels, const float *b, long ldb, const float *bias, bool relu, float *out, long outStride) {      \
        VEC sum[ROWS][VECTORS];                                                                                   \
        for (int v = 0; v < (VECTORS); ++v) {                                                                    \
            const VEC start = bias ? NAME(load)(bias + v * WIDTH) : (VEC){0};                                    \
            for (int p = 0; p < (ROWS); ++p) sum[p][v] = start;                                                  \
        }                                                                                                         \
        for (int ky = 0; ky < kernelHeight; ++ky) {                                                              \
            for (int kx = 0; kx < kernelWidth; ++kx) {                                                           \
                const float *x = a + ky * rowStride + kx * tapStride;                                            \
                const float *w = b + (long)(ky * kernelWidth + kx) * channels * ldb;                             \
                for (int c = 0; c < channels; ++c) {                                                             \
                    VEC weights[VECTORS];                                                                        \
                    for (int v = 0; v < (VECTORS); ++v) weights[v] = NAME(load)(w + c * ldb + v * WIDTH);        \
                    for (int p = 0; p < (ROWS); ++p) {                                                           \
                        const float value = x[p * pixelStride + c];                                              \
                        for (int v = 0; v < (VECTORS); ++v) sum[p][v] = sum[p][v] + value * weights[v];          \
                    }                                                                                             \
                }                                                                                                 \
            }                                                                                                     \
        }                                                                                                         \
        for (int p = 0; p < (ROWS); ++p)                                                                         \
            for (int v = 0; v < (VECTORS); ++v) {                                                                \
                VEC y = sum[p][v];                                                                                \
                if (relu) y = __builtin_elementwise_max(y, (VEC){0});                                                               \
                NAME(store)(out + p * outStride + v * WIDTH, y);                                                 \
            }                                                                                                     \
    }

DEFINE_PRODUCT(1_1, 1, 1)
DEFINE_PRODUCT(1_2, 1, 2)
DEFINE_PRODUCT(1_3, 1, 3)
DEFINE_PRODUCT(1_4, 1, 4)
DEFINE_PRODUCT(n_1, PIXELS_1, 1)
DEFINE_PRODUCT(n_2, PIXELS_2, 2)
DEFINE_PRODUCT(n_3, PIXELS_3, 3)
DEFINE_PRODUCT(n_4, PIXELS_4, 4)

// `rows` rows of the product for one slice of `vectors` × WIDTH filters: full register blocks, then single rows.
#define PRODUCT_ROWS(VECTORS)                                                                                     \
    {                                                                                                             \
        int p = 0;                                                                                                \
        for (; p + PIXELS_##VECTORS <= rows; p += PIXELS_##VECTORS)                                              \
            NAME(product_n_##VECTORS)(a + p * pixelStride, pixelStride, rowStride, tapStride, kernelHeight,       \
                                      kernelWidth, channels, b, ldb, bias, relu, out + p * outStride, outStride); \
        for (; p < rows; ++p)                                                                                     \
            NAME(product_1_##VECTORS)(a + p * pixelStride, pixelStride, rowStride, tapStride, kernelHeight,       \
                                      kernelWidth, channels, b, ldb, bias, relu, out + p * outStride, outStride); \
    }

static void NAME(product_slice)(int vectors, int rows, const float *a, long pixelStride, long rowStride,
                                long tapStride, int kernelHeight, int kernelWidth, int channels, const float *b,
                                long ldb, const float *bias, bool relu, float *out, long outStride) {
    switch (vectors) {
    case 1: PRODUCT_ROWS(1) break;
    case 2: PRODUCT_ROWS(2) break;
    case 3: PRODUCT_ROWS(3) break;
    default: PRODUCT_ROWS(4) break;
    }
}

// All `filters` (a multiple of WIDTH) of `rows` rows, in slices of at most 4 vectors.
static void NAME(product)(int rows, const float *a, long pixelStride, long rowStride, long tapStride,
                          int kernelHeight, int kernelWidth, int channels, const float *b, int filters,
                          const float *bias, bool relu, float *out, long outStride) {
    for (int f0 = 0; f0 < filters; f0 += 4 * WIDTH) {
        const int vectors = (filters - f0) / WIDTH < 4 ? (filters - f0) / WIDTH : 4;
        NAME(product_slice)(vectors, rows, a, pixelStride, rowStride, tapStride, kernelHeight, kernelWidth,
                            channels, b + f0, filters, bias ? bias + f0 : 0, relu, out + f0, outStride);
    }
}

// ---- sweep ----------------------------------------------------------------------------------------------------
// Row r of the target (a kernel tap × channel, or a Winograd position × channel) gathers Σ over points q of
// a[q, r] · g[q, :]. Points run over `outer` × `inner`: a[q, r] = a + o·aOuter + i·aInner + r, likewise for g.
#define DEFINE_SWEEP(SUFFIX, ROWS, VECTORS)                                                                       \
    static inline __attribute__((always_inline)) void NAME(sweep_##SUFFIX)(                                      \
        const float *a, long aInner, long aOuter, const float *g, long gInner, long gOuter, int inner,          \
        int outer, float *target, long ldt) {                                                                     \
        VEC sum[ROWS][VECTORS];                                                                                   \
        for (int r = 0; r < (ROWS); ++r)                                                                         \
            for (int v = 0; v < (VECTORS); ++v) sum[r][v] = (VEC){0};                                            \
        for (int o = 0; o < outer; ++o) {                                                                        \
            const float *x = a + o * aOuter, *dy = g + o * gOuter;                                               \
            for (int i = 0; i < inner; ++i) {                                                                    \
                VEC gradient[VECTORS];                                                                           \
                for (int v = 0; v < (VECTORS); ++v) gradient[v] = NAME(load)(dy + i * gInner + v * WIDTH);       \
                for (int r = 0; r < (ROWS); ++r) {                                                               \
                    const float value = x[i * aInner + r];                                                       \
                    for (int v = 0; v < (VECTORS); ++v) sum[r][v] = sum[r][v] + value * gradient[v];             \
                }                                                                                                 \
            }                                                                                                     \
        }                                                                                                         \
        for (int r = 0; r < (ROWS); ++r)                                                                         \
            for (int v = 0; v < (VECTORS); ++v) {                                                                \
                float *t = target + r * ldt + v * WIDTH;                                                         \
                NAME(store)(t, NAME(load)(t) + sum[r][v]);                                                       \
            }                                                                                                     \
    }

DEFINE_SWEEP(1_1, 1, 1)
DEFINE_SWEEP(1_2, 1, 2)
DEFINE_SWEEP(1_3, 1, 3)
DEFINE_SWEEP(1_4, 1, 4)
DEFINE_SWEEP(n_1, PIXELS_1, 1)
DEFINE_SWEEP(n_2, PIXELS_2, 2)
DEFINE_SWEEP(n_3, PIXELS_3, 3)
DEFINE_SWEEP(n_4, PIXELS_4, 4)

#define SWEEP_ROWS(VECTORS)                                                                                       \
    {                                                                                                             \
        int r = 0;                                                                                                \
        for (; r + PIXELS_##VECTORS <= rows; r += PIXELS_##VECTORS)                                              \
            NAME(sweep_n_##VECTORS)(a + r, aInner, aOuter, g, gInner, gOuter, inner, outer, target + r * ldt, ldt); \
        for (; r < rows; ++r)                                                                                     \
            NAME(sweep_1_##VECTORS)(a + r, aInner, aOuter, g, gInner, gOuter, inner, outer, target + r * ldt, ldt); \
    }

// All `filters` (a multiple of WIDTH) of `rows` target rows, in slices of at most 4 vectors.
static void NAME(sweep)(int rows, const float *a, long aInner, long aOuter, const float *gradient, long gInner,
                        long gOuter, int inner, int outer, int filters, float *targetRows, long ldt) {
    for (int f0 = 0; f0 < filters; f0 += 4 * WIDTH) {
        const int vectors = (filters - f0) / WIDTH < 4 ? (filters - f0) / WIDTH : 4;
        const float *g = gradient + f0;
        float *target = targetRows + f0;
        switch (vectors) {
        case 1: SWEEP_ROWS(1) break;
        case 2: SWEEP_ROWS(2) break;
        case 3: SWEEP_ROWS(3) break;
        default: SWEEP_ROWS(4) break;
        }
    }
}

// ---- direct convolution ---------------------------------------------------------------------------------------
static void NAME(direct_convolve)(const float *input, int paddedHeight, int paddedWidth, int channels,
                                  const float *kernel, int kernelHeight, int kernelWidth, int filters,
                                  const float *bias, bool relu, float *output) {
    const int outputHeight = paddedHeight - kernelHeight + 1, outputWidth = paddedWidth - kernelWidth + 1;
    for (int oy = 0; oy < outputHeight; ++oy)
        NAME(product)(outputWidth, input + (long)oy * paddedWidth * channels, channels,
                      (long)paddedWidth * channels, channels, kernelHeight, kernelWidth, channels, kernel, filters,
                      bias, relu, output + (long)oy * outputWidth * filters, filters);
}

static void NAME(direct_kernel_gradient)(const float *input, int paddedHeight, int paddedWidth, int channels,
                                         const float *outputGradient, int kernelHeight, int kernelWidth,
                                         int filters, float *kernelGradient) {
    const int outputHeight = paddedHeight - kernelHeight + 1, outputWidth = paddedWidth - kernelWidth + 1;
    // For one kernel row ky, the values x[oy + ky, ox + kx, c] for all (kx, c) are contiguous in NHWC.
    const int rowsPerTapRow = kernelWidth * channels;
    for (int ky = 0; ky < kernelHeight; ++ky)
        NAME(sweep)(rowsPerTapRow, input + (long)ky * paddedWidth * channels, channels,
                    (long)paddedWidth * channels, outputGradient, filters, (long)outputWidth * filters,
                    outputWidth, outputHeight, filters, kernelGradient + (long)ky * rowsPerTapRow * filters,
                    filters);
}

// ---- Winograd F(m×m, 3×3) -------------------------------------------------------------------------------------
// Tiles of m×m outputs read (m+2)×(m+2) inputs. The transforms run 8 channels at a time (channels and filters
// are multiples of 8); the element-wise stage is `product` and `sweep` over blocks of tiles from consecutive
// images, with the α² = (m+2)² positions as independent matrix products.
typedef float NAME(vec8) __attribute__((vector_size(32)));
#define VEC8 NAME(vec8)
static inline VEC8 NAME(load8)(const float *p) { VEC8 v; __builtin_memcpy(&v, p, sizeof v); return v; }
static inline void NAME(store8)(float *p, VEC8 v) { __builtin_memcpy(p, &v, sizeof v); }

// Bᵀ x: input tile rows (or columns) to Winograd positions.
static inline __attribute__((always_inline)) void NAME(input_1d)(int m, const VEC8 *x, long xs, VEC8 *y, long ys) {
#define X(i) x[(i) * xs]
#define Y(i) y[(i) * ys]
    if (m == 2) {
        Y(0) = X(0) - X(2);
        Y(1) = X(1) + X(2);
        Y(2) = X(2) - X(1);
        Y(3) = X(1) - X(3);
    } else {
        const VEC8 x4m2 = X(4) - X(2), x3m1 = X(3) - X(1);
        Y(0) = 4.0f * X(0) - 5.0f * X(2) + X(4);
        Y(1) = X(3) + X(4) - 4.0f * (X(1) + X(2));
        Y(2) = X(4) - X(3) + 4.0f * (X(1) - X(2));
        Y(3) = x4m2 + 2.0f * x3m1;
        Y(4) = x4m2 - 2.0f * x3m1;
        Y(5) = 4.0f * X(1) - 5.0f * X(3) + X(5);
    }
#undef X
#undef Y
}

// Aᵀ x: Winograd positions to output rows (or columns).
static inline __attribute__((always_inline)) void NAME(output_1d)(int m, const VEC8 *x, long xs, VEC8 *y, long ys) {
#define X(i) x[(i) * xs]
#define Y(i) y[(i) * ys]
    if (m == 2) {
        Y(0) = X(0) + X(1) + X(2);
        Y(1) = X(1) - X(2) - X(3);
    } else {
        const VEC8 s12 = X(1) + X(2), d12 = X(1) - X(2), s34 = X(3) + X(4), d34 = X(3) - X(4);
        Y(0) = X(0) + s12 + s34;
        Y(1) = d12 + 2.0f * d34;
        Y(2) = s12 + 4.0f * s34;
        Y(3) = d12 + 8.0f * d34 + X(5);
    }
#undef X
#undef Y
}

// A x: output-gradient rows (or columns) to Winograd positions, the adjoint of `output_1d`.
static inline __attribute__((always_inline)) void NAME(gradient_1d)(int m, const VEC8 *x, long xs, VEC8 *y, long ys) {
#define X(i) x[(i) * xs]
#define Y(i) y[(i) * ys]
    if (m == 2) {
        Y(0) = X(0);
        Y(1) = X(0) + X(1);
        Y(2) = X(0) - X(1);
        Y(3) = -X(1);
    } else {
        const VEC8 s02 = X(0) + X(2), s13 = X(1) + X(3), t02 = X(0) + 4.0f * X(2), t13 = 2.0f * X(1) + 8.0f * X(3);
        Y(0) = X(0);
        Y(1) = s02 + s13;
        Y(2) = s02 - s13;
        Y(3) = t02 + t13;
        Y(4) = t02 - t13;
        Y(5) = X(3);
    }
#undef X
#undef Y
}

// Gathers an α×α×8 patch of `image` ([height][width][channels]) at (y0, x0), zeros outside the image. Pointers
// step by the strides instead of multiplying indices: with α unrolled, that leaves one add per load.
static inline __attribute__((always_inline)) void NAME(gather_patch)(int alpha, const float *image, int height,
                                                                     int width, int channels, int c, int y0,
                                                                     int x0, VEC8 *patch) {
    const long rowStep = (long)width * channels;
    if (y0 >= 0 && x0 >= 0 && y0 + alpha <= height && x0 + alpha <= width) {
        const float *row = image + y0 * rowStep + (long)x0 * channels + c;
        for (int i = 0; i < alpha; ++i, row += rowStep) {
            const float *pixel = row;
            for (int j = 0; j < alpha; ++j, pixel += channels) patch[i * alpha + j] = NAME(load8)(pixel);
        }
        return;
    }
    for (int i = 0; i < alpha; ++i)
        for (int j = 0; j < alpha; ++j) {
            const int y = y0 + i, x = x0 + j;
            patch[i * alpha + j] = y >= 0 && y < height && x >= 0 && x < width
                ? NAME(load8)(image + y * rowStep + (long)x * channels + c) : (VEC8){0};
        }
}

// V[t][ξ][c] = (Bᵀ d B)[ξ] for the input patch of tile t, for every channel. Rows are transformed as they are
// loaded and written to V; the columns are then transformed in place there. Each pass holds one row or column
// (2α vectors), so nothing spills from the registers.
static inline __attribute__((always_inline)) void NAME(transform_input_tile)(
    int m, const float *image, int height, int width, int channels, int y0, int x0, float *v) {
    const int alpha = m + 2;
    const long rowStep = (long)width * channels, xiStep = channels;
    const bool inside = y0 >= 0 && x0 >= 0 && y0 + alpha <= height && x0 + alpha <= width;
    for (int c = 0; c < channels; c += 8) {
        for (int i = 0; i < alpha; ++i) {
            VEC8 row[6], out[6];
            const int y = y0 + i;
            if (inside) {
                const float *pixel = image + y * rowStep + (long)x0 * channels + c;
                for (int j = 0; j < alpha; ++j, pixel += channels) row[j] = NAME(load8)(pixel);
            } else {
                for (int j = 0; j < alpha; ++j) {
                    const int x = x0 + j;
                    row[j] = y >= 0 && y < height && x >= 0 && x < width
                        ? NAME(load8)(image + y * rowStep + (long)x * channels + c) : (VEC8){0};
                }
            }
            NAME(input_1d)(m, row, 1, out, 1);
            float *target = v + (long)i * alpha * xiStep + c;
            for (int j = 0; j < alpha; ++j, target += xiStep) NAME(store8)(target, out[j]);
        }
        for (int j = 0; j < alpha; ++j) {
            VEC8 column[6], out[6];
            float *target = v + (long)j * xiStep + c;
            for (int i = 0; i < alpha; ++i) column[i] = NAME(load8)(target + (long)i * alpha * xiStep);
            NAME(input_1d)(m, column, 1, out, 1);
            for (int i = 0; i < alpha; ++i) NAME(store8)(target + (long)i * alpha * xiStep, out[i]);
        }
    }
}

// Output tile from M[t][ξ][f]: Aᵀ M A, plus bias and ReLU, the pixels inside the output only. The rows' partial
// transforms go back into M (its tile is in cache and no longer needed), then each column finishes.
static inline __attribute__((always_inline)) void NAME(transform_output_tile)(
    int m, float *product, int filters, const float *bias, bool relu, float *output, int outputHeight,
    int outputWidth, int y0, int x0) {
    const int alpha = m + 2;
    const int rows = outputHeight - y0 < m ? outputHeight - y0 : m, columns = outputWidth - x0 < m ? outputWidth - x0 : m;
    const long rowStep = (long)outputWidth * filters, xiStep = filters;
    for (int f = 0; f < filters; f += 8) {
        for (int i = 0; i < alpha; ++i) {
            VEC8 row[6], out[4];
            float *source = product + (long)i * alpha * xiStep + f;
            for (int j = 0; j < alpha; ++j) row[j] = NAME(load8)(source + j * xiStep);
            NAME(output_1d)(m, row, 1, out, 1);
            for (int j = 0; j < m; ++j) NAME(store8)(source + j * xiStep, out[j]);
        }
        const VEC8 start = bias ? NAME(load8)(bias + f) : (VEC8){0};
        for (int j = 0; j < columns; ++j) {
            VEC8 column[6], out[4];
            const float *source = product + (long)j * xiStep + f;
            for (int i = 0; i < alpha; ++i) column[i] = NAME(load8)(source + (long)i * alpha * xiStep);
            NAME(output_1d)(m, column, 1, out, 1);
            float *pixel = output + y0 * rowStep + (long)(x0 + j) * filters + f;
            for (int i = 0; i < rows; ++i, pixel += rowStep) {
                VEC8 y = out[i] + start;
                if (relu) y = __builtin_elementwise_max(y, (VEC8){0});
                NAME(store8)(pixel, y);
            }
        }
    }
}

// Z[t][ξ][f] = (A dY Aᵀ)[ξ] for the output-gradient tile t, zeros beyond the output's edge: rows of dY are
// transformed into Z's first m rows, then each column of Z in place.
static inline __attribute__((always_inline)) void NAME(transform_gradient_tile)(
    int m, const float *gradient, int outputHeight, int outputWidth, int filters, int y0, int x0, float *z) {
    const int alpha = m + 2;
    const int rows = outputHeight - y0 < m ? outputHeight - y0 : m, columns = outputWidth - x0 < m ? outputWidth - x0 : m;
    const long rowStep = (long)outputWidth * filters, xiStep = filters;
    for (int f = 0; f < filters; f += 8) {
        for (int i = 0; i < m; ++i) {
            VEC8 row[4], out[6];
            const float *pixel = gradient + (y0 + i) * rowStep + (long)x0 * filters + f;
            for (int j = 0; j < m; ++j, pixel += filters)
                row[j] = i < rows && j < columns ? NAME(load8)(pixel) : (VEC8){0};
            NAME(gradient_1d)(m, row, 1, out, 1);
            float *target = z + (long)i * alpha * xiStep + f;
            for (int j = 0; j < alpha; ++j) NAME(store8)(target + j * xiStep, out[j]);
        }
        for (int j = 0; j < alpha; ++j) {
            VEC8 column[4], out[6];
            float *target = z + (long)j * xiStep + f;
            for (int i = 0; i < m; ++i) column[i] = NAME(load8)(target + (long)i * alpha * xiStep);
            NAME(gradient_1d)(m, column, 1, out, 1);
            for (int i = 0; i < alpha; ++i) NAME(store8)(target + (long)i * alpha * xiStep, out[i]);
        }
    }
}

// Where tile number `tile` of a run of images lies: its image and its output origin.
static inline void NAME(locate_tile)(long tile, int tilesX, int tilesPerImage, int m, int *image, int *y0,
                                     int *x0) {
    *image = (int)(tile / tilesPerImage);
    const int within = (int)(tile % tilesPerImage);
    *y0 = within / tilesX * m;
    *x0 = within % tilesX * m;
}

// Each driver is compiled once per tile size, so the transforms' loops unroll and their arrays live in registers.
static inline __attribute__((always_inline)) void NAME(winograd_convolve_tiles)(
    const int m, const camlab_winograd_problem *p, const float *input, const float *transformedKernel,
    const float *bias, bool relu, float *output, float *scratch) {
    const int alpha = m + 2, positions = alpha * alpha;
    const int tilesX = (p->outputWidth + m - 1) / m, tilesPerImage = tilesX * ((p->outputHeight + m - 1) / m);
    const long inputSize = (long)p->height * p->width * p->channels;
    const long outputSize = (long)p->outputHeight * p->outputWidth * p->filters;
    const long tiles = (long)p->images * tilesPerImage;
    float *v = scratch, *product = scratch + (long)CAMLAB_WINOGRAD_BLOCK * positions * p->channels;
    for (long first = 0; first < tiles; first += CAMLAB_WINOGRAD_BLOCK) {
        const int count = (int)(tiles - first < CAMLAB_WINOGRAD_BLOCK ? tiles - first : CAMLAB_WINOGRAD_BLOCK);
        for (int t = 0; t < count; ++t) {
            int n, y0, x0;
            NAME(locate_tile)(first + t, tilesX, tilesPerImage, m, &n, &y0, &x0);
            NAME(transform_input_tile)(m, input + n * inputSize, p->height, p->width, p->channels,
                                       y0 - p->padTop, x0 - p->padLeft, v + (long)t * positions * p->channels);
        }
        for (int xi = 0; xi < positions; ++xi)
            NAME(product)(count, v + (long)xi * p->channels, (long)positions * p->channels, 0, 0, 1, 1,
                          p->channels, transformedKernel + (long)xi * p->channels * p->filters, p->filters, 0,
                          false, product + (long)xi * p->filters, (long)positions * p->filters);
        for (int t = 0; t < count; ++t) {
            int n, y0, x0;
            NAME(locate_tile)(first + t, tilesX, tilesPerImage, m, &n, &y0, &x0);
            NAME(transform_output_tile)(m, product + (long)t * positions * p->filters, p->filters, bias, relu,
                                        output + n * outputSize, p->outputHeight, p->outputWidth, y0, x0);
        }
    }
}

static inline __attribute__((always_inline)) void NAME(winograd_kernel_gradient_tiles)(
    const int m, const camlab_winograd_problem *p, const float *input, const float *outputGradient,
    float *transformedGradient, float *scratch) {
    const int alpha = m + 2, positions = alpha * alpha;
    const int tilesX = (p->outputWidth + m - 1) / m, tilesPerImage = tilesX * ((p->outputHeight + m - 1) / m);
    const long inputSize = (long)p->height * p->width * p->channels;
    const long outputSize = (long)p->outputHeight * p->outputWidth * p->filters;
    const long tiles = (long)p->images * tilesPerImage;
    float *v = scratch, *z = scratch + (long)CAMLAB_WINOGRAD_BLOCK * positions * p->channels;
    for (long first = 0; first < tiles; first += CAMLAB_WINOGRAD_BLOCK) {
        const int count = (int)(tiles - first < CAMLAB_WINOGRAD_BLOCK ? tiles - first : CAMLAB_WINOGRAD_BLOCK);
        for (int t = 0; t < count; ++t) {
            int n, y0, x0;
            NAME(locate_tile)(first + t, tilesX, tilesPerImage, m, &n, &y0, &x0);
            NAME(transform_input_tile)(m, input + n * inputSize, p->height, p->width, p->channels,
                                       y0 - p->padTop, x0 - p->padLeft, v + (long)t * positions * p->channels);
            NAME(transform_gradient_tile)(m, outputGradient + n * outputSize, p->outputHeight, p->outputWidth,
                                          p->filters, y0, x0, z + (long)t * positions * p->filters);
        }
        for (int xi = 0; xi < positions; ++xi)
            NAME(sweep)(p->channels, v + (long)xi * p->channels, (long)positions * p->channels, 0,
                        z + (long)xi * p->filters, (long)positions * p->filters, 0, count, 1, p->filters,
                        transformedGradient + (long)xi * p->channels * p->filters, p->filters);
    }
}

static void NAME(winograd_convolve)(const camlab_winograd_problem *p, const float *input,
                                    const float *transformedKernel, const float *bias, bool relu, float *output,
                                    float *scratch) {
    if (p->tile == 2) NAME(winograd_convolve_tiles)(2, p, input, transformedKernel, bias, relu, output, scratch);
    else NAME(winograd_convolve_tiles)(4, p, input, transformedKernel, bias, relu, output, scratch);
}

static void NAME(winograd_kernel_gradient)(const camlab_winograd_problem *p, const float *input,
                                           const float *outputGradient, float *transformedGradient,
                                           float *scratch) {
    if (p->tile == 2) NAME(winograd_kernel_gradient_tiles)(2, p, input, outputGradient, transformedGradient, scratch);
    else NAME(winograd_kernel_gradient_tiles)(4, p, input, outputGradient, transformedGradient, scratch);
}

// ---- peak rate ------------------------------------------------------------------------------------------------
// Twelve independent chains of multiply-adds: enough to keep every FMA unit busy despite their latency.
static double NAME(fma_throughput)(long iterations, float *sink) {
    VEC acc[12];
    for (int i = 0; i < 12; ++i) acc[i] = (VEC){0} + 0.001f * (float)i;
    const VEC x = (VEC){0} + 0.999f, y = (VEC){0} + 0.001f;
    for (long n = 0; n < iterations; ++n)
        for (int i = 0; i < 12; ++i) acc[i] = acc[i] * x + y;
    VEC total = (VEC){0};
    for (int i = 0; i < 12; ++i) total = total + acc[i];
    NAME(store)(sink, total);
    return 2.0 * 12 * WIDTH * (double)iterations;
}

static const camlab_kernel_table NAME(table) = {
    NAME(direct_convolve), NAME(direct_kernel_gradient), NAME(winograd_convolve), NAME(winograd_kernel_gradient),
    NAME(fma_throughput),
};

#undef VEC
#undef VEC8
