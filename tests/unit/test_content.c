/* Content reader: read-only open, Italian fallback and its bounded cache,
 * plural rules, topics, confidential addresses, Rome time across DST. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../../app/content/content_internal.h"
#include "../../app/content/plural.h"
#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"
#include "incontro/text.h"
#include "data_fixture.h"
#include "gettextpo_leak.h"

#define DATA IK_SOURCE_DIR "/tests/data/pack/ok"

static char dir[256], pack[300];

static int group_setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ik_test_content_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(pack, sizeof pack, "%s/t.pack", dir);
    IkPackOptions o = {.content_dir = DATA "/content", .translations_dir = DATA "/translations"};
    IkDiag *d = ik_diag_create(stderr, 20);
    bool ok = ik_pack_build(&o, pack, d);
    ik_diag_destroy(d);
    /* the kiosk never writes: a pack it cannot write must still open */
    chmod(pack, 0444);
    return ok ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* UTC time_t of a date, without the process's TZ */
static time_t utc(int y, int mo, int d, int h, int mi)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return timegm(&tm);
}

static void test_open_errors(void **state)
{
    (void)state;
    assert_null(ik_content_open("/nonexistent/x.pack"));
    assert_non_null(strstr(ik_error(), "/nonexistent/x.pack"));
    char path[400];
    snprintf(path, sizeof path, "%s/text.pack", dir);
    assert_true(ik_file_write_atomic(path, "not sqlite at all, just text", 28));
    assert_null(ik_content_open(path));
    assert_non_null(strstr(ik_error(), "not a content pack"));
    snprintf(path, sizeof path, "%s/future.pack", dir);
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES('format','99')",
                 NULL, NULL, NULL);
    sqlite3_close(db);
    assert_null(ik_content_open(path));
    assert_non_null(strstr(ik_error(), "format 99"));
}

static void test_text_fallback_and_cache(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(pack);
    assert_non_null(c);
    assert_string_equal(ik_content_ui(c, "en", "home.title"), "How can we help you?");
    /* fuzzy in en.po: Italian, counted */
    size_t before = ik_content_fallback_count(c);
    assert_string_equal(ik_content_ui(c, "en", "home.door.help"), "Aiuto subito");
    assert_true(ik_content_fallback_count(c) > before);
    assert_string_equal(ik_content_ui(c, "ar", "home.title"), "Come possiamo aiutarti?");
    assert_string_equal(ik_content_ui(c, "xx", "home.title"), "Come possiamo aiutarti?");
    assert_string_equal(ik_content_text(c, "en", "service:svc-open:name"), "Open desk");
    /* never NULL, never empty: a missing key shows itself */
    assert_string_equal(ik_content_text(c, "en", "ui:no.such.key"), "ui:no.such.key");
    /* cached: the same pointer, no new query */
    const char *a = ik_content_ui(c, "en", "home.title");
    assert_ptr_equal(a, ik_content_ui(c, "en", "home.title"));
    assert_true(ik_content_has_text(c, "en", "ui:home.title"));
    assert_false(ik_content_has_text(c, "en", "ui:home.door.help"));
    /* bounded: thousands of distinct missing keys do not grow memory without end */
    char key[64];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "ui:missing.%d", i);
        const char *t = ik_content_text(c, "en", key);
        assert_non_null(t);
        assert_true(t[0] != '\0');
    }
    ik_content_close(c);
}

static void test_plural(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(pack);
    assert_string_equal(ik_content_plural(c, "en", "ui:results.count", 1), "%d service found");
    assert_string_equal(ik_content_plural(c, "en", "ui:results.count", 7), "%d services found");
    assert_string_equal(ik_content_plural(c, "it", "ui:results.count", 0), "%d servizi trovati");
    assert_string_equal(ik_content_plural(c, "ar", "ui:results.count", 1), "%d servizio trovato");
    assert_string_equal(ik_content_plural(c, "ar", "ui:results.count", 3), "%d servizi trovati");
    ik_content_close(c);
    const char *ar = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
                     "n%100<=10 ? 3 : n%100>=11 ? 4 : 5);";
    assert_int_equal(ik_plural_index(ar, 0), 0);
    assert_int_equal(ik_plural_index(ar, 2), 2);
    assert_int_equal(ik_plural_index(ar, 105), 3);
    assert_int_equal(ik_plural_index(ar, 111), 4);
    assert_int_equal(ik_plural_index(ar, 100), 5);
    assert_int_equal(ik_plural_index("nplurals=1; plural=0;", 5), 0);
    assert_int_equal(ik_plural_index("nplurals=2; plural=(n > 1);", 1), 0);
    assert_int_equal(ik_plural_index("nplurals=2; plural=n %% ;", 1), -1);
    assert_int_equal(ik_plural_index("nplurals=2; plural=(n/0);", 1), -1);
    assert_int_equal(ik_plural_index("nplurals=2; plural=5;", 1), -1);
}

static void test_topics_and_blocks(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(pack);
    size_t n;
    IkTopic *t = ik_content_topics(c, "en", &n);
    assert_int_equal(n, 2);
    assert_string_equal(t[0].id, "rights");
    assert_string_equal(t[0].title, "Your rights");
    assert_false(t[0].fallback);
    assert_string_equal(t[1].title, "Il bullismo");
    assert_true(t[1].fallback);
    assert_string_equal(t[1].audience, "teens");
    ik_topics_free(t, n);
    bool fb = true;
    IkBlock *b = ik_content_topic_blocks(c, "en", "rights", &n, &fb);
    assert_non_null(b);
    assert_false(fb);
    assert_int_equal(n, 7);
    assert_int_equal(b[0].kind, IK_BLOCK_TITLE);
    assert_string_equal(b[0].text, "Your rights");
    assert_string_equal(b[1].text, "You have the right to be protected.");
    assert_int_equal(b[2].kind, IK_BLOCK_HEADING);
    assert_int_equal(b[3].kind, IK_BLOCK_BULLET);
    assert_int_equal(b[6].kind, IK_BLOCK_NUMBER);
    assert_int_equal(b[6].number, 2);
    ik_blocks_free(b, n);
    b = ik_content_topic_blocks(c, "ar", "bullying", &n, &fb);
    assert_true(fb);
    assert_string_equal(b[0].text, "Il bullismo");
    ik_blocks_free(b, n);
    assert_null(ik_content_topic_blocks(c, "en", "nope", &n, &fb));
    ik_content_close(c);
}

static void test_helplines_and_terms(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(pack);
    size_t n;
    IkHelpline *h = ik_content_helplines(c, "en", &n);
    assert_int_equal(n, 5);
    assert_string_equal(h[0].number, "112");
    assert_int_equal(h[0].free, 1);
    assert_string_equal(h[1].languages, "it en");
    assert_string_equal(h[1].name, "Antiviolenza");   /* not translated: Italian */
    ik_helplines_free(h, n);
    IkTerm *t = ik_content_terms(c, "it", "category", &n);
    assert_int_equal(n, 2);
    assert_string_equal(t[0].code, "civic-orientation");
    assert_string_equal(t[1].name, "Supporto psicologico");
    ik_terms_free(t, n);
    t = ik_content_terms(c, "it", "area", &n);
    assert_int_equal(n, 1);
    ik_terms_free(t, n);
    ik_content_close(c);
}

static void test_confidential_address(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(pack);
    IkService *s = ik_content_service(c, "en", "svc-safe");
    assert_non_null(s);
    assert_true(s->confidential);
    assert_null(s->address);
    assert_true(s->latitude == 0 && s->longitude == 0);
    assert_string_equal(s->city, "Prato");
    assert_int_equal(s->phone_count, 1);
    assert_string_equal(s->phones[0].number, "+39 000 000 0002");
    assert_int_equal(s->min_age, 14);
    assert_int_equal(s->max_age, 17);
    assert_false(s->demo);
    ik_service_free(s);
    s = ik_content_service(c, "en", "svc-open");
    assert_string_equal(s->name, "Open desk");
    assert_string_equal(s->description, "Informazioni per famiglie.");
    assert_string_equal(s->address, "Via dell'Esempio 3");
    assert_string_equal(s->organization, "Centro Esempio (demo)");
    assert_string_equal(s->fees, "Gratuito");
    assert_string_equal(s->area, "piana-fi-po");
    assert_int_equal(s->category_count, 1);
    assert_int_equal(s->language_count, 2);
    assert_int_equal(s->opening_count, 2);
    assert_true(s->free && s->demo);
    assert_string_equal(s->url, "https://example.org/a");   /* from the organization */
    assert_int_equal(s->min_age, -1);
    ik_service_free(s);
    assert_null(ik_content_service(c, "en", "svc-none"));
    ik_content_close(c);
}

static void test_rome_time_dst(void **state)
{
    (void)state;
    /* the process TZ must not matter */
    setenv("TZ", "America/New_York", 1);
    tzset();
    int wd, min;
    /* 2026: CEST from 29 March 01:00 UTC to 25 October 01:00 UTC */
    assert_int_equal(ik_rome_time(utc(2026, 3, 29, 0, 59), &wd, &min), 3600);
    assert_int_equal(min, 1 * 60 + 59);
    assert_int_equal(wd, 6);    /* Sunday */
    assert_int_equal(ik_rome_time(utc(2026, 3, 29, 1, 0), &wd, &min), 7200);
    assert_int_equal(min, 3 * 60);
    assert_int_equal(ik_rome_time(utc(2026, 10, 25, 0, 59), &wd, &min), 7200);
    assert_int_equal(min, 2 * 60 + 59);
    assert_int_equal(ik_rome_time(utc(2026, 10, 25, 1, 0), &wd, &min), 3600);
    assert_int_equal(min, 2 * 60);
    /* midnight crossing: 23:30 UTC on Monday 30 Nov is 00:30 Tuesday in Rome */
    ik_rome_time(utc(2026, 11, 30, 23, 30), &wd, &min);
    assert_int_equal(wd, 1);
    assert_int_equal(min, 30);
    /* 2027: last Sundays are 28 March and 31 October */
    assert_int_equal(ik_rome_time(utc(2027, 3, 28, 1, 0), NULL, NULL), 7200);
    assert_int_equal(ik_rome_time(utc(2027, 3, 27, 12, 0), NULL, NULL), 3600);
    assert_int_equal(ik_rome_time(utc(2027, 10, 31, 0, 30), NULL, NULL), 7200);
    unsetenv("TZ");
    tzset();
}

static void test_open_at_across_dst(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(pack);
    IkService *s = ik_content_service(c, "it", "svc-safe");   /* SU 01:30-03:30 */
    assert_true(ik_service_open_at(s, utc(2026, 3, 29, 0, 45)));   /* 01:45 CET */
    assert_false(ik_service_open_at(s, utc(2026, 3, 29, 1, 45)));  /* 03:45 CEST */
    assert_true(ik_service_open_at(s, utc(2026, 10, 25, 0, 15)));  /* 02:15 CEST */
    assert_true(ik_service_open_at(s, utc(2026, 10, 25, 1, 45)));  /* 02:45 CET */
    assert_false(ik_service_open_at(s, utc(2026, 10, 25, 2, 45))); /* 03:45 CET */
    ik_service_free(s);
    s = ik_content_service(c, "it", "svc-open");   /* MO,WE 09:00-13:00 */
    assert_true(ik_service_open_at(s, utc(2026, 11, 30, 8, 0)));   /* Mon 09:00 CET */
    assert_false(ik_service_open_at(s, utc(2026, 11, 30, 7, 59)));
    assert_false(ik_service_open_at(s, utc(2026, 11, 30, 12, 0))); /* 13:00: closed */
    assert_true(ik_service_open_at(s, utc(2026, 7, 1, 7, 30)));    /* Wed 09:30 CEST */
    assert_false(ik_service_open_at(s, utc(2026, 7, 1, 11, 30)));  /* 13:30 CEST */
    assert_false(ik_service_open_at(s, utc(2026, 12, 1, 9, 0)));   /* Tuesday */
    ik_service_free(s);
    assert_false(ik_service_open_at(NULL, 0));
    ik_content_close(c);
}

static void test_reader_never_writes(void **state)
{
    (void)state;
    size_t n1, n2;
    char *before = ik_file_read(pack, &n1);
    struct stat st1, st2;
    stat(pack, &st1);
    IkContent *c = ik_content_open(pack);
    assert_non_null(c);
    size_t n;
    IkTopic *t = ik_content_topics(c, "it", &n);
    ik_topics_free(t, n);
    IkService *s = ik_content_service(c, "it", "svc-open");
    ik_service_free(s);
    /* the handle is read-only: a write is refused */
    assert_int_not_equal(sqlite3_exec(ik_content_db(c), "DELETE FROM meta", NULL, NULL, NULL),
                         SQLITE_OK);
    /* its page cache is bounded (256 KiB), pages read in place */
    sqlite3_stmt *pc = NULL;
    assert_int_equal(sqlite3_prepare_v2(ik_content_db(c), "PRAGMA cache_size", -1, &pc, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(pc), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(pc, 0), -256);
    sqlite3_finalize(pc);
    ik_content_close(c);
    char *after = ik_file_read(pack, &n2);
    stat(pack, &st2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1);
    assert_true(st1.st_mtime == st2.st_mtime);
    free(before);
    free(after);
}

/* the pack built from the repository's content/ and translations/ */
static void test_repository_pack(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(test_pack_path());
    assert_non_null(c);
    assert_int_equal(ik_content_language_count(c), 15);
    static const char *const order[] = {"it", "en", "fr", "es", "sq", "ro", "uk", "ar", "fa-AF",
                                        "ps", "ur", "bn", "ti", "zh-Hans", "so"};
    for (size_t i = 0; i < 15; i++)
        assert_string_equal(ik_content_language(c, i)->code, order[i]);
    assert_true(ik_content_language_find(c, "ur")->rtl);
    assert_false(ik_content_language_find(c, "bn")->rtl);
    assert_true(ik_content_has_demo(c));
    size_t n;
    IkHelpline *h = ik_content_helplines(c, "ar", &n);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++)
        assert_true(h[i].name[0] && h[i].description[0]);
    ik_helplines_free(h, n);
    IkTerm *t = ik_content_terms(c, "en", "area", &n);
    assert_int_equal(n, 3);
    ik_terms_free(t, n);
    t = ik_content_terms(c, "en", "category", &n);
    assert_int_equal(n, 5);
    ik_terms_free(t, n);
    ik_content_close(c);
}

/* Spoken languages by their own names: the pack's endonym for a code naming
 * a pack language more or less precisely, CLDR's for the others. */
static void test_language_names(void **state)
{
    (void)state;
    const char *path = getenv("IK_PACK");
    assert_non_null(path);
    IkContent *c = ik_content_open(path);
    assert_non_null(c);
    static const struct {
        const char *code, *name;
    } cases[] = {
        {"zh", "中文"}, {"zh-Hans", "中文"}, {"fa", "دری"}, {"fa-AF", "دری"}, {"AR", "العربية"},
        {"ti", "ትግርኛ"}, {"de", "Deutsch"}, {"wo", "Wolof"}, {"am", "አማርኛ"},
        {"xx", "xx"}, {"", ""}, {"zh-Hant", "中文"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = ik_content_language_name(c, cases[i].code);
        if (strcmp(got, cases[i].name) != 0)
            fail_msg("%s: got '%s', want '%s'", cases[i].code, got, cases[i].name);
    }
    /* asked again: the same cached string */
    assert_ptr_equal(ik_content_language_name(c, "de"), ik_content_language_name(c, "de"));
    ik_content_close(c);
}

/* The "(demo)" marker of invented entries is read in the reader's script. */
static void test_demo_marker_translated(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(getenv("IK_PACK"));
    assert_non_null(c);
    for (size_t l = 0; l < ik_content_language_count(c); l++) {
        const IkLanguage *lang = ik_content_language(c, l);
        if (strcmp(lang->script, "Latn") == 0)
            continue;
        size_t n = 0;
        IkSearchFilter f = {.age = -1};
        IkSearchResult *r = ik_content_search(c, lang->code, "", &f, &n);
        assert_non_null(r);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++) {
            IkService *sv = ik_content_service(c, lang->code, r[i].id);
            assert_non_null(sv);
            if (sv->organization && strstr(sv->organization, "demo"))
                fail_msg("%s: organisation of %s keeps a Latin marker: %s", lang->code, sv->id,
                         sv->organization);
            if (strstr(sv->name, "demo"))
                fail_msg("%s: %s keeps a Latin marker: %s", lang->code, sv->id, sv->name);
            ik_service_free(sv);
        }
        ik_search_results_free(r, n);
    }
    ik_content_close(c);
}

/* Where code point `at` of text lands, left to right, on its line. */
static size_t visual_position(const char *text, size_t at, bool rtl)
{
    size_t *order = NULL, n = 0;
    assert_true(ik_text_order(text, strlen(text), rtl ? IK_DIR_RTL : IK_DIR_LTR, false, &order, &n));
    size_t pos = SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        if (order[i] == at)
            pos = i;
    free(order);
    assert_true(pos != SIZE_MAX);
    return pos;
}

/* Code point offset of the first byte of needle in text. */
static size_t cp_at(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    return ik_utf8_length(text, (size_t)(p - text));
}

/* Opening hours read the way their language writes: the first day and the
 * opening time at the reading start, in right-to-left languages too (a
 * range of times isolated as one left-to-right unit put 13:00 before 09:00
 * for an Arabic reader while the days read right to left), with the words
 * the translation gives a range ("پیر تا جمعہ", "09:00 سے 13:00 تک"). */
static void test_hours_read_in_the_language_direction(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(test_pack_path());
    assert_non_null(c);
    IkOpening o[5];
    for (int d = 0; d < 5; d++)
        o[d] = (IkOpening){.weekday = d, .opens = 9 * 60, .closes = 13 * 60};
    IkService sv = {0};
    sv.openings = o;
    sv.opening_count = 5;
    char *it = ik_content_hours(c, "it", &sv);
    assert_string_equal(it, "lun – ven  \u206609:00\u2069 – \u206613:00\u2069");
    free(it);
    const char *langs[] = {"ar", "ur", "fa-AF", "ps", "it", "zh-Hans", "uk"};
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        bool rtl = ik_text_lang_rtl(langs[i]);
        char *h = ik_content_hours(c, langs[i], &sv);
        const char *mon = ik_content_ui(c, langs[i], "common.weekday.mon.short");
        const char *fri = ik_content_ui(c, langs[i], "common.weekday.fri.short");
        size_t opens = visual_position(h, cp_at(h, "09"), rtl);
        size_t closes = visual_position(h, cp_at(h, "13"), rtl);
        size_t first = visual_position(h, cp_at(h, mon), rtl);
        size_t last = visual_position(h, cp_at(h, fri), rtl);
        /* Both ranges run in the reading direction... */
        assert_true(rtl ? opens > closes : opens < closes);
        assert_true(rtl ? first > last : first < last);
        /* ...and each time still reads left to right. */
        assert_true(visual_position(h, cp_at(h, "09") + 1, rtl) == opens + 1);
        free(h);
    }
    char *ur = ik_content_hours(c, "ur", &sv);
    assert_non_null(strstr(ur, "سے"));
    assert_non_null(strstr(ur, "تک"));
    free(ur);
    ik_content_close(c);
}

/* The pattern of a range takes its two ends in the order it names them. */
static void test_format_pair(void **state)
{
    (void)state;
    char *s = ik_content_format_pair("%2$s <- %1$s (100%%)", "a", "b");
    assert_string_equal(s, "b <- a (100%)");
    free(s);
    s = ik_content_format_pair("%s, %s; %3$s %d", "a", "b");
    assert_string_equal(s, "a, b; %3$s %d");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_text_fallback_and_cache),
        cmocka_unit_test(test_plural),
        cmocka_unit_test(test_topics_and_blocks),
        cmocka_unit_test(test_helplines_and_terms),
        cmocka_unit_test(test_confidential_address),
        cmocka_unit_test(test_rome_time_dst),
        cmocka_unit_test(test_open_at_across_dst),
        cmocka_unit_test(test_reader_never_writes),
        cmocka_unit_test(test_repository_pack),
        cmocka_unit_test(test_language_names),
        cmocka_unit_test(test_demo_marker_translated),
        cmocka_unit_test(test_hours_read_in_the_language_direction),
        cmocka_unit_test(test_format_pair),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
