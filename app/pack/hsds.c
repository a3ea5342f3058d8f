/* The service directory: Open Referral HSDS 3.0 tabular CSV, one file per
 * table, read by header name. Validated (hsds_check.c: ids, references,
 * taxonomy codes, times), then flattened into the pack's reading tables and
 * kept raw so export-hsds gives the tables back (hsds_store.c). This file
 * reads the tables and answers questions about them. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsds.h"

const char *const ik_hsds_table_names[TABLES] = {
    "organization", "service", "location", "service_at_location", "address", "phone",
    "schedule", "language", "service_area", "taxonomy_term", "attribute"};
static const bool table_required[TABLES] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1};
static const char *const table_columns[TABLES][6] = {
    [ORG] = {"id", "name", NULL},
    [SVC] = {"id", "organization_id", "name", NULL},
    [LOC] = {"id", NULL},
    [SAL] = {"id", "service_id", "location_id", NULL},
    [ADDR] = {"id", "location_id", "address_1", "city", NULL},
    [PHONE] = {"id", "number", NULL},
    [SCHED] = {"id", "byday", "opens_at", "closes_at", NULL},
    [LANG] = {"id", "code", NULL},
    [AREA] = {"id", "service_id", NULL},
    [TERM] = {"id", "name", "taxonomy", NULL},
    [ATTR] = {"id", "link_id", "taxonomy_term_id", "link_entity", NULL},
};

/* ---- questions ---------------------------------------------------------------- */
const char *ik_hsds_get(const IkHsds *d, int t, size_t row, const char *column)
{
    return d->t[t] ? ik_csv_get(d->t[t], row, ik_csv_column(d->t[t], column)) : "";
}

long ik_hsds_line(const IkHsds *d, int t, size_t row)
{
    return d->t[t]->rows[row].line;
}

void ik_hsds_err(IkHsds *d, int t, size_t row, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ik_diag_error(d->b->diag, d->t[t]->path, ik_hsds_line(d, t, row), "%s", msg);
    d->row_ok[t][row] = false;
}

static IkHsdsIndex *index_of(IkHsds *d, int t, const char *column)
{
    int c = d->t[t] ? ik_csv_column(d->t[t], column) : -1;
    if (c < 0)
        return NULL;
    for (int i = 0; i < d->index_count[t]; i++)
        if (d->index[t][i].column == c)
            return &d->index[t][i];
    IK_ASSERT(d->index_count[t] < IK_HSDS_INDEXES);
    IkHsdsIndex *ix = &d->index[t][d->index_count[t]++];
    size_t n = d->t[t]->row_count;
    ix->column = c;
    ix->first = ik_map_create();
    ix->next = ik_xcalloc(n + 1, sizeof(long));
    for (size_t r = n; r-- > 0;) {
        size_t later;
        bool seen = ik_map_put(ix->first, ik_csv_get(d->t[t], r, c), r, &later);
        ix->next[r] = seen ? (long)later : -1;
    }
    return ix;
}

long ik_hsds_first(IkHsds *d, int t, const char *column, const char *value)
{
    IkHsdsIndex *ix = value[0] ? index_of(d, t, column) : NULL;
    size_t r;
    return ix && ik_map_get(ix->first, value, &r) ? (long)r : -1;
}

long ik_hsds_next(IkHsds *d, int t, const char *column, long r)
{
    return index_of(d, t, column)->next[r];
}

long ik_hsds_find(IkHsds *d, int t, const char *id)
{
    return ik_hsds_first(d, t, "id", id);
}

const char *ik_hsds_term_code(const IkHsds *d, size_t row)
{
    const char *c = ik_hsds_get(d, TERM, row, "code");
    return c[0] ? c : ik_hsds_get(d, TERM, row, "id");
}

bool ik_hsds_service_flag(IkHsds *d, const char *svc, const char *code)
{
    EACH(d, ATTR, "link_id", svc, i) {
        if (strcmp(ik_hsds_get(d, ATTR, (size_t)i, "link_entity"), "service"))
            continue;
        long t = ik_hsds_find(d, TERM, ik_hsds_get(d, ATTR, (size_t)i, "taxonomy_term_id"));
        if (t >= 0 && strcmp(ik_hsds_term_code(d, (size_t)t), code) == 0)
            return true;
    }
    return false;
}

bool ik_hsds_location_confidential(IkHsds *d, const char *loc)
{
    bool any = false;
    EACH(d, SAL, "location_id", loc, i) {
        if (!ik_hsds_service_flag(d, ik_hsds_get(d, SAL, (size_t)i, "service_id"),
                                  "confidential-address"))
            return false;
        any = true;
    }
    return any;
}

/* ---- reading ------------------------------------------------------------------ */
/* a .csv beside the tables that is none of them is named, not silently used */
static void warn_unknown_files(IkBuild *b)
{
    DIR *dir = opendir(b->services_dir);
    for (struct dirent *e; dir && (e = readdir(dir));) {
        if (!ik_str_ends_with(e->d_name, ".csv"))
            continue;
        int t = 0;
        size_t n = strlen(e->d_name) - 4;
        while (t < TABLES && (strlen(ik_hsds_table_names[t]) != n ||
                              strncmp(e->d_name, ik_hsds_table_names[t], n)))
            t++;
        if (t == TABLES) {
            char *p = ik_path_join(b->services_dir, e->d_name);
            ik_diag_warning(b->diag, p, 0, "not an HSDS table the kiosk reads: ignored");
            free(p);
        }
    }
    if (dir)
        closedir(dir);
}

/* every table; false when one that is required is missing or unusable */
static bool read_tables(IkHsds *d)
{
    IkBuild *b = d->b;
    bool usable = true;
    for (int t = 0; t < TABLES; t++) {
        char *file = ik_xasprintf("%s.csv", ik_hsds_table_names[t]);
        char *p = ik_path_join(b->services_dir, file);
        d->t[t] = ik_csv_read(p, b->diag, table_required[t]);
        d->unreadable[t] = !d->t[t] && ik_file_exists(p);
        if (d->t[t] && !ik_csv_require(d->t[t], b->diag, table_columns[t])) {
            ik_csv_free(d->t[t]);
            d->t[t] = NULL;
            usable = false;
        }
        if (!d->t[t] && table_required[t])
            usable = false;
        if (d->t[t]) {
            d->row_ok[t] = ik_xmalloc(d->t[t]->row_count + 1);
            memset(d->row_ok[t], 1, d->t[t]->row_count + 1);
        }
        free(p);
        free(file);
    }
    return usable;
}

void ik_build_directory(IkBuild *b)
{
    IkHsds d = {.b = b};
    size_t before = ik_diag_errors(b->diag);
    DIR *dir = opendir(b->services_dir);
    if (!dir) {
        ik_diag_error(b->diag, b->services_dir, 0, "cannot open the directory folder");
        return;
    }
    closedir(dir);
    warn_unknown_files(b);
    if (read_tables(&d)) {
        ik_hsds_validate(&d);
        /* flattening broken data would only add noise */
        if (ik_diag_errors(b->diag) == before)
            ik_hsds_store(&d);
    }
    for (int t = 0; t < TABLES; t++) {
        ik_csv_free(d.t[t]);
        free(d.row_ok[t]);
        for (int i = 0; i < d.index_count[t]; i++) {
            ik_map_destroy(d.index[t][i].first);
            free(d.index[t][i].next);
        }
    }
    free(d.sched_stamp);
}
