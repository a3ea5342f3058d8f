/* Validation of an HSDS directory: one table of per-column rules (what a
 * cell may hold, and which table an id in it names), then the checks that
 * look at several columns of a row. Each problem is reported once, at its
 * FILE:LINE, and marks its row bad; other rows still refer to a bad row
 * without a second message. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
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
    VALUE(ORG, "url", IK_RULE_URL, false),
    ID(SVC),
    REF(SVC, "organization_id", true, ORG),
    VALUE(SVC, "name", IK_RULE_NAME, true),
    VALUE(SVC, "email", IK_RULE_EMAIL, false),
    VALUE(SVC, "url", IK_RULE_URL, false),
    {SVC, {"status", IK_RULE_ONE_OF, false, 0, "active|inactive|defunct|temporarily closed", NULL},
     NONE},
    VALUE(SVC, "minimum_age", IK_RULE_AGE, false),
    VALUE(SVC, "maximum_age", IK_RULE_AGE, false),
    VALUE(SVC, "assured_date", IK_RULE_DATE, false),
    {SVC, {"last_modified", IK_RULE_TEXT, false, 40, NULL, NULL}, NONE},
    VALUE(SVC, "assurer_email", IK_RULE_EMAIL, false),
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
    {SCHED, {"freq", IK_RULE_ONE_OF, false, 0,
             "WEEKLY|MONTHLY|DAILY|YEARLY|HOURLY|MINUTELY|SECONDLY",
             "an RFC 5545 frequency (WEEKLY, MONTHLY, DAILY, YEARLY)"}, NONE},
    {SCHED, {"opens_at", IK_RULE_TIME, false, 0, NULL, "a time (HH:MM, 00:00-23:59)"}, NONE},
    VALUE(SCHED, "closes_at", IK_RULE_TIME, false),
    /* HSDS 3.0 writes the timezone as a UTC offset; Italian time is +1 or +2 */
    {SCHED, {"timezone", IK_RULE_ONE_OF, false, 0, "Europe/Rome|1|+1|2|+2|+01:00|+02:00",
             "supported (times are Italian time: Europe/Rome, or its offset 1 or 2)"}, NONE},
    VALUE(SCHED, "valid_from", IK_RULE_DATE, false),
    VALUE(SCHED, "valid_to", IK_RULE_DATE, false),
    VALUE(SCHED, "dtstart", IK_RULE_DATE, false),
    VALUE(SCHED, "until", IK_RULE_DATE, false),
    {SCHED, {"wkst", IK_RULE_ONE_OF, false, 0, "MO|TU|WE|TH|FR|SA|SU", NULL}, NONE},
    VALUE(SCHED, "schedule_link", IK_RULE_URL, false),
    ID(LANG),
    REF(LANG, "service_id", false, SVC),
    REF(LANG, "location_id", false, LOC),
    REF(LANG, "phone_id", false, PHONE),
    VALUE(LANG, "code", IK_RULE_LANGUAGE, true),
    ID(AREA),
    REF(AREA, "service_id", true, SVC),
    REF(AREA, "service_at_location_id", false, SAL),
    ID(TAXO),
    VALUE(TAXO, "name", IK_RULE_NAME, true),
    ID(TERM),
    VALUE(TERM, "name", IK_RULE_NAME, true),
    {TERM, {"code", IK_RULE_TEXT, false, IK_MAX_ID, NULL, NULL}, NONE},
    REF(TERM, "parent_id", false, TERM),
    REF(TERM, "taxonomy_id", false, TAXO),
    ID(ATTR),
    VALUE(ATTR, "link_id", IK_RULE_ID, true),   /* its table: link_entity */
    REF(ATTR, "taxonomy_term_id", true, TERM),
    {ATTR, {"link_entity", IK_RULE_ONE_OF, true, 0,
            "service|organization|location|service_at_location", NULL}, NONE},
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

/* the column rules of table t (the first is always its id), for every row;
 * ids unique */
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
static void check_ages(IkHsds *d, size_t i)
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

/* HSDS 3.0's last_modified: a date, or a date and time (ISO 8601) */
static void check_freshness(IkHsds *d, size_t i)
{
    const char *lm = ik_hsds_get(d, SVC, i, "last_modified");
    char date[11] = "";
    memcpy(date, lm, strnlen(lm, 10));
    if (lm[0] && (!ik_parse_date(date, NULL, NULL, NULL) || (lm[10] && lm[10] != 'T' && lm[10] != ' ')))
        ik_hsds_err(d, SVC, i, "last_modified \"%s\" is not a date (YYYY-MM-DD, or "
                    "YYYY-MM-DDTHH:MM:SS)", lm);
}

static void check_service(IkHsds *d, size_t i)
{
    check_ages(d, i);
    check_freshness(d, i);
}

static void check_attribute(IkHsds *d, size_t i)
{
    static const struct { const char *entity; int table; } links[] = {
        {"service", SVC}, {"organization", ORG}, {"location", LOC},
        {"service_at_location", SAL}};
    const char *ent = ik_hsds_get(d, ATTR, i, "link_entity");
    for (size_t k = 0; k < IK_COUNT(links); k++)
        if (strcmp(ent, links[k].entity) == 0)
            refers(d, ATTR, i, "link_id", links[k].table);
}

/* services whose information was last checked too long ago: one warning
 * each; services that say nothing about it: one warning for all */
static void check_ages_of_information(IkHsds *d)
{
    const IkPackOptions *o = d->b->options;
    int limit = o->stale_days ? o->stale_days : IK_PACK_STALE_DAYS;
    long today = (long)((o->now ? o->now : time(NULL)) / 86400);
    size_t undated = 0, first = 0;
    for (size_t i = 0; limit > 0 && i < d->t[SVC]->row_count; i++) {
        const char *a = ik_hsds_get(d, SVC, i, "assured_date"), *m = ik_hsds_get(d, SVC, i, "last_modified");
        char date[11];
        snprintf(date, sizeof date, "%s", a[0] ? a : m);
        int y, mo, dd;
        if (!ik_parse_date(date, &y, &mo, &dd)) {
            if (!undated++)
                first = i;
            continue;
        }
        long age = today - ik_days_from_civil(y, mo, dd);
        if (age > limit)
            ik_diag_warning(d->b->diag, d->t[SVC]->path, ik_hsds_line(d, SVC, i),
                            "service \"%s\" was last checked on %s, %ld days ago (more than %d): "
                            "review it and update assured_date", ik_hsds_get(d, SVC, i, "id"),
                            date, age, limit);
    }
    if (undated)
        ik_diag_warning(d->b->diag, d->t[SVC]->path, ik_hsds_line(d, SVC, first),
                        "%zu service%s (\"%s\"%s) %s no assured_date or last_modified: the kiosk "
                        "cannot say when the information was checked", undated,
                        undated == 1 ? "" : "s", ik_hsds_get(d, SVC, first, "id"),
                        undated > 1 ? " and others" : "", undated == 1 ? "has" : "have");
}

void ik_hsds_validate(IkHsds *d)
{
    check_ages_of_information(d);
    for (int t = 0; t < TABLES; t++)
        if (d->t[t] && t != TMAP)   /* taxonomy_map.csv: hsds_terms.c */
            check_columns(d, t);
    static void (*const row_checks[TABLES])(IkHsds *, size_t) = {
        [SVC] = check_service, [LOC] = check_location, [ADDR] = check_address,
        [PHONE] = check_phone, [SCHED] = ik_hsds_check_schedule, [ATTR] = check_attribute,
    };
    for (int t = 0; t < TABLES; t++)
        for (size_t i = 0; row_checks[t] && d->t[t] && i < d->t[t]->row_count; i++)
            if (!d->t[t]->rows[i].broken)
                row_checks[t](d, i);
}
