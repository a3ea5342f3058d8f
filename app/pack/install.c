/* Installing a pack into a store folder: the one update path, taken by
 * `incontro-pack install` and by the kiosk's updater alike. The store holds
 * current.pack (what the kiosk shows) and previous.pack (the one before);
 * both are written by core's atomic replace (temporary, fsync, rename, fsync
 * of the folder). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incontro/content.h"
#include "internal.h"

/* numeric order of two digit strings */
static int version_cmp(const char *a, const char *b)
{
    while (*a == '0' && a[1])
        a++;
    while (*b == '0' && b[1])
        b++;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return la < lb ? -1 : 1;
    return strcmp(a, b);
}

int ik_pack_version_cmp(const char *a, const char *b)
{
    return version_cmp(a, b);
}

/* One install at a time per store (the kiosk and an operator may race). */
static int lock_store(const char *store)
{
    char *path = ik_path_join(store, ".lock");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(path);
    if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Writes path from the verified bytes of c. */
static bool write_pack(IkContent *c, const char *path)
{
    IkFileReplace r = {0};
    if (!ik_file_replace_begin(&r, path))
        return false;
    if (!ik_content_write_bytes(c, ik_content_file_size(c), &r)) {
        ik_file_replace_abort(&r);
        return false;
    }
    return ik_file_replace_commit(&r);
}

IkInstallResult ik_pack_install_key(const unsigned char key[IK_KEY_BYTES], const char *store_dir,
                                    const char *pack_path, time_t now, char version[24])
{
    IkInstallResult result = IK_INSTALL_REFUSED;
    char *cur = ik_path_join(store_dir, "current.pack");
    char *prev = ik_path_join(store_dir, "previous.pack");
    IkContent *c = NULL, *old = NULL;
    int lock = -1;
    if (version)
        version[0] = '\0';
    /* verified and checked; the very bytes checked are what is installed */
    IkOpenOptions o = {.key = key, .refuse_expired = true, .now = now};
    c = ik_content_open_with(pack_path, &o);
    if (!c)
        goto done;
    const char *v = ik_content_meta(c, "version");
    if (version)
        snprintf(version, 24, "%s", v);
    result = IK_INSTALL_FAILED;
    if (mkdir(store_dir, 0755) != 0 && errno != EEXIST) {
        ik_fail("%s: %s", store_dir, strerror(errno));
        goto done;
    }
    lock = lock_store(store_dir);
    if (lock < 0) {
        ik_fail("%s: cannot lock the store: %s", store_dir, strerror(errno));
        goto done;
    }
    if (ik_file_exists(cur)) {
        IkOpenOptions oo = {.key = key, .now = now};
        old = ik_content_open_with(cur, &oo);
        if (!old) {
            /* a damaged or foreign current.pack is replaced, not kept */
            ik_log(IK_LOG_WARN, "install: the installed pack does not verify, replacing it: %s",
                   ik_error());
        } else if (version_cmp(v, ik_content_meta(old, "version")) <= 0) {
            ik_fail("%s: version %s is not newer than the installed %s", pack_path, v,
                    ik_content_meta(old, "version"));
            result = IK_INSTALL_NOT_NEWER;
            goto done;
        } else if (!write_pack(old, prev)) {
            /* current.pack stays whole until the rename below */
            ik_fail_prefix("cannot keep the previous pack");
            goto done;
        }
    }
    if (!write_pack(c, cur)) {
        ik_fail_prefix("%s", pack_path);
        goto done;
    }
    result = IK_INSTALL_DONE;
done:
    if (lock >= 0)
        close(lock);
    ik_content_close(c);
    ik_content_close(old);
    free(cur);
    free(prev);
    return result;
}

bool ik_pack_install(const char *pubkey_path, const char *store_dir, const char *pack_path)
{
    unsigned char pk[IK_KEY_BYTES];
    if (!ik_content_key_load(pubkey_path, pk))
        return false;
    return ik_pack_install_key(pk, store_dir, pack_path, time(NULL), NULL) == IK_INSTALL_DONE;
}
