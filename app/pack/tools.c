/* Pack tools that read a finished pack: info, export-hsds, stats. */
#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../content/content_internal.h"
#include "incontro/content.h"
#include "internal.h"

static sqlite3 *open_ro(const char *path)
{
    sqlite3 *db = NULL;
    if (!ik_file_exists(path)) {
        ik_fail("%s: no such file", path);
        return NULL;
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        ik_fail("%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

bool ik_pack_info(const char *pack_path, FILE *out)
{
    IkContent *c = ik_content_open(pack_path);
    if (!c)
        return false;
    sqlite3 *db = ik_content_db(c);
    fprintf(out, "pack: %s\n", pack_path);
    fprintf(out, "version: %s\n", ik_content_meta(c, "version") ? ik_content_meta(c, "version") : "?");
    fprintf(out, "built: %s\n", ik_content_meta(c, "built_at") ? ik_content_meta(c, "built_at") : "?");
    fprintf(out, "format: %s\n", ik_content_meta(c, "format"));
    fprintf(out, "languages:");
    for (size_t i = 0; i < ik_content_language_count(c); i++)
        fprintf(out, " %s", ik_content_language(c, i)->code);
    fprintf(out, " (%zu)\n", ik_content_language_count(c));
    fprintf(out, "topics: %ld\n", count(db, "SELECT count(*) FROM topic"));
    fprintf(out, "topic pages: %ld\n", count(db, "SELECT count(*) FROM topic_text"));
    fprintf(out, "help numbers: %ld\n", count(db, "SELECT count(*) FROM helpline"));
    fprintf(out, "organizations: %ld\n", count(db, "SELECT count(*) FROM organization"));
    fprintf(out, "services: %ld (demo %ld, confidential address %ld)\n",
            count(db, "SELECT count(*) FROM service"),
            count(db, "SELECT count(*) FROM service WHERE demo"),
            count(db, "SELECT count(*) FROM service WHERE confidential"));
    fprintf(out, "strings: %ld (Italian %ld)\n", count(db, "SELECT count(*) FROM string"),
            count(db, "SELECT count(*) FROM string WHERE lang='it'"));
    const IkManifest *m = ik_content_manifest(c);
    if (m) {
        char created[32], expires[32];
        ik_content_time_text(m->created, created);
        ik_content_time_text(m->expires, expires);
        fprintf(out, "signature: present (check it with verify --pubkey)\n"
                     "signed: %s\nexpires: %s%s\n", created, expires,
                m->expires < (long long)time(NULL) ? " (expired)" : "");
    } else {
        fprintf(out, "signature: %s\n", ik_content_signed_kind(c) == IK_SIGNED_OLD
                                           ? "old format without a manifest (sign it again)"
                                           : "unsigned");
    }
    ik_content_close(c);
    return true;
}

bool ik_pack_export_hsds(const char *pack_path, const char *dir)
{
    sqlite3 *db = open_ro(pack_path);
    sqlite3_stmt *tables = NULL, *cols = NULL, *rows = NULL, *vals = NULL;
    bool ok = false;
    if (!db)
        return false;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        ik_fail("%s: %s", dir, strerror(errno));
        goto fail;
    }
    if (sqlite3_prepare_v2(db, "SELECT DISTINCT tbl FROM hsds_column ORDER BY tbl", -1, &tables, NULL) ||
        sqlite3_prepare_v2(db, "SELECT name FROM hsds_column WHERE tbl=? ORDER BY seq", -1, &cols, NULL) ||
        sqlite3_prepare_v2(db, "SELECT json FROM hsds_row WHERE tbl=? ORDER BY seq", -1, &rows, NULL) ||
        sqlite3_prepare_v2(db, "SELECT value FROM json_each(?) ORDER BY key", -1, &vals, NULL)) {
        ik_fail("%s: not a content pack (%s)", pack_path, sqlite3_errmsg(db));
        goto fail;
    }
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char *tbl = ik_xstrdup((const char *)sqlite3_column_text(tables, 0));
        char *file = ik_xasprintf("%s/%s.csv", dir, tbl);
        char *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);
        char **fields = NULL;
        size_t n = 0;
        sqlite3_bind_text(cols, 1, tbl, -1, SQLITE_STATIC);
        while (sqlite3_step(cols) == SQLITE_ROW) {
            fields = ik_xrealloc(fields, n + 1, sizeof(char *));
            fields[n++] = ik_xstrdup((const char *)sqlite3_column_text(cols, 0));
        }
        sqlite3_reset(cols);
        ik_csv_write_row(f, n, (const char *const *)fields);
        for (size_t i = 0; i < n; i++)
            free(fields[i]);
        sqlite3_bind_text(rows, 1, tbl, -1, SQLITE_STATIC);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            n = 0;
            sqlite3_bind_text(vals, 1, (const char *)sqlite3_column_text(rows, 0), -1, SQLITE_TRANSIENT);
            while (sqlite3_step(vals) == SQLITE_ROW) {
                fields = ik_xrealloc(fields, n + 1, sizeof(char *));
                const char *v = (const char *)sqlite3_column_text(vals, 0);
                fields[n++] = ik_xstrdup(v ? v : "");
            }
            sqlite3_reset(vals);
            ik_csv_write_row(f, n, (const char *const *)fields);
            for (size_t i = 0; i < n; i++)
                free(fields[i]);
        }
        sqlite3_reset(rows);
        free(fields);
        fclose(f);
        bool w = ik_file_write_atomic(file, text, size);
        free(text);
        free(file);
        free(tbl);
        if (!w)
            goto fail;
    }
    /* the tables as a Frictionless data package, as HSDS 3.0 publishes them */
    if (!ik_hsds_write_datapackage(db, dir))
        goto fail;
    ok = true;
fail:
    sqlite3_finalize(tables);
    sqlite3_finalize(cols);
    sqlite3_finalize(rows);
    sqlite3_finalize(vals);
    sqlite3_close(db);
    return ok;
}

bool ik_pack_stats_export(const char *db_path, const char *csv_path)
{
    sqlite3 *db = open_ro(db_path);
    sqlite3_stmt *st = NULL;
    char *text = NULL;
    size_t size = 0;
    bool ok = false;
    if (!db)
        return false;
    if (sqlite3_prepare_v2(db, "SELECT day, event, count FROM daily ORDER BY day, event", -1, &st,
                           NULL) != SQLITE_OK) {
        ik_fail("%s: no daily statistics table (%s)", db_path, sqlite3_errmsg(db));
        goto fail;
    }
    FILE *f = open_memstream(&text, &size);
    fputs("day,event,count\n", f);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *row[3] = {(const char *)sqlite3_column_text(st, 0),
                              (const char *)sqlite3_column_text(st, 1),
                              (const char *)sqlite3_column_text(st, 2)};
        ik_csv_write_row(f, 3, row);
    }
    fclose(f);
    if (rc != SQLITE_DONE) {
        ik_fail("%s: %s", db_path, sqlite3_errmsg(db));
        goto fail;
    }
    if (csv_path)
        ok = ik_file_write_atomic(csv_path, text, size);
    else
        ok = fwrite(text, 1, size, stdout) == size;
fail:
    free(text);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}
