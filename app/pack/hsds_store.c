/* Storing a valid HSDS directory in the pack: organisations, the kiosk's
 * terms, each service flattened for reading (terms, locations, phones,
 * weekly hours, languages), and every table raw (hsds_row, hsds_column) so
 * export-hsds gives the tables back. The address and coordinates of a
 * location used only by confidential services are never stored, not even
 * raw: the pack sits on a public kiosk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "hsds.h"

/* NULL for an empty cell, so the pack stores NULL rather than "" */
static const char *opt(const char *v)
{
    return v && v[0] ? v : NULL;
}

static void source(IkHsds *d, int t, size_t row, const char *key, const char *column,
                   const char *comment)
{
    const char *v = ik_hsds_get(d, t, row, column);
    if (v[0])
        ik_build_source(d->b, key, v, NULL, comment, d->t[t]->path, ik_hsds_line(d, t, row));
}

/* ---- organisations and terms ---------------------------------------------------- */
static void store_organizations(IkHsds *d)
{
    for (size_t i = 0; i < d->t[ORG]->row_count; i++) {
        const char *id = ik_hsds_get(d, ORG, i, "id");
        SQL(d->b, "INSERT INTO organization(id,name,description,email,website) VALUES(?,?,?,?,?)",
            id, ik_hsds_get(d, ORG, i, "name"), opt(ik_hsds_get(d, ORG, i, "description")),
            opt(ik_hsds_get(d, ORG, i, "email")), opt(ik_hsds_get(d, ORG, i, "website")));
        char *k = ik_xasprintf("organization:%s:name", id);
        source(d, ORG, i, k, "name", "Directory: name of an organisation (a proper name: keep "
               "it unless it has a usual form in your language)");
        free(k);
    }
}

/* the term that names a kiosk code: its own (code = the kiosk's), else the
 * first mapped onto it; -1 when no term of the directory is it */
static long naming_term(IkHsds *d, const char *code)
{
    long mapped = -1;
    for (size_t i = 0; i < d->t[TERM]->row_count; i++) {
        if (!d->kiosk[i] || strcmp(d->kiosk[i], code))
            continue;
        if (!strcmp(ik_hsds_term_code(d, i), code))
            return (long)i;
        if (mapped < 0)
            mapped = (long)i;
    }
    return mapped;
}

/* the kiosk's codes that some term stands for, in display order, named */
static void store_terms(IkHsds *d)
{
    static const char *const *const lists[] = {ik_content_areas, ik_content_categories,
                                               ik_content_flags};
    static const int counts[] = {IK_AREA_COUNT, IK_CATEGORY_COUNT, IK_FLAG_COUNT};
    for (size_t l = 0; l < IK_COUNT(lists); l++)
        for (int k = 0; k < counts[l]; k++) {
            const char *code = lists[l][k], *taxonomy = NULL;
            long t = naming_term(d, code);
            if (t < 0)
                continue;
            char pos[24];
            snprintf(pos, sizeof pos, "%d", ik_content_term_position(code, &taxonomy));
            SQL(d->b, "INSERT INTO term(code,taxonomy,position) VALUES(?,?,?)", code, taxonomy, pos);
            char *key = ik_xasprintf("term:%s:name", code);
            source(d, TERM, (size_t)t, key, "name", "Directory: name of an area, category or label");
            free(key);
        }
}

/* ---- one service ------------------------------------------------------------------ */
/* its terms (each once); *area receives the first area's code */
/* The name a reader's phone saves the contact under (the QR code): an HSDS
 * attribute row of the term contact-name whose `value` holds it. Neutral by
 * intent: it must not say what the service is. */
static void store_contact_name(IkHsds *d, const char *svc, size_t attr)
{
    size_t n = strlen(ik_hsds_get(d, ATTR, attr, "value"));
    if (n == 0 || n > 60) {
        ik_hsds_err(d, ATTR, attr, "the contact-name attribute of service \"%s\" needs a `value` "
                    "of 1 to 60 bytes: the neutral name a phone saves the contact under", svc);
        return;
    }
    char *k = ik_xasprintf("service:%s:contact", svc);
    source(d, ATTR, attr, k, "value",
           "Directory: the neutral name a reader's phone saves this service's number under "
           "(QR code); it must not tell what the service is");
    free(k);
}

/* its kiosk terms (each once), and its area */
static const char *store_service_terms(IkHsds *d, size_t s)
{
    const char *id = ik_hsds_get(d, SVC, s, "id"), *town = NULL;
    IkMap *seen = ik_map_create();
    int categories = 0;
    EACH(d, ATTR, "link_id", id, ai) {
        if (strcmp(ik_hsds_get(d, ATTR, (size_t)ai, "link_entity"), "service"))
            continue;
        long t = ik_hsds_find(d, TERM, ik_hsds_get(d, ATTR, (size_t)ai, "taxonomy_term_id"));
        const char *code = t >= 0 ? d->kiosk[t] : NULL, *taxonomy = "";
        if (!code || ik_map_put(seen, code, 0, NULL))
            continue;
        if (!strcmp(code, "contact-name")) {   /* a value, not a facet to search */
            store_contact_name(d, id, (size_t)ai);
            continue;
        }
        ik_content_term_position(code, &taxonomy);
        categories += !strcmp(taxonomy, "category");
        if (strcmp(taxonomy, "area"))
            SQL(d->b, "INSERT INTO service_term(service_id,term) VALUES(?,?)", id, code);
    }
    ik_map_destroy(seen);
    const char *area = ik_hsds_service_area(d, s, &town);
    if (!area)
        ik_diag_error(d->b->diag, d->t[SVC]->path, ik_hsds_line(d, SVC, s),
                      "service \"%s\" has no area: no area term is linked to it, no service_area "
                      "row names one, and %s%s%s", id, town[0] ? "its town \"" : "",
                      town[0] ? town : "none of its locations has a town",
                      town[0] ? "\" is not in content/municipalities.csv" : "");
    else if (naming_term(d, area) < 0)
        ik_diag_error(d->b->diag, d->t[SVC]->path, ik_hsds_line(d, SVC, s),
                      "service \"%s\" is in area \"%s\", which no taxonomy term names: add a "
                      "term with code %s (its name is what the kiosk shows)", id, area, area);
    else
        SQL(d->b, "INSERT INTO service_term(service_id,term) VALUES(?,?)", id, area);
    if (!categories)
        ik_diag_error(d->b->diag, d->t[SVC]->path, ik_hsds_line(d, SVC, s),
                      "service \"%s\" has no category (an attribute row linking a category term)",
                      id);
    return area;
}

static void store_phone(IkHsds *d, const char *svc, size_t p, int seq)
{
    char sq[24];
    snprintf(sq, sizeof sq, "%d", seq);
    SQL(d->b, "INSERT INTO service_phone(service_id,seq,number,description) VALUES(?,?,?,?)", svc,
        sq, ik_hsds_get(d, PHONE, p, "number"), opt(ik_hsds_get(d, PHONE, p, "description")));
    char *key = ik_xasprintf("phone:%s:%s", svc, sq);
    ik_build_origin(d->b, IK_SOURCE_LANG, key, d->t[PHONE]->path, ik_hsds_line(d, PHONE, p));
    free(key);
}

/* one location of service svc, with its first address and its phones that
 * name no service (numbered from *seq) */
static void store_location(IkHsds *d, const char *svc, const char *loc, bool conf, int *seq)
{
    long li = ik_hsds_find(d, LOC, loc), ai = ik_hsds_first(d, ADDR, "location_id", loc);
    if (li < 0)
        return;
    IkBuf addr = {0};
    const char *city = NULL, *postal = NULL;
    if (ai >= 0) {
        ik_buf_puts(&addr, ik_hsds_get(d, ADDR, (size_t)ai, "address_1"));
        if (ik_hsds_get(d, ADDR, (size_t)ai, "address_2")[0]) {
            ik_buf_puts(&addr, ", ");
            ik_buf_puts(&addr, ik_hsds_get(d, ADDR, (size_t)ai, "address_2"));
        }
        city = ik_hsds_get(d, ADDR, (size_t)ai, "city");
        postal = ik_hsds_get(d, ADDR, (size_t)ai, "postal_code");
    }
    /* where these texts came from, for the font check's messages */
    char *key = ik_xasprintf("location:%s", loc);
    ik_build_origin(d->b, IK_SOURCE_LANG, key, d->t[LOC]->path, ik_hsds_line(d, LOC, (size_t)li));
    free(key);
    if (ai >= 0) {
        key = ik_xasprintf("address:%s", loc);
        ik_build_origin(d->b, IK_SOURCE_LANG, key, d->t[ADDR]->path,
                        ik_hsds_line(d, ADDR, (size_t)ai));
        free(key);
    }
    const char *lat = ik_hsds_get(d, LOC, (size_t)li, "latitude");
    const char *lon = ik_hsds_get(d, LOC, (size_t)li, "longitude");
    SQL(d->b, "INSERT OR IGNORE INTO service_location(service_id,location_id,name,address,city,"
              "postal_code,latitude,longitude) VALUES(?,?,?,?,?,?,?,?)",
        svc, loc, ik_hsds_get(d, LOC, (size_t)li, "name"), conf ? NULL : addr.data, city,
        conf ? NULL : opt(postal), conf ? NULL : opt(lat), conf ? NULL : opt(lon));
    ik_buf_free(&addr);
    EACH(d, PHONE, "location_id", loc, p)
        if (!ik_hsds_get(d, PHONE, (size_t)p, "service_id")[0])
            store_phone(d, svc, (size_t)p, 100 + (*seq)++);
}

/* schedules of the service, of its service_at_location rows, or of its
 * locations when the schedule names nothing more precise */
static void store_schedules(IkHsds *d, size_t s)
{
    const char *id = ik_hsds_get(d, SVC, s, "id");
    EACH(d, SCHED, "service_id", id, h)
        ik_hsds_store_schedule(d, s, (size_t)h);
    EACH(d, SAL, "service_id", id, si) {
        EACH(d, SCHED, "service_at_location_id", ik_hsds_get(d, SAL, (size_t)si, "id"), h)
            ik_hsds_store_schedule(d, s, (size_t)h);
        EACH(d, SCHED, "location_id", ik_hsds_get(d, SAL, (size_t)si, "location_id"), h)
            if (!ik_hsds_get(d, SCHED, (size_t)h, "service_id")[0] &&
                !ik_hsds_get(d, SCHED, (size_t)h, "service_at_location_id")[0])
                ik_hsds_store_schedule(d, s, (size_t)h);
    }
}

/* when the service's information was last checked: assured_date, else the
 * date of last_modified; "" when neither says */
static void checked_date(IkHsds *d, size_t s, char out[11])
{
    const char *a = ik_hsds_get(d, SVC, s, "assured_date");
    const char *m = ik_hsds_get(d, SVC, s, "last_modified");
    snprintf(out, 11, "%s", a[0] ? a : m);
}

static void store_service(IkHsds *d, size_t s)
{
    const char *id = ik_hsds_get(d, SVC, s, "id");
    const char *area = store_service_terms(d, s);
    bool conf = ik_hsds_service_flag(d, id, "confidential-address");
    char checked[11];
    checked_date(d, s, checked);
    SQL(d->b, "INSERT INTO service(id,organization_id,url,email,status,min_age,max_age,area,free,"
              "demo,confidential,checked) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
        id, ik_hsds_get(d, SVC, s, "organization_id"), opt(ik_hsds_get(d, SVC, s, "url")),
        opt(ik_hsds_get(d, SVC, s, "email")), ik_hsds_get(d, SVC, s, "status"),
        opt(ik_hsds_get(d, SVC, s, "minimum_age")), opt(ik_hsds_get(d, SVC, s, "maximum_age")),
        area, ik_hsds_service_flag(d, id, "free-of-charge") ? "1" : "0",
        ik_hsds_service_flag(d, id, "demo") ? "1" : "0", conf ? "1" : "0", opt(checked));
    static const struct { const char *column, *part, *comment; } texts[] = {
        {"name", "name", "Directory: name of a service"},
        {"description", "description", "Directory: what the service offers"},
        {"fees_description", "fees", "Directory: what the service costs"},
    };
    for (size_t i = 0; i < IK_COUNT(texts); i++) {
        char *k = ik_xasprintf("service:%s:%s", id, texts[i].part);
        source(d, SVC, s, k, texts[i].column, texts[i].comment);
        free(k);
    }
    int seq = 0;
    EACH(d, SAL, "service_id", id, si)
        store_location(d, id, ik_hsds_get(d, SAL, (size_t)si, "location_id"), conf, &seq);
    /* phones of the service itself come first */
    EACH(d, PHONE, "service_id", id, p)
        store_phone(d, id, (size_t)p, (int)p);
    store_schedules(d, s);
    EACH(d, LANG, "service_id", id, i)
        SQL(d->b, "INSERT OR IGNORE INTO service_language(service_id,code,name) VALUES(?,?,?)", id,
            ik_hsds_get(d, LANG, (size_t)i, "code"), ik_hsds_get(d, LANG, (size_t)i, "name"));
}

/* ---- raw tables ------------------------------------------------------------------ */
static void json_string(IkBuf *j, const char *s)
{
    ik_buf_puts(j, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            ik_buf_printf(j, "\\%c", *p);
        else if (*p < 0x20)
            ik_buf_printf(j, "\\u%04x", *p);
        else
            ik_buf_append(j, p, 1);
    }
    ik_buf_puts(j, "\"");
}

/* raw rows: a JSON array per row, aligned with hsds_column */
static void store_raw(IkHsds *d, int t)
{
    IkCsv *csv = d->t[t];
    const char *name = ik_hsds_table_names[t];
    for (size_t c = 0; c < csv->column_count; c++) {
        char sq[24];
        snprintf(sq, sizeof sq, "%zu", c);
        SQL(d->b, "INSERT INTO hsds_column(tbl,seq,name) VALUES(?,?,?)", name, sq, csv->columns[c]);
    }
    for (size_t r = 0; r < csv->row_count; r++) {
        bool scrub = (t == ADDR && ik_hsds_location_confidential(d, ik_hsds_get(d, ADDR, r, "location_id"))) ||
                     (t == LOC && ik_hsds_location_confidential(d, ik_hsds_get(d, LOC, r, "id")));
        IkBuf j = {0};
        ik_buf_puts(&j, "[");
        for (size_t c = 0; c < csv->column_count; c++) {
            const char *col = csv->columns[c];
            bool hide = scrub && (!strcmp(col, "address_1") || !strcmp(col, "address_2") ||
                                  !strcmp(col, "postal_code") || !strcmp(col, "latitude") ||
                                  !strcmp(col, "longitude"));
            if (c)
                ik_buf_puts(&j, ",");
            json_string(&j, hide ? "" : csv->rows[r].fields[c]);
        }
        ik_buf_puts(&j, "]");
        char sq[24];
        snprintf(sq, sizeof sq, "%zu", r);
        SQL(d->b, "INSERT INTO hsds_row(tbl,seq,json) VALUES(?,?,?)", name, sq, j.data);
        ik_buf_free(&j);
    }
}

void ik_hsds_store(IkHsds *d)
{
    store_organizations(d);
    store_terms(d);
    if (d->t[SCHED])
        d->sched_stamp = ik_xcalloc(d->t[SCHED]->row_count + 1, sizeof(long));
    for (size_t i = 0; i < d->t[SVC]->row_count; i++) {
        /* a service that no longer exists is kept raw (export) but never shown */
        const char *st = ik_hsds_get(d, SVC, i, "status");
        if (strcmp(st, "inactive") && strcmp(st, "defunct"))
            store_service(d, i);
    }
    for (int t = 0; t < TABLES; t++)
        if (d->t[t])
            store_raw(d, t);
}
