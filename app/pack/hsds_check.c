/* Validation of an HSDS directory: one table of per-column rules (what a
 * cell may hold, and which table an id in it names), then the checks that
 * look at several columns of a row. Each problem is reported once, at its
 * FILE:LINE, and marks its row bad; other rows still refer to a bad row
 * without a second message. */
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "hsds.h"

/* ---- the column rules --------------------------------------------------------- */
typedef struct {
    int table;
    IkRule rule;
    int target;         /* the table whose id the value is, or NONE */
} Column;

#define ID(t) {t, {"id", IK_RULE_ID, true, 0, NULL, NULL}, NONE}
#define REF(t, col, required, target) {t, {col, IK_RULE_ID, required, 0, NULL, NULL}, target}
#define VALUE(t, col, kind, required) {t, {col, kind, required, 0, NULL, NULL}, NONE}

static const Column columns[] = {
    ID(ORG),
    VALUE(ORG, "name", IK_RULE_NAME, true),
    VALUE(ORG, "email", IK_RULE_EMAIL, false),
    VALUE(ORG, "website", IK_RULE_URL, false),
    ID(SVC),
    REF(SVC, "organization_id", true, ORG),
    VALUE(SVC, "name", IK_RULE_NAME, true),
    VALUE(SVC, "email", IK_RULE_EMAIL, false),
    VALUE(SVC, "url", IK_RULE_URL, false),
    {SVC, {"status", IK_RULE_ONE_OF, false, 0, "active|inactive|defunct|temporarily closed", NULL},
     NONE},
    VALUE(SVC, "minimum_age", IK_RULE_AGE, false),
    VALUE(SVC, "maximum_age", IK_RULE_AGE, false),
    ID(LOC),
    REF(LOC, "organization_id", false, ORG),
    VALUE(LOC, "name", IK_RULE_NAME, false),
    VALUE(LOC, "latitude", IK_RULE_LATITUDE, false),
    VALUE(LOC, "longitude", IK_RULE_LONGITUDE, false),
    ID(SAL),
    REF(SAL, "service_id", true, SVC),
    REF(SAL, "location_id", true, LOC),
    ID(ADDR),
    REF(ADDR, "location_id", true, LOC),
    VALUE(ADDR, "address_1", IK_RULE_NAME, false),  /* required unless confidential */
    VALUE(ADDR, "city", IK_RULE_NAME, true),
    ID(PHONE),
    REF(PHONE, "location_id", false, LOC),
    REF(PHONE, "service_id", false, SVC),
    REF(PHONE, "organization_id", false, ORG),
    VALUE(PHONE, "number", IK_RULE_PHONE, true),
    ID(SCHED),
    REF(SCHED, "service_id", false, SVC),
    REF(SCHED, "location_id", false, LOC),
    REF(SCHED, "service_at_location_id", false, SAL),
    {SCHED, {"freq", IK_RULE_ONE_OF, false, 0, "WEEKLY", "supported (only WEEKLY)"}, NONE},
    {SCHED, {"opens_at", IK_RULE_TIME, false, 0, NULL, "a time (HH:MM, 00:00-23:59)"}, NONE},
    VALUE(SCHED, "closes_at", IK_RULE_TIME, false),
    {SCHED, {"timezone", IK_RULE_ONE_OF, false, 0, "Europe/Rome",
             "supported (times are Europe/Rome)"}, NONE},
    ID(LANG),
    REF(LANG, "service_id", false, SVC),
    REF(LANG, "location_id", false, LOC),
    REF(LANG, "phone_id", false, PHONE),
    VALUE(LANG, "code", IK_RULE_LANGUAGE, true),
    ID(AREA),
    REF(AREA, "service_id", true, SVC),
    ID(TERM),
    VALUE(TERM, "name", IK_RULE_NAME, true),
    REF(TERM, "parent_id", false, TERM),
    ID(ATTR),
    VALUE(ATTR, "link_id", IK_RULE_ID, true),   /* its table: link_entity */
    REF(ATTR, "taxonomy_term_id", true, TERM),
    {ATTR, {"link_entity", IK_RULE_ONE_OF, true, 0, "service|organization|location", NULL},
     NONE},
};

#define MAX_RULES 16

static bool refers(IkHsds *d, int t, size_t row, const char *column, int target)
{
    const char *v = ik_hsds_get(d, t, row, column);
    /* a table that could not be read was reported: not each row naming it */
    if (!v[0] || d->unreadable[target] || ik_hsds_find(d, target, v) >= 0)
        return true;
    ik_hsds_err(d, t, row, "%s \"%s\" is not in %s.csv", column, v, ik_hsds_table_names[target]);
    return false;
}

/* the column rules of table t, for every row; ids unique */
static void check_columns(IkHsds *d, int t)
{
    IkRule rules[MAX_RULES];
    int targets[MAX_RULES];
    bool ok[MAX_RULES];
    size_t n = 0;
    for (size_t i = 0; i < IK_COUNT(columns); i++)
        if (columns[i].table == t) {
            IK_ASSERT(n < MAX_RULES);
            rules[n] = columns[i].rule;
            targets[n++] = columns[i].target;
        }
    IkCsv *csv = d->t[t];
    for (size_t row = 0; row < csv->row_count; row++) {
        if (!ik_rules_check(csv, row, rules, n, ok, d->b->diag))
            d->row_ok[t][row] = false;
        if (ok[0] && !ik_rules_unique(csv, row, "id", d->b->diag))
            d->row_ok[t][row] = false;
        for (size_t i = 0; i < n; i++)
            if (ok[i] && targets[i] != NONE)
                refers(d, t, row, rules[i].column, targets[i]);
    }
}

/* ---- the checks of a row -------------------------------------------------------- */
static void check_service(IkHsds *d, size_t i)
{
    const char *mn = ik_hsds_get(d, SVC, i, "minimum_age"), *mx = ik_hsds_get(d, SVC, i, "maximum_age");
    if (d->row_ok[SVC][i] && mn[0] && mx[0] && atoi(mn) > atoi(mx))
        ik_hsds_err(d, SVC, i, "minimum_age %s is above maximum_age %s", mn, mx);
}

static void check_location(IkHsds *d, size_t i)
{
    if (!ik_hsds_get(d, LOC, i, "latitude")[0] != !ik_hsds_get(d, LOC, i, "longitude")[0])
        ik_hsds_err(d, LOC, i, "latitude and longitude go together: give both or neither");
}

static void check_address(IkHsds *d, size_t i)
{
    /* export-hsds leaves a confidential address blank: accept it back */
    if (!ik_hsds_get(d, ADDR, i, "address_1")[0] &&
        !ik_hsds_location_confidential(d, ik_hsds_get(d, ADDR, i, "location_id")))
        ik_hsds_err(d, ADDR, i, "missing value for \"address_1\"");
}

static void check_phone(IkHsds *d, size_t i)
{
    if (!ik_hsds_get(d, PHONE, i, "location_id")[0] && !ik_hsds_get(d, PHONE, i, "service_id")[0] &&
        !ik_hsds_get(d, PHONE, i, "organization_id")[0])
        ik_hsds_err(d, PHONE, i, "phone belongs to no service, location or organization");
}

/* byday: MO,TU,... each once, no empty item */
static void check_days(IkHsds *d, size_t i)
{
    const char *by = ik_hsds_get(d, SCHED, i, "byday");
    bool seen[7] = {false};
    if (!by[0]) {
        ik_hsds_err(d, SCHED, i, "missing value for \"byday\"");
        return;
    }
    for (const char *p = by;; p++) {
        size_t n = strcspn(p, ",");
        char *item = ik_xstrndup(p, n);
        char *t = ik_str_trim(item);
        int k = ik_weekday_parse(t, strlen(t));
        if (k < 0)
            ik_hsds_err(d, SCHED, i, "byday \"%s\" is not a day (MO,TU,WE,TH,FR,SA,SU)", t);
        else if (seen[k])
            ik_hsds_err(d, SCHED, i, "byday lists %s twice", t);
        else
            seen[k] = true;
        free(item);
        p += n;
        if (!*p)
            break;
    }
}

static void check_schedule(IkHsds *d, size_t i)
{
    if (!ik_hsds_get(d, SCHED, i, "service_id")[0] && !ik_hsds_get(d, SCHED, i, "location_id")[0] &&
        !ik_hsds_get(d, SCHED, i, "service_at_location_id")[0])
        ik_hsds_err(d, SCHED, i, "schedule belongs to no service or location");
    const char *o = ik_hsds_get(d, SCHED, i, "opens_at"), *c = ik_hsds_get(d, SCHED, i, "closes_at");
    int om = ik_parse_time(o), cm = ik_parse_time(c);
    if (!o[0] || !c[0])
        ik_hsds_err(d, SCHED, i, "missing value for \"%s\"", o[0] ? "closes_at" : "opens_at");
    else if (om == 24 * 60)
        ik_hsds_err(d, SCHED, i, "opens_at \"%s\" is not a time (HH:MM, 00:00-23:59)", o);
    else if (om >= 0 && cm >= 0 && cm <= om)
        ik_hsds_err(d, SCHED, i, "closes_at %s is not after opens_at %s", c, o);
    check_days(d, i);
}

static void check_term(IkHsds *d, size_t i, IkMap *codes)
{
    const char *code = ik_hsds_term_code(d, i), *tax = ik_hsds_get(d, TERM, i, "taxonomy");
    const char *known = NULL;
    if (ik_content_term_position(code, &known) < 0)
        ik_hsds_err(d, TERM, i, "unknown taxonomy term \"%s\" (see content/README.md)", code);
    else if (strcmp(known, tax))
        ik_hsds_err(d, TERM, i, "term \"%s\" belongs to taxonomy \"%s\"", code, known);
    size_t first;
    if (ik_map_put(codes, code, i, &first))
        ik_hsds_err(d, TERM, i, "duplicate term code \"%s\" (first on line %ld)", code,
                    ik_hsds_line(d, TERM, first));
}

static void check_attribute(IkHsds *d, size_t i)
{
    static const struct { const char *entity; int table; } links[] = {
        {"service", SVC}, {"organization", ORG}, {"location", LOC}};
    const char *ent = ik_hsds_get(d, ATTR, i, "link_entity");
    for (size_t k = 0; k < IK_COUNT(links); k++)
        if (strcmp(ent, links[k].entity) == 0)
            refers(d, ATTR, i, "link_id", links[k].table);
}

void ik_hsds_validate(IkHsds *d)
{
    for (int t = 0; t < TABLES; t++)
        if (d->t[t])
            check_columns(d, t);
    static void (*const row_checks[TABLES])(IkHsds *, size_t) = {
        [SVC] = check_service, [LOC] = check_location, [ADDR] = check_address,
        [PHONE] = check_phone, [SCHED] = check_schedule, [ATTR] = check_attribute,
    };
    for (int t = 0; t < TABLES; t++)
        for (size_t i = 0; row_checks[t] && d->t[t] && i < d->t[t]->row_count; i++)
            if (!d->t[t]->rows[i].broken)
                row_checks[t](d, i);
    IkMap *codes = ik_map_create();
    for (size_t i = 0; i < d->t[TERM]->row_count; i++)
        if (!d->t[TERM]->rows[i].broken)
            check_term(d, i, codes);
    ik_map_destroy(codes);
}
