#ifndef CAMLAB_SYSTEM_CALLS_H
#define CAMLAB_SYSTEM_CALLS_H

/// syncfs(2): writes to disk everything cached for the file system that holds the open file `descriptor` (data,
/// new files and renames alike). Returns 0, or -1 with errno set. Glibc declares it only under _GNU_SOURCE, which
/// Swift's Glibc module does not see.
int camlab_sync_file_system(int descriptor);

#endif
