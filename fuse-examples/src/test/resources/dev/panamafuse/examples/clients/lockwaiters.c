/*
 * The lock holder and the lock waiters of LockWaitersIT, compiled with cc when the test starts.
 *
 *   lockwaiters hold KIND FILE
 *       opens FILE, takes the write lock of KIND without waiting, prints "held", then waits for a
 *       line (or end of file) on its standard input, unlocks, prints "released" and exits 0.
 *
 *   lockwaiters wait KIND FILE N
 *       forks N children in a new process group, whose id it prints as "group PGID". Each child
 *       opens FILE, blocks in the lock call of KIND, unlocks and exits 0 (2: open failed, 3: the
 *       lock call failed, 4: the unlock failed, each with a line on standard error). The parent
 *       never touches FILE: it reaps every child, prints "exited 0: A, killed: K, other: O" and
 *       exits 0 when all N children exited 0, else 1.
 *
 * KIND is posix (fcntl F_SETLK/F_SETLKW, a lock per process), ofd (F_OFD_SETLK/F_OFD_SETLKW, a lock
 * per open file description) or flock (flock LOCK_EX, with LOCK_NB for the holder). Every lock
 * covers the whole file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int record(int fd, int cmd, short type) {
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0;
    return fcntl(fd, cmd, &fl);
}

/* Takes (wait: blocking) or drops (unlock) the lock of kind on fd; -1 with errno on failure. */
static int lock(const char *kind, int fd, int wait, int unlock) {
    if (strcmp(kind, "flock") == 0) {
        return flock(fd, unlock ? LOCK_UN : LOCK_EX | (wait ? 0 : LOCK_NB));
    }
    short type = unlock ? F_UNLCK : F_WRLCK;
    if (strcmp(kind, "posix") == 0) {
        return record(fd, wait ? F_SETLKW : F_SETLK, type);
    }
    if (strcmp(kind, "ofd") == 0) {
        return record(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, type);
    }
    errno = EINVAL;
    return -1;
}

static int hold(const char *kind, const char *file) {
    int fd = open(file, O_RDWR);
    if (fd < 0) {
        fprintf(stderr, "holder: open %s: %s\n", file, strerror(errno));
        return 2;
    }
    if (lock(kind, fd, 0, 0) != 0) {
        fprintf(stderr, "holder: %s lock: %s\n", kind, strerror(errno));
        return 3;
    }
    printf("held\n");
    fflush(stdout);
    char c;
    ssize_t n;
    while ((n = read(0, &c, 1)) == 1 && c != '\n') {
    }
    if (lock(kind, fd, 0, 1) != 0) {
        fprintf(stderr, "holder: %s unlock: %s\n", kind, strerror(errno));
        return 4;
    }
    close(fd);
    printf("released\n");
    fflush(stdout);
    return 0;
}

static void waiter(const char *kind, const char *file, int i) {
    int fd = open(file, O_RDWR);
    if (fd < 0) {
        fprintf(stderr, "waiter %d: open %s: %s\n", i, file, strerror(errno));
        _exit(2);
    }
    if (lock(kind, fd, 1, 0) != 0) {
        fprintf(stderr, "waiter %d: %s lock: %s\n", i, kind, strerror(errno));
        _exit(3);
    }
    if (lock(kind, fd, 0, 1) != 0) {
        fprintf(stderr, "waiter %d: %s unlock: %s\n", i, kind, strerror(errno));
        _exit(4);
    }
    close(fd);
    _exit(0);
}

static int wait_all(const char *kind, const char *file, int n) {
    pid_t group = 0;
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "fork: %s\n", strerror(errno));
            if (group > 0) {
                kill(-group, SIGKILL);
            }
            return 1;
        }
        if (pid == 0) {
            /* the first child leads the new group; both sides set it, so neither order races */
            setpgid(0, group);
            waiter(kind, file, i);
        }
        if (group == 0) {
            group = pid;
        }
        setpgid(pid, group);
        if (i == 0) {
            printf("group %d\n", (int) group);
            fflush(stdout);
        }
    }
    printf("forked %d\n", n);
    fflush(stdout);
    int ok = 0, killed = 0, other = 0;
    for (int left = n; left > 0; ) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "waitpid: %s\n", strerror(errno));
            break;
        }
        left--;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            ok++;
        } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
            killed++;
        } else {
            other++;
        }
    }
    printf("exited 0: %d, killed: %d, other: %d\n", ok, killed, other);
    fflush(stdout);
    return ok == n ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "hold") == 0) {
        return hold(argv[2], argv[3]);
    }
    if (argc == 5 && strcmp(argv[1], "wait") == 0) {
        return wait_all(argv[2], argv[3], atoi(argv[4]));
    }
    fprintf(stderr, "usage: lockwaiters hold KIND FILE | lockwaiters wait KIND FILE N\n");
    return 64;
}
