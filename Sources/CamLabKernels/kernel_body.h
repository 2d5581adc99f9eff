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

// ---- register blocks ---------------------------------------------------------------------------------------
// The two micro-kernels share their register block: ROWS × VECTORS accumulators, each step a rank-one update
// (VECTORS vectors loaded once, ROWS scalars broadcast against them). ROWS and VECTORS are constants once
// inlined, so every loop here unrolls and the accumulators live in registers.
static inline __attribute__((always_inline)) void NAME(block_fill)(const int ROWS, const int VECTORS,
                                                                   VEC sum[PIXELS_1][4], const float *start) {
#pragma clang loop unroll(full)
    for (int v = 0; v < VECTORS; ++v) {
        const VEC value = start ? NAME(load)(start + v * WIDTH) : (VEC){0};
#pragma clang loop unroll(full)
        for (int r = 0; r < ROWS; ++r) sum[r][v] = value;
    }
}

// sum[r][v] += scalars[r · scalarStride] · vectors[v]
static inline __attribute__((always_inline)) void NAME(block_update)(const int ROWS, const int VECTORS,
                                                                     VEC sum[PIXELS_1][4], const float *vectors,
                                                                     const float *scalars, long scalarStride) {
    VEC loaded[4];
#pragma clang loop unroll(full)
    for (int v = 0; v < VECTORS; ++v) loaded[v] = NAME(load)(vectors + v * WIDTH);
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; ++r) {
        const float value = scalars[r * scalarStride];
#pragma clang loop unroll(full)
        for (int v = 0; v < VECTORS; ++v) sum[r][v] = sum[r][v] + value * loaded[v];
    }
}

// ---- product ----------------------------------------------------------------------------------------------
// `a` points at pixel 0, tap (0, 0), channel 0; pixel p's kernel row ky starts at a + p·pixelStride + ky·rowStride,
// where the taps (kx, c) of that row follow one another (NHWC: kx·channels + c). `b` points at filter slice f0 of
// tap 0: tap t, channel c is at b + (t·channels + c)·ldb. One register block: ROWS pixels × VECTORS vectors of
// filters, both constants once inlined. The loop over a kernel row's kernelWidth × channels values is unrolled
// so the address arithmetic of the ROWS broadcasts is shared by 4 of them.
static inline __attribute__((always_inline)) void NAME(product_block)(
    const int ROWS, const int VECTORS, const float *a, long pixelStride, long rowStride, int kernelHeight,
    int rowLength, const float *b, long ldb, const float *bias, bool relu, float *out, long outStride) {
    VEC sum[PIXELS_1][4];
    NAME(block_fill)(ROWS, VECTORS, sum, bias);
    for (int ky = 0; ky < kernelHeight; ++ky) {
        const float *x = a + ky * rowStride;
        const float *w = b + (long)ky * rowLength * ldb;
#pragma clang loop unroll_count(4)
        for (int j = 0; j < rowLength; ++j, w += ldb) NAME(block_update)(ROWS, VECTORS, sum, w, x + j, pixelStride);
    }
#pragma clang loop unroll(full)
    for (int p = 0; p < ROWS; ++p)
#pragma clang loop unroll(full)
        for (int v = 0; v < VECTORS; ++v) {
            VEC y = sum[p][v];
            if (relu) y = __builtin_elementwise_max(y, (VEC){0});
            NAME(store)(out + p * outStride + v * WIDTH, y);
        }
}

// Register blocks of every height up to PIXELS_v, so a remainder runs as one block of full width instead of
// single rows whose few accumulators leave the FMA units waiting on their latency.
#define CAMLAB_ROW_CASES(CALL, V)                                                                                 \
    CAMLAB_ROW_CASE(CALL, V, 1) CAMLAB_ROW_CASE(CALL, V, 2) CAMLAB_ROW_CASE(CALL, V, 3)                           \
    CAMLAB_ROW_CASE(CALL, V, 4) CAMLAB_ROW_CASE(CALL, V, 5) CAMLAB_ROW_CASE(CALL, V, 6)                           \
    CAMLAB_ROW_CASE(CALL, V, 7) CAMLAB_ROW_CASE(CALL, V, 8) CAMLAB_ROW_CASE(CALL, V, 9)                           \
    CAMLAB_ROW_CASE(CALL, V, 10) CAMLAB_ROW_CASE(CALL, V, 11) CAMLAB_ROW_CASE(CALL, V, 12)                        \
    CAMLAB_ROW_CASE(CALL, V, 13) CAMLAB_ROW_CASE(CALL, V, 14) CAMLAB_ROW_CASE(CALL, V, 15)                        \
    CAMLAB_ROW_CASE(CALL, V, 16) CAMLAB_ROW_CASE(CALL, V, 17) CAMLAB_ROW_CASE(CALL, V, 18)                        \
    CAMLAB_ROW_CASE(CALL, V, 19) CAMLAB_ROW_CASE(CALL, V, 20) CAMLAB_ROW_CASE(CALL, V, 21)                        \
    CAMLAB_ROW_CASE(CALL, V, 22) CAMLAB_ROW_CASE(CALL, V, 23) CAMLAB_ROW_CASE(CALL, V, 24)
#define CAMLAB_ROW_CASE(CALL, V, R)                                                                              \
    case R:                                                                                                       \
        if ((R) <= PIXELS_##V) CALL(R, V);                                                                        \
        break;
#define CAMLAB_VECTOR_CASES(CALL)                                                                                 \
    switch (vectors) {                                                                                            \
    case 1: switch (rows) { CAMLAB_ROW_CASES(CALL, 1) } break;                                                    \
    case 2: switch (rows) { CAMLAB_ROW_CASES(CALL, 2) } break;                                                    \
    case 3: switch (rows) { CAMLAB_ROW_CASES(CALL, 3) } break;                                                    \
    default: switch (rows) { CAMLAB_ROW_CASES(CALL, 4) } break;                                                   \
    }

static inline int NAME(block_height)(int vectors) {
    return vectors == 1 ? PIXELS_1 : vectors == 2 ? PIXELS_2 : vectors == 3 ? PIXELS_3 : PIXELS_4;
}

// `rows` rows of the product for one slice of `vectors` × WIDTH filters, split into the fewest register blocks
// and those of equal heights (48 rows of 2 vectors: 8 blocks of 6; 32 rows: 6, 6, 5, 5, 5, 5).
static inline __attribute__((always_inline)) void NAME(product_slice)(int vectors, int total, const float *a, long pixelStride, long rowStride,
                                int kernelHeight, int rowLength, const float *b, long ldb, const float *bias,
                                bool relu, float *out, long outStride) {
    const int height = NAME(block_height)(vectors), blocks = (total + height - 1) / height;
    for (int block = 0, first = 0; block < blocks; ++block) {
        const int rows = total / blocks + (block < total % blocks);
#define CALL(R, V)                                                                                                \
    NAME(product_block)(R, V, a + first * pixelStride, pixelStride, rowStride, kernelHeight, rowLength, b, ldb,  \
                        bias, relu, out + first * outStride, outStride)
        CAMLAB_VECTOR_CASES(CALL)
#undef CALL
        first += rows;
    }
}

// All `filters` (a multiple of WIDTH) of `rows` rows, in slices of at most SLICE_VECTORS vectors. Each kernel
// row reads `rowLength` = kernelWidth × channels consecutive values per pixel.
static inline __attribute__((always_inline)) void NAME(product)(int rows, const float *a, long pixelStride, long rowStride, int kernelHeight,
                          int rowLength, const float *b, int filters, const float *bias, bool relu, float *out,
                          long outStride, const int slice) {
    for (int f0 = 0; f0 < filters; f0 += slice * WIDTH) {
        const int vectors = (filters - f0) / WIDTH < slice ? (filters - f0) / WIDTH : slice;
        NAME(product_slice)(vectors, rows, a, pixelStride, rowStride, kernelHeight, rowLength, b + f0, filters,
                            bias ? bias + f0 : 0, relu, out + f0, outStride);
    }
}

// ---- sweep ----------------------------------------------------------------------------------------------------
// Row r of the target (a kernel tap × channel, or a Winograd position × channel) gathers Σ over points q of
// a[q, r] · g[q, :]. Points run over `outer` × `inner`: a[q, r] = a + o·aOuter + i·aInner + r, likewise for g.
static inline __attribute__((always_inline)) void NAME(sweep_block)(
    const int ROWS, const int VECTORS, const float *a, long aInner, long aOuter, const float *g, long gInner,
    long gOuter, int inner, int outer, float *target, long ldt) {
    VEC sum[PIXELS_1][4];
    NAME(block_fill)(ROWS, VECTORS, sum, 0);
    for (int o = 0; o < outer; ++o) {
        const float *x = a + o * aOuter, *dy = g + o * gOuter;
#pragma clang loop unroll_count(2)
        for (int i = 0; i < inner; ++i) NAME(block_update)(ROWS, VECTORS, sum, dy + i * gInner, x + i * aInner, 1);
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < ROWS; ++r)
#pragma clang loop unroll(full)
        for (int v = 0; v < VECTORS; ++v) {
            float *t = target + r * ldt + v * WIDTH;
            NAME(store)(t, NAME(load)(t) + sum[r][v]);
        }
}

// All `filters` (a multiple of WIDTH) of `total` target rows, in slices of at most SLICE_VECTORS vectors and
// register blocks of equal heights.
static void NAME(sweep)(int total, const float *a, long aInner, long aOuter, const float *gradient, long gInner,
                        long gOuter, int inner, int outer, int filters, float *targetRows, long ldt) {
    for (int f0 = 0; f0 < filters; f0 += SLICE_VECTORS * WIDTH) {
        const int vectors = (filters - f0) / WIDTH < SLICE_VECTORS ? (filters - f0) / WIDTH : SLICE_VECTORS;
        const int height = NAME(block_height)(vectors), blocks = (total + height - 1) / height;
        for (int block = 0, first = 0; block < blocks; ++block) {
            const int rows = total / blocks + (block < total % blocks);
#define CALL(R, V)                                                                                                \
    NAME(sweep_block)(R, V, a + first, aInner, aOuter, gradient + f0, gInner, gOuter, inner, outer,              \
                      targetRows + first * ldt + f0, ldt)
            CAMLAB_VECTOR_CASES(CALL)
#undef CALL
            first += rows;
        }
    }
}

// ---- direct convolution ---------------------------------------------------------------------------------------
static void NAME(direct_convolve)(const float *input, int paddedHeight, int paddedWidth, int channels,
                                  const float *kernel, int kernelHeight, int kernelWidth, int filters,
                                  const float *bias, bool relu, float *output) {
    const int outputHeight = paddedHeight - kernelHeight + 1, outputWidth = paddedWidth - kernelWidth + 1;
    const long rowStep = (long)paddedWidth * channels;
    // A 3×3 kernel over one channel has 9 multiply-adds a block: a copy with them unrolled spends its
    // instructions on them rather than on loop control.
    const bool oneChannel3x3 = kernelHeight == 3 && kernelWidth == 3 && channels == 1;
    for (int oy = 0; oy < outputHeight; ++oy) {
        const float *row = input + oy * rowStep;
        float *out = output + (long)oy * outputWidth * filters;
        if (oneChannel3x3) NAME(product)(outputWidth, row, 1, rowStep, 3, 3, kernel, filters, bias, relu, out, filters, 4);
        else NAME(product)(outputWidth, row, channels, rowStep, kernelHeight, kernelWidth * channels, kernel, filters,
                           bias, relu, out, filters, SLICE_VECTORS);
    }
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
static inline __attribute__((always_inline)) void NAME(input_1d)(int m, const VEC8 *x, VEC8 *y) {
    if (m == 2) {
        y[0] = x[0] - x[2];
        y[1] = x[1] + x[2];
        y[2] = x[2] - x[1];
        y[3] = x[1] - x[3];
    } else {
        // Differences first: 4·X0 − 5·X2 + X4 = 4·(X0 − X2) + (X4 − X2) and 4·X1 − 5·X3 + X5 likewise, 14 operations
        // (most of them fused multiply-adds) for the 6 outputs.
        const VEC8 x4m2 = x[4] - x[2], x3m1 = x[3] - x[1];
        y[0] = 4.0f * (x[0] - x[2]) + x4m2;
        y[1] = (x[3] + x[4]) - 4.0f * (x[1] + x[2]);
        y[2] = (x[4] - x[3]) + 4.0f * (x[1] - x[2]);
        y[3] = x4m2 + 2.0f * x3m1;
        y[4] = x4m2 - 2.0f * x3m1;
        y[5] = (x[5] - x[3]) - 4.0f * x3m1;
    }
}

// Aᵀ x: Winograd positions to output rows (or columns).
static inline __attribute__((always_inline)) void NAME(output_1d)(int m, const VEC8 *x, VEC8 *y) {
    if (m == 2) {
        y[0] = x[0] + x[1] + x[2];
        y[1] = x[1] - x[2] - x[3];
    } else {
        const VEC8 s12 = x[1] + x[2], d12 = x[1] - x[2], s34 = x[3] + x[4], d34 = x[3] - x[4];
        y[0] = x[0] + s12 + s34;
        y[1] = d12 + 2.0f * d34;
        y[2] = s12 + 4.0f * s34;
        y[3] = d12 + 8.0f * d34 + x[5];
    }
}

// A x: output-gradient rows (or columns) to Winograd positions, the adjoint of `output_1d`.
static inline __attribute__((always_inline)) void NAME(gradient_1d)(int m, const VEC8 *x, VEC8 *y) {
    if (m == 2) {
        y[0] = x[0];
        y[1] = x[0] + x[1];
        y[2] = x[0] - x[1];
        y[3] = -x[1];
    } else {
        const VEC8 s02 = x[0] + x[2], s13 = x[1] + x[3], t02 = x[0] + 4.0f * x[2], t13 = 2.0f * x[1] + 8.0f * x[3];
        y[0] = x[0];
        y[1] = s02 + s13;
        y[2] = s02 - s13;
        y[3] = t02 + t13;
        y[4] = t02 - t13;
        y[5] = x[3];
    }
}

// V[t][ξ][c] = (Bᵀ d B)[ξ] for the input patch of tile t, for every channel: the α × α pixels whose origin is
// (y0, x0), zeros outside the image. Each row is transformed for every channel as it is loaded and written to V;
// then each column is transformed in place there. A pass holds one row or column (2α vectors), so nothing spills
// from the registers, and the loop over channels is innermost, so the few pointers it steps are all it keeps.
// Pixels outside the image are read from `zeros` (at least `channels` zero floats), so tiles over the edge run
// the same straight-line code as the others.
static inline __attribute__((always_inline)) void NAME(transform_input_tile)(
    int m, const float *image, int height, int width, int channels, int y0, int x0, const float *zeros, float *v) {
    const int alpha = m + 2;
    const long rowStep = (long)width * channels, xiStep = channels, rowOfV = (long)alpha * xiStep;
    const bool inside = x0 >= 0 && x0 + alpha <= width && y0 >= 0 && y0 + alpha <= height;
    for (int i = 0; i < alpha; ++i) {
        const float *pixel[6];
        const float *start = image + (y0 + i) * rowStep + (long)x0 * channels;
        if (inside) {
            for (int j = 0; j < alpha; ++j) pixel[j] = start + j * channels;
        } else {
            const bool rowInside = (unsigned)(y0 + i) < (unsigned)height;
            for (int j = 0; j < alpha; ++j)
                pixel[j] = rowInside && (unsigned)(x0 + j) < (unsigned)width ? start + j * channels : zeros;
        }
        float *target = v + i * rowOfV;
        for (int c = 0; c < channels; c += 8) {
            VEC8 row[6], out[6];
            for (int j = 0; j < alpha; ++j) row[j] = NAME(load8)(pixel[j] + c);
            NAME(input_1d)(m, row, out);
            for (int j = 0; j < alpha; ++j) NAME(store8)(target + j * xiStep + c, out[j]);
        }
    }
    for (int j = 0; j < alpha; ++j) {
        float *target = v + j * xiStep;
        for (int c = 0; c < channels; c += 8) {
            VEC8 column[6], out[6];
            for (int i = 0; i < alpha; ++i) column[i] = NAME(load8)(target + i * rowOfV + c);
            NAME(input_1d)(m, column, out);
            for (int i = 0; i < alpha; ++i) NAME(store8)(target + i * rowOfV + c, out[i]);
        }
    }
}

// Output tile from M[t][ξ][f]: Aᵀ M A, plus bias and ReLU, the pixels inside the output only. The rows' partial
// transforms go back into M (its tile is in cache and no longer needed), then each column finishes.
static inline __attribute__((always_inline)) void NAME(transform_output_tile)(
    int m, float *product, long filters, const float *bias, bool relu, float *output, int outputHeight,
    int outputWidth, int y0, int x0) {
    const int alpha = m + 2;
    const camlab_output_tile tile = camlab_output_tile_at(m, outputHeight, outputWidth, filters, y0, x0);
    for (int f = 0; f < filters; f += 8) {
        for (int i = 0; i < alpha; ++i) {
            VEC8 row[6], out[4];
            float *source = product + (long)i * alpha * filters + f;
            for (int j = 0; j < alpha; ++j) row[j] = NAME(load8)(source + j * filters);
            NAME(output_1d)(m, row, out);
            for (int j = 0; j < m; ++j) NAME(store8)(source + j * filters, out[j]);
        }
        const VEC8 start = bias ? NAME(load8)(bias + f) : (VEC8){0};
        for (int j = 0; j < tile.columns; ++j) {
            VEC8 column[6], out[4];
            const float *source = product + (long)j * filters + f;
            for (int i = 0; i < alpha; ++i) column[i] = NAME(load8)(source + (long)i * alpha * filters);
            NAME(output_1d)(m, column, out);
            float *pixel = output + y0 * tile.rowStep + (long)(x0 + j) * filters + f;
            for (int i = 0; i < tile.rows; ++i, pixel += tile.rowStep) {
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
    int m, const float *gradient, int outputHeight, int outputWidth, long filters, int y0, int x0, float *z) {
    const int alpha = m + 2;
    const camlab_output_tile tile = camlab_output_tile_at(m, outputHeight, outputWidth, filters, y0, x0);
    for (int f = 0; f < filters; f += 8) {
        for (int i = 0; i < m; ++i) {
            VEC8 row[4], out[6];
            const float *pixel = gradient + (y0 + i) * tile.rowStep + (long)x0 * filters + f;
            for (int j = 0; j < m; ++j, pixel += filters)
                row[j] = i < tile.rows && j < tile.columns ? NAME(load8)(pixel) : (VEC8){0};
            NAME(gradient_1d)(m, row, out);
            float *target = z + (long)i * alpha * filters + f;
            for (int j = 0; j < alpha; ++j) NAME(store8)(target + j * filters, out[j]);
        }
        for (int j = 0; j < alpha; ++j) {
            VEC8 column[4], out[6];
            float *target = z + (long)j * filters + f;
            for (int i = 0; i < m; ++i) column[i] = NAME(load8)(target + (long)i * alpha * filters);
            NAME(gradient_1d)(m, column, out);
            for (int i = 0; i < alpha; ++i) NAME(store8)(target + (long)i * alpha * filters, out[i]);
        }
    }
}

// The element-wise stage of a block of `count` tiles: for each of the α² positions, M[t][ξ][:] = V[t][ξ][:] · U[ξ],
// a (count × channels) by (channels × filters) product. `count` is rounded up to whole register blocks: the
// extra rows multiply stale tiles of the block's buffer (finite values: the buffer starts zeroed) into products
// nobody reads, and every block runs at full height.
_Static_assert(CAMLAB_WINOGRAD_BLOCK % PIXELS_1 == 0 && CAMLAB_WINOGRAD_BLOCK % PIXELS_2 == 0
                   && CAMLAB_WINOGRAD_BLOCK % PIXELS_3 == 0 && CAMLAB_WINOGRAD_BLOCK % PIXELS_4 == 0,
               "a block's rows, rounded up to whole register blocks, must stay inside its scratch");
static inline __attribute__((always_inline)) void NAME(winograd_products)(
    int positions, int count, int channels, int filters, const float *v, const float *u, float *product,
    const camlab_prefetch_bands *prefetch) {
    const long tileStride = (long)positions * channels, productStride = (long)positions * filters;
    for (int f0 = 0; f0 < filters; f0 += SLICE_VECTORS * WIDTH) {
        const int vectors = (filters - f0) / WIDTH < SLICE_VECTORS ? (filters - f0) / WIDTH : SLICE_VECTORS;
        const int height = NAME(block_height)(vectors), rows = (count + height - 1) / height * height;
        for (int xi = 0; xi < positions; ++xi) {
            if (f0 == 0) camlab_prefetch_share(prefetch, xi, positions);
            const float *a = v + (long)xi * channels, *b = u + (long)xi * channels * filters + f0;
            float *out = product + (long)xi * filters + f0;
            for (int first = 0; first < rows; first += height) {
#define CALL(V)                                                                                                   \
    NAME(product_block)(PIXELS_##V, V, a + first * tileStride, tileStride, 0, 1, channels, b, filters, 0, false, \
                        out + first * productStride, productStride)
                switch (vectors) {
                case 1: CALL(1); break;
                case 2: CALL(2); break;
                case 3: CALL(3); break;
                default: CALL(4); break;
                }
#undef CALL
            }
        }
    }
}

// V for the block of `count` tiles that starts at tile `first`: Bᵀ d B of each tile's input patch, into g->v.
static inline __attribute__((always_inline)) void NAME(transform_input_block)(
    const int m, const int channels, const camlab_winograd_tiling *g, const camlab_winograd_problem *p,
    const float *input, long first, int count) {
    for (int t = 0; t < count; ++t) {
        int n, y0, x0;
        camlab_winograd_locate(g, m, first + t, &n, &y0, &x0);
        NAME(transform_input_tile)(m, input + n * g->inputSize, p->height, p->width, channels, y0 - p->padTop,
                                   x0 - p->padLeft, g->zeros, g->v + (long)t * g->positions * channels);
    }
}

// Each driver is compiled once per tile size and for the common channel counts (see `winograd_convolve`), so the
// transforms' loops unroll, their arrays live in registers and the products' strides are constants.
static inline __attribute__((always_inline)) void NAME(winograd_convolve_tiles)(
    const int m, const int channels, const camlab_winograd_problem *p, const float *input,
    const float *transformedKernel, const float *bias, bool relu, float *output, float *scratch) {
    const camlab_winograd_tiling g = camlab_winograd_tiling_make(m, channels, p, scratch);
    float *product = g.perFilter;
    for (long first = 0; first < g.tiles; first += CAMLAB_WINOGRAD_BLOCK) {
        const int count = camlab_winograd_block_count(&g, first);
        NAME(transform_input_block)(m, channels, &g, p, input, first, count);
        camlab_prefetch_bands prefetch;
        camlab_prefetch_bands_make(&prefetch, &g, m, channels, p, input, NULL, first + count, output, first, count);
        NAME(winograd_products)(g.positions, count, channels, p->filters, g.v, transformedKernel, product, &prefetch);
        for (int t = 0; t < count; ++t) {
            int n, y0, x0;
            camlab_winograd_locate(&g, m, first + t, &n, &y0, &x0);
            NAME(transform_output_tile)(m, product + (long)t * g.positions * p->filters, p->filters, bias, relu,
                                        output + n * g.outputSize, p->outputHeight, p->outputWidth, y0, x0);
        }
    }
}

static inline __attribute__((always_inline)) void NAME(winograd_kernel_gradient_tiles)(
    const int m, const int channels, const camlab_winograd_problem *p, const float *input,
    const float *outputGradient, float *transformedGradient, float *scratch) {
    const camlab_winograd_tiling g = camlab_winograd_tiling_make(m, channels, p, scratch);
    float *z = g.perFilter;
    for (long first = 0; first < g.tiles; first += CAMLAB_WINOGRAD_BLOCK) {
        const int count = camlab_winograd_block_count(&g, first);
        NAME(transform_input_block)(m, channels, &g, p, input, first, count);
        for (int t = 0; t < count; ++t) {
            int n, y0, x0;
            camlab_winograd_locate(&g, m, first + t, &n, &y0, &x0);
            NAME(transform_gradient_tile)(m, outputGradient + n * g.outputSize, p->outputHeight, p->outputWidth,
                                          p->filters, y0, x0, z + (long)t * g.positions * p->filters);
        }
        camlab_prefetch_bands prefetch;
        camlab_prefetch_bands_make(&prefetch, &g, m, channels, p, input, outputGradient, first + count, NULL, 0, 0);
        for (int xi = 0; xi < g.positions; ++xi) {
            camlab_prefetch_share(&prefetch, xi, g.positions);
            NAME(sweep)(channels, g.v + (long)xi * channels, (long)g.positions * channels, 0,
                        z + (long)xi * p->filters, (long)g.positions * p->filters, 0, count, 1, p->filters,
                        transformedGradient + (long)xi * channels * p->filters, p->filters);
        }
    }
}

// One copy of a driver for each tile size and for 8, 16, 32 and 64 channels, one for any other count. (64 channels:
// the input gradient of a 32 → 64 layer ran 42 µs a picture in the general copy, 32 µs in its own.)
#define CAMLAB_WINOGRAD_COPIES(DRIVER, ...)                                                                       \
    switch (p->tile * 1000 + p->channels) {                                                                       \
    case 4008: DRIVER(4, 8, __VA_ARGS__); break;                                                                  \
    case 4016: DRIVER(4, 16, __VA_ARGS__); break;                                                                 \
    case 4032: DRIVER(4, 32, __VA_ARGS__); break;                                                                 \
    case 4064: DRIVER(4, 64, __VA_ARGS__); break;                                                                 \
    default:                                                                                                      \
        if (p->tile == 2) DRIVER(2, p->channels, __VA_ARGS__);                                                    \
        else DRIVER(4, p->channels, __VA_ARGS__);                                                                 \
    }

static void NAME(winograd_convolve)(const camlab_winograd_problem *p, const float *input,
                                    const float *transformedKernel, const float *bias, bool relu, float *output,
                                    float *scratch) {
    CAMLAB_WINOGRAD_COPIES(NAME(winograd_convolve_tiles), p, input, transformedKernel, bias, relu, output, scratch)
}

static void NAME(winograd_kernel_gradient)(const camlab_winograd_problem *p, const float *input,
                                           const float *outputGradient, float *transformedGradient,
                                           float *scratch) {
    CAMLAB_WINOGRAD_COPIES(NAME(winograd_kernel_gradient_tiles), p, input, outputGradient, transformedGradient,
                           scratch)
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
