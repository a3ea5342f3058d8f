/* Keys and signatures (Ed25519, libsodium). A signed pack carries a signed
 * manifest in a trailer (its format is content's: see content.h), so it is
 * one file and installing it is one rename. Only complete packs of a known
 * format are signed. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "incontro/content.h"
#include "internal.h"

static bool init(void)
{
    if (sodium_init() < 0)
        return ik_fail("libsodium cannot start");
    return true;
}

static bool read_secret_key(const char *path, unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    size_t size;
    char *text = ik_file_read(path, &size);
    if (!text)
        return false;
    size_t n = 0;
    bool ok = sodium_hex2bin(sk, crypto_sign_SECRETKEYBYTES, text, size, " \r\n\t", &n, NULL) == 0 &&
              n == crypto_sign_SECRETKEYBYTES;
    sodium_memzero(text, size);
    free(text);
    if (!ok)
        return ik_fail("%s: not a secret key (%d hex-encoded bytes)", path,
                       crypto_sign_SECRETKEYBYTES);
    return true;
}

bool ik_pack_keygen(const char *name, bool force)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char skhex[2 * sizeof sk + 2], pkhex[2 * sizeof pk + 1];
    char *kpath = ik_xasprintf("%s.key", name), *ppath = ik_xasprintf("%s.pub", name);
    char *line = NULL;
    bool ok = false;
    /* Every kiosk that trusts NAME.pub would refuse all packs signed by a
     * new key: replacing one is never an accident. */
    if (!force && (ik_file_exists(kpath) || ik_file_exists(ppath))) {
        ik_fail("%s: already exists; keeping it (kiosks that trust it would refuse packs signed "
                "by a new key). Pass --force to replace it", ik_file_exists(kpath) ? kpath : ppath);
        goto fail;
    }
    if (!init())
        goto fail;
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(skhex, sizeof skhex, sk, sizeof sk);
    sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
    strcat(skhex, "\n");
    /* the line the kiosk's config takes, as it is */
    line = ik_xasprintf("trusted_key = %s\n", pkhex);
    /* the secret key is never readable by others, not even for an instant */
    mode_t old = umask(077);
    ok = ik_file_write_atomic(kpath, skhex, strlen(skhex));
    umask(old);
    ok = ok && ik_file_write_atomic(ppath, line, strlen(line));
fail:
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(skhex, sizeof skhex);
    free(line);
    free(kpath);
    free(ppath);
    return ok;
}

bool ik_pack_sign(const char *key_path, const char *pack_path, long long expires)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
    size_t msize = 0;
    char *manifest = NULL;
    IkContent *c = NULL;
    IkFileReplace r = {0};
    bool ok = false;
    if (!init() || !read_secret_key(key_path, sk))
        goto fail;
    /* only a complete pack of a known format is signed, from the bytes that
     * were checked; any old signature is dropped */
    c = ik_content_open(pack_path);
    if (!c)
        goto fail;
    IkManifest m = {0};
    snprintf(m.version, sizeof m.version, "%s", ik_content_meta(c, "version"));
    m.created = (long long)time(NULL);
    m.expires = expires;
    m.length = ik_content_db_size(c);
    m.hash_kind = IK_HASH_BLAKE2B;
    if (!ik_content_hash_db(c, &m)) {
        ik_fail_prefix("%s", pack_path);
        goto fail;
    }
    manifest = ik_content_manifest_format(&m, &msize);
    crypto_sign_detached(sig, NULL, (const unsigned char *)manifest, msize, sk);
    unsigned char len[4] = {(unsigned char)msize, (unsigned char)(msize >> 8),
                            (unsigned char)(msize >> 16), (unsigned char)(msize >> 24)};
    if (!ik_file_replace_begin(&r, pack_path))
        goto fail;
    ok = ik_content_write_bytes(c, ik_content_db_size(c), &r) &&
         ik_file_replace_write(&r, manifest, msize) &&
         ik_file_replace_write(&r, sig, sizeof sig) &&
         ik_file_replace_write(&r, len, sizeof len) &&
         ik_file_replace_write(&r, IK_SIGN_MAGIC, 8);
    ok = ok ? ik_file_replace_commit(&r) : (ik_file_replace_abort(&r), false);
fail:
    sodium_memzero(sk, sizeof sk);
    ik_content_close(c);
    free(manifest);
    return ok;
}

bool ik_pack_verify(const char *pubkey_path, const char *pack_path, IkManifest *manifest)
{
    unsigned char pk[IK_KEY_BYTES];
    if (!ik_content_key_load(pubkey_path, pk))
        return false;
    IkOpenOptions o = {.key = pk};
    IkContent *c = ik_content_open_with(pack_path, &o);
    if (!c)
        return false;
    if (manifest)
        *manifest = *ik_content_manifest(c);
    ik_content_close(c);
    return true;
}

char *ik_pack_version(const char *pack_path)
{
    IkContent *c = ik_content_open(pack_path);
    if (!c)
        return NULL;
    char *v = ik_xstrdup(ik_content_meta(c, "version"));
    ik_content_close(c);
    return v;
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
