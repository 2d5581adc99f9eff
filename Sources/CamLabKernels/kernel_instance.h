// One compiled instance of kernel_body.h. Before including this, a kernels_*.c file defines
//   WIDTH      floats per vector (8 or 16)
//   SUFFIX     the instance's name, appended to every symbol
//   REGISTERS  the vector registers the target has (16 or 32), which sets the register blocks' shapes
// inside its `#pragma clang attribute push(target(...))`.
#define NAME(x) CAMLAB_CAT(x, SUFFIX)
#if REGISTERS == 32
// 24 accumulators + 4 weights + 1 broadcast ≤ 32 registers.
#define PIXELS_1 24
#define PIXELS_2 12
#define PIXELS_3 8
#define PIXELS_4 6
#define SLICE_VECTORS 4
#else
// 12 accumulators (9 for 3 vectors) + weights + 1 broadcast ≤ 16. Wider filter counts go through in slices of
// 2 vectors: 6 × 2 blocks keep more accumulators in flight than 2 × 4 ones.
#define PIXELS_1 12
#define PIXELS_2 6
#define PIXELS_3 3
#define PIXELS_4 2
#define SLICE_VECTORS 2
#endif
#include "kernel_body.h"
#undef NAME
#undef PIXELS_1
#undef PIXELS_2
#undef PIXELS_3
#undef PIXELS_4
#undef SLICE_VECTORS
#undef WIDTH
#undef SUFFIX
#undef REGISTERS
