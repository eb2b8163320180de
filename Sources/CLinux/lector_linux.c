#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "lector_linux.h"

int lector_filesystem_type(const char *path, int64_t *type) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    *type = (int64_t)info.f_type;
    return 0;
}

int lector_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC | O_NONBLOCK); }
