/* The service directory: Open Referral HSDS 3.0 tabular CSV, one file per
 * table, read by header name. Validated (ids, references, taxonomy codes,
 * times), flattened into the pack's reading tables, and kept raw in
 * hsds_row/hsds_column so export-hsds gives the tables back. The address and
 * coordinates of a location used only by confidential services are never
 * stored, not even raw: the pack sits on a public kiosk. */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "internal.h"

enum { ORG, SVC, LOC, SAL, ADDR, PHONE, SCHED, LANG, AREA, TERM, ATTR, TABLES };
static const char *const table_names[TABLES] = {
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

/* the terms the kiosk knows, in display order */
static const struct { const char *code, *taxonomy; } known_terms[] = {
    {"piana-fi-po", "area"}, {"area-aretina", "area"}, {"valli-etrusche", "area"},
    {"civic-orientation", "category"}, {"education-individual", "category"},
    {"education-group", "category"}, {"psychological-support", "category"},
    {"parenting-support", "category"},
    {"demo", "flag"}, {"confidential-address", "flag"}, {"free-of-charge", "flag"},
};
#define KNOWN_TERMS (sizeof known_terms / sizeof known_terms[0])

/* rows of a table by the value of one column, chained in row order, so
 * references resolve in constant time on big directories */
typedef struct {
    int column;
    IkMap *first;       /* value -> first row holding it */
    long *next;         /* row -> next row with the same value, -1 ends */
} Index;

#define MAX_INDEXES 8

typedef struct {
    IkBuild *b;
    IkCsv *t[TABLES];
    bool *row_ok[TABLES];       /* rows that passed validation */
    Index index[TABLES][MAX_INDEXES];
    int index_count[TABLES];
    long *sched_stamp;          /* service+1 that last took each schedule row */
} Dir;

static const char *get(const Dir *d, int t, size_t row, const char *col)
{
    return d->t[t] ? ik_csv_get(d->t[t], row, ik_csv_column(d->t[t], col)) : "";
}

static long line(const Dir *d, int t, size_t row)
{
    return d->t[t]->rows[row].line;
}

static void err(Dir *d, int t, size_t row, const char *fmt, const char *a, const char *b2)
{
    char msg[600];
    snprintf(msg, sizeof msg, fmt, a, b2);
    ik_diag_error(d->b->diag, d->t[t]->path, line(d, t, row), "%s", msg);
    d->row_ok[t][row] = false;
}

static Index *index_of(Dir *d, int t, const char *col)
{
    int c = d->t[t] ? ik_csv_column(d->t[t], col) : -1;
    if (c < 0)
        return NULL;
    for (int i = 0; i < d->index_count[t]; i++)
        if (d->index[t][i].column == c)
            return &d->index[t][i];
    IK_ASSERT(d->index_count[t] < MAX_INDEXES);
    Index *ix = &d->index[t][d->index_count[t]++];
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

/* first row of table t whose column col is value (never matches ""), or -1 */
static long first(Dir *d, int t, const char *col, const char *value)
{
    Index *ix = value[0] ? index_of(d, t, col) : NULL;
    size_t r;
    return ix && ik_map_get(ix->first, value, &r) ? (long)r : -1;
}

static long next_row(Dir *d, int t, const char *col, long r)
{
    return index_of(d, t, col)->next[r];
}

#define EACH(d, t, col, value, r)                                      \
    for (long r = first((d), (t), (col), (value)); r >= 0;              \
         r = next_row((d), (t), (col), r))

/* index of the row of table t whose id is id, or -1 */
static long find(const Dir *d, int t, const char *id)
{
    return first((Dir *)d, t, "id", id);
}

/* a reference column: empty is allowed unless required; else must exist */
static bool ref(Dir *d, int t, size_t row, const char *col, int target, bool required)
{
    const char *v = get(d, t, row, col);
    if (!v[0]) {
        if (required)
            err(d, t, row, "missing value for \"%s\"%s", col, "");
        return !required;
    }
    if (find(d, target, v) < 0) {
        char what[200];
        snprintf(what, sizeof what, "%s \"%%s\" is not in %s.csv", col, table_names[target]);
        err(d, t, row, what, v, "");
        return false;
    }
    return true;
}

static bool check_len(Dir *d, int t, size_t row, const char *col, size_t max, bool required)
{
    const char *v = get(d, t, row, col);
    if (required && !v[0]) {
        err(d, t, row, "missing value for \"%s\"%s", col, "");
        return false;
    }
    if (strlen(v) > max) {
        char what[100];
        snprintf(what, sizeof what, "\"%%s\" is too long (limit %zu bytes)%%s", max);
        err(d, t, row, what, col, "");
        return false;
    }
    return true;
}

static const char *term_code(const Dir *d, size_t row)
{
    const char *c = get(d, TERM, row, "code");
    return c[0] ? c : get(d, TERM, row, "id");
}

static void validate_table(Dir *d, int t)
{
    IkCsv *csv = d->t[t];
    int idc = ik_csv_column(csv, "id");
    for (size_t i = 0; i < csv->row_count; i++) {
        const char *id = ik_csv_get(csv, i, idc);
        if (!id[0]) {
            err(d, t, i, "missing value for \"id\"%s%s", "", "");
            continue;
        }
        if (!ik_valid_id(id)) {
            err(d, t, i, "id \"%s\" may use only letters, digits, '.', '_' and '-'%s", id, "");
            continue;
        }
        long j = first(d, t, "id", id);
        if (j >= 0 && (size_t)j < i) {
            char line1[32];
            snprintf(line1, sizeof line1, "%ld", csv->rows[j].line);
            err(d, t, i, "duplicate id \"%s\" (first on line %s)", id, line1);
        }
        for (size_t c = 0; c < csv->column_count; c++) {
            size_t n = strlen(csv->rows[i].fields[c]);
            bool big = strcmp(csv->columns[c], "description") != 0 && n > IK_MAX_NAME * 4;
            if (n > IK_MAX_FIELD || big) {
                err(d, t, i, "\"%s\" is too long (%s bytes)", csv->columns[c], "over the limit");
                break;
            }
        }
    }
}

static bool valid_url(const char *s)
{
    if (!s[0])
        return true;
    const char *host = ik_str_starts_with(s, "https://") ? s + 8
                     : ik_str_starts_with(s, "http://") ? s + 7 : NULL;
    if (!host || strpbrk(s, " \t\"<>"))
        return false;
    /* a host name with a dot: "https://" or "https:///x" is no address */
    size_t n = strcspn(host, "/?#");
    const char *dot = memchr(host, '.', n);
    return n > 0 && dot && dot != host && dot != host + n - 1;
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    return !s[0] || (at && at != s && strchr(at, '.') && !strpbrk(s, " \t\"<>,;") &&
                     !strchr(at + 1, '@'));
}

static bool parse_coord(const char *s, double min, double max, double *out)
{
    char *end;
    if (!s[0])
        return true;
    /* decimal degrees only: strtod would also take hex, "1e2" and spaces */
    if (s[strspn(s, "+-0123456789.")] != '\0')
        return false;
    double v = strtod(s, &end);
    if (*end || !isfinite(v) || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool location_confidential(const Dir *d, const char *loc);

static void validate(Dir *d)
{
    IkBuild *b = d->b;
    for (int t = 0; t < TABLES; t++)
        if (d->t[t])
            validate_table(d, t);
    for (size_t i = 0; d->t[ORG] && i < d->t[ORG]->row_count; i++) {
        check_len(d, ORG, i, "name", IK_MAX_NAME, true);
        if (!valid_email(get(d, ORG, i, "email")))
            err(d, ORG, i, "\"%s\" is not an e-mail address%s", get(d, ORG, i, "email"), "");
        if (!valid_url(get(d, ORG, i, "website")))
            err(d, ORG, i, "\"%s\" is not an http(s) URL%s", get(d, ORG, i, "website"), "");
    }
    for (size_t i = 0; d->t[TERM] && i < d->t[TERM]->row_count; i++) {
        const char *code = term_code(d, i), *tax = get(d, TERM, i, "taxonomy");
        size_t k = 0;
        while (k < KNOWN_TERMS && strcmp(known_terms[k].code, code))
            k++;
        if (k == KNOWN_TERMS)
            err(d, TERM, i, "unknown taxonomy term \"%s\" (see content/README.md)%s", code, "");
        else if (strcmp(known_terms[k].taxonomy, tax))
            err(d, TERM, i, "term \"%s\" belongs to taxonomy \"%s\"", code, known_terms[k].taxonomy);
        check_len(d, TERM, i, "name", IK_MAX_NAME, true);
        ref(d, TERM, i, "parent_id", TERM, false);
        for (size_t j = 0; j < i; j++)
            if (strcmp(term_code(d, j), code) == 0) {
                err(d, TERM, i, "duplicate term code \"%s\"%s", code, "");
                break;
            }
    }
    for (size_t i = 0; i < d->t[SVC]->row_count; i++) {
        ref(d, SVC, i, "organization_id", ORG, true);
        check_len(d, SVC, i, "name", IK_MAX_NAME, true);
        if (!valid_email(get(d, SVC, i, "email")))
            err(d, SVC, i, "\"%s\" is not an e-mail address%s", get(d, SVC, i, "email"), "");
        if (!valid_url(get(d, SVC, i, "url")))
            err(d, SVC, i, "\"%s\" is not an http(s) URL%s", get(d, SVC, i, "url"), "");
        const char *st = get(d, SVC, i, "status");
        if (st[0] && strcmp(st, "active") && strcmp(st, "inactive") && strcmp(st, "defunct") &&
            strcmp(st, "temporarily closed"))
            err(d, SVC, i, "status \"%s\" is not active, inactive, defunct or temporarily closed%s",
                st, "");
        long lo = -1, hi = -1;
        const char *mn = get(d, SVC, i, "minimum_age"), *mx = get(d, SVC, i, "maximum_age");
        /* ik_parse_int would take " 14" and "+14": ages are plain digits */
        if (mn[0] && (!isdigit((unsigned char)mn[0]) || !ik_parse_int(mn, 0, 120, &lo)))
            err(d, SVC, i, "minimum_age \"%s\" is not an age%s", mn, "");
        if (mx[0] && (!isdigit((unsigned char)mx[0]) || !ik_parse_int(mx, 0, 120, &hi)))
            err(d, SVC, i, "maximum_age \"%s\" is not an age%s", mx, "");
        if (lo >= 0 && hi >= 0 && lo > hi)
            err(d, SVC, i, "minimum_age %s is above maximum_age %s", mn, mx);
    }
    for (size_t i = 0; d->t[ATTR] && i < d->t[ATTR]->row_count; i++) {
        const char *ent = get(d, ATTR, i, "link_entity");
        int target = !strcmp(ent, "service") ? SVC : !strcmp(ent, "organization") ? ORG
                   : !strcmp(ent, "location") ? LOC : -1;
        if (target < 0)
            err(d, ATTR, i, "link_entity \"%s\" is not service, organization or location%s", ent, "");
        else
            ref(d, ATTR, i, "link_id", target, true);
        ref(d, ATTR, i, "taxonomy_term_id", TERM, true);
    }
    for (size_t i = 0; d->t[LOC] && i < d->t[LOC]->row_count; i++) {
        ref(d, LOC, i, "organization_id", ORG, false);
        check_len(d, LOC, i, "name", IK_MAX_NAME, false);
        double v;
        if (!parse_coord(get(d, LOC, i, "latitude"), -90, 90, &v))
            err(d, LOC, i, "latitude \"%s\" is not a number in -90..90%s", get(d, LOC, i, "latitude"), "");
        if (!parse_coord(get(d, LOC, i, "longitude"), -180, 180, &v))
            err(d, LOC, i, "longitude \"%s\" is not a number in -180..180%s", get(d, LOC, i, "longitude"), "");
        if (!get(d, LOC, i, "latitude")[0] != !get(d, LOC, i, "longitude")[0])
            err(d, LOC, i, "latitude and longitude go together: give both or neither%s%s", "", "");
    }
    for (size_t i = 0; d->t[ADDR] && i < d->t[ADDR]->row_count; i++) {
        ref(d, ADDR, i, "location_id", LOC, true);
        /* export-hsds leaves a confidential address blank: accept it back */
        check_len(d, ADDR, i, "address_1", IK_MAX_NAME,
                  !location_confidential(d, get(d, ADDR, i, "location_id")));
        check_len(d, ADDR, i, "city", IK_MAX_NAME, true);
    }
    for (size_t i = 0; d->t[SAL] && i < d->t[SAL]->row_count; i++) {
        ref(d, SAL, i, "service_id", SVC, true);
        ref(d, SAL, i, "location_id", LOC, true);
    }
    for (size_t i = 0; d->t[PHONE] && i < d->t[PHONE]->row_count; i++) {
        ref(d, PHONE, i, "location_id", LOC, false);
        ref(d, PHONE, i, "service_id", SVC, false);
        ref(d, PHONE, i, "organization_id", ORG, false);
        const char *n = get(d, PHONE, i, "number");
        size_t digits = 0;
        bool bad = !n[0] || strlen(n) > 40;
        for (const char *p = n; *p; p++) {
            if (*p >= '0' && *p <= '9')
                digits++;
            else if (!strchr(" +-/().", *p))
                bad = true;
        }
        if (bad || digits < 3)
            err(d, PHONE, i, "number \"%s\" is not a phone number%s", n, "");
        if (!get(d, PHONE, i, "location_id")[0] && !get(d, PHONE, i, "service_id")[0] &&
            !get(d, PHONE, i, "organization_id")[0])
            err(d, PHONE, i, "phone belongs to no service, location or organization%s%s", "", "");
    }
    for (size_t i = 0; d->t[SCHED] && i < d->t[SCHED]->row_count; i++) {
        ref(d, SCHED, i, "service_id", SVC, false);
        ref(d, SCHED, i, "location_id", LOC, false);
        ref(d, SCHED, i, "service_at_location_id", SAL, false);
        if (!get(d, SCHED, i, "service_id")[0] && !get(d, SCHED, i, "location_id")[0] &&
            !get(d, SCHED, i, "service_at_location_id")[0])
            err(d, SCHED, i, "schedule belongs to no service or location%s%s", "", "");
        const char *freq = get(d, SCHED, i, "freq");
        if (freq[0] && strcmp(freq, "WEEKLY"))
            err(d, SCHED, i, "freq \"%s\" is not supported (only WEEKLY)%s", freq, "");
        const char *o = get(d, SCHED, i, "opens_at"), *c = get(d, SCHED, i, "closes_at");
        int om = ik_parse_time(o), cm = ik_parse_time(c);
        if (om < 0 || om >= 24 * 60)
            err(d, SCHED, i, "opens_at \"%s\" is not a time (HH:MM, 00:00-23:59)%s", o, "");
        if (cm < 0)
            err(d, SCHED, i, "closes_at \"%s\" is not a time (HH:MM, 00:00-24:00)%s", c, "");
        if (om >= 0 && cm >= 0 && cm <= om)
            err(d, SCHED, i, "closes_at %s is not after opens_at %s", c, o);
        const char *tz = get(d, SCHED, i, "timezone");
        if (tz[0] && strcmp(tz, "Europe/Rome"))
            err(d, SCHED, i, "timezone \"%s\" is not supported (times are Europe/Rome)%s", tz, "");
        const char *by = get(d, SCHED, i, "byday");
        char *copy = ik_xstrdup(by), *rest = copy;
        bool any = false, seen[7] = {false};
        /* strsep, not strtok: "MO,,WE" and "MO," have an empty day */
        for (char *t; by[0] && (t = strsep(&rest, ","));) {
            while (*t == ' ')
                t++;
            int k = ik_weekday_parse(t, strlen(t));
            if (k < 0)
                err(d, SCHED, i, "byday \"%s\" is not a day (MO,TU,WE,TH,FR,SA,SU)%s", t, "");
            else if (seen[k])
                err(d, SCHED, i, "byday lists %s twice%s", t, "");
            else
                seen[k] = true;
            any = true;
        }
        if (!any)
            err(d, SCHED, i, "missing value for \"byday\"%s%s", "", "");
        free(copy);
    }
    for (size_t i = 0; d->t[LANG] && i < d->t[LANG]->row_count; i++) {
        ref(d, LANG, i, "service_id", SVC, false);
        ref(d, LANG, i, "location_id", LOC, false);
        ref(d, LANG, i, "phone_id", PHONE, false);
        const char *code = get(d, LANG, i, "code");
        if (!code[0] || strlen(code) > 12 || !ik_valid_id(code))
            err(d, LANG, i, "code \"%s\" is not a language code%s", code, "");
    }
    for (size_t i = 0; d->t[AREA] && i < d->t[AREA]->row_count; i++)
        ref(d, AREA, i, "service_id", SVC, true);
    (void)b;
}

/* ---- flattening --------------------------------------------------------------- */
static bool service_flag(const Dir *d, const char *svc, const char *code)
{
    EACH((Dir *)d, ATTR, "link_id", svc, i) {
        if (strcmp(get(d, ATTR, (size_t)i, "link_entity"), "service"))
            continue;
        long t = find(d, TERM, get(d, ATTR, (size_t)i, "taxonomy_term_id"));
        if (t >= 0 && strcmp(term_code(d, (size_t)t), code) == 0)
            return true;
    }
    return false;
}

/* a location used by at least one service, and only by confidential ones */
static bool location_confidential(const Dir *d, const char *loc)
{
    bool any = false;
    EACH((Dir *)d, SAL, "location_id", loc, i) {
        if (!service_flag(d, get(d, SAL, (size_t)i, "service_id"), "confidential-address"))
            return false;
        any = true;
    }
    return any;
}

/* the weekly rows of schedule h for service s, once per service */
static void add_schedule(Dir *d, size_t s, size_t h)
{
    if (!d->row_ok[SCHED][h] || d->sched_stamp[h] == (long)s + 1)
        return;
    d->sched_stamp[h] = (long)s + 1;
    const char *id = get(d, SVC, s, "id");
    char o[16], c[16];
    snprintf(o, sizeof o, "%d", ik_parse_time(get(d, SCHED, h, "opens_at")));
    snprintf(c, sizeof c, "%d", ik_parse_time(get(d, SCHED, h, "closes_at")));
    char *copy = ik_xstrdup(get(d, SCHED, h, "byday")), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        int k = ik_weekday_parse(t, strlen(t));
        if (k >= 0) {
            char wd[12];
            snprintf(wd, sizeof wd, "%d", k);
            SQL(d->b, "INSERT INTO service_schedule(service_id,weekday,opens,closes)"
                      " VALUES(?,?,?,?)", id, wd, o, c);
        }
    }
    free(copy);
}

static void flatten_service(Dir *d, size_t s)
{
    IkBuild *b = d->b;
    const char *id = get(d, SVC, s, "id");
    const char *area = NULL;
    int categories = 0;
    char *seen[64];
    size_t nseen = 0;
    EACH(d, ATTR, "link_id", id, ai) {
        size_t i = (size_t)ai;
        if (strcmp(get(d, ATTR, i, "link_entity"), "service"))
            continue;
        long t = find(d, TERM, get(d, ATTR, i, "taxonomy_term_id"));
        if (t < 0)
            continue;
        const char *code = term_code(d, (size_t)t);
        const char *tax = get(d, TERM, (size_t)t, "taxonomy");
        bool dup = false;
        for (size_t k = 0; k < nseen; k++)
            dup |= strcmp(seen[k], code) == 0;
        if (dup || nseen == 64)
            continue;
        seen[nseen++] = (char *)code;
        if (!strcmp(tax, "area") && !area)
            area = code;
        if (!strcmp(tax, "category"))
            categories++;
        SQL(b, "INSERT INTO service_term(service_id,term) VALUES(?,?)", id, code);
    }
    if (!area)
        ik_diag_error(b->diag, d->t[SVC]->path, line(d, SVC, s),
                      "service \"%s\" has no area (an attribute row linking an area term)", id);
    if (!categories)
        ik_diag_error(b->diag, d->t[SVC]->path, line(d, SVC, s),
                      "service \"%s\" has no category (an attribute row linking a category term)", id);
    bool conf = service_flag(d, id, "confidential-address");
    bool demo = service_flag(d, id, "demo");
    bool fr = service_flag(d, id, "free-of-charge");
    const char *mn = get(d, SVC, s, "minimum_age"), *mx = get(d, SVC, s, "maximum_age");
    SQL(b, "INSERT INTO service(id,organization_id,url,email,status,min_age,max_age,area,free,demo,"
           "confidential) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
        id, get(d, SVC, s, "organization_id"), get(d, SVC, s, "url")[0] ? get(d, SVC, s, "url") : NULL,
        get(d, SVC, s, "email")[0] ? get(d, SVC, s, "email") : NULL, get(d, SVC, s, "status"),
        mn[0] ? mn : NULL, mx[0] ? mx : NULL, area, fr ? "1" : "0", demo ? "1" : "0",
        conf ? "1" : "0");
    long l = line(d, SVC, s);
    char *k = ik_xasprintf("service:%s:name", id);
    ik_build_source(b, k, get(d, SVC, s, "name"), NULL, "Directory: name of a service", d->t[SVC]->path, l);
    free(k);
    if (get(d, SVC, s, "description")[0]) {
        k = ik_xasprintf("service:%s:description", id);
        ik_build_source(b, k, get(d, SVC, s, "description"), NULL,
                        "Directory: what the service offers", d->t[SVC]->path, l);
        free(k);
    }
    if (get(d, SVC, s, "fees_description")[0]) {
        k = ik_xasprintf("service:%s:fees", id);
        ik_build_source(b, k, get(d, SVC, s, "fees_description"), NULL,
                        "Directory: what the service costs", d->t[SVC]->path, l);
        free(k);
    }
    /* locations and addresses */
    int seq = 0;
    EACH(d, SAL, "service_id", id, si) {
        size_t i = (size_t)si;
        const char *loc = get(d, SAL, i, "location_id");
        long li = find(d, LOC, loc);
        if (li < 0)
            continue;
        IkBuf addr = {0};
        const char *city = NULL, *postal = NULL;
        EACH(d, ADDR, "location_id", loc, aa) {
            size_t a = (size_t)aa;
            ik_buf_puts(&addr, get(d, ADDR, a, "address_1"));
            if (get(d, ADDR, a, "address_2")[0]) {
                ik_buf_puts(&addr, ", ");
                ik_buf_puts(&addr, get(d, ADDR, a, "address_2"));
            }
            city = get(d, ADDR, a, "city");
            postal = get(d, ADDR, a, "postal_code");
            break;
        }
        /* where these texts came from, for the font check's messages */
        char *okey = ik_xasprintf("location:%s", loc);
        ik_build_origin(b, "it", okey, d->t[LOC]->path, line(d, LOC, (size_t)li));
        free(okey);
        long ai = first(d, ADDR, "location_id", loc);
        if (ai >= 0) {
            okey = ik_xasprintf("address:%s", loc);
            ik_build_origin(b, "it", okey, d->t[ADDR]->path, line(d, ADDR, (size_t)ai));
            free(okey);
        }
        const char *lat = get(d, LOC, (size_t)li, "latitude"), *lon = get(d, LOC, (size_t)li, "longitude");
        SQL(b, "INSERT OR IGNORE INTO service_location(service_id,location_id,name,address,city,"
               "postal_code,latitude,longitude) VALUES(?,?,?,?,?,?,?,?)",
            id, loc, get(d, LOC, (size_t)li, "name"), conf ? NULL : addr.data, city,
            conf || !postal || !postal[0] ? NULL : postal, conf || !lat[0] ? NULL : lat,
            conf || !lon[0] ? NULL : lon);
        ik_buf_free(&addr);
        /* phones of this location that name no other service */
        EACH(d, PHONE, "location_id", loc, pp) {
            size_t p = (size_t)pp;
            if (get(d, PHONE, p, "service_id")[0])
                continue;
            char sq[24];
            snprintf(sq, sizeof sq, "%d", 100 + seq++);
            const char *desc = get(d, PHONE, p, "description");
            SQL(b, "INSERT INTO service_phone(service_id,seq,number,description) VALUES(?,?,?,?)",
                id, sq, get(d, PHONE, p, "number"), desc[0] ? desc : NULL);
            char *pkey = ik_xasprintf("phone:%s:%s", id, sq);
            ik_build_origin(b, "it", pkey, d->t[PHONE]->path, line(d, PHONE, p));
            free(pkey);
        }
    }
    /* phones of the service itself come first */
    EACH(d, PHONE, "service_id", id, pp) {
        size_t p = (size_t)pp;
        char sq[24];
        snprintf(sq, sizeof sq, "%zu", p);
        const char *desc = get(d, PHONE, p, "description");
        SQL(b, "INSERT INTO service_phone(service_id,seq,number,description) VALUES(?,?,?,?)", id,
            sq, get(d, PHONE, p, "number"), desc[0] ? desc : NULL);
        char *pkey = ik_xasprintf("phone:%s:%s", id, sq);
        ik_build_origin(b, "it", pkey, d->t[PHONE]->path, line(d, PHONE, p));
        free(pkey);
    }
    /* schedules: of the service, of its service_at_location rows, or of
     * its locations when the schedule names nothing more precise */
    EACH(d, SCHED, "service_id", id, h)
        add_schedule(d, s, (size_t)h);
    EACH(d, SAL, "service_id", id, si) {
        EACH(d, SCHED, "service_at_location_id", get(d, SAL, (size_t)si, "id"), h)
            add_schedule(d, s, (size_t)h);
        EACH(d, SCHED, "location_id", get(d, SAL, (size_t)si, "location_id"), h)
            if (!get(d, SCHED, (size_t)h, "service_id")[0] &&
                !get(d, SCHED, (size_t)h, "service_at_location_id")[0])
                add_schedule(d, s, (size_t)h);
    }
    EACH(d, LANG, "service_id", id, i)
        SQL(b, "INSERT OR IGNORE INTO service_language(service_id,code,name) VALUES(?,?,?)", id,
            get(d, LANG, (size_t)i, "code"), get(d, LANG, (size_t)i, "name"));
}

/* raw rows: a JSON array per row, aligned with hsds_column */
static void store_raw(Dir *d, int t)
{
    IkCsv *csv = d->t[t];
    const char *name = table_names[t];
    for (size_t c = 0; c < csv->column_count; c++) {
        char sq[24];
        snprintf(sq, sizeof sq, "%zu", c);
        SQL(d->b, "INSERT INTO hsds_column(tbl,seq,name) VALUES(?,?,?)", name, sq, csv->columns[c]);
    }
    for (size_t r = 0; r < csv->row_count; r++) {
        bool scrub = (t == ADDR && location_confidential(d, get(d, ADDR, r, "location_id"))) ||
                     (t == LOC && location_confidential(d, get(d, LOC, r, "id")));
        IkBuf j = {0};
        ik_buf_puts(&j, "[");
        for (size_t c = 0; c < csv->column_count; c++) {
            const char *col = csv->columns[c];
            bool hide = scrub && (!strcmp(col, "address_1") || !strcmp(col, "address_2") ||
                                  !strcmp(col, "postal_code") || !strcmp(col, "latitude") ||
                                  !strcmp(col, "longitude"));
            if (c)
                ik_buf_puts(&j, ",");
            ik_buf_json_string(&j, hide ? "" : csv->rows[r].fields[c]);
        }
        ik_buf_puts(&j, "]");
        char sq[24];
        snprintf(sq, sizeof sq, "%zu", r);
        SQL(d->b, "INSERT INTO hsds_row(tbl,seq,json) VALUES(?,?,?)", name, sq, j.data);
        ik_buf_free(&j);
    }
}

void ik_build_directory(IkBuild *b)
{
    Dir d = {.b = b};
    size_t before = ik_diag_errors(b->diag);
    DIR *dir = opendir(b->services_dir);
    if (!dir) {
        ik_diag_error(b->diag, b->services_dir, 0, "cannot open the directory folder");
        return;
    }
    for (struct dirent *e; (e = readdir(dir));) {
        if (!ik_str_ends_with(e->d_name, ".csv"))
            continue;
        int t = 0;
        while (t < TABLES && (strncmp(e->d_name, table_names[t], strlen(table_names[t])) ||
                              strcmp(e->d_name + strlen(table_names[t]), ".csv")))
            t++;
        if (t == TABLES) {
            char *p = ik_path_join(b->services_dir, e->d_name);
            ik_diag_warning(b->diag, p, 0, "not an HSDS table the kiosk reads: ignored");
            free(p);
        }
    }
    closedir(dir);
    bool usable = true;
    for (int t = 0; t < TABLES; t++) {
        char *file = ik_xasprintf("%s.csv", table_names[t]);
        char *p = ik_path_join(b->services_dir, file);
        d.t[t] = ik_csv_read(p, b->diag, table_required[t]);
        if (d.t[t] && !ik_csv_require(d.t[t], b->diag, table_columns[t])) {
            ik_csv_free(d.t[t]);
            d.t[t] = NULL;
            usable = false;
        }
        if (!d.t[t] && table_required[t])
            usable = false;
        if (d.t[t]) {
            d.row_ok[t] = malloc(d.t[t]->row_count + 1);
            memset(d.row_ok[t], 1, d.t[t]->row_count + 1);
        }
        free(p);
        free(file);
    }
    if (!usable)
        goto done;
    validate(&d);
    if (ik_diag_errors(b->diag) != before)
        goto done;   /* flattening broken data would only add noise */
    for (size_t i = 0; i < d.t[ORG]->row_count; i++) {
        const char *id = get(&d, ORG, i, "id"), *email = get(&d, ORG, i, "email"),
                   *web = get(&d, ORG, i, "website"), *desc = get(&d, ORG, i, "description");
        SQL(b, "INSERT INTO organization(id,name,description,email,website) VALUES(?,?,?,?,?)", id,
            get(&d, ORG, i, "name"), desc[0] ? desc : NULL, email[0] ? email : NULL,
            web[0] ? web : NULL);
        char *k = ik_xasprintf("organization:%s:name", id);
        ik_build_source(b, k, get(&d, ORG, i, "name"), NULL,
                        "Directory: name of an organisation (a proper name: keep it unless "
                        "it has a usual form in your language)", d.t[ORG]->path, line(&d, ORG, i));
        free(k);
    }
    for (size_t k = 0; k < KNOWN_TERMS; k++) {
        for (size_t i = 0; i < d.t[TERM]->row_count; i++) {
            if (strcmp(term_code(&d, i), known_terms[k].code))
                continue;
            char pos[24];
            snprintf(pos, sizeof pos, "%zu", k);
            SQL(b, "INSERT INTO term(code,taxonomy,position) VALUES(?,?,?)", known_terms[k].code,
                known_terms[k].taxonomy, pos);
            char *key = ik_xasprintf("term:%s:name", known_terms[k].code);
            ik_build_source(b, key, get(&d, TERM, i, "name"), NULL,
                            "Directory: name of an area, category or label", d.t[TERM]->path,
                            line(&d, TERM, i));
            free(key);
        }
    }
    if (d.t[SCHED])
        d.sched_stamp = ik_xcalloc(d.t[SCHED]->row_count + 1, sizeof(long));
    for (size_t i = 0; i < d.t[SVC]->row_count; i++) {
        /* a service that no longer exists is kept raw (export) but never shown */
        const char *st = get(&d, SVC, i, "status");
        if (strcmp(st, "inactive") && strcmp(st, "defunct"))
            flatten_service(&d, i);
    }
    for (int t = 0; t < TABLES; t++)
        if (d.t[t])
            store_raw(&d, t);
done:
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
