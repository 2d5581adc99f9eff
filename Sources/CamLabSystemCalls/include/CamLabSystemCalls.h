#ifndef CAMLAB_SYSTEM_CALLS_H
#define CAMLAB_SYSTEM_CALLS_H

/// syncfs(2): writes to disk everything cached for the file system that holds the open file `descriptor` (data,
/// new files and renames alike). Returns 0, or -1 with errno set. Glibc declares it only under _GNU_SOURCE, which
/// Swift's Glibc module does not see.
int camlab_sync_file_system(int descriptor);

/// A spin-wait loop's hint to the CPU (x86's `pause`): the loop leaves the core's resources to other work and
/// leaves it without a memory-order misprediction when the awaited value changes.
static inline void camlab_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/// The worker of `Parallel.onEachWorker` that the calling thread runs as, or -1 outside one. Thread-local storage
/// in C: Swift has none outside tasks.
int camlab_current_worker(void);
void camlab_set_current_worker(int worker);

#endif
