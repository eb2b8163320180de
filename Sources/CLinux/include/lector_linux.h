// Linux calls that Swift's Glibc module does not export.
#ifndef LECTOR_LINUX_H
#define LECTOR_LINUX_H

#include <stddef.h>
#include <stdint.h>

/// statfs(2)'s f_type for the filesystem holding `path`; returns 0 on success, -1 with errno set.
int lector_filesystem_type(const char *path, int64_t *type);

/// pipe2(fds, O_CLOEXEC | O_NONBLOCK); returns 0 on success, -1 with errno set.
int lector_pipe(int fds[2]);

/// pipe2(fds, O_CLOEXEC): a blocking pipe that no other child inherits; 0 on success, -1 with errno set.
int lector_pipe_cloexec(int fds[2]);

/// Starts `file` (looked up in PATH when it has no slash) with `argv` and `envp` as a child whose
/// standard input, output and error are the given descriptors, in `cwd` when not NULL.
///
/// The child is made to die with Lector: it gets SIGKILL when Lector ends, however it ends
/// (PR_SET_PDEATHSIG). That signal is tied to the thread that forked, so every child is forked by
/// one thread that lives as long as the process. The child also gets a process group of its own
/// (so a plugin's own children can be signalled with it), default signal handling, an empty
/// signal mask, and no descriptor but 0, 1 and 2.
///
/// Returns 0 and sets `*pid`, or returns the errno of what failed (fork, chdir or exec: a missing
/// program is reported here, not as a child that exits at once).
int lector_spawn(const char *file, char *const argv[], char *const envp[], const char *cwd,
                 int stdin_fd, int stdout_fd, int stderr_fd, int32_t *pid);

// Extended attributes (sys/xattr.h, which Swift's Glibc module does not export). Each returns what
// the libc call returns, -1 with errno on failure.
int lector_fsetxattr(int fd, const char *name, const void *value, size_t size);
long lector_lgetxattr(const char *path, const char *name, void *value, size_t size);
int lector_lremovexattr(const char *path, const char *name);

/// glibc's malloc tuning (mallopt(3), which Swift's Glibc module does not export): at most
/// `arenas` arenas (M_ARENA_MAX) when `arenas` > 0, and a fixed mmap threshold of `mmap_threshold`
/// bytes (M_MMAP_THRESHOLD) when > 0. Returns 1 when every call succeeded, 0 otherwise.
int lector_tune_malloc(int arenas, int mmap_threshold);

#endif
