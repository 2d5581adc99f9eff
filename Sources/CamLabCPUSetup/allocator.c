#include <malloc.h>
#include "CamLabCPUSetup.h"

void camlab_keep_large_blocks(void) {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}
