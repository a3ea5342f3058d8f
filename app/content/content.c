/* Reading a content pack: verified in memory, then SQLite opened read-only on
 * exactly those bytes, a bounded string cache
 * with Italian fallback, topics, help numbers, taxonomy and services.
 *
 * [SECTION] open/close   [SECTION] catalog   [SECTION] topics
 * [SECTION] help numbers and terms   [SECTION] services */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "content_internal.h"
#include "search_internal.h"
#include "incontro/core.h"
#include "plural.h"

#define MAX_MISSING 256     /* copies of keys that are in no language */
#define MAX_NAMES 256       /* language names looked up in ICU */
#define PAGE_CACHE_KIB "256" /* SQLite's page cache over the in-memory pack */
/* Over a pack read from its file a page missed is a system call and a check
 * of the file: at 100,000 services a 16 MiB cache makes a search keystroke's
 * p99 a third shorter than 2 MiB does (larger gains little). */
#define PAGE_CACHE_FILE_KIB "16384"

typedef struct {
    int lang;               /* index in languages, -1 for a missing key */
    char *key;
    char *value;            /* owned (may be the key itself for a miss) */
    bool fallback;
} Entry;

typedef struct {
    char *key, *value;
} Meta;

typedef struct {
    char *code, *name;      /* a language code and its own name (owned) */
} LangName;

struct IkContent {
    sqlite3 *db;
    sqlite3_stmt *lookup;   /* SELECT value FROM string WHERE lang=? AND key=? */
    Meta *meta;
    size_t meta_count;
    IkLanguage *langs;
    char **plurals;         /* Plural-Forms per language */
    size_t lang_count;
    int it;                 /* index of Italian */
    IkMap **cached;         /* per language: key -> index in entries */
    Entry **entries;        /* every (language, key) asked for */
    size_t entry_count, entry_cap, missing, fallbacks;
    bool has_demo;
    size_t service_count;
    LangName *names;        /* names of languages outside the pack, asked for */
    size_t name_count;
    char *image;            /* the pack's bytes, verified; SQLite reads them in place */
    int fd;                 /* or -1: the file SQLite reads (a pack too large for memory) */
    struct stat id;         /* that file as verified */
    size_t file_size, db_size;
    IkManifest manifest;    /* zeroed unless has_manifest */
    bool has_manifest;      /* a manifest came with the pack (checked) */
    IkSignedKind signed_kind;
    bool trusted;           /* its signature by the trusted key was checked */
};

/* ---- [SECTION] open/close -------------------------------------------------- */
static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? ik_xstrdup((const char *)s) : NULL;
}

static char *col_dup0(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return ik_xstrdup(s ? (const char *)s : "");
}

/* Nothing in a pack may make SQLite do more than a pack needs: no writes
 * (read-only, defensive), no functions from the schema, small limits. */
static void harden(sqlite3 *db)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    static const int limits[][2] = {
        {SQLITE_LIMIT_LENGTH, 4 << 20},     /* longest value: FTS segments, not text */
        {SQLITE_LIMIT_SQL_LENGTH, 100000},
        {SQLITE_LIMIT_COLUMN, 100},
        {SQLITE_LIMIT_EXPR_DEPTH, 100},
        {SQLITE_LIMIT_COMPOUND_SELECT, 50},
        {SQLITE_LIMIT_VDBE_OP, 100000},
        {SQLITE_LIMIT_FUNCTION_ARG, 16},
        {SQLITE_LIMIT_ATTACHED, 0},
        {SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000},
        {SQLITE_LIMIT_VARIABLE_NUMBER, 1000},
        {SQLITE_LIMIT_TRIGGER_DEPTH, 1},
        {SQLITE_LIMIT_WORKER_THREADS, 0},
    };
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
        sqlite3_limit(db, limits[i][0], limits[i][1]);
    sqlite3_exec(db, "PRAGMA cell_size_check = ON", NULL, NULL, NULL);
}

static long count_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Columns of table as "name type,name type,..." (malloc'd; "" when absent). */
static char *columns_of(sqlite3 *db, const char *table)
{
    sqlite3_stmt *st = NULL;
    IkBuf b = {0};
    ik_buf_puts(&b, "");
    if (sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_info(?)", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            ik_buf_printf(&b, "%s %s,", (const char *)sqlite3_column_text(st, 0),
                          (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    return b.data;
}

/* A complete pack of this format: every table of the schema with exactly its
 * columns, no views or triggers, Italian strings, topics, and the golden
 * help numbers. */
static bool check_complete(sqlite3 *db, const char *name)
{
    sqlite3 *want = NULL;
    sqlite3_stmt *st = NULL;
    bool ok = false;
    if (sqlite3_open(":memory:", &want) != SQLITE_OK ||
        sqlite3_exec(want, ik_content_schema_sql(), NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(want, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &st,
                           NULL) != SQLITE_OK) {
        ik_fail("%s: cannot check the schema: %s", name, want ? sqlite3_errmsg(want) : "no memory");
        goto done;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(st, 0);
        char *a = columns_of(want, table), *b = columns_of(db, table);
        bool same = strcmp(a, b) == 0, missing = !*b;
        free(a);
        free(b);
        if (!same) {
            ik_fail("%s: not a complete pack: table %s is %s", name, table,
                    missing ? "missing" : "not of this format");
            goto done;
        }
    }
    if (count_of(db, "SELECT count(*) FROM sqlite_schema WHERE type IN ('view', 'trigger')") != 0) {
        ik_fail("%s: not a pack: it holds views or triggers", name);
        goto done;
    }
    if (count_of(db, "SELECT count(*) FROM string WHERE lang = 'it'") <= 0 ||
        count_of(db, "SELECT count(*) FROM topic") <= 0) {
        ik_fail("%s: not a complete pack: no Italian strings or no topics", name);
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT number FROM helpline WHERE id = ?", -1, &st, NULL) !=
        SQLITE_OK) {
        ik_fail("%s: %s", name, sqlite3_errmsg(db));
        goto done;
    }
    size_t n;
    const IkGoldenHelpline *g = ik_content_golden_helplines(&n);
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, g[i].id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        const char *number = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (!number) {
            ik_fail("%s: help number %s (%s) is missing", name, g[i].id, g[i].number);
            goto done;
        }
        if (strcmp(number, g[i].number) != 0) {
            ik_fail("%s: help number %s is \"%.40s\", not the published \"%s\"", name, g[i].id,
                    number, g[i].number);
            goto done;
        }
        sqlite3_reset(st);
    }
    ok = true;
done:
    sqlite3_finalize(st);
    sqlite3_close(want);
    return ok;
}

static void load_meta(IkContent *c)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT key, value FROM meta", -1, &st, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        c->meta = ik_xrealloc(c->meta, c->meta_count + 1, sizeof(Meta));
        c->meta[c->meta_count].key = col_dup0(st, 0);
        c->meta[c->meta_count++].value = col_dup0(st, 1);
    }
    sqlite3_finalize(st);
}

/* What the verified trailer says, and the expiry when expired packs are
 * refused. */
static bool check_signed(IkContent *c, const char *path, const IkOpenOptions *o,
                         const IkSignedParts *parts)
{
    c->db_size = parts->db_size;
    c->has_manifest = parts->kind == IK_SIGNED_MANIFEST;
    c->signed_kind = parts->kind;
    c->trusted = o && o->key;
    time_t now = o && o->now ? o->now : time(NULL);
    if (o && o->refuse_expired && c->has_manifest && c->manifest.expires < (long long)now) {
        char when[32];
        ik_content_time_text(c->manifest.expires, when);
        return ik_fail("%s: expired on %s", path, when);
    }
    return true;
}

/* SQLite's settings over a pack, and the check of every page unless its
 * signature vouches for them. */
static bool check_pages(IkContent *c, const char *path, const char *cache_kib)
{
    harden(c->db);
    char *pragma = ik_xasprintf("PRAGMA cache_size = -%s", cache_kib);
    sqlite3_exec(c->db, pragma, NULL, NULL, NULL);
    free(pragma);
    /* A damaged file is refused here, not found out screen by screen. The
     * bytes of a pack signed with a trusted key are the very bytes that
     * passed this check when signed (ik_pack_sign opens the pack first):
     * checked again they would cost every start-up a read of every page. */
    if (c->trusted && c->signed_kind == IK_SIGNED_MANIFEST)
        return true;
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(c->db, "PRAGMA quick_check(1)", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    if (!ok)
        ik_fail("%s: not a content pack, or damaged (%s)", path,
                st && sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
                                                 : sqlite3_errmsg(c->db));
    sqlite3_finalize(st);
    return ok;
}

/* An in-memory database over the verified bytes, read in place, checked
 * whole before any screen reads it. */
static bool attach_image(IkContent *c, const char *path, size_t size, const IkSignedParts *parts)
{
    if (sqlite3_open_v2(":memory:", &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        return ik_fail("%s: cannot open: %s", path,
                       c->db ? sqlite3_errmsg(c->db) : "out of memory");
    /* SQLite reads the verified bytes in place; they stay ours until close */
    int rc = sqlite3_deserialize(c->db, "main", (unsigned char *)c->image,
                                 (sqlite3_int64)parts->db_size, (sqlite3_int64)size,
                                 SQLITE_DESERIALIZE_READONLY);
    if (rc != SQLITE_OK)
        return ik_fail("%s: cannot open: %s", path, sqlite3_errmsg(c->db));
    /* The pack's bytes are in memory already; SQLite copies the pages it
     * reads into a small cache. Not mmap_size (pages read in place): with
     * cell_size_check a page is checked each time it is fetched, and read
     * in place it is fetched anew each time, so every look-up re-checked
     * the hundreds of cells of each page on its path (up to a third of a
     * search keystroke's instructions); a cached page is checked once. */
    return check_pages(c, path, PAGE_CACHE_KIB);
}

/* The pack's format is this program's, its version a number, the signed
 * one when there is a manifest. */
static bool check_format(IkContent *c, const char *path)
{
    load_meta(c);
    const char *format = ik_content_meta(c, "format");
    long f;
    if (!format || !ik_parse_int(format, 0, 1000000, &f))
        return ik_fail("%s: not a content pack (no format)", path);
    if (f != IK_PACK_FORMAT)
        return ik_fail("%s: pack format %ld, this program reads format %d", path, f,
                       IK_PACK_FORMAT);
    const char *version = ik_content_meta(c, "version");
    if (!version || !*version || strlen(version) >= sizeof c->manifest.version ||
        strspn(version, "0123456789") != strlen(version))
        return ik_fail("%s: not a complete pack: its version is not a number", path);
    if (c->has_manifest && strcmp(version, c->manifest.version) != 0)
        return ik_fail("%s: its version %s is not the signed version %s", path, version,
                       c->manifest.version);
    return true;
}

/* The languages in their order on the language screen; Italian must be
 * one of them. */
static bool load_languages(IkContent *c, const char *path)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT code, endonym, script, rtl, plural FROM language"
                                  " ORDER BY position", -1, &st, NULL) != SQLITE_OK)
        return ik_fail("%s: %s", path, sqlite3_errmsg(c->db));
    while (sqlite3_step(st) == SQLITE_ROW) {
        c->langs = ik_xrealloc(c->langs, c->lang_count + 1, sizeof(IkLanguage));
        c->plurals = ik_xrealloc(c->plurals, c->lang_count + 1, sizeof(char *));
        IkLanguage *l = &c->langs[c->lang_count];
        l->code = col_dup0(st, 0);
        l->endonym = col_dup0(st, 1);
        l->script = col_dup0(st, 2);
        l->rtl = sqlite3_column_int(st, 3) != 0;
        c->plurals[c->lang_count] = col_dup(st, 4);
        if (strcmp(l->code, IK_SOURCE_LANG) == 0)
            c->it = (int)c->lang_count;
        c->lang_count++;
    }
    sqlite3_finalize(st);
    if (c->it < 0)
        return ik_fail("%s: the pack has no Italian", path);
    return true;
}

/* The string lookup kept prepared, and the service counts read once. */
static bool prepare_reading(IkContent *c, const char *path)
{
    c->cached = ik_xcalloc(c->lang_count, sizeof(IkMap *));
    if (sqlite3_prepare_v2(c->db, "SELECT value FROM string WHERE lang=? AND key=?", -1,
                           &c->lookup, NULL) != SQLITE_OK)
        return ik_fail("%s: %s", path, sqlite3_errmsg(c->db));
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(c->db, "SELECT (SELECT count(*) FROM service),"
                                        " EXISTS(SELECT 1 FROM service WHERE demo)", -1, &st,
                                 NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        c->service_count = (size_t)sqlite3_column_int64(st, 0);
        c->has_demo = sqlite3_column_int(st, 1) != 0;
    } else {
        ik_fail("%s: %s", path, sqlite3_errmsg(c->db));
    }
    sqlite3_finalize(st);
    return ok;
}

/* The checks every pack passes once SQLite can read it. */
static bool check_pack(IkContent *c, const char *path)
{
    return check_format(c, path) && check_complete(c->db, path) && load_languages(c, path) &&
           prepare_reading(c, path);
}

static IkContent *content_new(void)
{
    IkContent *c = ik_xcalloc(1, sizeof *c);
    c->it = -1;
    c->fd = -1;
    return c;
}

/* Opens data (malloc'd, taken in every case) as the pack `path`. */
static IkContent *open_buffer(const char *path, char *data, size_t size, const IkOpenOptions *o)
{
    IkContent *c = content_new();
    IkSignedParts parts = {0};
    c->image = data;
    c->file_size = size;
    if (!ik_content_verify(path, c->image, size, o ? o->key : NULL, &parts, &c->manifest) ||
        !check_signed(c, path, o, &parts) || !attach_image(c, path, size, &parts) ||
        !check_pack(c, path))
        goto fail;
    return c;
fail:
    ik_content_close(c);
    return NULL;
}

/* A pack too large to hold in memory: verified by reading its file through,
 * then read by SQLite from that file, which must not change (see
 * packfile.c). fd is taken in every case. */
static IkContent *open_file(const char *path, int fd, const struct stat *st,
                            const IkOpenOptions *o)
{
    IkContent *c = content_new();
    IkSignedParts parts;
    struct stat after;
    c->fd = fd;
    size_t size = (size_t)st->st_size;
    if (!ik_content_verify_fd(path, fd, size, o ? o->key : NULL, &parts, &c->manifest) ||
        !check_signed(c, path, o, &parts))
        goto fail;
    if (fstat(fd, &after) != 0 || !ik_pack_file_same(&after, st)) {
        ik_fail("%s: changed on disk while it was being checked", path);
        goto fail;
    }
    c->id = after;
    c->file_size = size;
    if (!ik_pack_file_attach(&c->db, path, fd, parts.db_size, &after) ||
        !check_pages(c, path, PAGE_CACHE_FILE_KIB) || !check_pack(c, path))
        goto fail;
    return c;
fail:
    ik_content_close(c);
    return NULL;
}

/* All of size bytes from fd (malloc'd), or NULL with ik_error(). */
static char *read_whole(const char *path, int fd, size_t size)
{
    char *data = ik_xmalloc(size ? size : 1);
    long long got = ik_fd_read_at(fd, data, size, 0);
    if (got == (long long)size)
        return data;
    ik_fail("%s: %s", path, got < 0 ? strerror(errno) : "cut short while read");
    free(data);
    return NULL;
}

IkContent *ik_content_open_with(const char *path, const IkOpenOptions *options)
{
    if (!path) {
        ik_fail("(null): no such content pack");
        return NULL;
    }
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        ik_fail("%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        ik_fail("%s: not a content pack (not a regular file)", path);
        close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    if ((unsigned long long)st.st_size > IK_PACK_MAX_BYTES) {
        ik_fail("%s: %lld bytes; a pack is at most %llu", path, (long long)st.st_size,
                IK_PACK_MAX_BYTES);
        close(fd);
        return NULL;
    }
    size_t in_memory = options && options->memory_max ? options->memory_max
                                                       : IK_PACK_MEMORY_MAX;
    if (size > in_memory)
        return open_file(path, fd, &st, options);
    char *data = read_whole(path, fd, size);
    close(fd);
    return data ? open_buffer(path, data, size, options) : NULL;
}

IkContent *ik_content_open_bytes(const char *name, const void *data, size_t size,
                                 const IkOpenOptions *options)
{
    if (size > IK_PACK_MEMORY_MAX) {
        ik_fail("%s: %zu bytes; a pack in memory is at most %zu", name, size, IK_PACK_MEMORY_MAX);
        return NULL;
    }
    char *copy = ik_xmalloc(size ? size : 1);
    memcpy(copy, data, size);
    return open_buffer(name, copy, size, options);
}

size_t ik_content_file_size(const IkContent *c) { return c->file_size; }
size_t ik_content_db_size(const IkContent *c) { return c->db_size; }

void ik_content_release(IkContent *c)
{
    if (!c)
        return;
    ik_search_release(c->db);
    sqlite3_db_release_memory(c->db);
}

const struct stat *ik_content_file_stat(const IkContent *c)
{
    return c->fd >= 0 ? &c->id : NULL;
}

/* The file read from is still the one verified: see packfile.c. */
static bool unchanged(const IkContent *c)
{
    struct stat now;
    return fstat(c->fd, &now) == 0 && ik_pack_file_same(&now, &c->id);
}

bool ik_content_write_bytes(IkContent *c, size_t n, IkFileReplace *r)
{
    if (n > c->file_size)
        return ik_fail("%zu bytes asked of a pack of %zu", n, c->file_size);
    if (c->image)
        return ik_file_replace_write(r, c->image, n);
    enum { CHUNK = 1 << 20 };
    char *buf = ik_xmalloc(CHUNK);
    bool ok = true;
    for (size_t done = 0; ok && done < n;) {
        size_t want = n - done < CHUNK ? n - done : CHUNK;
        long long got = ik_fd_read_at(c->fd, buf, want, done);
        if (got != (long long)want)
            ok = ik_fail("the pack's file: %s", got < 0 ? strerror(errno) : "cut short");
        else
            ok = ik_file_replace_write(r, buf, want), done += want;
    }
    free(buf);
    /* checked after the copy: a write changes the times before its bytes */
    if (ok && !unchanged(c))
        ok = ik_fail("the pack's file changed on disk after it was verified");
    return ok;
}

bool ik_content_hash_db(IkContent *c, IkManifest *m)
{
    if (c->image) {
        ik_content_manifest_hash(m, c->image, c->db_size);
        return true;
    }
    if (!ik_content_manifest_hash_fd(m, c->fd, c->db_size, "the pack's file"))
        return false;
    return unchanged(c) ? true : ik_fail("the pack's file changed on disk after it was verified");
}

IkContent *ik_content_open(const char *path)
{
    return ik_content_open_with(path, NULL);
}

const IkManifest *ik_content_manifest(const IkContent *c)
{
    return c->has_manifest ? &c->manifest : NULL;
}

bool ik_content_trusted(const IkContent *c) { return c->trusted; }
IkSignedKind ik_content_signed_kind(const IkContent *c) { return c->signed_kind; }

bool ik_content_expired(const IkContent *c, time_t now)
{
    return c->has_manifest && c->manifest.expires < (long long)now;
}

void ik_content_close(IkContent *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->entry_count; i++) {
        Entry *e = c->entries[i];
        if (e->value != e->key)
            free(e->value);
        free(e->key);
        free(e);
    }
    free(c->entries);
    for (size_t i = 0; c->cached && i < c->lang_count; i++)
        ik_map_destroy(c->cached[i]);
    free(c->cached);
    for (size_t i = 0; i < c->meta_count; i++) {
        free(c->meta[i].key);
        free(c->meta[i].value);
    }
    free(c->meta);
    for (size_t i = 0; i < c->lang_count; i++) {
        free(c->langs[i].code);
        free(c->langs[i].endonym);
        free(c->langs[i].script);
        free(c->plurals[i]);
    }
    free(c->langs);
    free(c->plurals);
    for (size_t i = 0; i < c->name_count; i++) {
        free(c->names[i].code);
        free(c->names[i].name);
    }
    free(c->names);
    sqlite3_finalize(c->lookup);
    ik_search_forget(c->db);    /* search's statements on this connection */
    sqlite3_close(c->db);
    free(c->image);     /* after the connection that read it */
    if (c->fd >= 0)
        close(c->fd);
    free(c);
}

sqlite3 *ik_content_db(IkContent *c) { return c->db; }

const char *ik_content_meta(IkContent *c, const char *key)
{
    for (size_t i = 0; i < c->meta_count; i++)
        if (strcmp(c->meta[i].key, key) == 0)
            return c->meta[i].value;
    return NULL;
}

size_t ik_content_language_count(IkContent *c) { return c->lang_count; }

const IkLanguage *ik_content_language(IkContent *c, size_t i)
{
    return i < c->lang_count ? &c->langs[i] : NULL;
}

static int lang_index(IkContent *c, const char *code)
{
    for (size_t i = 0; code && i < c->lang_count; i++)
        if (strcmp(c->langs[i].code, code) == 0)
            return (int)i;
    return -1;
}

const IkLanguage *ik_content_language_find(IkContent *c, const char *code)
{
    int i = lang_index(c, code);
    return i < 0 ? NULL : &c->langs[i];
}

/* CLDR's name of a language in itself ("de" -> "Deutsch"), or NULL when ICU
 * knows none (it then echoes the code back). */
static char *icu_autonym(const char *code)
{
    char loc[64];
    size_t n = strlen(code);
    if (n == 0 || n >= sizeof loc)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        loc[i] = code[i] == '-' ? '_' : code[i];
    UChar u[128];
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = uloc_getDisplayLanguage(loc, loc, u, 128, &err);
    if (U_FAILURE(err) || err == U_USING_DEFAULT_WARNING || len <= 0 || len >= 128)
        return NULL;
    char out[512];
    err = U_ZERO_ERROR;
    u_strToUTF8(out, sizeof out, NULL, u, len, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
        return NULL;
    /* ICU echoes an unknown code back (lower-cased): no name for it. */
    char lower[64];
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)(loc[i] >= 'A' && loc[i] <= 'Z' ? loc[i] + 32 : loc[i]);
    if (strcmp(out, lower) == 0 || strcmp(out, loc) == 0)
        return NULL;
    return ik_xstrdup(out);
}

const char *ik_content_language_name(IkContent *c, const char *code)
{
    if (!code || !*code)
        return "";
    const IkLanguage *l = ik_content_language_find(c, code);
    for (size_t i = 0; !l && i < c->lang_count; i++)
        if (ik_lang_related(c->langs[i].code, code))
            l = &c->langs[i];
    if (l && l->endonym && *l->endonym)
        return l->endonym;
    for (size_t i = 0; i < c->name_count; i++)
        if (strcmp(c->names[i].code, code) == 0)
            return c->names[i].name ? c->names[i].name : c->names[i].code;
    if (c->name_count >= MAX_NAMES)
        return code;
    c->names = ik_xrealloc(c->names, c->name_count + 1, sizeof *c->names);
    LangName *e = &c->names[c->name_count++];
    e->code = ik_xstrdup(code);
    e->name = icu_autonym(code);
    return e->name ? e->name : e->code;
}

bool ik_content_has_demo(IkContent *c) { return c->has_demo; }
size_t ik_content_service_count(IkContent *c) { return c->service_count; }
size_t ik_content_fallback_count(IkContent *c) { return c->fallbacks; }

/* ---- [SECTION] catalog ------------------------------------------------------
 * The cache holds one entry per (language, key) asked for. Entries exist only
 * for keys of the pack (a finite set), plus at most MAX_MISSING copies of
 * keys found nowhere, so months of use cannot grow it without bound. */
static char *query(IkContent *c, int lang, const char *key)
{
    char *v = NULL;
    sqlite3_bind_text(c->lookup, 1, c->langs[lang].code, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->lookup, 2, key, -1, SQLITE_STATIC);
    if (sqlite3_step(c->lookup) == SQLITE_ROW)
        v = col_dup(c->lookup, 0);
    sqlite3_reset(c->lookup);
    sqlite3_clear_bindings(c->lookup);
    return v;
}

/* the cached entry of (lang, key), looked up on first use */
static Entry *entry(IkContent *c, int lang, const char *key)
{
    size_t at;
    if (!c->cached[lang])
        c->cached[lang] = ik_map_create();
    if (ik_map_get(c->cached[lang], key, &at))
        return c->entries[at];
    char *v = query(c, lang, key);
    bool fallback = false;
    if ((!v || !v[0]) && lang != c->it) {
        free(v);
        v = query(c, c->it, key);
        fallback = true;
    }
    if (!v) {
        /* in no language: the key itself, kept within a bound */
        if (c->missing >= MAX_MISSING) {
            if (c->missing++ == MAX_MISSING)
                ik_log(IK_LOG_WARN, "content: over %d missing strings; no more are logged",
                       MAX_MISSING);
            return NULL;
        }
        c->missing++;
        ik_log(IK_LOG_WARN, "content: string %s is in no language of the pack", key);
    }
    Entry *e = ik_xcalloc(1, sizeof *e);
    e->lang = lang;
    e->key = ik_xstrdup(key);
    e->value = v ? v : e->key;
    e->fallback = fallback || !v;
    if (e->fallback && lang != c->it)
        c->fallbacks++;
    if (c->entry_count == c->entry_cap) {
        c->entry_cap = c->entry_cap ? 2 * c->entry_cap : 256;
        c->entries = ik_xrealloc(c->entries, c->entry_cap, sizeof(Entry *));
    }
    ik_map_put(c->cached[lang], key, c->entry_count, NULL);
    c->entries[c->entry_count++] = e;
    return e;
}

static const char *text_of(IkContent *c, const char *lang, const char *key, bool *fallback)
{
    int l = lang_index(c, lang);
    if (l < 0)
        l = c->it;
    Entry *e = key ? entry(c, l, key) : NULL;
    if (!e) {
        if (fallback)
            *fallback = true;
        return "?";
    }
    if (fallback)
        *fallback = e->fallback;
    return e->value;
}

const char *ik_content_text(IkContent *c, const char *lang, const char *key)
{
    return text_of(c, lang, key, NULL);
}

const char *ik_content_ui(IkContent *c, const char *lang, const char *key)
{
    char buf[256];
    snprintf(buf, sizeof buf, "ui:%s", key ? key : "");
    return ik_content_text(c, lang, buf);
}

bool ik_content_has_text(IkContent *c, const char *lang, const char *key)
{
    int l = lang_index(c, lang);
    if (l < 0 || !key)
        return false;
    Entry *e = entry(c, l, key);
    return e && !e->fallback;
}

const char *ik_content_plural(IkContent *c, const char *lang, const char *key, long n)
{
    int l = lang_index(c, lang);
    if (l < 0)
        l = c->it;
    char buf[300];
    bool fallback = false;
    const char *base = text_of(c, c->langs[l].code, key, &fallback);
    /* the rule of the language the text is actually in */
    int src = fallback ? c->it : l;
    int form = ik_plural_index(c->plurals[src], n);
    if (form <= 0)
        return base;
    snprintf(buf, sizeof buf, "%s#%d", key, form);
    Entry *e = entry(c, src, buf);
    return e && !e->fallback ? e->value : base;
}

/* ---- [SECTION] topics ---------------------------------------------------------- */
IkTopic *ik_content_topics(IkContent *c, const char *lang, size_t *count)
{
    sqlite3_stmt *st = NULL;
    IkTopic *t = NULL;
    *count = 0;
    if (lang_index(c, lang) < 0)
        lang = IK_SOURCE_LANG;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT t.id, t.audience, t.pictogram, coalesce(l.title, i.title, t.id),"
                           " l.title IS NULL FROM topic t"
                           " LEFT JOIN topic_text l ON l.topic_id = t.id AND l.lang = ?"
                           " LEFT JOIN topic_text i ON i.topic_id = t.id AND i.lang = 'it'"
                           " ORDER BY t.position, t.id", -1, &st, NULL) != SQLITE_OK) {
        ik_fail("topics: %s", sqlite3_errmsg(c->db));
        return NULL;
    }
    sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
    t = ik_xcalloc(1, sizeof *t);   /* non-NULL even when empty */
    while (sqlite3_step(st) == SQLITE_ROW) {
        t = ik_xrealloc(t, *count + 1, sizeof *t);
        IkTopic *x = &t[(*count)++];
        x->id = col_dup0(st, 0);
        x->audience = col_dup0(st, 1);
        x->pictogram = col_dup0(st, 2);
        x->title = col_dup0(st, 3);
        x->fallback = sqlite3_column_int(st, 4) != 0;
    }
    sqlite3_finalize(st);
    return t;
}

void ik_topics_free(IkTopic *t, size_t count)
{
    for (size_t i = 0; t && i < count; i++) {
        free(t[i].id);
        free(t[i].title);
        free(t[i].audience);
        free(t[i].pictogram);
    }
    free(t);
}

static IkBlockKind kind_of(const char *k)
{
    if (!strcmp(k, "heading")) return IK_BLOCK_HEADING;
    if (!strcmp(k, "bullet")) return IK_BLOCK_BULLET;
    if (!strcmp(k, "number")) return IK_BLOCK_NUMBER;
    if (!strcmp(k, "action")) return IK_BLOCK_ACTION;
    return IK_BLOCK_PARAGRAPH;
}

IkBlock *ik_content_topic_blocks(IkContent *c, const char *lang, const char *id, size_t *count,
                                 bool *fallback)
{
    sqlite3_stmt *st = NULL;
    IkBlock *b = NULL;
    char *title = NULL;
    const char *use = IK_SOURCE_LANG;
    *count = 0;
    if (fallback)
        *fallback = false;
    if (sqlite3_prepare_v2(c->db, "SELECT lang, title FROM topic_text WHERE topic_id = ?"
                                  " AND lang IN (?, 'it') ORDER BY lang = 'it'", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(st, 1, id ? id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, lang ? lang : IK_SOURCE_LANG, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        ik_fail("no topic \"%s\"", id ? id : "");
        sqlite3_finalize(st);
        return NULL;
    }
    bool is_it = strcmp((const char *)sqlite3_column_text(st, 0), IK_SOURCE_LANG) == 0;
    use = is_it ? IK_SOURCE_LANG : lang;
    if (fallback)
        *fallback = is_it && lang && strcmp(lang, IK_SOURCE_LANG) != 0;
    title = col_dup0(st, 1);
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT kind, number, text FROM topic_block"
                                  " WHERE topic_id = ? AND lang = ? ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, use, -1, SQLITE_STATIC);
    b = ik_xcalloc(1, sizeof *b);
    b[0].kind = IK_BLOCK_TITLE;
    b[0].text = title;
    title = NULL;
    *count = 1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        b = ik_xrealloc(b, *count + 1, sizeof *b);
        IkBlock *x = &b[(*count)++];
        x->kind = kind_of((const char *)sqlite3_column_text(st, 0));
        x->number = sqlite3_column_int(st, 1);
        x->text = col_dup0(st, 2);
    }
    sqlite3_finalize(st);
    return b;
fail:
    ik_fail("topic blocks: %s", sqlite3_errmsg(c->db));
    sqlite3_finalize(st);
    free(title);
    return NULL;
}

void ik_blocks_free(IkBlock *b, size_t count)
{
    for (size_t i = 0; b && i < count; i++)
        free(b[i].text);
    free(b);
}

/* ---- [SECTION] help numbers and terms ---------------------------------------- */
static char *text_dup(IkContent *c, const char *lang, const char *fmt, const char *id,
                      const char *field)
{
    char key[400];
    snprintf(key, sizeof key, fmt, id, field);
    return ik_xstrdup(ik_content_text(c, lang, key));
}

IkHelpline *ik_content_helplines(IkContent *c, const char *lang, size_t *count)
{
    sqlite3_stmt *st = NULL;
    *count = 0;
    if (sqlite3_prepare_v2(c->db, "SELECT id, number, free, always_open, languages FROM helpline"
                                  " ORDER BY position, id", -1, &st, NULL) != SQLITE_OK) {
        ik_fail("helplines: %s", sqlite3_errmsg(c->db));
        return NULL;
    }
    IkHelpline *h = ik_xcalloc(1, sizeof *h);
    while (sqlite3_step(st) == SQLITE_ROW) {
        h = ik_xrealloc(h, *count + 1, sizeof *h);
        IkHelpline *x = &h[(*count)++];
        x->id = col_dup0(st, 0);
        x->number = col_dup0(st, 1);
        x->free = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
        x->always_open = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
        x->languages = col_dup0(st, 4);
        x->name = text_dup(c, lang, "helpline:%s:%s", x->id, "name");
        x->description = text_dup(c, lang, "helpline:%s:%s", x->id, "description");
    }
    sqlite3_finalize(st);
    return h;
}

void ik_helplines_free(IkHelpline *h, size_t count)
{
    for (size_t i = 0; h && i < count; i++) {
        free(h[i].id);
        free(h[i].number);
        free(h[i].name);
        free(h[i].description);
        free(h[i].languages);
    }
    free(h);
}

IkTerm *ik_content_terms(IkContent *c, const char *lang, const char *taxonomy, size_t *count)
{
    sqlite3_stmt *st = NULL;
    *count = 0;
    if (sqlite3_prepare_v2(c->db, "SELECT code FROM term WHERE taxonomy = ? ORDER BY position, code",
                           -1, &st, NULL) != SQLITE_OK) {
        ik_fail("terms: %s", sqlite3_errmsg(c->db));
        return NULL;
    }
    sqlite3_bind_text(st, 1, taxonomy ? taxonomy : "", -1, SQLITE_STATIC);
    IkTerm *t = ik_xcalloc(1, sizeof *t);
    while (sqlite3_step(st) == SQLITE_ROW) {
        t = ik_xrealloc(t, *count + 1, sizeof *t);
        IkTerm *x = &t[(*count)++];
        x->code = col_dup0(st, 0);
        x->name = text_dup(c, lang, "term:%s:%s", x->code, "name");
    }
    sqlite3_finalize(st);
    return t;
}

void ik_terms_free(IkTerm *t, size_t count)
{
    for (size_t i = 0; t && i < count; i++) {
        free(t[i].code);
        free(t[i].name);
    }
    free(t);
}

/* ---- [SECTION] services --------------------------------------------------------- */
/* text of key in lang (Italian fallback), or NULL when the source has none;
 * a field most services leave out (contact) is asked of the pack directly,
 * so it is neither logged nor cached as a missing string */
static char *optional_text(IkContent *c, const char *lang, const char *id, const char *field)
{
    char key[400];
    snprintf(key, sizeof key, "service:%s:%s", id, field);
    char *source = query(c, c->it, key);
    bool has = source && source[0];
    free(source);
    return has ? ik_xstrdup(ik_content_text(c, lang, key)) : NULL;
}

static sqlite3_stmt *prep(IkContent *c, const char *sql, const char *id)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    return st;
}

/* the service's openings, and its hours notes in lang */
static void load_hours(IkContent *c, const char *lang, IkService *s)
{
    sqlite3_stmt *st = prep(c, "SELECT " IK_OPENING_COLUMNS " FROM service_schedule"
                               " WHERE service_id = ? ORDER BY weekday, opens", s->id);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        s->openings = ik_xrealloc(s->openings, s->opening_count + 1, sizeof(IkOpening));
        ik_opening_read(st, 0, &s->openings[s->opening_count++]);
    }
    sqlite3_finalize(st);
    st = prep(c, "SELECT key FROM service_hours_note WHERE service_id = ? ORDER BY seq", s->id);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        s->hours_notes = ik_xrealloc(s->hours_notes, s->hours_note_count + 1, sizeof(char *));
        s->hours_notes[s->hours_note_count++] =
            ik_xstrdup(ik_content_text(c, lang, (const char *)sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
}

IkService *ik_content_service(IkContent *c, const char *lang, const char *id)
{
    sqlite3_stmt *st = prep(c,
        "SELECT s.id, s.organization_id, coalesce(s.url, o.website), coalesce(s.email, o.email),"
        " s.min_age, s.max_age, s.area, s.free, s.demo, s.confidential, s.checked"
        " FROM service s LEFT JOIN organization o ON o.id = s.organization_id WHERE s.id = ?",
        id ? id : "");
    IkService *s = NULL;
    if (!st || sqlite3_step(st) != SQLITE_ROW) {
        ik_fail("no service \"%s\"", id ? id : "");
        sqlite3_finalize(st);
        return NULL;
    }
    s = ik_xcalloc(1, sizeof *s);
    s->id = col_dup0(st, 0);
    char *org = col_dup0(st, 1);
    s->url = col_dup(st, 2);
    s->email = col_dup(st, 3);
    s->min_age = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
    s->max_age = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 5);
    s->area = col_dup0(st, 6);
    s->free = sqlite3_column_int(st, 7) != 0;
    s->demo = sqlite3_column_int(st, 8) != 0;
    s->confidential = sqlite3_column_int(st, 9) != 0;
    s->checked = col_dup(st, 10);
    sqlite3_finalize(st);
    char key[400];
    snprintf(key, sizeof key, "service:%s:name", s->id);
    s->name = ik_xstrdup(ik_content_text(c, lang, key));
    s->description = optional_text(c, lang, s->id, "description");
    if (!s->description)
        s->description = ik_xstrdup("");
    s->fees = optional_text(c, lang, s->id, "fees");
    s->contact = optional_text(c, lang, s->id, "contact");
    snprintf(key, sizeof key, "organization:%s:name", org);
    s->organization = ik_xstrdup(ik_content_text(c, lang, key));
    free(org);

    st = prep(c, "SELECT address, city, latitude, longitude FROM service_location"
                 " WHERE service_id = ? ORDER BY location_id LIMIT 1", s->id);
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        /* the pack stores no confidential address; checked again here */
        s->address = s->confidential ? NULL : col_dup(st, 0);
        s->city = col_dup(st, 1);
        if (!s->confidential) {
            s->latitude = sqlite3_column_double(st, 2);
            s->longitude = sqlite3_column_double(st, 3);
        }
    }
    sqlite3_finalize(st);

    st = prep(c, "SELECT st.term FROM service_term st JOIN term t ON t.code = st.term"
                 " WHERE st.service_id = ? AND t.taxonomy = 'category' ORDER BY t.position", s->id);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        s->categories = ik_xrealloc(s->categories, s->category_count + 1, sizeof(char *));
        s->categories[s->category_count++] = col_dup0(st, 0);
    }
    sqlite3_finalize(st);

    st = prep(c, "SELECT number, description FROM service_phone WHERE service_id = ? ORDER BY seq",
              s->id);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        s->phones = ik_xrealloc(s->phones, s->phone_count + 1, sizeof(IkPhone));
        s->phones[s->phone_count].number = col_dup0(st, 0);
        s->phones[s->phone_count++].description = col_dup(st, 1);
    }
    sqlite3_finalize(st);

    st = prep(c, "SELECT code FROM service_language WHERE service_id = ? ORDER BY rowid", s->id);
    if (!st)
        st = prep(c, "SELECT code FROM service_language WHERE service_id = ?", s->id);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        s->languages = ik_xrealloc(s->languages, s->language_count + 1, sizeof(char *));
        s->languages[s->language_count++] = col_dup0(st, 0);
    }
    sqlite3_finalize(st);

    load_hours(c, lang, s);
    return s;
}

void ik_service_free(IkService *s)
{
    if (!s)
        return;
    free(s->id);
    free(s->name);
    free(s->description);
    free(s->organization);
    free(s->fees);
    free(s->contact);
    free(s->address);
    free(s->city);
    free(s->area);
    free(s->email);
    free(s->url);
    for (size_t i = 0; i < s->category_count; i++)
        free(s->categories[i]);
    free(s->categories);
    for (size_t i = 0; i < s->phone_count; i++) {
        free(s->phones[i].number);
        free(s->phones[i].description);
    }
    free(s->phones);
    for (size_t i = 0; i < s->language_count; i++)
        free(s->languages[i]);
    free(s->languages);
    free(s->openings);
    for (size_t i = 0; i < s->hours_note_count; i++)
        free(s->hours_notes[i]);
    free(s->hours_notes);
    free(s->checked);
    free(s);
}
