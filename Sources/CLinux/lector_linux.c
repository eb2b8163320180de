#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <linux/close_range.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "lector_linux.h"

int lector_filesystem_type(const char *path, int64_t *type) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    *type = (int64_t)info.f_type;
    return 0;
}

int lector_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC | O_NONBLOCK); }

int lector_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

// MARK: - Spawning children that die with Lector

struct spawn_request {
    const char *file;
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int fds[3];
    int result;
    pid_t pid;
    int done;
};

static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t spawn_changed = PTHREAD_COND_INITIALIZER;
static struct spawn_request *spawn_pending = NULL;
static pthread_once_t spawn_once = PTHREAD_ONCE_INIT;

static void report_and_exit(int channel) {
    int error = errno;
    ssize_t ignored = write(channel, &error, sizeof error);
    (void)ignored;
    _exit(127);
}

// Between fork and exec only async-signal-safe calls: the parent has other threads.
static void run_child(struct spawn_request *request, pid_t parent, int channel) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) report_and_exit(channel);
    if (getppid() != parent) _exit(127);  // The parent died before the signal was armed.
    setpgid(0, 0);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    for (int number = 1; number < NSIG; number++) sigaction(number, &action, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int target = 0; target < 3; target++) {
        if (dup2(request->fds[target], target) < 0) report_and_exit(channel);
    }
    if (request->cwd != NULL && chdir(request->cwd) != 0) report_and_exit(channel);
    // Every other descriptor closes at exec (the channel already does).
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        long limit = sysconf(_SC_OPEN_MAX);
        for (int fd = 3; fd < limit && fd < 65536; fd++) {
            if (fd != channel) fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
    }
    execvpe(request->file, request->argv, request->envp);
    report_and_exit(channel);
}

static void spawn_now(struct spawn_request *request) {
    int channel[2];
    if (pipe2(channel, O_CLOEXEC) != 0) {
        request->result = errno;
        return;
    }
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        request->result = errno;
        close(channel[0]);
        close(channel[1]);
        return;
    }
    if (child == 0) run_child(request, parent, channel[1]);
    close(channel[1]);
    int error = 0;
    ssize_t count;
    do {
        count = read(channel[0], &error, sizeof error);
    } while (count < 0 && errno == EINTR);
    close(channel[0]);
    if (count == (ssize_t)sizeof error) {
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        request->result = error;
        return;
    }
    request->result = 0;
    request->pid = child;
}

static void *spawner_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&spawn_lock);
    for (;;) {
        while (spawn_pending == NULL) pthread_cond_wait(&spawn_changed, &spawn_lock);
        struct spawn_request *request = spawn_pending;
        spawn_pending = NULL;
        pthread_mutex_unlock(&spawn_lock);
        spawn_now(request);
        pthread_mutex_lock(&spawn_lock);
        request->done = 1;
        pthread_cond_broadcast(&spawn_changed);
    }
    return NULL;
}

static int spawner_error = 0;

static void start_spawner(void) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    spawner_error = pthread_create(&thread, &attributes, spawner_main, NULL);
    pthread_attr_destroy(&attributes);
}

int lector_spawn(const char *file, char *const argv[], char *const envp[], const char *cwd,
                 int stdin_fd, int stdout_fd, int stderr_fd, int32_t *pid) {
    pthread_once(&spawn_once, start_spawner);
    if (spawner_error != 0) return spawner_error;
    struct spawn_request request = {
        .file = file, .argv = argv, .envp = envp, .cwd = cwd,
        .fds = {stdin_fd, stdout_fd, stderr_fd}, .result = 0, .pid = 0, .done = 0,
    };
    pthread_mutex_lock(&spawn_lock);
    while (spawn_pending != NULL) pthread_cond_wait(&spawn_changed, &spawn_lock);
    spawn_pending = &request;
    pthread_cond_broadcast(&spawn_changed);
    while (!request.done) pthread_cond_wait(&spawn_changed, &spawn_lock);
    pthread_mutex_unlock(&spawn_lock);
    if (request.result == 0) *pid = request.pid;
    return request.result;
}

int lector_fsetxattr(int fd, const char *name, const void *value, size_t size) {
    return fsetxattr(fd, name, value, size, 0);
}

long lector_lgetxattr(const char *path, const char *name, void *value, size_t size) {
    return (long)lgetxattr(path, name, value, size);
}

int lector_lremovexattr(const char *path, const char *name) { return lremovexattr(path, name); }

int lector_tune_malloc(int arenas, int mmap_threshold) {
    int ok = 1;
    if (arenas > 0 && mallopt(M_ARENA_MAX, arenas) != 1) ok = 0;
    if (mmap_threshold > 0 && mallopt(M_MMAP_THRESHOLD, mmap_threshold) != 1) ok = 0;
    return ok;
}
