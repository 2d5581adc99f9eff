#define _GNU_SOURCE
#include <unistd.h>
#include "CamLabSystemCalls.h"

int camlab_sync_file_system(int descriptor) { return syncfs(descriptor); }

static _Thread_local int current_worker = -1;

int camlab_current_worker(void) { return current_worker; }

void camlab_set_current_worker(int worker) { current_worker = worker; }
