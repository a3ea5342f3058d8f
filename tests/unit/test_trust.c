/* Signed packs end to end: keygen, sign, verify, open with a trusted key
 * (unsigned, foreign-signed, flipped bits, truncated, random bytes, wrong
 * schema, altered help numbers, expired, old format), and install (not
 * newer, previous kept, killed at any instant). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../app/content/content_internal.h"
#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"

#include "scratch.h"
#include "gettextpo_leak.h"

static unsigned char pk[IK_KEY_BYTES];

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ik_test_trust_XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    fixture_pack("v100.pack", "100", NULL);
    fixture_pack("v101.pack", "101", NULL);
    fixture_pack("v102.pack", "102", NULL);
    if (!ik_pack_keygen(at("k"), false) || !ik_pack_keygen(at("other"), false) ||
        !ik_content_key_load(at("k.pub"), pk))
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* opens path trusting k.pub; NULL with the reason in ik_error() */
static IkContent *open_trusted(const char *path, time_t now, bool refuse_expired)
{
    IkOpenOptions o = {.key = pk, .now = now, .refuse_expired = refuse_expired};
    return ik_content_open_with(path, &o);
}

static void refused(const char *name, const char *why)
{
    const char *path = at(name);
    IkContent *c = open_trusted(path, 0, false);
    if (c || !strstr(ik_error(), why))
        fail_msg("%s: expected a refusal with \"%s\", got: %s", path, why,
                 c ? "(opened)" : ik_error());
    /* the message names the file */
    assert_non_null(strstr(ik_error(), path));
}

static void flip(const char *src, const char *dst, long offset_from_end_or_start, bool from_end)
{
    sh("cp '%s' '%s'", at(src), at(dst));
    FILE *f = fopen(at(dst), "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, from_end ? -offset_from_end_or_start : offset_from_end_or_start,
                           from_end ? SEEK_END : SEEK_SET), 0);
    long where = ftell(f);
    int c = fgetc(f);
    assert_true(c != EOF);
    assert_int_equal(fseek(f, where, SEEK_SET), 0);
    assert_true(fputc(c ^ 0x01, f) != EOF);
    assert_int_equal(fclose(f), 0);
}

static void test_keygen_refuses_overwrite(void **state)
{
    (void)state;
    char *before = ik_file_read(at("k.pub"), NULL);
    assert_false(ik_pack_keygen(at("k"), false));
    assert_non_null(strstr(ik_error(), "--force"));
    char *after = ik_file_read(at("k.pub"), NULL);
    assert_string_equal(before, after);
    /* the .pub is the config line, and it parses back */
    assert_true(ik_str_starts_with(before, "trusted_key = "));
    unsigned char again[IK_KEY_BYTES];
    assert_true(ik_content_key_parse(before, strlen(before), again));
    assert_memory_equal(again, pk, IK_KEY_BYTES);
    struct stat st;
    assert_int_equal(stat(at("k.key"), &st), 0);
    assert_int_equal(st.st_mode & 077, 0);
    /* --force means it */
    assert_true(ik_pack_keygen(at("forced"), false));
    char *f1 = ik_file_read(at("forced.pub"), NULL);
    assert_true(ik_pack_keygen(at("forced"), true));
    char *f2 = ik_file_read(at("forced.pub"), NULL);
    assert_string_not_equal(f1, f2);
    free(f1);
    free(f2);
    free(before);
    free(after);
    assert_false(ik_content_key_parse("trusted_key = 12ab", 18, again));
    assert_false(ik_content_key_parse("junk", 4, again));
}

static void test_sign_and_open(void **state)
{
    (void)state;
    sh("cp '%s' '%s'", at("v100.pack"), at("s100.pack"));
    /* unsigned: refused with a key, opened without */
    refused("s100.pack", "not signed");
    IkContent *c = ik_content_open(at("s100.pack"));
    assert_non_null(c);
    assert_null(ik_content_manifest(c));
    assert_false(ik_content_trusted(c));
    ik_content_close(c);

    time_t before = time(NULL);
    assert_true(ik_pack_sign(at("k.key"), at("s100.pack"), DAYS(30)));
    assert_true(ik_pack_sign(at("k.key"), at("s100.pack"), DAYS(30)));   /* re-signing replaces */
    c = open_trusted(at("s100.pack"), 0, true);
    assert_non_null(c);
    assert_true(ik_content_trusted(c));
    const IkManifest *m = ik_content_manifest(c);
    assert_non_null(m);
    assert_string_equal(m->version, "100");
    assert_true(m->created >= before && m->created <= time(NULL));
    assert_true(m->expires == m->created + 30 * 86400);
    assert_false(ik_content_expired(c, time(NULL)));
    assert_true(ik_content_expired(c, time(NULL) + 31 * 86400));
    assert_string_equal(ik_content_meta(c, "version"), "100");
    ik_content_close(c);
    /* a signed pack is still a pack for a reader without a key */
    c = ik_content_open(at("s100.pack"));
    assert_non_null(c);
    assert_non_null(ik_content_manifest(c));
    ik_content_close(c);
    IkManifest mm;
    assert_true(ik_pack_verify(at("k.pub"), at("s100.pack"), &mm));
    assert_string_equal(mm.version, "100");
    /* signing writes only the trailer: the database bytes are the same */
    size_t n1, n2;
    char *a = ik_file_read(at("v100.pack"), &n1), *b = ik_file_read(at("s100.pack"), &n2);
    assert_true(n2 > n1);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
}

static void test_refusals(void **state)
{
    (void)state;
    sh("cp '%s' '%s'", at("v101.pack"), at("s101.pack"));
    assert_true(ik_pack_sign(at("k.key"), at("s101.pack"), DAYS(30)));
    /* another key */
    sh("cp '%s' '%s'", at("v101.pack"), at("foreign.pack"));
    assert_true(ik_pack_sign(at("other.key"), at("foreign.pack"), DAYS(30)));
    refused("foreign.pack", "bad signature");
    /* one flipped bit in the database, in the manifest, in the signature */
    flip("s101.pack", "flip-db.pack", 5000, false);
    refused("flip-db.pack", "altered");
    assert_null(ik_content_open(at("flip-db.pack")));   /* caught without a key too */
    flip("s101.pack", "flip-manifest.pack", 12 + 64 + 40, true);
    refused("flip-manifest.pack", "bad signature");
    flip("s101.pack", "flip-sig.pack", 12 + 10, true);
    refused("flip-sig.pack", "bad signature");
    /* truncated: anywhere, at the end, inside the trailer */
    size_t size;
    char *d = ik_file_read(at("s101.pack"), &size);
    assert_true(ik_file_write_atomic(at("cut.pack"), d, size / 2));
    refused("cut.pack", "truncated");
    assert_null(ik_content_open(at("cut.pack")));       /* a cut database is damaged */
    assert_true(ik_file_write_atomic(at("cut-end.pack"), d, size - 1));
    refused("cut-end.pack", "not signed");
    assert_true(ik_file_write_atomic(at("empty.pack"), d, 0));
    refused("empty.pack", "not signed");
    assert_null(ik_content_open(at("empty.pack")));
    /* bytes removed from the database, trailer kept */
    IkSignedParts parts;
    assert_true(ik_content_split(d, size, &parts));
    IkBuf shorter = {0};
    ik_buf_append(&shorter, d, 4096);
    ik_buf_append(&shorter, d + 8192, size - 8192);
    assert_true(ik_file_write_atomic(at("hole.pack"), shorter.data, shorter.len));
    ik_buf_free(&shorter);
    refused("hole.pack", "truncated or altered");
    free(d);
    /* random bytes, with and without a fake trailer */
    unsigned char rnd[70000];
    randombytes_buf(rnd, sizeof rnd);
    assert_true(ik_file_write_atomic(at("random.pack"), rnd, sizeof rnd));
    refused("random.pack", "not signed");
    assert_null(ik_content_open(at("random.pack")));
    memcpy(rnd + sizeof rnd - 8, IK_SIGN_MAGIC, 8);
    assert_true(ik_file_write_atomic(at("random-sig.pack"), rnd, sizeof rnd));
    assert_null(open_trusted(at("random-sig.pack"), 0, false));
    assert_null(ik_content_open(at("random-sig.pack")));
    /* missing */
    refused("nope.pack", "No such file");
}

/* a SQLite file that is not a complete pack: not signed, not opened */
static void test_wrong_schema(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(at("meta-only.pack"), &db), SQLITE_OK);
    char *meta = sqlite3_mprintf("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                                 "INSERT INTO meta VALUES('format','%d'),('version','999');",
                                 IK_PACK_FORMAT);
    assert_int_equal(sqlite3_exec(db, meta, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(meta);
    sqlite3_close(db);
    assert_null(ik_content_open(at("meta-only.pack")));
    assert_non_null(strstr(ik_error(), "not a complete pack"));
    assert_false(ik_pack_sign(at("k.key"), at("meta-only.pack"), DAYS(30)));
    assert_non_null(strstr(ik_error(), "not a complete pack"));
    /* a real pack with a column renamed */
    sh("cp '%s' '%s' && chmod u+w '%s'", at("v100.pack"), at("renamed.pack"), at("renamed.pack"));
    assert_int_equal(sqlite3_open(at("renamed.pack"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "ALTER TABLE topic RENAME COLUMN audience TO public",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(ik_content_open(at("renamed.pack")));
    assert_non_null(strstr(ik_error(), "table topic is not of this format"));
    /* a view is not part of any pack */
    sh("cp '%s' '%s'", at("v100.pack"), at("view.pack"));
    assert_int_equal(sqlite3_open(at("view.pack"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE VIEW v AS SELECT 1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(ik_content_open(at("view.pack")));
    assert_non_null(strstr(ik_error(), "views or triggers"));
}

/* one flipped digit in a help number: refused at sign, open and install */
static void test_golden_numbers(void **state)
{
    (void)state;
    sqlite3 *db;
    sh("cp '%s' '%s'", at("v102.pack"), at("golden.pack"));
    assert_int_equal(sqlite3_open(at("golden.pack"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE helpline SET number='800 290 291' WHERE id='antitratta'",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(ik_content_open(at("golden.pack")));
    assert_non_null(strstr(ik_error(), "help number antitratta is \"800 290 291\", not the "
                                       "published \"800 290 290\""));
    assert_false(ik_pack_sign(at("k.key"), at("golden.pack"), DAYS(30)));
    sh("cp '%s' '%s'", at("v102.pack"), at("gone.pack"));
    assert_int_equal(sqlite3_open(at("gone.pack"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM helpline WHERE id='114'", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_null(ik_content_open(at("gone.pack")));
    assert_non_null(strstr(ik_error(), "help number 114 (114) is missing"));
    size_t n;
    const IkGoldenHelpline *g = ik_content_golden_helplines(&n);
    assert_int_equal(n, 5);
    assert_string_equal(g[4].number, "800 290 290");
}

/* A manifest signed by the right key must still describe these bytes. */
static void write_with_manifest(const char *src, const char *dst, const IkManifest *m)
{
    unsigned char sk[64];
    char *hex = ik_file_read(at("k.key"), NULL);
    assert_int_equal(sodium_hex2bin(sk, 64, hex, strlen(hex), "\n", NULL, NULL), 0);
    free(hex);
    size_t size, msize;
    char *d = ik_file_read(at(src), &size);
    char *text = ik_content_manifest_format(m, &msize);
    unsigned char sig[64], len[4] = {(unsigned char)msize, (unsigned char)(msize >> 8), 0, 0};
    crypto_sign_detached(sig, NULL, (unsigned char *)text, msize, sk);
    IkBuf b = {0};
    ik_buf_append(&b, d, size);
    ik_buf_append(&b, text, msize);
    ik_buf_append(&b, sig, 64);
    ik_buf_append(&b, len, 4);
    ik_buf_append(&b, IK_SIGN_MAGIC, 8);
    assert_true(ik_file_write_atomic(at(dst), b.data, b.len));
    ik_buf_free(&b);
    free(text);
    free(d);
}

/* incontro-pack signs with BLAKE2b (a fifth of SHA-256's time at every
 * start-up); a BLAKE2b that is not of the bytes is refused. */
static void test_signed_with_blake2b(void **state)
{
    (void)state;
    sh("cp '%s' '%s'", at("v100.pack"), at("b100.pack"));
    assert_true(ik_pack_sign(at("k.key"), at("b100.pack"), time(NULL) + 86400));
    size_t size;
    char *d = ik_file_read(at("b100.pack"), &size);
    IkSignedParts parts;
    IkManifest m;
    assert_true(ik_content_split(d, size, &parts));
    assert_int_equal(parts.kind, IK_SIGNED_MANIFEST);
    assert_true(ik_content_manifest_parse(parts.manifest, parts.manifest_size, &m));
    assert_int_equal(m.hash_kind, IK_HASH_BLAKE2B);
    assert_non_null(strstr(parts.manifest, "\nblake2b "));
    free(d);
    IkContent *c = open_trusted(at("b100.pack"), 0, true);
    assert_non_null(c);
    ik_content_close(c);
    m.hash[31] ^= 0x80;
    write_with_manifest("v100.pack", "blake2b.pack", &m);
    refused("blake2b.pack", "do not match the BLAKE2b hash of its manifest");

    /* A damaged database is refused when signed: a trusted signature then
     * vouches for pages the kiosk no longer checks one by one. */
    sh("cp '%s' '%s' && printf 'XXXXXXXX' | dd of='%s' bs=1 seek=8192 conv=notrunc 2>/dev/null",
       at("v100.pack"), at("damaged.pack"), at("damaged.pack"));
    assert_false(ik_pack_sign(at("k.key"), at("damaged.pack"), time(NULL) + 86400));
    assert_non_null(strstr(ik_error(), "damaged"));
}

static void test_manifest_must_match(void **state)
{
    (void)state;
    size_t size;
    char *d = ik_file_read(at("v100.pack"), &size);
    /* SHA-256, as packs signed before BLAKE2b: still read */
    IkManifest m = {.created = time(NULL), .expires = time(NULL) + 86400, .length = size,
                    .hash_kind = IK_HASH_SHA256};
    ik_content_manifest_hash(&m, d, size);
    free(d);
    /* SHA-256 of other bytes */
    snprintf(m.version, sizeof m.version, "100");
    m.hash[0] ^= 1;
    write_with_manifest("v100.pack", "sha256.pack", &m);
    refused("sha256.pack", "do not match the SHA-256 hash of its manifest");
    m.hash[0] ^= 1;
    /* right bytes, but it claims another version: a rollback in disguise */
    snprintf(m.version, sizeof m.version, "999");
    write_with_manifest("v100.pack", "claims999.pack", &m);
    refused("claims999.pack", "its version 100 is not the signed version 999");
    /* a length that is not the database's */
    snprintf(m.version, sizeof m.version, "100");
    m.length = size + 1;
    write_with_manifest("v100.pack", "length.pack", &m);
    refused("length.pack", "truncated or altered");
    /* expired: shown (with a note) when it is all there is, refused as an update */
    m.length = size;
    m.created = time(NULL) - 10 * 86400;
    m.expires = time(NULL) - 86400;
    write_with_manifest("v100.pack", "expired.pack", &m);
    IkContent *c = open_trusted(at("expired.pack"), 0, false);
    assert_non_null(c);
    assert_true(ik_content_expired(c, time(NULL)));
    ik_content_close(c);
    assert_null(open_trusted(at("expired.pack"), 0, true));
    assert_non_null(strstr(ik_error(), "expired on"));
    /* manifests parse strictly */
    IkManifest back;
    size_t msize;
    char *text = ik_content_manifest_format(&m, &msize);
    assert_true(ik_content_manifest_parse(text, msize, &back));
    assert_memory_equal(&back, &m, sizeof m);
    text[msize - 2] = 'g';
    assert_false(ik_content_manifest_parse(text, msize, &back));
    free(text);
    assert_false(ik_content_manifest_parse("incontro-pack-manifest 1\nversion 1\n", 36, &back));
    /* the old trailer (a bare signature, no manifest) */
    d = ik_file_read(at("v100.pack"), &size);
    IkBuf b = {0};
    ik_buf_append(&b, d, size);
    char zero[64] = {0};
    ik_buf_append(&b, zero, 64);
    ik_buf_append(&b, "IKSIG001", 8);
    assert_true(ik_file_write_atomic(at("old.pack"), b.data, b.len));
    ik_buf_free(&b);
    free(d);
    refused("old.pack", "old format");
    c = ik_content_open(at("old.pack"));
    assert_non_null(c);
    assert_int_equal(ik_content_signed_kind(c), IK_SIGNED_OLD);
    ik_content_close(c);
}

/* the file on disk may change after open: what is shown does not */
static void test_open_reads_into_memory(void **state)
{
    (void)state;
    sh("cp '%s' '%s'", at("v100.pack"), at("live.pack"));
    IkContent *c = ik_content_open(at("live.pack"));
    assert_non_null(c);
    char *title = ik_xstrdup(ik_content_ui(c, "it", "home.title"));
    sh("head -c 5000 /dev/urandom > '%s'", at("live.pack"));
    size_t n;
    IkHelpline *h = ik_content_helplines(c, "it", &n);
    assert_int_equal(n, 5);
    assert_string_equal(h[0].number, "112");
    ik_helplines_free(h, n);
    assert_string_equal(ik_content_ui(c, "en", "home.title"), "How can we help you?");
    assert_string_equal(ik_content_ui(c, "it", "home.title"), title);
    free(title);
    ik_content_close(c);
}

/* A copy of pack src, grown past what is read into memory by free pages
 * (a table of zeros dropped: still a whole, valid pack), signed by k. */
static void grow_and_sign(const char *src, const char *dst)
{
    sh("cp '%s' '%s'", at(src), at(dst));
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(at(dst), &db), SQLITE_OK);
    char *sql = ik_xasprintf("CREATE TABLE pad(b);"
                             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                             " WHERE i < %zu) INSERT INTO pad SELECT zeroblob(1048576) FROM n;"
                             "DROP TABLE pad;", (IK_PACK_MEMORY_MAX >> 20) + 4);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    sqlite3_close(db);
    assert_true(ik_pack_sign(at("k.key"), at(dst), DAYS(30)));
}

/* SQLite's answer to a query that reads every string's page again (its
 * page cache emptied first). */
static int read_all_strings(IkContent *c)
{
    sqlite3_db_release_memory(ik_content_db(c));
    return sqlite3_exec(ik_content_db(c), "SELECT count(*) FROM string WHERE value LIKE '%qz%'",
                        NULL, NULL, NULL);
}

/* opens path from its file (as a pack too large for memory), trusting k */
static IkContent *open_from_file(const char *path)
{
    IkOpenOptions o = {.key = pk, .memory_max = 4096};
    return ik_content_open_with(path, &o);
}

/* A pack larger than memory holds is read from its file: verified, searched
 * and installed like any other, and bytes written to its file after it was
 * verified are never read as its own. */
static void test_large_pack_read_from_file(void **state)
{
    (void)state;
    sh("cp '%s' '%s'", at("v101.pack"), at("f101.pack"));
    assert_true(ik_pack_sign(at("k.key"), at("f101.pack"), DAYS(30)));
    IkContent *c = open_from_file(at("f101.pack"));
    assert_non_null(c);
    assert_true(ik_content_trusted(c));
    assert_string_equal(ik_content_meta(c, "version"), "101");
    assert_string_equal(ik_content_ui(c, "en", "home.title"), "How can we help you?");
    size_t n;
    IkHelpline *h = ik_content_helplines(c, "it", &n);
    assert_int_equal(n, 5);
    ik_helplines_free(h, n);
    IkSearchResult *r = ik_content_search(c, "it", "psicolog", NULL, &n);
    assert_non_null(r);
    assert_true(n > 0);
    ik_search_results_free(r, n);
    assert_int_equal(read_all_strings(c), SQLITE_OK);
    ik_content_close(c);

    /* altered anywhere, in its database or its manifest: refused */
    long where[] = {5000, 300};
    for (size_t i = 0; i < 2; i++) {
        flip("f101.pack", "f-flip.pack", where[i], i == 1);
        c = open_from_file(at("f-flip.pack"));
        assert_null(c);
        assert_non_null(strstr(ik_error(), at("f-flip.pack")));
    }

    /* cut anywhere: with the key refused, the file named; without it, read
     * from its file exactly as read into memory (a trailer cut off leaves an
     * unsigned pack whose database is whole) */
    struct stat st;
    assert_int_equal(stat(at("f101.pack"), &st), 0);
    long cuts[] = {0, 7, 99, 100, 4096, 4097, (long)st.st_size / 2, (long)st.st_size - 200,
                   (long)st.st_size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        sh("head -c %ld '%s' > '%s'", cuts[i], at("f101.pack"), at("f-cut.pack"));
        c = open_from_file(at("f-cut.pack"));
        if (c)
            fail_msg("a signed pack cut to %ld bytes opened", cuts[i]);
        assert_non_null(strstr(ik_error(), at("f-cut.pack")));
        IkOpenOptions from_file = {.memory_max = 1}, in_memory = {0};
        IkContent *f = ik_content_open_with(at("f-cut.pack"), &from_file);
        char *why = ik_xstrdup(f ? "" : ik_error());
        IkContent *m = ik_content_open_with(at("f-cut.pack"), &in_memory);
        if (!f != !m)
            fail_msg("cut to %ld bytes: from its file %s, in memory %s", cuts[i],
                     f ? "opened" : why, m ? "opened" : ik_error());
        if (!f)
            assert_non_null(strstr(why, at("f-cut.pack")));
        free(why);
        ik_content_close(f);
        ik_content_close(m);
    }
    sh("head -c 300000 /dev/urandom > '%s'", at("f-cut.pack"));
    assert_null(open_from_file(at("f-cut.pack")));
    /* larger than any pack: refused unread (a sparse file, nothing written) */
    sh("truncate -s %llu '%s'", IK_PACK_MAX_BYTES + 1, at("f-cut.pack"));
    assert_null(open_trusted(at("f-cut.pack"), 0, false));
    assert_non_null(strstr(ik_error(), "a pack is at most"));
    unlink(at("f-cut.pack"));

    /* written in place after it was verified, even with the same bytes: its
     * pages are refused, not read */
    sh("cp '%s' '%s'", at("f101.pack"), at("live-f.pack"));
    c = open_from_file(at("live-f.pack"));
    assert_non_null(c);
    sh("dd if='%s' of='%s' bs=4096 count=1 conv=notrunc status=none", at("f101.pack"),
       at("live-f.pack"));
    assert_int_not_equal(read_all_strings(c), SQLITE_OK);
    ik_content_close(c);
    /* cut short after it was verified: an error, not a crash */
    sh("cp '%s' '%s'", at("f101.pack"), at("live-f.pack"));
    c = open_from_file(at("live-f.pack"));
    assert_non_null(c);
    assert_int_equal(truncate(at("live-f.pack"), 8192), 0);
    assert_int_not_equal(read_all_strings(c), SQLITE_OK);
    ik_content_close(c);

    /* a pack too large for memory is installed from the bytes verified */
    grow_and_sign("v102.pack", "big102.pack");
    char v[24];
    sh("rm -rf '%s'", at("bigstore"));
    assert_int_equal(ik_pack_install_key(pk, at("bigstore"), at("f101.pack"), time(NULL), v),
                     IK_INSTALL_DONE);
    assert_int_equal(ik_pack_install_key(pk, at("bigstore"), at("big102.pack"), time(NULL), v),
                     IK_INSTALL_DONE);
    sh("cmp '%s' '%s' && cmp '%s' '%s'", at("big102.pack"), at("bigstore/current.pack"),
       at("f101.pack"), at("bigstore/previous.pack"));
    c = open_trusted(at("bigstore/current.pack"), 0, true);
    assert_non_null(c);
    assert_true(ik_content_file_size(c) > IK_PACK_MEMORY_MAX);
    assert_string_equal(ik_content_meta(c, "version"), "102");
    ik_content_close(c);
    sh("rm -rf '%s' '%s'", at("bigstore"), at("big102.pack"));
}

static void test_install(void **state)
{
    (void)state;
    char v[24];
    sh("rm -rf '%s' && cp '%s' '%s' && cp '%s' '%s'", at("store"), at("v101.pack"), at("i101.pack"),
       at("v102.pack"), at("i102.pack"));
    /* unsigned, foreign, damaged: refused, store untouched */
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("i101.pack"), time(NULL), v),
                     IK_INSTALL_REFUSED);
    assert_non_null(strstr(ik_error(), "not signed"));
    assert_false(ik_file_exists(at("store/current.pack")));
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("foreign.pack"), time(NULL), v),
                     IK_INSTALL_REFUSED);
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("flip-db.pack"), time(NULL), v),
                     IK_INSTALL_REFUSED);
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("meta-only.pack"), time(NULL), v),
                     IK_INSTALL_REFUSED);
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("expired.pack"), time(NULL), v),
                     IK_INSTALL_REFUSED);
    assert_non_null(strstr(ik_error(), "expired on"));
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("tmp-nope"), time(NULL), v),
                     IK_INSTALL_REFUSED);
    assert_int_equal(ik_pack_install_key(pk, at("store"), tmp, time(NULL), v), IK_INSTALL_REFUSED);
    /* install, refuse the same and an older version, keep the previous */
    assert_true(ik_pack_sign(at("k.key"), at("i101.pack"), DAYS(30)));
    assert_true(ik_pack_sign(at("k.key"), at("i102.pack"), DAYS(30)));
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("i101.pack"), time(NULL), v),
                     IK_INSTALL_DONE);
    assert_string_equal(v, "101");
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("i101.pack"), time(NULL), v),
                     IK_INSTALL_NOT_NEWER);
    assert_non_null(strstr(ik_error(), "not newer"));
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("s100.pack"), time(NULL), v),
                     IK_INSTALL_NOT_NEWER);
    assert_true(ik_pack_install(at("k.pub"), at("store"), at("i102.pack")));
    char *cur = ik_pack_version(at("store/current.pack")), *prev = ik_pack_version(at("store/previous.pack"));
    assert_string_equal(cur, "102");
    assert_string_equal(prev, "101");
    free(cur);
    free(prev);
    assert_true(ik_pack_verify(at("k.pub"), at("store/current.pack"), NULL));
    assert_true(ik_pack_verify(at("k.pub"), at("store/previous.pack"), NULL));
    /* a damaged current.pack is replaced by any good pack, and not kept */
    sh("head -c 3000 /dev/urandom > '%s'", at("store/current.pack"));
    assert_int_equal(ik_pack_install_key(pk, at("store"), at("i101.pack"), time(NULL), v),
                     IK_INSTALL_DONE);
    prev = ik_pack_version(at("store/previous.pack"));
    assert_string_equal(prev, "101");
    free(prev);
}

/* install killed at any instant leaves a current.pack that verifies */
static void test_install_killed(void **state)
{
    (void)state;
    /* kill points spread over the whole length of one install */
    sh("rm -rf '%s'", at("kstore"));
    assert_true(ik_pack_install(at("k.pub"), at("kstore"), at("s100.pack")));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_true(ik_pack_install(at("k.pub"), at("kstore"), at("i102.pack")));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long span = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    span = span * 6 / 5 + 1;
    srand(7);
    int newer = 0;
    for (int i = 0; i < 40; i++) {
        sh("rm -rf '%s'", at("kstore"));
        assert_true(ik_pack_install(at("k.pub"), at("kstore"), at("s100.pack")));
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
            _exit(ik_pack_install(at("k.pub"), at("kstore"), at("i102.pack")) ? 0 : 1);
        usleep((useconds_t)(rand() % span));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        IkManifest m;
        assert_true(ik_pack_verify(at("k.pub"), at("kstore/current.pack"), &m));
        assert_true(!strcmp(m.version, "100") || !strcmp(m.version, "102"));
        newer += !strcmp(m.version, "102");
    }
    print_message("install (%ld us) killed 40 times: %d left the new pack, %d the old\n", span,
                  newer, 40 - newer);
    assert_true(ik_pack_install(at("k.pub"), at("kstore"), at("i102.pack")) ||
                strstr(ik_error(), "not newer"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keygen_refuses_overwrite),
        cmocka_unit_test(test_sign_and_open),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_wrong_schema),
        cmocka_unit_test(test_golden_numbers),
        cmocka_unit_test(test_manifest_must_match),
        cmocka_unit_test(test_open_reads_into_memory),
        cmocka_unit_test(test_install),
        cmocka_unit_test(test_install_killed),
        cmocka_unit_test(test_signed_with_blake2b),
        cmocka_unit_test(test_large_pack_read_from_file),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
