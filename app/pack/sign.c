/* Signing and installing packs with Ed25519 (libsodium). The signature is a
 * trailer: [pack][64-byte signature of pack]["IKSIG001"], so a signed pack is
 * one file and installing it is one rename. */
#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static bool read_hex_key(const char *path, unsigned char *out, size_t len)
{
    size_t size;
    char *text = ik_file_read(path, &size);
    if (!text)
        return false;
    size_t n = 0;
    bool ok = sodium_hex2bin(out, len, text, size, " \r\n\t", &n, NULL) == 0 && n == len;
    sodium_memzero(text, size);
    free(text);
    if (!ok)
        return ik_fail("%s: not a key of %zu hex-encoded bytes", path, len);
    return true;
}

static bool init(void)
{
    if (sodium_init() < 0)
        return ik_fail("libsodium cannot start");
    return true;
}

bool ik_pack_keygen(const char *name)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char skhex[2 * sizeof sk + 2], pkhex[2 * sizeof pk + 2];
    char *kpath = ik_xasprintf("%s.key", name), *ppath = ik_xasprintf("%s.pub", name);
    bool ok = false;
    if (!init())
        goto fail;
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(skhex, sizeof skhex, sk, sizeof sk);
    sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
    strcat(skhex, "\n");
    strcat(pkhex, "\n");
    /* the secret key is never readable by others, not even for an instant */
    mode_t old = umask(077);
    ok = ik_file_write_atomic(kpath, skhex, strlen(skhex));
    umask(old);
    ok = ok && ik_file_write_atomic(ppath, pkhex, strlen(pkhex));
fail:
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(skhex, sizeof skhex);
    free(kpath);
    free(ppath);
    return ok;
}

/* bytes of the pack without any trailer */
static size_t body_size(const char *data, size_t size, bool *is_signed)
{
    *is_signed = size >= IK_PACK_SIG_TRAILER &&
                 memcmp(data + size - 8, IK_PACK_SIG_MAGIC, 8) == 0;
    return *is_signed ? size - IK_PACK_SIG_TRAILER : size;
}

bool ik_pack_sign(const char *key_path, const char *pack_path)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    size_t size = 0;
    char *data = NULL;
    bool ok = false, was;
    if (!init() || !read_hex_key(key_path, sk, sizeof sk))
        goto fail;
    data = ik_file_read(pack_path, &size);
    if (!data)
        goto fail;
    size_t body = body_size(data, size, &was);
    if (body < 100 || memcmp(data, "SQLite format 3", 16) != 0) {
        ik_fail("%s: not a content pack", pack_path);
        goto fail;
    }
    data = ik_xrealloc(data, body + IK_PACK_SIG_TRAILER, 1);
    crypto_sign_detached((unsigned char *)data + body, NULL, (unsigned char *)data, body, sk);
    memcpy(data + body + 64, IK_PACK_SIG_MAGIC, 8);
    ok = ik_file_write_atomic(pack_path, data, body + IK_PACK_SIG_TRAILER);
fail:
    sodium_memzero(sk, sizeof sk);
    free(data);
    return ok;
}

static bool verify_data(const unsigned char *pk, const char *path, const char *data, size_t size)
{
    bool is_signed;
    size_t body = body_size(data, size, &is_signed);
    if (!is_signed)
        return ik_fail("%s: not signed", path);
    if (crypto_sign_verify_detached((const unsigned char *)data + body,
                                    (const unsigned char *)data, body, pk) != 0)
        return ik_fail("%s: bad signature (altered, or signed by another key)", path);
    return true;
}

bool ik_pack_verify(const char *pubkey_path, const char *pack_path)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t size;
    if (!init() || !read_hex_key(pubkey_path, pk, sizeof pk))
        return false;
    char *data = ik_file_read(pack_path, &size);
    if (!data)
        return false;
    bool ok = verify_data(pk, pack_path, data, size);
    free(data);
    return ok;
}

int ik_pack_signed(const char *pack_path)
{
    size_t size;
    char *data = ik_file_read(pack_path, &size);
    if (!data)
        return -1;
    bool s;
    body_size(data, size, &s);
    free(data);
    return s ? 1 : 0;
}

char *ik_pack_version(const char *pack_path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (!ik_file_exists(pack_path)) {
        ik_fail("%s: no such file", pack_path);
        return NULL;
    }
    if (sqlite3_open_v2(pack_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='version'", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        ik_fail("%s: not a content pack (%s)", pack_path, db ? sqlite3_errmsg(db) : "?");
    } else {
        v = ik_xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* numeric compare of two digit strings */
static int version_cmp(const char *a, const char *b)
{
    while (*a == '0' && a[1]) a++;
    while (*b == '0' && b[1]) b++;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return la < lb ? -1 : 1;
    return strcmp(a, b);
}

bool ik_pack_install(const char *pubkey_path, const char *store_dir, const char *pack_path)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t size = 0;
    char *data = NULL, *newv = NULL, *oldv = NULL;
    char *cur = ik_path_join(store_dir, "current.pack");
    char *prev = ik_path_join(store_dir, "previous.pack");
    char *prevtmp = ik_path_join(store_dir, "previous.pack.tmp");
    IkFileReplace r = {0};
    bool ok = false;
    if (!init() || !read_hex_key(pubkey_path, pk, sizeof pk))
        goto fail;
    /* verify the very bytes that will be installed */
    data = ik_file_read(pack_path, &size);
    if (!data || !verify_data(pk, pack_path, data, size))
        goto fail;
    mkdir(store_dir, 0755);
    if (!ik_file_replace_begin(&r, cur) || !ik_file_replace_write(&r, data, size))
        goto fail;
    newv = ik_pack_version(r.tmp);
    if (!newv)
        goto fail;
    if (ik_file_exists(cur)) {
        oldv = ik_pack_version(cur);
        if (oldv && version_cmp(newv, oldv) <= 0) {
            ik_fail("%s: version %s is not newer than the installed %s", pack_path, newv, oldv);
            goto fail;
        }
        /* keep the old pack: a hard link renamed into place, so previous.pack
         * is always whole and current.pack is never missing */
        unlink(prevtmp);
        if (link(cur, prevtmp) != 0 || rename(prevtmp, prev) != 0) {
            ik_fail("%s: cannot keep the previous pack: %s", store_dir, strerror(errno));
            goto fail;
        }
    }
    ok = ik_file_replace_commit(&r);
fail:
    ik_file_replace_abort(&r);
    free(data);
    free(newv);
    free(oldv);
    free(cur);
    free(prev);
    free(prevtmp);
    return ok;
}

/* ---- operator PIN -------------------------------------------------------- */
bool ik_pack_pin_hash(const char *pin, char out[IK_PIN_HASH_MAX])
{
    size_t n = strlen(pin);
    if (n < 4 || n > 12 || strspn(pin, "0123456789") != n)
        return ik_fail("a PIN is 4 to 12 digits");
    if (!init())
        return false;
    _Static_assert(IK_PIN_HASH_MAX == crypto_pwhash_STRBYTES, "hash buffer size");
    /* Interactive limits: about a tenth of a second and 64 MiB on a kiosk,
     * far too slow to try every PIN from a copied hash in a hurry. */
    if (crypto_pwhash_str(out, pin, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return ik_fail("not enough memory to hash the PIN");
    return true;
}
