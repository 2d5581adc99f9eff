#define _GNU_SOURCE
#include <unistd.h>
#include "CamLabSystemCalls.h"

int camlab_sync_file_system(int descriptor) { return syncfs(descriptor); }
