/* The service directory: Open Referral HSDS 3.0 tabular CSV, one file per
 * table, read by header name. Validated (hsds_check.c: ids, references,
 * taxonomy codes, times), then flattened into the pack's reading tables and
 * kept raw so export-hsds gives the tables back (hsds_store.c). This file
 * reads the tables and answers questions about them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsds.h"

const char *const ik_hsds_table_names[TABLES] = {
    "organization", "service", "location", "service_at_location", "address", "phone",
    "schedule", "language", "service_area", "taxonomy", "taxonomy_term", "attribute",
    "taxonomy_map"};
const char *const ik_hsds_plural_names[TABLES] = {
    "organizations", "services", "locations", "service_at_locations", "addresses", "phones",
    "schedules", "languages", "service_areas", "taxonomies", "taxonomy_terms", "attributes",
    "taxonomy_maps"};
static const bool table_required[TABLES] = {[ORG] = 1, [SVC] = 1, [TERM] = 1, [ATTR] = 1};
static const char *const table_columns[TABLES][6] = {
    [ORG] = {"id", "name", NULL},
    [SVC] = {"id", "organization_id", "name", NULL},
    [LOC] = {"id", NULL},
    [SAL] = {"id", "service_id", "location_id", NULL},
    [ADDR] = {"id", "location_id", "address_1", "city", NULL},
    [PHONE] = {"id", "number", NULL},
    [SCHED] = {"id", NULL},
    [LANG] = {"id", "code", NULL},
    [AREA] = {"id", "service_id", NULL},
    [TAXO] = {"id", "name", NULL},
    [TERM] = {"id", "name", NULL},
    [ATTR] = {"id", "link_id", "taxonomy_term_id", "link_entity", NULL},
    [TMAP] = {"taxonomy", "code", "kiosk_code", NULL},
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
/* every table; false when one that is required is missing or unusable */
static bool read_tables(IkHsds *d)
{
    IkBuild *b = d->b;
    bool usable = true;
    for (int t = 0; t < TABLES; t++) {
        d->t[t] = ik_csv_read(d->path[t], b->diag, table_required[t]);
        d->unreadable[t] = !d->t[t] && ik_file_exists(d->path[t]);
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
    }
    /* a directory of no service would make a kiosk with nothing to find */
    if (d->t[SVC] && d->t[SVC]->row_count == 0) {
        ik_diag_error(b->diag, d->path[SVC], 0, "no service: the table has only its header");
        usable = false;
    }
    return usable;
}

static void free_tables(IkHsds *d)
{
    for (int t = 0; t < TABLES; t++) {
        ik_csv_free(d->t[t]);
        free(d->row_ok[t]);
        free(d->path[t]);
        for (int i = 0; i < d->index_count[t]; i++) {
            ik_map_destroy(d->index[t][i].first);
            free(d->index[t][i].next);
        }
    }
    free(d->sched_stamp);
    ik_hsds_terms_free(d);
}

void ik_build_directory(IkBuild *b)
{
    IkHsds d = {.b = b};
    size_t before = ik_diag_errors(b->diag);
    if (ik_hsds_locate(&d) && read_tables(&d)) {
        ik_hsds_resolve_terms(&d);
        ik_hsds_validate(&d);
        /* flattening broken data would only add noise */
        if (ik_diag_errors(b->diag) == before)
            ik_hsds_store(&d);
    }
    free_tables(&d);
}
