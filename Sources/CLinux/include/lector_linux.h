// Linux calls that Swift's Glibc module does not export.
#ifndef LECTOR_LINUX_H
#define LECTOR_LINUX_H

#include <stdint.h>

/// statfs(2)'s f_type for the filesystem holding `path`; returns 0 on success, -1 with errno set.
int lector_filesystem_type(const char *path, int64_t *type);

/// pipe2(fds, O_CLOEXEC | O_NONBLOCK); returns 0 on success, -1 with errno set.
int lector_pipe(int fds[2]);

#endif
