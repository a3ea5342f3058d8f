/* Whole-file reads, atomic writes, paths and small string helpers. */
#include "incontro/core.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ik_file_read(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    IkBuf buf = {0};
    char chunk[65536];
    size_t n;

    if (!f) {
        ik_fail("%s: %s", path, strerror(errno));
        return NULL;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ik_buf_append(&buf, chunk, n);
    if (ferror(f)) {
        ik_fail("%s: read error: %s", path, strerror(errno));
        fclose(f);
        ik_buf_free(&buf);
        return NULL;
    }
    fclose(f);
    if (!buf.data)
        ik_buf_append(&buf, "", 0);
    if (size)
        *size = buf.len;
    return buf.data;
}

bool ik_file_write_atomic(const char *path, const void *data, size_t size)
{
    char *tmp = ik_xasprintf("%s.tmp.%ld", path, (long)getpid());
    const char *p = data;
    bool ok = false;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    if (fd < 0) {
        ik_fail("%s: %s", tmp, strerror(errno));
        goto fail;
    }
    while (size > 0) {
        ssize_t w = write(fd, p, size);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            ik_fail("%s: %s", tmp, strerror(errno));
            close(fd);
            goto fail_unlink;
        }
        p += w;
        size -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        ik_fail("%s: %s", tmp, strerror(errno));
        goto fail_unlink;
    }
    if (rename(tmp, path) != 0) {
        ik_fail("%s: %s", path, strerror(errno));
        goto fail_unlink;
    }
    ok = true;
    goto fail;
fail_unlink:
    unlink(tmp);
fail:
    free(tmp);
    return ok;
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
