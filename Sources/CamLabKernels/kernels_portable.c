// The kernels for any CPU: the compiler's baseline instruction set (SSE2 on x86-64), no target attribute.
#include "kernels_internal.h"

#define WIDTH 8
#define NAME(x) CAMLAB_CAT(x, portable8)
#define PIXELS_1 12
#define PIXELS_2 6
#define PIXELS_3 3
#define PIXELS_4 2
#include "kernel_body.h"
#undef WIDTH
#undef NAME
#undef PIXELS_1
#undef PIXELS_2
#undef PIXELS_3
#undef PIXELS_4

#define WIDTH 16
#define NAME(x) CAMLAB_CAT(x, portable16)
#define PIXELS_1 6
#define PIXELS_2 3
#define PIXELS_3 2
#define PIXELS_4 1  // single rows: the remainder blocks alone
#include "kernel_body.h"

const camlab_kernel_table *const camlab_portable_tables[2] = {&table_portable8, &table_portable16};
