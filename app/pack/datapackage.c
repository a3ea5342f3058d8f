/* Where a directory's tables are. HSDS 3.0 tabular data is a Frictionless
 * data package: datapackage.json lists each table as a resource with its
 * name (organization, service, ...) and its path. Without one, a table is
 * NAME.csv, or the file HSDS 3.0's own package gives it (organizations.csv).
 * export-hsds writes a datapackage.json beside the tables it writes back.
 * JSON is read and written with SQLite's JSON functions: no second parser. */
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hsds.h"

#define MAX_DATAPACKAGE ((size_t)1 << 20)

static int table_named(const char *name)
{
    for (int t = 0; t < TABLES; t++)
        if (strcmp(ik_hsds_table_names[t], name) == 0)
            return t;
    return NONE;
}

/* a path inside the folder: relative, no "..", a .csv file */
static bool safe_path(const char *p)
{
    if (!p[0] || p[0] == '/' || !ik_str_ends_with(p, ".csv") || strstr(p, "://"))
        return false;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return false;
        s += n + (s[n] == '/');
    }
    return true;
}

/* one resource of datapackage.json; false when it is reported as an error */
static bool take_resource(IkHsds *d, const char *file, int index, const char *name,
                          const char *path, int path_type)
{
    IkDiag *diag = d->b->diag;
    int t = name ? table_named(name) : NONE;
    if (!name) {
        ik_diag_error(diag, file, 0, "resource %d has no name", index + 1);
        return false;
    }
    if (t == NONE) {
        ik_diag_warning(diag, file, 0, "resource \"%s\" is not a table the kiosk reads: ignored",
                        name);
        return true;
    }
    if (d->path[t]) {
        ik_diag_error(diag, file, 0, "resource \"%s\" is listed twice", name);
        return false;
    }
    if (path_type != SQLITE_TEXT || !safe_path(path)) {
        ik_diag_error(diag, file, 0, "resource \"%s\": the path must be one .csv file inside the "
                      "folder (a list of files, a URL or \"..\" cannot be read)", name);
        return false;
    }
    d->path[t] = ik_path_join(d->b->services_dir, path);
    return true;
}

/* the resources of datapackage.json (text, already UTF-8) */
static bool read_datapackage(IkHsds *d, const char *file, const char *json)
{
    sqlite3_stmt *st = NULL;
    bool ok = true;
    /* json_type() of invalid JSON is an error: ask json_valid() first */
    if (sqlite3_prepare_v2(d->b->db, "SELECT json_valid(?1), CASE WHEN json_valid(?1) THEN"
                           " json_type(?1, '$.resources') END", -1, &st, NULL) != SQLITE_OK)
        goto sql;
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW)
        goto sql;
    if (!sqlite3_column_int(st, 0) || !sqlite3_column_text(st, 1) ||
        strcmp((const char *)sqlite3_column_text(st, 1), "array") != 0) {
        ik_diag_error(d->b->diag, file, 0, "%s", sqlite3_column_int(st, 0)
                      ? "no \"resources\" list: a data package lists its tables there"
                      : "not valid JSON");
        sqlite3_finalize(st);
        return false;
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(d->b->db, "SELECT key, json_extract(value, '$.name'),"
                           " json_extract(value, '$.path'), json_type(value, '$.path')"
                           " FROM json_each(?1, '$.resources')", -1, &st, NULL) != SQLITE_OK)
        goto sql;
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 3);
        ok &= take_resource(d, file, sqlite3_column_int(st, 0),
                            (const char *)sqlite3_column_text(st, 1),
                            (const char *)sqlite3_column_text(st, 2),
                            type && !strcmp(type, "text") ? SQLITE_TEXT : SQLITE_NULL);
    }
    sqlite3_finalize(st);
    return ok;
sql:
    ik_diag_error(d->b->diag, file, 0, "pack database: %s", sqlite3_errmsg(d->b->db));
    sqlite3_finalize(st);
    return false;
}

/* NAME.csv, else HSDS 3.0's plural file name; both present is ambiguous */
static bool find_file(IkHsds *d, int t)
{
    char *one = ik_xasprintf("%s.csv", ik_hsds_table_names[t]);
    char *many = ik_xasprintf("%s.csv", ik_hsds_plural_names[t]);
    char *p1 = ik_path_join(d->b->services_dir, one), *p2 = ik_path_join(d->b->services_dir, many);
    bool ok = true;
    if (ik_file_exists(p1) && ik_file_exists(p2)) {
        ik_diag_error(d->b->diag, p2, 0, "both %s and %s are here: keep one", one, many);
        ok = false;
    }
    d->path[t] = ik_xstrdup(ik_file_exists(p1) || !ik_file_exists(p2) ? p1 : p2);
    free(one);
    free(many);
    free(p1);
    free(p2);
    return ok;
}

/* a .csv in the folder that no table uses is named, not silently ignored */
static void warn_unused_files(IkHsds *d)
{
    const char *dir = d->b->services_dir;
    DIR *dh = opendir(dir);
    for (struct dirent *e; dh && (e = readdir(dh));) {
        if (!ik_str_ends_with(e->d_name, ".csv"))
            continue;
        char *p = ik_path_join(dir, e->d_name);
        int t = 0;
        while (t < TABLES && strcmp(d->path[t], p) != 0)
            t++;
        if (t == TABLES)
            ik_diag_warning(d->b->diag, p, 0, "not an HSDS table the kiosk reads: ignored");
        free(p);
    }
    if (dh)
        closedir(dh);
}

bool ik_hsds_locate(IkHsds *d)
{
    IkBuild *b = d->b;
    struct stat st;
    if (stat(b->services_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ik_diag_error(b->diag, b->services_dir, 0, "not a folder: the directory's CSV tables go "
                      "in one folder");
        return false;
    }
    bool ok = true;
    char *file = ik_path_join(b->services_dir, "datapackage.json");
    if (ik_file_exists(file)) {
        size_t size;
        char *json = ik_file_read_max(file, MAX_DATAPACKAGE, &size);
        if (!json)
            ik_diag_failure(b->diag, file);
        ok = json && ik_check_utf8(file, json, size, b->diag) && read_datapackage(d, file, json);
        free(json);
    }
    for (int t = 0; t < TABLES; t++)
        if (!d->path[t])
            ok &= find_file(d, t);
    if (ok)
        warn_unused_files(d);
    free(file);
    return ok;
}

/* ---- writing -------------------------------------------------------------------- */
bool ik_hsds_write_datapackage(sqlite3 *pack, const char *dir)
{
    static const char *const sql =
        "SELECT json_object('name', 'incontro-directory', 'profile', 'tabular-data-package',"
        " 'resources', (SELECT json_group_array(json_object('name', t.tbl,"
        "   'path', t.tbl || '.csv', 'profile', 'tabular-data-resource', 'format', 'csv',"
        "   'mediatype', 'text/csv', 'encoding', 'utf-8', 'schema', json_object('fields',"
        "     (SELECT json_group_array(json_object('name', c.name, 'type', 'string'))"
        "      FROM (SELECT name FROM hsds_column WHERE tbl = t.tbl ORDER BY seq) c))))"
        "  FROM (SELECT DISTINCT tbl FROM hsds_column ORDER BY tbl) t))";
    sqlite3_stmt *st = NULL;
    bool ok = false;
    char *path = ik_path_join(dir, "datapackage.json");
    if (sqlite3_prepare_v2(pack, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        ik_fail("%s: %s", path, sqlite3_errmsg(pack));
        goto done;
    }
    const char *json = (const char *)sqlite3_column_text(st, 0);
    char *text = ik_xasprintf("%s\n", json ? json : "{}");
    ok = ik_file_write_atomic(path, text, strlen(text));
    free(text);
done:
    sqlite3_finalize(st);
    free(path);
    return ok;
}
