/* Signed packs: the trailer that carries a signed manifest, the manifest's
 * text form, public keys, and the checks a reader makes before it lets any
 * byte of a pack reach SQLite. Signing itself (the secret key) is the pack
 * tool's; this file only reads.
 *
 * [SECTION] keys  [SECTION] trailer  [SECTION] manifest  [SECTION] verify */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "incontro/content.h"
#include "incontro/core.h"

#define TRAILER (IK_SIGNATURE_BYTES + 4 + 8)    /* signature, manifest length, magic */
#define OLD_MAGIC "IKSIG001"                    /* a bare signature of the database */
#define MANIFEST_HEADER "incontro-pack-manifest 1"

static bool sodium_ready(void)
{
    if (sodium_init() < 0)
        return ik_fail("libsodium cannot start");
    return true;
}

/* ---- [SECTION] keys ---------------------------------------------------- */
bool ik_content_key_parse(const char *text, size_t size, unsigned char key[IK_KEY_BYTES])
{
    /* "HEX" or the config line "trusted_key = HEX" that keygen writes */
    const char *p = text, *end = text + size;
    while (p < end && strchr(" \t\r\n", *p))
        p++;
    static const char name[] = "trusted_key";
    if ((size_t)(end - p) >= sizeof name - 1 && memcmp(p, name, sizeof name - 1) == 0) {
        p += sizeof name - 1;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p == end || *p != '=')
            return ik_fail("expected 'trusted_key = HEX'");
        p++;
    }
    size_t n = 0;
    const char *hex_end = NULL;
    if (!sodium_ready())
        return false;
    if (sodium_hex2bin(key, IK_KEY_BYTES, p, (size_t)(end - p), " \t", &n, &hex_end) != 0 ||
        n != IK_KEY_BYTES)
        return ik_fail("a public key is %d hex-encoded bytes (%d hex digits)", IK_KEY_BYTES,
                       2 * IK_KEY_BYTES);
    for (; hex_end < end; hex_end++)
        if (!strchr(" \t\r\n", *hex_end))
            return ik_fail("unexpected text after the key");
    return true;
}

bool ik_content_key_load(const char *path, unsigned char key[IK_KEY_BYTES])
{
    size_t size;
    char *text = ik_file_read(path, &size);
    if (!text)
        return false;
    bool ok = ik_content_key_parse(text, size, key);
    free(text);
    return ok ? true : ik_fail_prefix("%s", path);
}

/* ---- [SECTION] trailer ------------------------------------------------- */
static uint32_t get_le32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

bool ik_content_split(const char *data, size_t size, IkSignedParts *parts)
{
    memset(parts, 0, sizeof *parts);
    parts->db_size = size;
    parts->kind = IK_SIGNED_NONE;
    if (size >= IK_SIGNATURE_BYTES + 8 && memcmp(data + size - 8, OLD_MAGIC, 8) == 0) {
        parts->kind = IK_SIGNED_OLD;
        parts->db_size = size - IK_SIGNATURE_BYTES - 8;
        parts->signature = (const unsigned char *)data + parts->db_size;
        return true;
    }
    if (size < 8 || memcmp(data + size - 8, IK_SIGN_MAGIC, 8) != 0)
        return true;
    if (size < TRAILER)
        return ik_fail("cut short inside its signature");
    uint32_t m = get_le32(data + size - 12);
    if (m == 0 || m > IK_MANIFEST_MAX || m > size - TRAILER)
        return ik_fail("its signed manifest is damaged (length %u)", (unsigned)m);
    parts->kind = IK_SIGNED_MANIFEST;
    parts->db_size = size - TRAILER - m;
    parts->manifest = data + parts->db_size;
    parts->manifest_size = m;
    parts->signature = (const unsigned char *)data + size - TRAILER;
    return true;
}

/* ---- [SECTION] manifest ------------------------------------------------ */
static void format_time(char out[32], long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ik_content_time_text(long long t, char out[32])
{
    format_time(out, t);
}

bool ik_content_time_parse(const char *s, long long *out)
{
    int y, mo, d, h, mi, se, n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 ||
        s[n] != '\0' || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
        mi > 59 || se > 60 || h < 0 || mi < 0 || se < 0)
        return false;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
                    .tm_min = mi, .tm_sec = se};
    *out = (long long)timegm(&tm);
    char back[32];
    format_time(back, *out);
    return strcmp(back, s) == 0;    /* no 31 February */
}

static const char *const hash_names[] = {[IK_HASH_BLAKE2B] = "blake2b",
                                         [IK_HASH_SHA256] = "sha256"};

void ik_content_manifest_hash(IkManifest *m, const void *data, size_t size)
{
    if (m->hash_kind == IK_HASH_SHA256)
        crypto_hash_sha256(m->hash, data, size);
    else
        crypto_generichash(m->hash, sizeof m->hash, data, size, NULL, 0);
}

char *ik_content_manifest_format(const IkManifest *m, size_t *size)
{
    char created[32], expires[32], hex[2 * 32 + 1];
    format_time(created, m->created);
    format_time(expires, m->expires);
    sodium_bin2hex(hex, sizeof hex, m->hash, sizeof m->hash);
    char *text = ik_xasprintf(MANIFEST_HEADER "\nversion %s\ncreated %s\nexpires %s\n"
                              "length %llu\n%s %s\n",
                              m->version, created, expires, m->length,
                              hash_names[m->hash_kind], hex);
    *size = strlen(text);
    return text;
}

/* The value of line `key VALUE` at *p, advancing past it; NULL if absent. */
static char *field(char **p, const char *key)
{
    size_t k = strlen(key);
    char *nl = strchr(*p, '\n');
    if (!nl || strncmp(*p, key, k) != 0 || (*p)[k] != ' ')
        return NULL;
    *nl = '\0';
    char *v = *p + k + 1;
    *p = nl + 1;
    return v;
}

bool ik_content_manifest_parse(const char *text, size_t size, IkManifest *m)
{
    memset(m, 0, sizeof *m);
    if (size == 0 || size > IK_MANIFEST_MAX || memchr(text, '\0', size))
        return ik_fail("its manifest is not text");
    char *copy = ik_xstrndup(text, size), *p = copy;
    bool ok = false;
    const char *v;
    if (strncmp(p, MANIFEST_HEADER "\n", sizeof MANIFEST_HEADER) != 0) {
        ik_fail("its manifest is not of a known kind");
        goto done;
    }
    p += sizeof MANIFEST_HEADER;
    if (!(v = field(&p, "version")) || !*v || strlen(v) >= sizeof m->version ||
        strspn(v, "0123456789") != strlen(v)) {
        ik_fail("its manifest has no valid version");
        goto done;
    }
    memcpy(m->version, v, strlen(v) + 1);
    if (!(v = field(&p, "created")) || !ik_content_time_parse(v, &m->created) ||
        !(v = field(&p, "expires")) || !ik_content_time_parse(v, &m->expires)) {
        ik_fail("its manifest has no valid creation or expiry time");
        goto done;
    }
    if (!(v = field(&p, "length")) || !*v || strspn(v, "0123456789") != strlen(v) ||
        strlen(v) > 15) {
        ik_fail("its manifest has no valid length");
        goto done;
    }
    m->length = strtoull(v, NULL, 10);
    size_t n = 0;
    m->hash_kind = strncmp(p, "sha256 ", 7) == 0 ? IK_HASH_SHA256 : IK_HASH_BLAKE2B;
    if (!(v = field(&p, hash_names[m->hash_kind])) || strlen(v) != 64 ||
        sodium_hex2bin(m->hash, sizeof m->hash, v, 64, NULL, &n, NULL) != 0 || n != 32) {
        ik_fail("its manifest has no valid BLAKE2b or SHA-256 hash");
        goto done;
    }
    if (*p) {
        ik_fail("its manifest has unexpected lines");
        goto done;
    }
    ok = true;
done:
    free(copy);
    return ok;
}

/* ---- [SECTION] verify -------------------------------------------------- */
/* The size a SQLite file's header says it has (0 when it is not one), so a
 * cut download is named as such rather than as "unsigned". */
static unsigned long long announced_size(const char *data, size_t size)
{
    const unsigned char *u = (const unsigned char *)data;
    if (size < 100 || memcmp(data, "SQLite format 3", 16) != 0)
        return 0;
    unsigned page = (unsigned)u[16] << 8 | u[17];
    if (page == 1)
        page = 65536;
    unsigned long long pages = (unsigned long long)u[28] << 24 | (unsigned long long)u[29] << 16 |
                               (unsigned long long)u[30] << 8 | u[31];
    return page * pages;
}

/* Reads the database's bytes for hashing: from memory, or from a file in
 * chunks. */
typedef struct {
    const char *data;           /* NULL: read fd */
    int fd;
} Source;

/* All of `want` bytes at offset, or false with ik_error(). */
static bool read_at(const char *name, int fd, char *buf, size_t want, size_t offset)
{
    long long got = ik_fd_read_at(fd, buf, want, offset);
    if (got == (long long)want)
        return true;
    return ik_fail("%s: %s", name, got < 0 ? strerror(errno) : "cut short while read");
}

static bool hash_source(const char *name, const Source *src, IkManifest *m, size_t n)
{
    if (src->data) {
        ik_content_manifest_hash(m, src->data, n);
        return true;
    }
    return ik_content_manifest_hash_fd(m, src->fd, n, name);
}

bool ik_content_manifest_hash_fd(IkManifest *m, int fd, size_t n, const char *name)
{
    crypto_hash_sha256_state sha;
    crypto_generichash_state b2;
    if (m->hash_kind == IK_HASH_SHA256)
        crypto_hash_sha256_init(&sha);
    else
        crypto_generichash_init(&b2, NULL, 0, sizeof m->hash);
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = ik_xmalloc(CHUNK);
    size_t done = 0;
    while (done < n) {
        size_t want = n - done < CHUNK ? n - done : CHUNK;
        if (!read_at(name, fd, (char *)buf, want, done)) {
            free(buf);
            return false;
        }
        if (m->hash_kind == IK_HASH_SHA256)
            crypto_hash_sha256_update(&sha, buf, want);
        else
            crypto_generichash_update(&b2, buf, want);
        done += want;
    }
    free(buf);
    if (m->hash_kind == IK_HASH_SHA256)
        crypto_hash_sha256_final(&sha, m->hash);
    else
        crypto_generichash_final(&b2, m->hash, sizeof m->hash);
    return true;
}

/* The checks of ik_content_verify on a pack of `size` bytes given by its
 * head (its first head_size bytes) and tail (its last tail_size), the
 * database read from src for its hash. */
static bool verify(const char *name, const char *head, size_t head_size, const char *tail,
                   size_t tail_size, size_t size, const Source *src, const unsigned char *key,
                   IkSignedParts *parts, IkManifest *manifest)
{
    memset(manifest, 0, sizeof *manifest);
    if (!sodium_ready())
        return false;
    if (!ik_content_split(tail, tail_size, parts))
        return ik_fail_prefix("%s", name);
    parts->db_size += size - tail_size;
    unsigned long long announced = announced_size(head, head_size);
    if (parts->kind == IK_SIGNED_NONE && announced > size)
        return ik_fail("%s: truncated: %zu bytes of the %llu its database header announces", name,
                       size, announced);
    if (parts->kind == IK_SIGNED_NONE)
        return key ? ik_fail("%s: not signed (only packs signed by the trusted key are accepted)",
                             name)
                   : true;
    if (parts->kind == IK_SIGNED_OLD)
        return key ? ik_fail("%s: signed in the old format, without a manifest: sign it again",
                             name)
                   : true;
    /* The signature first: nothing of an unsigned manifest is believed. */
    if (key && crypto_sign_verify_detached(parts->signature,
                                           (const unsigned char *)parts->manifest,
                                           parts->manifest_size, key) != 0)
        return ik_fail("%s: bad signature (altered, or signed by another key)", name);
    if (!ik_content_manifest_parse(parts->manifest, parts->manifest_size, manifest))
        return ik_fail_prefix("%s", name);
    if (manifest->length != parts->db_size)
        return ik_fail("%s: truncated or altered: %zu bytes where its manifest says %llu", name,
                       parts->db_size, manifest->length);
    IkManifest computed = {.hash_kind = manifest->hash_kind};
    if (!hash_source(name, src, &computed, parts->db_size))
        return false;
    if (sodium_memcmp(computed.hash, manifest->hash, sizeof computed.hash) != 0)
        return ik_fail("%s: altered: its bytes do not match the %s hash of its manifest", name,
                       manifest->hash_kind == IK_HASH_SHA256 ? "SHA-256" : "BLAKE2b");
    return true;
}

bool ik_content_verify(const char *name, const char *data, size_t size,
                       const unsigned char *key, IkSignedParts *parts, IkManifest *manifest)
{
    Source src = {.data = data, .fd = -1};
    return verify(name, data, size, data, size, size, &src, key, parts, manifest);
}

bool ik_content_verify_fd(const char *name, int fd, size_t size, const unsigned char *key,
                          IkSignedParts *parts, IkManifest *manifest)
{
    char head[100];
    size_t head_size = size < sizeof head ? size : sizeof head;
    size_t tail_size = size < TRAILER + IK_MANIFEST_MAX ? size : TRAILER + IK_MANIFEST_MAX;
    char *tail = ik_xmalloc(tail_size ? tail_size : 1);
    Source src = {.data = NULL, .fd = fd};
    memset(parts, 0, sizeof *parts);
    memset(manifest, 0, sizeof *manifest);
    bool ok = read_at(name, fd, head, head_size, 0) &&
              read_at(name, fd, tail, tail_size, size - tail_size) &&
              verify(name, head, head_size, tail, tail_size, size, &src, key, parts, manifest);
    free(tail);
    parts->manifest = NULL;     /* they pointed into tail */
    parts->signature = NULL;
    return ok;
}

/* ---- golden help numbers ------------------------------------------------ */
/* The national numbers as published: a pack that differs is refused, and the
 * out-of-service screen shows these when no pack can be trusted. */
static const IkGoldenHelpline golden[IK_GOLDEN_HELPLINES] = {
    {"112", "112"},
    {"114", "114"},
    {"1522", "1522"},
    {"19696", "19696"},
    {"antitratta", "800 290 290"},
};

const IkGoldenHelpline *ik_content_golden_helplines(size_t *count)
{
    *count = IK_GOLDEN_HELPLINES;
    return golden;
}
