/* Directories written elsewhere (fixtures in tests/data/pack/hsds, written
 * from the HSDS 3.0 specification): terms by code under any taxonomy and
 * through taxonomy_map.csv, areas from places, schedules beyond weekly and
 * "open now" at fixed clocks (DST nights included), datapackage.json, the
 * export/build round trip field by field, the age of the information. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"
#include "files_fixture.h"
#include "gettextpo_leak.h"

#define DATA IK_SOURCE_DIR "/tests/data/pack"

/* tmp/content and tmp/translations from the ok fixture, the towns of the
 * repository, and tmp/dir: a copy of the HSDS fixture `name` */
static void fixture(const char *name)
{
    snprintf(tmp, sizeof tmp, "/tmp/ik_test_hsds_XXXXXX");
    assert_non_null(mkdtemp(tmp));
    sh("cp -r '%s/ok/.' '%s/' && cp '%s/content/municipalities.csv' '%s/content/'"
       " && mkdir '%s/dir' && cp -r '%s/hsds/%s/.' '%s/dir/'",
       DATA, tmp, IK_SOURCE_DIR, tmp, tmp, DATA, name, tmp);
}

static int teardown(void **state)
{
    (void)state;
    sh("rm -rf '%s'", tmp);
    return 0;
}

static IkPackOptions options(const char *services)
{
    IkPackOptions o = {.content_dir = at("content"), .translations_dir = at("translations"),
                       .services_dir = services ? services : at("dir"), .version = "1",
                       .now = 1796083200 /* 2026-12-01 */};
    return o;
}

/* builds tmp/NAME.pack from services; the diagnostics are returned */
static IkDiag *build(const char *services, const char *name, bool ok)
{
    IkDiag *d = ik_diag_create(NULL, 100);
    IkPackOptions o = options(services);
    bool built = ik_pack_build(&o, at(name), d);
    if (built != ok)
        fail_msg("build %s: %s\n%s", services ? services : "dir", built ? "built" : "failed",
                 ik_diag_text(d));
    return d;
}

static void put(const char *rel, const char *text)
{
    assert_true(ik_file_write_atomic(at(rel), text, strlen(text)));
}

static bool has(IkDiag *d, const char *text)
{
    if (strstr(ik_diag_text(d), text))
        return true;
    print_message("missing \"%s\" in:\n%s", text, ik_diag_text(d));
    return false;
}

/* the terms of a taxonomy as "code=name;..." */
static char *terms(IkContent *c, const char *taxonomy)
{
    size_t n = 0;
    IkTerm *t = ik_content_terms(c, "it", taxonomy, &n);
    IkBuf b = {0};
    for (size_t i = 0; i < n; i++)
        ik_buf_printf(&b, "%s=%s;", t[i].code, t[i].name);
    ik_terms_free(t, n);
    return b.data ? b.data : ik_xstrdup("");
}

/* ---- taxonomies ------------------------------------------------------------- */
/* Categories under the publisher's own taxonomy and codes, mapped; the area
 * term in a taxonomy named as the publisher likes (taxonomy.csv through
 * taxonomy_id); an unknown term kept for export and reported once. */
static void test_foreign_taxonomy(void **state)
{
    (void)state;
    fixture("foreign-taxonomy");
    IkDiag *d = build(NULL, "a.pack", true);
    assert_true(has(d, "taxonomy_term.csv:6: warning: 1 term of taxonomy \"Catalogo servizi "
                       "sociali\" is not the kiosk's and has no mapping in taxonomy_map.csv (kept "
                       "for export, not shown): \"SS.99\""));
    IkContent *c = ik_content_open(at("a.pack"));
    assert_non_null(c);
    char *cats = terms(c, "category"), *areas = terms(c, "area");
    assert_string_equal(cats, "education-individual=Aiuto allo studio;psychological-support="
                              "Sostegno psicologico;parenting-support=Sostegno ai genitori;");
    assert_string_equal(areas, "piana-fi-po=Piana tra Firenze e Prato;");
    free(cats);
    free(areas);
    IkService *s = ik_content_service(c, "it", "svc-famiglie");
    assert_non_null(s);
    assert_string_equal(s->area, "piana-fi-po");
    assert_int_equal(s->category_count, 2);
    assert_true(s->demo);
    ik_service_free(s);
    IkSearchFilter f = {.category = "parenting-support", .age = -1};
    size_t n = 0;
    IkSearchResult *r = ik_content_search(c, "it", "", &f, &n);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].id, "svc-famiglie");
    ik_search_results_free(r, n);
    ik_content_close(c);
    ik_diag_destroy(d);
    /* the unknown term is exported again */
    assert_true(ik_pack_export_hsds(at("a.pack"), at("export")));
    char *t = ik_file_read(at("export/taxonomy_term.csv"), NULL);
    assert_non_null(strstr(t, "term-ss-99,SS.99,Sportello legale"));
    free(t);
    teardown(NULL);
}

/* The directory that refused to build: every term under a taxonomy named
 * "incontro", not "area", "category" or "flag". */
static void test_any_taxonomy_name(void **state)
{
    (void)state;
    fixture("schedules");
    IkDiag *d = build(NULL, "a.pack", true);
    IkContent *c = ik_content_open(at("a.pack"));
    char *a = terms(c, "area"), *f = terms(c, "flag");
    assert_string_equal(a, "valli-etrusche=Valli Etrusche;");
    assert_string_equal(f, "demo=Dati dimostrativi;");
    assert_true(ik_content_has_demo(c));
    free(a);
    free(f);
    ik_content_close(c);
    ik_diag_destroy(d);
    teardown(NULL);
}

static void test_taxonomy_map_refusals(void **state)
{
    (void)state;
    fixture("foreign-taxonomy");
    put("dir/taxonomy_map.csv", "taxonomy,code,kiosk_code\n"
        "Catalogo servizi sociali,SS.04,psychological-support\n"
        "Catalogo servizi sociali,SS.07,sostegno\n"
        "Catalogo servizi sociali,SS.04,parenting-support\n");
    IkDiag *d = build(NULL, "a.pack", false);
    assert_true(has(d, "taxonomy_map.csv:3: kiosk_code \"sostegno\" is not a code of the kiosk"));
    assert_true(has(d, "taxonomy_map.csv:4: taxonomy \"Catalogo servizi sociali\" code \"SS.04\" "
                       "is mapped twice (first on line 2)"));
    ik_diag_destroy(d);
    teardown(NULL);
}

/* ---- areas from places ------------------------------------------------------- */
static void test_areas_from_towns(void **state)
{
    (void)state;
    fixture("areas-from-towns");
    IkDiag *d = build(NULL, "a.pack", true);
    IkContent *c = ik_content_open(at("a.pack"));
    static const struct { const char *id, *area; } want[] = {
        {"svc-campi", "piana-fi-po"},       /* address city "CAMPI BISENZIO" */
        {"svc-istat", "valli-etrusche"},    /* location external_identifier 049012 (Piombino) */
        {"svc-zona", "area-aretina"},       /* service_area named "Area Aretina" */
        {"svc-comune", "area-aretina"},     /* service_area named "Castiglion Fiorentino" */
    };
    for (size_t i = 0; i < IK_COUNT(want); i++) {
        IkService *s = ik_content_service(c, "it", want[i].id);
        assert_non_null(s);
        if (strcmp(s->area, want[i].area))
            fail_msg("%s: area %s, expected %s", want[i].id, s->area, want[i].area);
        ik_service_free(s);
    }
    IkSearchFilter f = {.area = "area-aretina", .age = -1};
    size_t n = 0;
    IkSearchResult *r = ik_content_search(c, "it", "", &f, &n);
    assert_int_equal(n, 2);
    ik_search_results_free(r, n);
    ik_content_close(c);
    ik_diag_destroy(d);
    /* a town in no area: the error names the service and its town */
    sh("sed -i 's/CAMPI BISENZIO/Vipiteno/' '%s'", at("dir/address.csv"));
    d = build(NULL, "b.pack", false);
    assert_true(has(d, "service.csv:2: service \"svc-campi\" has no area: no area term is linked "
                       "to it, no service_area row names one, and its town \"Vipiteno\" is not in "
                       "content/municipalities.csv"));
    assert_int_equal(ik_diag_errors(d), 1);
    ik_diag_destroy(d);
    teardown(NULL);
}

static void test_municipalities_checked(void **state)
{
    (void)state;
    fixture("areas-from-towns");
    put("content/municipalities.csv", "istat_code,name,area,source\n"
        "048006,Campi Bisenzio,piana-fi-po,\n"
        "48006,Campi,piana-fi-po,\n"
        "048006,Campi di nuovo,piana-fi-po,\n"
        "051002,Arezzo,arezzo,\n"
        "051017,campi  bisenzio,area-aretina,\n");
    IkDiag *d = build(NULL, "a.pack", false);
    assert_true(has(d, "municipalities.csv:3: istat_code \"48006\" is not an ISTAT municipality "
                       "code (6 digits)"));
    assert_true(has(d, "municipalities.csv:4: duplicate istat_code \"048006\" (first on line 2)"));
    assert_true(has(d, "municipalities.csv:5: area \"arezzo\" is not an area of the kiosk"));
    assert_true(has(d, "municipalities.csv:6: duplicate town \"campi  bisenzio\" (first on line 2)"));
    ik_diag_destroy(d);
    teardown(NULL);
}

/* ---- schedules ---------------------------------------------------------------- */
static time_t utc(int y, int mo, int d, int h, int mi)
{
    return (time_t)ik_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

/* "open now" at fixed clocks, for each rule of the fixture, read back from
 * the pack as the kiosk reads it */
static void test_schedules_open_now(void **state)
{
    (void)state;
    fixture("schedules");
    IkDiag *d = build(NULL, "a.pack", true);
    IkContent *c = ik_content_open(at("a.pack"));
    static const struct {
        const char *id;
        int y, mo, d, h, mi;    /* UTC */
        bool open;
        const char *why;
    } cases[] = {
        {"svc-first", 2026, 12, 7, 9, 0, true, "Mon 7 Dec 10:00 CET: the first Monday"},
        {"svc-first", 2026, 12, 14, 9, 0, false, "Mon 14 Dec: the second Monday"},
        {"svc-first", 2026, 11, 2, 10, 59, true, "Mon 2 Nov 11:59 CET: the first Monday"},
        {"svc-last", 2026, 12, 25, 20, 30, true, "Fri 25 Dec 21:30 CET: the last Friday"},
        {"svc-last", 2026, 12, 26, 0, 30, true, "Sat 26 Dec 01:30: past midnight of the last Friday"},
        {"svc-last", 2026, 12, 18, 20, 30, false, "Fri 18 Dec: not the last Friday"},
        {"svc-last", 2027, 1, 30, 0, 30, true, "Sat 30 Jan 01:30: Fri 29 Jan is the last"},
        {"svc-mday", 2026, 12, 15, 9, 30, true, "15 Dec 10:30 CET"},
        {"svc-mday", 2026, 12, 16, 9, 30, false, "16 Dec"},
        {"svc-summer", 2026, 6, 6, 8, 0, true, "Sat 6 Jun 10:00 CEST, in the season"},
        {"svc-summer", 2026, 9, 5, 8, 0, false, "Sat 5 Sep, after valid_to"},
        {"svc-summer", 2026, 5, 30, 8, 0, false, "Sat 30 May, before valid_from"},
        {"svc-fortnight", 2026, 1, 6, 14, 0, true, "Tue 6 Jan 15:00 CET: dtstart's week"},
        {"svc-fortnight", 2026, 1, 13, 14, 0, false, "Tue 13 Jan: the week between"},
        {"svc-fortnight", 2026, 1, 20, 14, 0, true, "Tue 20 Jan: two weeks on"},
        {"svc-fortnight", 2027, 1, 5, 14, 0, false, "Tue 5 Jan 2027: after until"},
        {"svc-beyond", 2026, 9, 7, 9, 0, false, "a YEARLY rule is not computed: never open"},
        {"svc-daily", 2027, 1, 12, 7, 30, true, "12 Jan 2027 08:30 CET"},
        {"svc-daily", 2027, 2, 1, 7, 30, false, "1 Feb 2027: after valid_to"},
        {"svc-weekly", 2026, 12, 7, 8, 0, true, "Mon 09:00 CET"},
        /* the night of Saturday 28 March 2026: clocks go from 02:00 to 03:00 */
        {"svc-night", 2026, 3, 28, 21, 30, true, "Sat 22:30 CET"},
        {"svc-night", 2026, 3, 29, 0, 59, true, "Sun 01:59 CET"},
        {"svc-night", 2026, 3, 29, 1, 0, false, "Sun 03:00 CEST: the clock jumped past 02:30"},
        {"svc-night", 2026, 3, 29, 1, 31, false, "Sun 03:31 CEST: closed since 02:30 wall clock"},
        /* the night of Saturday 24 October 2026: 03:00 goes back to 02:00 */
        {"svc-night", 2026, 10, 25, 0, 15, true, "Sun 02:15 CEST, the first 02:15"},
        {"svc-night", 2026, 10, 25, 1, 15, true, "Sun 02:15 CET, the second 02:15"},
        {"svc-night", 2026, 10, 25, 1, 31, false, "Sun 02:31 CET"},
        {"svc-night", 2026, 10, 24, 19, 59, false, "Sat 21:59 CEST"},
    };
    for (size_t i = 0; i < IK_COUNT(cases); i++) {
        IkService *s = ik_content_service(c, "it", cases[i].id);
        assert_non_null(s);
        time_t t = utc(cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi);
        bool open = ik_service_open_at(s, t);
        if (open != cases[i].open)
            fail_msg("%s at %04d-%02d-%02d %02d:%02d UTC: %s, expected %s (%s)", cases[i].id,
                     cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi,
                     open ? "open" : "closed", cases[i].open ? "open" : "closed", cases[i].why);
        /* the search filter asks the same function */
        IkSearchFilter f = {.open_now = true, .now = t, .age = -1};
        size_t n = 0;
        bool listed = false;
        IkSearchResult *r = ik_content_search(c, "it", "", &f, &n);
        for (size_t k = 0; k < n; k++)
            listed |= !strcmp(r[k].id, cases[i].id);
        ik_search_results_free(r, n);
        if (listed != open)
            fail_msg("%s: the search filter says %s (%s)", cases[i].id, listed ? "open" : "closed",
                     cases[i].why);
        ik_service_free(s);
    }
    ik_content_close(c);
    ik_diag_destroy(d);
    teardown(NULL);
}

/* what the card shows: weekly hours as lines, every other rule in words */
static void test_schedules_shown(void **state)
{
    (void)state;
    fixture("schedules");
    IkDiag *d = build(NULL, "a.pack", true);
    IkContent *c = ik_content_open(at("a.pack"));
    static const struct { const char *id, *text; } want[] = {
        {"svc-first", "Il primo lunedì del mese, 09:00–12:00"},
        {"svc-last", "L'ultimo venerdì del mese, 21:00–02:00 (fino al giorno dopo)"},
        {"svc-mday", "Il giorno 15 del mese, 10:00–11:00"},
        {"svc-summer", "Dal 1º giugno 2026 al 31 agosto 2026: sabato, 09:00–13:00"},
        {"svc-fortnight", "Dal 6 gennaio 2026 al 31 dicembre 2026: a settimane alterne, martedì, "
                          "14:00–16:00"},
        {"svc-beyond", "Una volta l'anno, a settembre: chiedere la data per telefono."},
        {"svc-weekly", "\u2066""09:00\u2069 – \u2066""13:00\u2069\nChiuso nei giorni festivi."},
    };
    for (size_t i = 0; i < IK_COUNT(want); i++) {
        IkService *s = ik_content_service(c, "it", want[i].id);
        char *h = ik_content_hours(c, "it", s);
        if (!strstr(h, want[i].text))
            fail_msg("%s: \"%s\" not in \"%s\"", want[i].id, want[i].text, h);
        free(h);
        ik_service_free(s);
    }
    ik_content_close(c);
    ik_diag_destroy(d);
    teardown(NULL);
}

/* what is truly broken is still refused */
static void test_schedule_refusals(void **state)
{
    (void)state;
    fixture("schedules");
    put("dir/schedule.csv",
        "id,service_id,freq,byday,bymonthday,interval,dtstart,valid_from,valid_to,byyearday,"
        "description,opens_at,closes_at\n"
        "r1,svc-first,WEEKLY,1MO,,,,,,,,09:00,12:00\n"
        "r2,svc-first,MONTHLY,6MO,,,,,,,,09:00,12:00\n"
        "r3,svc-first,WEEKLY,MO,,2,,,,,,09:00,12:00\n"
        "r4,svc-first,YEARLY,,,,,,,250,,09:00,12:00\n"
        "r5,svc-first,MONTHLY,,0,,,,,,,09:00,12:00\n"
        "r6,svc-first,WEEKLY,MO,,,,2026-09-01,2026-06-01,,,09:00,12:00\n"
        "r7,svc-first,WEEKLY,MO,,,,,,,,09:00,\n"
        "r8,svc-first,FORTNIGHTLY,MO,,,,,,,,09:00,12:00\n"
        "r9,svc-first,WEEKLY,\"MO,,WE\",,,,,,,,09:00,12:00\n");
    IkDiag *d = build(NULL, "a.pack", false);
    assert_true(has(d, "schedule.csv:2: byday with a number (1MO, -1FR) needs freq MONTHLY"));
    assert_true(has(d, "schedule.csv:3: a month has at most five of each weekday"));
    assert_true(has(d, "schedule.csv:4: interval 2 needs dtstart"));
    assert_true(has(d, "schedule.csv:5: the kiosk does not compute this schedule (byyearday) and "
                       "it has no description to show instead"));
    assert_true(has(d, "schedule.csv:6: bymonthday \"0\" is not a day of the month"));
    assert_true(has(d, "schedule.csv:7: the schedule ends (valid_to or until) before it starts"));
    assert_true(has(d, "schedule.csv:8: closes_at is missing: give both times or neither"));
    assert_true(has(d, "schedule.csv:9: freq \"FORTNIGHTLY\" is not an RFC 5545 frequency"));
    assert_true(has(d, "schedule.csv:10: byday \"\" is not a day"));
    ik_diag_destroy(d);
    teardown(NULL);
}

/* DST nights straight on the function every caller uses */
static void test_open_now_dst(void **state)
{
    (void)state;
    /* Sunday 01:00-04:00 on the spring night: 02:00-03:00 does not exist */
    IkOpening night = {.weekday = 6, .opens = 60, .closes = 240};
    assert_true(ik_schedule_open_at(&night, 1, utc(2026, 3, 29, 0, 30)));    /* 01:30 CET */
    assert_true(ik_schedule_open_at(&night, 1, utc(2026, 3, 29, 1, 30)));    /* 03:30 CEST */
    assert_false(ik_schedule_open_at(&night, 1, utc(2026, 3, 29, 2, 0)));    /* 04:00 CEST */
    /* and on the autumn night 02:00-03:00 comes twice */
    assert_true(ik_schedule_open_at(&night, 1, utc(2026, 10, 25, 2, 59)));   /* 03:59 CET */
    assert_false(ik_schedule_open_at(&night, 1, utc(2026, 10, 25, 3, 0)));   /* 04:00 CET */
    assert_true(ik_schedule_open_at(&night, 1, utc(2026, 10, 24, 23, 30)));  /* Sun 01:30 CEST */
    long day;
    int wd, min;
    assert_int_equal(ik_rome_clock(utc(2026, 10, 25, 0, 30), &day, &wd, &min), 7200);
    assert_int_equal(min, 150);
    assert_int_equal(ik_rome_clock(utc(2026, 10, 25, 1, 30), &day, &wd, &min), 3600);
    assert_int_equal(min, 150);
    assert_int_equal(wd, 6);
    /* the next opening later today, for "opens at 14:00" */
    IkOpening two[] = {{.weekday = 0, .opens = 540, .closes = 720},
                       {.weekday = 0, .opens = 840, .closes = 1080, .freq = IK_FREQ_MONTHLY,
                        .ordinal = 2}};
    assert_int_equal(ik_schedule_opens_later(two, 2, utc(2026, 12, 7, 12, 0)), -1);  /* 1st Mon */
    assert_int_equal(ik_schedule_opens_later(two, 2, utc(2026, 12, 14, 12, 0)), 840); /* 2nd */
    assert_int_equal(ik_schedule_opens_later(two, 2, utc(2026, 12, 14, 7, 0)), 540);
}

/* ---- data package, round trip ----------------------------------------------- */
/* the rows of every table a build writes (not meta, not the search index),
 * as text, table by table, to compare two packs field by field */
static char *dump(const char *pack)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(pack, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *tables, *rows;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE"
                       " 'search%' AND name NOT LIKE 'sqlite%' AND name <> 'meta' ORDER BY name",
                       -1, &tables, NULL);
    IkBuf out = {0};
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(tables, 0);
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", t);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
        IkBuf order = {0};
        for (int k = 0; k < sqlite3_column_count(rows); k++)
            ik_buf_printf(&order, "%s%d", k ? ", " : " ORDER BY ", k + 1);
        sqlite3_finalize(rows);
        sqlite3_free(sql);
        sql = sqlite3_mprintf("SELECT * FROM \"%w\"%s", t, order.data);
        ik_buf_free(&order);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            ik_buf_printf(&out, "%s:", t);
            for (int k = 0; k < sqlite3_column_count(rows); k++)
                ik_buf_printf(&out, " %s=%s", sqlite3_column_name(rows, k),
                              sqlite3_column_text(rows, k) ? (const char *)sqlite3_column_text(rows, k)
                                                           : "NULL");
            ik_buf_puts(&out, "\n");
        }
        sqlite3_finalize(rows);
        sqlite3_free(sql);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return out.data;
}

static void assert_same_packs(const char *a, const char *b)
{
    char *da = dump(at(a)), *db = dump(at(b));
    assert_non_null(da);
    if (strcmp(da, db) != 0) {
        size_t i = 0;
        while (da[i] && da[i] == db[i])
            i++;
        while (i > 0 && da[i - 1] != '\n')
            i--;
        fail_msg("%s and %s differ from:\n%.300s\n----\n%.300s", a, b, da + i, db + i);
    }
    free(da);
    free(db);
}

/* HSDS 3.0's own package (plural file names, datapackage.json) builds the
 * same pack as the same tables named after their tables */
static void test_datapackage_read(void **state)
{
    (void)state;
    fixture("foreign-taxonomy");
    sh("cp -r '%s/hsds/datapackage' '%s/dp'", DATA, tmp);
    ik_diag_destroy(build(NULL, "a.pack", true));
    ik_diag_destroy(build(at("dp"), "b.pack", true));
    assert_same_packs("a.pack", "b.pack");
    /* what a data package cannot say */
    put("dp/datapackage.json", "{\"resources\": [{\"name\": \"service\", \"path\": "
        "\"../../etc/services.csv\"}, {\"name\": \"organization\", \"path\": [\"a.csv\", "
        "\"b.csv\"]}, {\"name\": \"weather\", \"path\": \"w.csv\"}]}");
    IkDiag *d = build(at("dp"), "c.pack", false);
    assert_true(has(d, "datapackage.json: resource \"service\": the path must be one .csv file "
                       "inside the folder"));
    assert_true(has(d, "datapackage.json: resource \"organization\": the path must be one .csv"));
    assert_true(has(d, "datapackage.json: warning: resource \"weather\" is not a table the kiosk "
                       "reads: ignored"));
    ik_diag_destroy(d);
    put("dp/datapackage.json", "{\"resources\": [");
    d = build(at("dp"), "c.pack", false);
    assert_true(has(d, "datapackage.json: not valid JSON"));
    ik_diag_destroy(d);
    /* both names of one table: which one is meant? */
    sh("cp '%s' '%s'", at("dir/service.csv"), at("dir/services.csv"));
    d = build(NULL, "c.pack", false);
    assert_true(has(d, "services.csv: both service.csv and services.csv are here: keep one"));
    ik_diag_destroy(d);
    teardown(NULL);
}

/* export-hsds writes the tables and datapackage.json; building the export
 * gives the same services, terms, schedules and strings, field by field */
static void test_round_trip(void **state)
{
    (void)state;
    static const char *const fixtures[] = {"foreign-taxonomy", "areas-from-towns", "schedules"};
    for (size_t i = 0; i < IK_COUNT(fixtures); i++) {
        fixture(fixtures[i]);
        ik_diag_destroy(build(NULL, "a.pack", true));
        assert_true(ik_pack_export_hsds(at("a.pack"), at("export")));
        assert_true(ik_file_exists(at("export/datapackage.json")));
        ik_diag_destroy(build(at("export"), "b.pack", true));
        assert_same_packs("a.pack", "b.pack");
        /* and once more, from the second export */
        assert_true(ik_pack_export_hsds(at("b.pack"), at("export2")));
        sh("diff -r '%s' '%s'", at("export"), at("export2"));
        teardown(NULL);
    }
    /* the repository's own directory too */
    snprintf(tmp, sizeof tmp, "/tmp/ik_test_hsds_XXXXXX");
    assert_non_null(mkdtemp(tmp));
    IkPackOptions o = {.content_dir = IK_SOURCE_DIR "/content",
                       .translations_dir = IK_SOURCE_DIR "/translations", .version = "1"};
    IkDiag *d = ik_diag_create(NULL, 100);
    assert_true(ik_pack_build(&o, at("a.pack"), d));
    assert_true(ik_pack_export_hsds(at("a.pack"), at("export")));
    o.services_dir = at("export");
    assert_true(ik_pack_build(&o, at("b.pack"), d));
    assert_same_packs("a.pack", "b.pack");
    ik_diag_destroy(d);
    teardown(NULL);
}

/* ---- the age of the information ------------------------------------------------ */
static void test_freshness(void **state)
{
    (void)state;
    fixture("foreign-taxonomy");
    sh("sed -i '2s/2026-09-01,verifica/2025-06-30,verifica/' '%s'", at("dir/service.csv"));
    IkDiag *d = build(NULL, "a.pack", true);
    assert_true(has(d, "service.csv:2: warning: service \"svc-ascolto\" was last checked on "
                       "2025-06-30, 519 days ago (more than 365)"));
    ik_diag_destroy(d);
    IkPackOptions o = options(NULL);
    o.stale_days = 600;
    d = ik_diag_create(NULL, 100);
    assert_true(ik_pack_build(&o, NULL, d));
    assert_null(strstr(ik_diag_text(d), "last checked"));
    ik_diag_destroy(d);
    /* the card's line: the date as readers of each language write it */
    IkContent *c = ik_content_open(at("a.pack"));
    IkService *s = ik_content_service(c, "it", "svc-famiglie");
    assert_non_null(s->checked);
    assert_string_equal(s->checked, "2026-09-01");
    ik_service_free(s);
    ik_content_close(c);
    char text[96];
    assert_true(ik_content_date("it", "2026-09-01", text, sizeof text));
    assert_string_equal(text, "1 settembre 2026");
    assert_true(ik_content_date("en", "2026-09-01", text, sizeof text));
    assert_string_equal(text, "September 1, 2026");
    assert_false(ik_content_date("it", "2026-02-30", text, sizeof text));
    /* last_modified counts when assured_date is empty */
    sh("sed -i '2s/2025-06-30,verifica/,verifica/; 2s/example.org,,,$/example.org,,,2026-11-20T09:30:00Z/' '%s'",
       at("dir/service.csv"));
    d = build(NULL, "b.pack", true);
    c = ik_content_open(at("b.pack"));
    s = ik_content_service(c, "it", "svc-ascolto");
    assert_non_null(s->checked);
    assert_string_equal(s->checked, "2026-11-20");
    ik_service_free(s);
    ik_content_close(c);
    ik_diag_destroy(d);
    teardown(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_foreign_taxonomy),
        cmocka_unit_test(test_any_taxonomy_name),
        cmocka_unit_test(test_taxonomy_map_refusals),
        cmocka_unit_test(test_areas_from_towns),
        cmocka_unit_test(test_municipalities_checked),
        cmocka_unit_test(test_schedules_open_now),
        cmocka_unit_test(test_schedules_shown),
        cmocka_unit_test(test_schedule_refusals),
        cmocka_unit_test(test_open_now_dst),
        cmocka_unit_test(test_datapackage_read),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_freshness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
