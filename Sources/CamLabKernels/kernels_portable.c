// The kernels for any CPU: the compiler's baseline instruction set (SSE2 on x86-64), no target attribute.
#include "kernels_internal.h"

#define WIDTH 8
#define SUFFIX portable8
#define REGISTERS 16
#include "kernel_instance.h"

#define WIDTH 16
#define SUFFIX portable16
#define REGISTERS 16
#include "kernel_instance.h"

const camlab_kernel_table *const camlab_portable_tables[2] = {&table_portable8, &table_portable16};
