/* Whole-file reads (regular files only, capped), atomic replacement,
 * paths and small string helpers. */
#include "incontro/core.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- reading ------------------------------------------------------------- */
char *ik_file_read_max(const char *path, size_t max, size_t *size)
{
    IkBuf buf = {0};
    struct stat st;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        ik_fail("%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        ik_fail("%s: %s", path, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        ik_fail("%s: not a regular file (%s)", path,
                S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a pipe"
                : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "a special file");
        goto fail;
    }
    if ((unsigned long long)st.st_size > max) {
        ik_fail("%s: file of %lld bytes is too large (limit %zu bytes)", path,
                (long long)st.st_size, max);
        goto fail;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    /* the size may change while we read: the cap holds whatever happens */
    for (;;) {
        char chunk[65536];
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ik_fail("%s: read error: %s", path, strerror(errno));
            goto fail;
        }
        if (n == 0)
            break;
        if (buf.len + (size_t)n > max) {
            ik_fail("%s: file of more than %zu bytes is too large (limit %zu bytes)", path,
                    max, max);
            goto fail;
        }
        ik_buf_append(&buf, chunk, (size_t)n);
    }
    close(fd);
    if (!buf.data)
        ik_buf_append(&buf, "", 0);
    if (size)
        *size = buf.len;
    return buf.data;
fail:
    close(fd);
    ik_buf_free(&buf);
    return NULL;
}

char *ik_file_read(const char *path, size_t *size)
{
    return ik_file_read_max(path, IK_FILE_READ_MAX, size);
}

/* ---- atomic replacement ---------------------------------------------------- */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ik_xstrdup(".");
    if (slash == path)
        return ik_xstrdup("/");
    return ik_xstrndup(path, (size_t)(slash - path));
}

static void sync_folder(const char *path)
{
    char *dir = folder_of(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* A writer that is gone (the pid in the name is no process) or that holds
 * no lock on its file (a file in use is always locked, except for the
 * instant between its creation and the lock, when it is still empty). */
static bool stale(const char *path, const char *name_rest)
{
    long pid = strtol(name_rest, NULL, 10);
    bool gone = pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    bool unlocked = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                    flock(fd, LOCK_EX | LOCK_NB) == 0;
    bool fresh = unlocked && st.st_size == 0 && !gone;
    if (fd >= 0)
        close(fd);
    return unlocked && !fresh;
}

/* Removes the PATH.tmp-PID-* files that writers killed earlier left. */
static void remove_stale(const char *path)
{
    char *dir = folder_of(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *prefix = ik_xasprintf("%s.tmp-", base);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!ik_str_starts_with(e->d_name, prefix))
            continue;
        char *p = ik_path_join(dir, e->d_name);
        if (stale(p, e->d_name + strlen(prefix)))
            unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    free(prefix);
    free(dir);
}

bool ik_file_replace_begin(IkFileReplace *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    remove_stale(path);
    r->path = ik_xstrdup(path);
    r->tmp = ik_xasprintf("%s.tmp-%ld-XXXXXX", path, (long)getpid());
    r->fd = mkstemp(r->tmp);
    if (r->fd < 0) {
        ik_fail("%s: cannot create a temporary file: %s", path, strerror(errno));
        free(r->tmp);
        r->tmp = NULL;
        ik_file_replace_abort(r);
        return false;
    }
    /* the lock tells remove_stale that this file is in use */
    flock(r->fd, LOCK_EX);
    fcntl(r->fd, F_SETFD, FD_CLOEXEC);
    /* mkstemp makes 0600; the file gets the mode a plain create would */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(r->fd, 0666 & ~mask);
    return true;
}

bool ik_file_replace_write(IkFileReplace *r, const void *data, size_t size)
{
    const char *p = data;
    while (size > 0) {
        ssize_t w = write(r->fd, p, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ik_fail("%s: %s", r->tmp, w < 0 ? strerror(errno) : "nothing written");
        p += w;
        size -= (size_t)w;
    }
    return true;
}

bool ik_file_replace_commit(IkFileReplace *r)
{
    bool ok = false;
    if (fsync(r->fd) != 0) {
        ik_fail("%s: %s", r->tmp, strerror(errno));
        goto done;
    }
    if (rename(r->tmp, r->path) != 0) {
        ik_fail("%s: %s", r->path, strerror(errno));
        goto done;
    }
    free(r->tmp);
    r->tmp = NULL;
    sync_folder(r->path);   /* the rename itself must survive a power cut */
    ok = true;
done:
    ik_file_replace_abort(r);
    return ok;
}

void ik_file_replace_abort(IkFileReplace *r)
{
    if (!r->path)
        return;   /* zeroed, or already ended */
    if (r->tmp)
        unlink(r->tmp);
    if (r->fd >= 0)
        close(r->fd);
    free(r->tmp);
    free(r->path);
    r->tmp = r->path = NULL;
    r->fd = -1;
}

bool ik_file_write_atomic(const char *path, const void *data, size_t size)
{
    IkFileReplace r;
    if (!ik_file_replace_begin(&r, path))
        return false;
    if (!ik_file_replace_write(&r, data, size)) {
        ik_file_replace_abort(&r);
        return false;
    }
    return ik_file_replace_commit(&r);
}

bool ik_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

char *ik_path_join(const char *a, const char *b)
{
    size_t la = strlen(a);
    if (la == 0)
        return ik_xstrdup(b);
    if (b[0] == '/')
        return ik_xstrdup(b);
    return ik_xasprintf("%s%s%s", a, a[la - 1] == '/' ? "" : "/", b);
}

bool ik_str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ik_str_ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

char *ik_str_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

bool ik_parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    if (!s || !*s)
        return false;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max)
        return false;
    *out = v;
    return true;
}

long long ik_fd_read_at(int fd, void *buf, size_t n, unsigned long long offset)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(offset + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (long long)got;
}

void ik_fd_drain(int fd)
{
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0) {
    }
}
