/* Building a pack: reads content/ (languages, interface strings, topics,
 * help numbers, synonyms), the HSDS directory and the PO translations into
 * a fresh SQLite file, reporting every problem as FILE:LINE; the file is
 * renamed over the output only when nothing was wrong.
 * The readers live in their own files: strings.c (languages, interface,
 * synonyms), topics.c, helplines.c, hsds*.c (the directory), po.c
 * (translations); fonts.c checks what they stored; extract.c holds coverage
 * and the POT template.
 *
 * [SECTION] helpers   [SECTION] loading   [SECTION] writing */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "incontro/content.h"
#include "incontro/text.h"
#include "internal.h"

/* ---- [SECTION] helpers ------------------------------------------------------ */
bool ik_build_sql(IkBuild *b, const char *sql, size_t n, const char *const *values)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (values[i])
            sqlite3_bind_text(st, (int)i + 1, values[i], -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        goto fail;
    sqlite3_finalize(st);
    return true;
fail:
    ik_diag_error(b->diag, NULL, 0, "pack database: %s (%.60s)", sqlite3_errmsg(b->db), sql);
    sqlite3_finalize(st);
    return false;
}

void ik_build_origin(IkBuild *b, const char *lang, const char *key, const char *file, long line)
{
    char l[32];
    snprintf(l, sizeof l, "%ld", line);
    SQL(b, "INSERT OR REPLACE INTO temp.origin VALUES(?,?,?,?)", lang, key, file, l);
}

const IkSource *ik_build_find_source(const IkBuild *b, const char *key)
{
    size_t i;
    return b->source_index && ik_map_get(b->source_index, key, &i) ? &b->sources[i] : NULL;
}

const IkLang *ik_build_find_lang(const IkBuild *b, const char *code)
{
    for (size_t i = 0; i < b->lang_count; i++)
        if (strcmp(b->langs[i].code, code) == 0)
            return &b->langs[i];
    return NULL;
}

void ik_build_source(IkBuild *b, const char *key, const char *text, const char *plural,
                     const char *comment, const char *file, long line)
{
    const IkSource *dup = ik_build_find_source(b, key);
    if (dup) {
        ik_diag_error(b->diag, file, line, "duplicate key \"%s\" (first at %s:%ld)", key,
                      dup->file, dup->line);
        return;
    }
    if (b->source_count == b->source_cap) {
        b->source_cap = b->source_cap ? 2 * b->source_cap : 256;
        b->sources = ik_xrealloc(b->sources, b->source_cap, sizeof(IkSource));
    }
    IkSource *s = &b->sources[b->source_count++];
    s->key = ik_xstrdup(key);
    s->text = ik_xstrdup(text);
    s->plural = plural && plural[0] ? ik_xstrdup(plural) : NULL;
    s->comment = comment && comment[0] ? ik_xstrdup(comment) : NULL;
    s->file = ik_xstrdup(file);
    s->line = line;
    if (!b->source_index)
        b->source_index = ik_map_create();
    ik_map_put(b->source_index, s->key, b->source_count - 1, NULL);
    SQL(b, "INSERT INTO string(lang,key,value,reviewed) VALUES('it',?,?,1)", key, text);
    ik_build_origin(b, "it", key, file, line);
    if (s->plural) {
        char *k1 = ik_xasprintf("%s#1", key);
        SQL(b, "INSERT INTO string(lang,key,value,reviewed) VALUES('it',?,?,1)", k1, s->plural);
        ik_build_origin(b, "it", k1, file, line);
        free(k1);
    }
}

IkCsv *ik_build_table(IkBuild *b, const char *name, bool required, const char *const *columns)
{
    char *path = ik_path_join(b->content_dir, name);
    IkCsv *csv = ik_csv_read(path, b->diag, required);
    free(path);
    if (csv && !ik_csv_require(csv, b->diag, columns)) {
        ik_csv_free(csv);
        return NULL;
    }
    return csv;
}

/* ---- [SECTION] loading ----------------------------------------------------- */
void ik_build_free(IkBuild *b)
{
    for (size_t i = 0; i < b->lang_count; i++) {
        free(b->langs[i].code);
        free(b->langs[i].endonym);
        free(b->langs[i].script);
    }
    free(b->langs);
    for (size_t i = 0; i < b->source_count; i++) {
        IkSource *s = &b->sources[i];
        free(s->key);
        free(s->text);
        free(s->plural);
        free(s->comment);
        free(s->file);
    }
    free(b->sources);
    ik_map_destroy(b->source_index);
    for (size_t i = 0; i < b->topic_count; i++)
        free(b->topics[i]);
    free(b->topics);
    free(b->content_dir);
    free(b->services_dir);
    free(b->translations_dir);
    if (b->db)
        sqlite3_close(b->db);
    memset(b, 0, sizeof *b);
}

bool ik_build_open_memory(IkBuild *b, IkDiag *diag)
{
    if (sqlite3_open(":memory:", &b->db) != SQLITE_OK) {
        ik_diag_error(diag, NULL, 0, "cannot create a database in memory");
        return false;
    }
    return true;
}

static bool exec(IkBuild *b, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(b->db, sql, NULL, NULL, &err) == SQLITE_OK)
        return true;
    ik_diag_error(b->diag, NULL, 0, "pack database: %s", err ? err : "?");
    sqlite3_free(err);
    return false;
}

/* the schema, and where each string came from (for the font check) */
static bool begin(IkBuild *b)
{
    sqlite3_exec(b->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", NULL, NULL, NULL);
    return exec(b, "BEGIN") && exec(b, ik_content_schema_sql()) &&
           exec(b, "CREATE TEMP TABLE origin(lang TEXT, key TEXT, file TEXT, line INTEGER,"
                   " PRIMARY KEY(lang, key))");
}

static bool valid_version(const char *v)
{
    size_t n = strlen(v);
    return n > 0 && n <= 20 && strspn(v, "0123456789") == n;
}

static void write_meta(IkBuild *b)
{
    const char *given = b->options->version;
    char version[32], built[32], format[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(version, sizeof version, "%Y%m%d%H%M%S", &tm);
    strftime(built, sizeof built, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (given && !valid_version(given))
        ik_diag_error(b->diag, NULL, 0, "version \"%s\" must be a number (up to 20 digits)", given);
    snprintf(format, sizeof format, "%d", IK_PACK_FORMAT);
    SQL(b, "INSERT INTO meta VALUES('format',?),('version',?),('built_at',?),('source_lang',?)",
        format, given ? given : version, built, IK_SOURCE_LANG);
}

bool ik_build_load(IkBuild *b, const IkPackOptions *o, IkDiag *diag)
{
    size_t before = ik_diag_errors(diag);
    b->options = o;
    b->diag = diag;
    b->content_dir = ik_xstrdup(o->content_dir ? o->content_dir : "content");
    b->services_dir = o->services_dir ? ik_xstrdup(o->services_dir)
                                      : ik_path_join(b->content_dir, "directory");
    b->translations_dir = o->translations_dir ? ik_xstrdup(o->translations_dir) : NULL;
    struct stat st;
    if (stat(b->content_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ik_diag_error(diag, b->content_dir, 0, "not a folder");
        return false;
    }
    if (!begin(b))
        return false;
    ik_build_languages(b);
    ik_build_interface(b);
    ik_build_topics(b);
    ik_build_helplines(b);
    ik_build_synonyms(b);
    ik_build_directory(b);
    if (b->translations_dir)
        ik_build_translations(b);
    if (o->check_fonts)
        ik_build_check_fonts(b);
    write_meta(b);
    if (!exec(b, "COMMIT"))
        return false;
    /* outside our transaction, so the index builder may use its own */
    if (ik_diag_errors(diag) == before && !ik_search_index_build(b->db))
        ik_diag_error(diag, NULL, 0, "search index: %s", ik_error());
    return ik_diag_errors(diag) == before;
}

/* ---- [SECTION] writing ------------------------------------------------------- */
/* Ctrl-C or a stop signal during a build: remove the temporary file (the
 * output itself is never touched before the final rename). */
static char signal_tmp[4096];
static struct sigaction saved_int, saved_term;

static void on_stop_signal(int sig)
{
    if (signal_tmp[0])
        unlink(signal_tmp);
    sigaction(SIGINT, &saved_int, NULL);
    sigaction(SIGTERM, &saved_term, NULL);
    raise(sig);
}

static void guard_tmp(const char *tmp)
{
    if (tmp) {
        if (strlen(tmp) >= sizeof signal_tmp)
            return;
        memcpy(signal_tmp, tmp, strlen(tmp) + 1);
        struct sigaction sa = {0};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &saved_int);
        sigaction(SIGTERM, &sa, &saved_term);
    } else if (signal_tmp[0]) {
        sigaction(SIGINT, &saved_int, NULL);
        sigaction(SIGTERM, &saved_term, NULL);
        signal_tmp[0] = '\0';
    }
}

bool ik_pack_build(const IkPackOptions *options, const char *out, IkDiag *diag)
{
    IkBuild b = {0};
    IkFileReplace r = {0};
    bool ok = false;
    if (!out) {
        ok = ik_build_open_memory(&b, diag) && ik_build_load(&b, options, diag);
        goto fail;
    }
    /* a pack that is written is always checked against the fonts: the kiosk
     * must never receive a string it cannot draw */
    IkPackOptions written = *options;
    written.check_fonts = true;
    options = &written;
    /* SQLite writes the temporary beside out; only a whole pack is renamed */
    if (!ik_file_replace_begin(&r, out)) {
        ik_diag_error(diag, out, 0, "%s", ik_error());
        goto fail;
    }
    guard_tmp(r.tmp);
    if (sqlite3_open_v2(r.tmp, &b.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        ik_diag_error(diag, r.tmp, 0, "cannot open: %s", sqlite3_errmsg(b.db));
        goto fail;
    }
    if (!ik_build_load(&b, options, diag))
        goto fail;
    int rc = sqlite3_close(b.db);
    b.db = NULL;
    if (rc != SQLITE_OK) {
        ik_diag_error(diag, r.tmp, 0, "cannot close the pack");
        goto fail;
    }
    if (!ik_file_replace_commit(&r)) {
        ik_diag_error(diag, out, 0, "cannot write: %s", ik_error());
        goto fail;
    }
    ok = true;
fail:
    /* SQLite's handle first: the temporary is removed after it is closed */
    if (b.db)
        sqlite3_close(b.db);
    b.db = NULL;
    ik_file_replace_abort(&r);
    guard_tmp(NULL);
    ik_build_free(&b);
    return ok;
}

