/* A pack too large to read into memory, read by SQLite from its file: a
 * read-only SQLite VFS over a descriptor the caller verified. The file's
 * identity (inode, size, modification and change times) is taken when the
 * VFS opens it, and each read checks, after the bytes are read, that it is
 * still the same: a file written after it was checked (an operator copying
 * over it, a truncation) gives a read error, never bytes nobody verified.
 * Only the database is seen: the size is the database's, without the
 * signed trailer, and no journal, lock or other file exists for SQLite. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "content_internal.h"
#include "incontro/core.h"

#define VFS_NAME "incontro-pack"

typedef struct {
    sqlite3_file base;
    int fd;                     /* a duplicate of the caller's descriptor */
    sqlite3_int64 size;         /* bytes of the database */
    struct stat id;             /* the file as opened */
    bool changed;               /* a change was seen (logged once) */
} PackFile;

bool ik_pack_file_same(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static int pf_close(sqlite3_file *f)
{
    PackFile *p = (PackFile *)f;
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
    return SQLITE_OK;
}

static int pf_read(sqlite3_file *f, void *buf, int amount, sqlite3_int64 offset)
{
    PackFile *p = (PackFile *)f;
    /* past the database (the trailer, or past the end) reads as nothing */
    sqlite3_int64 avail = offset < p->size ? p->size - offset : 0;
    size_t want = (size_t)(avail < amount ? avail : amount);
    long long n = ik_fd_read_at(p->fd, buf, want, (unsigned long long)offset);
    size_t got = n > 0 ? (size_t)n : 0;
    /* Checked after the read: a writer changes the times before its bytes
     * land, so bytes of a write are never taken for verified ones. */
    struct stat now;
    if (fstat(p->fd, &now) != 0 || !ik_pack_file_same(&now, &p->id)) {
        if (!p->changed)
            ik_log(IK_LOG_ERROR, "the pack's file changed on disk after it was verified: "
                                 "its pages are refused until it is opened again");
        p->changed = true;
        return SQLITE_IOERR_READ;
    }
    if (got < (size_t)amount) {
        memset((char *)buf + got, 0, (size_t)amount - got);
        return got < want ? SQLITE_IOERR_READ : SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

static int pf_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    (void)f, (void)b, (void)n, (void)o;
    return SQLITE_READONLY;
}

static int pf_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    (void)f, (void)size;
    return SQLITE_READONLY;
}

static int pf_sync(sqlite3_file *f, int flags)
{
    (void)f, (void)flags;
    return SQLITE_READONLY;
}

static int pf_size(sqlite3_file *f, sqlite3_int64 *size)
{
    *size = ((PackFile *)f)->size;
    return SQLITE_OK;
}

/* Nobody writes a pack through SQLite: there is nothing to lock. */
static int pf_lock(sqlite3_file *f, int level)
{
    (void)f, (void)level;
    return SQLITE_OK;
}

static int pf_reserved(sqlite3_file *f, int *out)
{
    (void)f;
    *out = 0;
    return SQLITE_OK;
}

static int pf_control(sqlite3_file *f, int op, void *arg)
{
    (void)f, (void)op, (void)arg;
    return SQLITE_NOTFOUND;
}

static int pf_sector(sqlite3_file *f)
{
    (void)f;
    return 4096;
}

static int pf_characteristics(sqlite3_file *f)
{
    (void)f;
    return SQLITE_IOCAP_IMMUTABLE;
}

static const sqlite3_io_methods pack_io = {
    .iVersion = 1,
    .xClose = pf_close,
    .xRead = pf_read,
    .xWrite = pf_write,
    .xTruncate = pf_truncate,
    .xSync = pf_sync,
    .xFileSize = pf_size,
    .xLock = pf_lock,
    .xUnlock = pf_lock,
    .xCheckReservedLock = pf_reserved,
    .xFileControl = pf_control,
    .xSectorSize = pf_sector,
    .xDeviceCharacteristics = pf_characteristics,
};

/* The main database only, named by the URI parameters fd and size. */
static int pf_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
                   int *out_flags)
{
    (void)vfs;
    PackFile *p = (PackFile *)f;
    memset(p, 0, sizeof *p);
    p->fd = -1;
    if (!name || !(flags & SQLITE_OPEN_MAIN_DB) || (flags & SQLITE_OPEN_READWRITE))
        return SQLITE_CANTOPEN;
    sqlite3_int64 fd = sqlite3_uri_int64(name, "fd", -1);
    p->size = sqlite3_uri_int64(name, "size", -1);
    if (fd < 0 || fd > 1 << 20 || p->size < 0)
        return SQLITE_CANTOPEN;
    p->fd = fcntl((int)fd, F_DUPFD_CLOEXEC, 3);
    if (p->fd < 0 || fstat(p->fd, &p->id) != 0 || p->id.st_size < p->size) {
        if (p->fd >= 0)
            close(p->fd);
        p->fd = -1;
        return SQLITE_CANTOPEN;
    }
    p->base.pMethods = &pack_io;
    if (out_flags)
        *out_flags = SQLITE_OPEN_READONLY;
    return SQLITE_OK;
}

static int pf_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
    (void)vfs, (void)name, (void)sync;
    return SQLITE_READONLY;
}

/* No journal, WAL or other file beside a pack is ever looked at. */
static int pf_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs, (void)name, (void)flags;
    *out = 0;
    return SQLITE_OK;
}

static int pf_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    if ((int)strlen(name) >= n)
        return SQLITE_CANTOPEN;
    memcpy(out, name, strlen(name) + 1);
    return SQLITE_OK;
}

/* Time and randomness are the default VFS's. */
static int pf_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    sqlite3_vfs *d = vfs->pAppData;
    return d->xRandomness(d, n, out);
}

static int pf_sleep(sqlite3_vfs *vfs, int us)
{
    sqlite3_vfs *d = vfs->pAppData;
    return d->xSleep(d, us);
}

static int pf_time(sqlite3_vfs *vfs, double *out)
{
    sqlite3_vfs *d = vfs->pAppData;
    return d->xCurrentTime(d, out);
}

static int pf_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    if (n > 0)
        out[0] = '\0';
    return 0;
}

static sqlite3_vfs pack_vfs = {
    .iVersion = 1,
    .szOsFile = sizeof(PackFile),
    .mxPathname = 512,
    .zName = VFS_NAME,
    .xOpen = pf_open,
    .xDelete = pf_delete,
    .xAccess = pf_access,
    .xFullPathname = pf_full_pathname,
    .xRandomness = pf_randomness,
    .xSleep = pf_sleep,
    .xCurrentTime = pf_time,
    .xGetLastError = pf_error,
};

static sqlite3_vfs *default_vfs;

static void register_once(void)
{
    default_vfs = sqlite3_vfs_find(NULL);
    pack_vfs.pAppData = default_vfs;
    if (default_vfs && sqlite3_vfs_register(&pack_vfs, 0) != SQLITE_OK)
        default_vfs = NULL;
}

bool ik_pack_file_attach(sqlite3 **db, const char *name, int fd, size_t db_size,
                         const struct stat *verified)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    *db = NULL;
    if (sqlite3_initialize() != SQLITE_OK || pthread_once(&once, register_once) != 0 ||
        !default_vfs)
        return ik_fail("%s: cannot open: SQLite did not start", name);
    char *uri = ik_xasprintf("file:pack?fd=%d&size=%zu", fd, db_size);
    int rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, VFS_NAME);
    free(uri);
    if (rc != SQLITE_OK)
        return ik_fail("%s: cannot open: %s", name, *db ? sqlite3_errmsg(*db) : "out of memory");
    /* the file SQLite reads is still the one that was verified */
    PackFile *p = NULL;
    if (sqlite3_file_control(*db, "main", SQLITE_FCNTL_FILE_POINTER, &p) != SQLITE_OK || !p ||
        !ik_pack_file_same(&p->id, verified))
        return ik_fail("%s: changed on disk while it was being checked", name);
    return true;
}
