/* Directory search: normalization (accents, Arabic-script variants, digits),
 * prefix, typos, synonyms, filters, open now across DST, ranking by the
 * kiosk's area, and bad input (FTS5 syntax, 10,000 characters, invalid
 * UTF-8) on a small pack-like database built here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/content/search_internal.h"
#include "../../app/pack/internal.h"
#include "incontro/content.h"
#include "incontro/core.h"

static sqlite3 *db;

static void sql(const char *s)
{
    char *msg = NULL;
    if (sqlite3_exec(db, s, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", s, msg);
}

static void service(const char *id, const char *area, const char *cat, const char *city, int free,
                    const char *ages, const char *status)
{
    char *q = sqlite3_mprintf(
        "INSERT INTO organization(id,name) VALUES('org-%q','Cooperativa %q');"
        "INSERT INTO service(id,organization_id,area,free,min_age,max_age,status)"
        " VALUES('%q','org-%q','%q',%d,%s,'%q');"
        "INSERT INTO service_term VALUES('%q','%q'),('%q','%q');"
        "INSERT INTO service_location(service_id,location_id,address,city)"
        " VALUES('%q','loc-%q','Via Roma 1','%q');",
        id, id, id, id, area, free, ages, status, id, area, id, cat, id, id, city);
    sql(q);
    sqlite3_free(q);
}

static void text(const char *lang, const char *id, const char *name, const char *desc)
{
    char *q = sqlite3_mprintf("INSERT INTO string(lang,key,value) VALUES('%q','service:%q:name','%q');"
                              "INSERT INTO string(lang,key,value) VALUES('%q','service:%q:description','%q');",
                              lang, id, name, lang, id, desc);
    sql(q);
    sqlite3_free(q);
}

static int setup(void **state)
{
    (void)state;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return -1;
    sql(ik_content_schema_sql());
    sql("INSERT INTO language(code,endonym,script,rtl,position) VALUES"
        " ('it','Italiano','Latn',0,0),('en','English','Latn',0,1),('ar','العربية','Arab',1,2),"
        " ('fa-AF','دری','Arab',1,3),('zh-Hans','中文','Hans',0,4),('ur','اردو','Arab',1,5),"
        " ('ps','پښتو','Arab',1,6);"
        "INSERT INTO term VALUES('piana-fi-po','area',0),('area-aretina','area',1),"
        " ('valli-etrusche','area',2),('civic-orientation','category',3),"
        " ('education-group','category',4),('psychological-support','category',5),"
        " ('parenting-support','category',6);"
        "INSERT INTO string(lang,key,value) VALUES"
        " ('it','term:piana-fi-po:name','Piana Firenze-Prato'),"
        " ('it','term:area-aretina:name','Area aretina'),"
        " ('it','term:valli-etrusche:name','Valli etrusche'),"
        " ('it','term:psychological-support:name','Supporto psicologico'),"
        " ('en','term:psychological-support:name','Psychological support'),"
        " ('ar','term:psychological-support:name','الدعم النفسي'),"
        " ('it','term:parenting-support:name','Sostegno alla genitorialità'),"
        " ('it','term:education-group:name','Sostegno scolastico di gruppo'),"
        " ('it','term:civic-orientation:name','Orientamento civico');"
        "INSERT INTO synonym VALUES('it','compiti','doposcuola|aiuto compiti'),"
        " ('it','ansia','psicologo|ascolto');");
    service("svc-psy", "area-aretina", "psychological-support", "Arezzo", 1, "11,18", "active");
    text("it", "svc-psy", "Psicologo per ragazzi", "Colloqui individuali gratuiti con una psicologa.");
    text("en", "svc-psy", "Psychologist for teenagers", "Free one-to-one talks with a psychologist.");
    text("ar", "svc-psy", "أخصائي نفسي للشباب", "جلسات فردية مجانية مع أخصائية نفسية.");
    service("svc-psy2", "piana-fi-po", "psychological-support", "Prato", 0, "18,NULL", "active");
    text("it", "svc-psy2", "Psicologo per adulti", "Sostegno per chi vive un periodo difficile.");
    service("svc-par", "piana-fi-po", "parenting-support", "Prato", 0, "NULL,NULL", "active");
    text("it", "svc-par", "Sportello genitorialità", "Un luogo per mamme e papà con bambini piccoli.");
    text("en", "svc-par", "Parenting desk", "A place for mothers and fathers of young children.");
    text("ar", "svc-par", "مجموعة الأمهات", "مكان للأمهات والآباء مع أطفال صغار.");
    service("svc-edu", "valli-etrusche", "education-group", "Piombino", 1, "6,14", "active");
    text("it", "svc-edu", "Doposcuola in biblioteca", "Aiuto nello studio per bambini e ragazzi.");
    text("fa-AF", "svc-edu", "کمک درسی برای کودکان", "کمک در درس ها بعد از مکتب، ۵ روز در هفته.");
    service("svc-civ", "area-aretina", "civic-orientation", "Cortona", 1, "NULL,NULL", "active");
    text("it", "svc-civ", "Orientamento ai servizi", "Informazioni su documenti, casa e lavoro.");
    text("ar", "svc-civ", "توجيه إلى الخدمات", "معلومات عن الوثائق والسكن والعمل.");
    /* texts only the Latin readings reach from a Latin keyboard */
    text("zh-Hans", "svc-psy", "青少年心理师", "为青少年提供免费的心理咨询。");
    text("ur", "svc-civ", "شہری رہنمائی", "دستاویزات، گھر اور کام کے بارے میں معلومات۔");
    text("ps", "svc-par", "د والدینو ملاتړ", "د کوچنیو ماشومانو میندو او پلرونو لپاره ځای.");
    service("svc-old", "area-aretina", "psychological-support", "Arezzo", 1, "NULL,NULL", "defunct");
    text("it", "svc-old", "Psicologo chiuso", "Non esiste più.");
    sql("INSERT INTO service_language VALUES('svc-psy','it','italiano'),('svc-psy','ar','arabo'),"
        " ('svc-par','it','italiano'),('svc-par','fa-AF','dari'),('svc-edu','it','italiano'),"
        " ('svc-civ','it','italiano'),('svc-civ','zh-Hans','cinese');"
        /* svc-psy: Monday 9-13; svc-civ: Sunday 22:00 to Monday 02:00 */
        "INSERT INTO service_schedule(service_id,weekday,opens,closes)"
        " VALUES('svc-psy',0,540,780),('svc-civ',6,1320,120);");
    if (!ik_search_index_build(db))
        return -1;
    /* building twice replaces the index */
    return ik_search_index_build(db) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    /* search keeps its statements on the connection until told */
    ik_search_forget(db);
    return sqlite3_close(db) == SQLITE_OK ? 0 : -1;
}

static IkSearchFilter any(void)
{
    return (IkSearchFilter){.age = -1};
}

/* index of id in the results of query, or -1; asserts the call succeeded */
static int rank_of(const char *lang, const char *query, const IkSearchFilter *f, const char *id,
                   size_t *count_out)
{
    size_t count = 99;
    IkSearchResult *r = ik_search_db(db, lang, query, f, &count);
    if (!r)
        fail_msg("search [%s] \"%s\": %s", lang, query, ik_error());
    int at = -1;
    for (size_t i = 0; i < count; i++)
        if (at < 0 && !strcmp(r[i].id, id))
            at = (int)i;
    if (count_out)
        *count_out = count;
    ik_search_results_free(r, count);
    return at;
}

static void check_norm(const char *in, const char *want)
{
    char *n = ik_search_normalize(in, strlen(in));
    assert_non_null(n);
    assert_string_equal(n, want);
    free(n);
}

static void test_normalize(void **state)
{
    (void)state;
    check_norm("Genitorialità", "genitorialita");
    check_norm("ÉCOLE Straße", "ecole strasse");
    check_norm("أإآٱا", "ااااا");                 /* hamza forms of alef, wasla */
    check_norm("مستشفى", "مستشفي");              /* alef maksura -> ya */
    check_norm("یےېۍي", "ييييي");                /* Persian, Urdu, Pashto ya */
    check_norm("کتاب", "كتاب");                   /* keheh -> kaf */
    check_norm("مدرسة", "مدرسه");                 /* ta marbuta */
    check_norm("ہھۀ", "ههه");                     /* Urdu ha forms, ha with hamza */
    check_norm("عـــربي", "عربي");                /* tatweel */
    check_norm("مُحَمَّدٌ", "محمد");               /* harakat */
    check_norm("۱۲۳ ٤٥ ১২", "123 45 12");          /* Persian, Arabic-Indic, Bengali digits */
    check_norm("", "");
    char *n = ik_search_normalize("a\xff\xfe" "b\xc3", 5);   /* invalid UTF-8: separators */
    assert_non_null(n);
    IkSearchToken t[4];
    bool trailing = false;
    assert_int_equal(ik_search_tokenize(n, t, 4, &trailing), 2);
    assert_string_equal(t[0].text, "a");
    ik_search_tokens_free(t, 2);
    free(n);
    /* Chinese has no spaces: each Han character is a token */
    n = ik_search_normalize("心理咨询", strlen("心理咨询"));
    assert_int_equal(ik_search_tokenize(n, t, 4, NULL), 4);
    ik_search_tokens_free(t, 4);
    free(n);
}

/* the last word is a prefix until a space (or another word) follows it:
 * stray FTS5 syntax typed after it does not finish it */
static void test_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t count;
        bool prefix;
    } cases[] = {
        {"psi", 1, true}, {"psi ", 1, false}, {"psi*", 1, true}, {"psi\"", 1, true},
        {"(psi)", 1, true}, {"psi^", 1, true}, {"psi:", 1, true}, {"psi*\t", 1, false},
        {"psi, ", 1, false}, {"psi.", 1, true}, {"\"psicologo\" ragaz", 2, true},
        {"psicologo ragazzi\u00a0", 2, false}, {"", 0, false}, {"***", 0, false},
        {"a b c d e f g h i j k l m n", 1, false},   /* "l", the 12th, then more words */
        {"aa bb cc dd ee ff gg hh ii jj kk ll mm", 12, false},
        {"aa bb cc dd ee ff gg hh ii jj kk ll*", 12, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        IkSearchQuery q;
        assert_true(ik_search_query_parse(cases[i].text, &q));
        if (q.count != cases[i].count || (q.count && q.last_is_prefix != cases[i].prefix))
            fail_msg("\"%s\": %zu tokens, prefix %d", cases[i].text, q.count, q.last_is_prefix);
        ik_search_query_free(&q);
    }
}

static void test_distance(void **state)
{
    (void)state;
    size_t na, nb;
    uint32_t *a = ik_utf8_to_utf32("psicolgo", 8, &na, NULL);
    uint32_t *b = ik_utf8_to_utf32("psicologo", 9, &nb, NULL);
    assert_int_equal(ik_search_distance(a, na, b, nb, 2, false, NULL), 1);   /* transposition */
    size_t m = 0;
    assert_int_equal(ik_search_distance(a, na - 1, b, nb, 1, true, &m), 1); /* "psicolg" ~ "psicolog" */
    free(a);
    free(b);
    a = ik_utf8_to_utf32("abcd", 4, &na, NULL);
    b = ik_utf8_to_utf32("wxyz", 4, &nb, NULL);
    assert_int_equal(ik_search_distance(a, na, b, nb, 1, false, NULL), 2);  /* capped at max+1 */
    free(a);
    free(b);
}

static void test_prefix_and_words(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    assert_int_equal(rank_of("it", "psic", &f, "svc-psy", NULL) >= 0, 1);
    assert_int_equal(rank_of("it", "genit", &f, "svc-par", NULL), 0);
    assert_int_equal(rank_of("it", "doposc", &f, "svc-edu", NULL), 0);
    assert_int_equal(rank_of("en", "parent", &f, "svc-par", NULL), 0);
    assert_int_equal(rank_of("it", "orientamento serv", &f, "svc-civ", NULL), 0);
    /* the city, the organisation, the category and the languages are searched too */
    assert_int_equal(rank_of("it", "piombino", &f, "svc-edu", NULL), 0);
    assert_int_equal(rank_of("it", "cooperativa svc-par", &f, "svc-par", NULL), 0);
    assert_int_equal(rank_of("en", "psychological support", &f, "svc-psy", NULL) >= 0, 1);
    assert_int_equal(rank_of("it", "arabo", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("en", "arabic", &f, "svc-psy", NULL), 0);   /* ICU's language names */
    /* a defunct service is never found */
    assert_int_equal(rank_of("it", "chiuso", &f, "svc-old", NULL), -1);
    /* synonyms: "compiti" finds the doposcuola */
    assert_int_equal(rank_of("it", "compiti", &f, "svc-edu", NULL), 0);
    /* ... also as the word being typed that no indexed word starts */
    assert_int_equal(rank_of("it", "biblioteca compiti", &f, "svc-edu", NULL), 0);
}

static void test_typos_and_accents(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    assert_int_equal(rank_of("it", "psicolgo", &f, "svc-psy", NULL) >= 0, 1);
    assert_int_equal(rank_of("it", "psicolgo", &f, "svc-psy", NULL) <= 1, 1);
    assert_int_equal(rank_of("it", "genitorialita", &f, "svc-par", NULL), 0);
    assert_int_equal(rank_of("it", "GENITORIALITÀ", &f, "svc-par", NULL), 0);
    assert_int_equal(rank_of("it", "doposcula", &f, "svc-edu", NULL), 0);    /* one letter missing */
    assert_int_equal(rank_of("it", "dopsocuola", &f, "svc-edu", NULL), 0);   /* transposition */
    assert_int_equal(rank_of("it", "sportelo", &f, "svc-par", NULL), 0);
    /* three letters are never corrected: "psi" is a prefix only */
    size_t n = 0;
    assert_int_equal(rank_of("it", "xyz", &f, "svc-psy", &n), -1);
    assert_int_equal(n, 0);
}

static void test_arabic_script(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    assert_int_equal(rank_of("ar", "الامهات", &f, "svc-par", NULL), 0);   /* no hamza */
    assert_int_equal(rank_of("ar", "الأمهات", &f, "svc-par", NULL), 0);
    assert_int_equal(rank_of("ar", "امهات", &f, "svc-par", NULL), 0);     /* no article */
    assert_int_equal(rank_of("ar", "اخصائي نفسي", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("ar", "توجيه", &f, "svc-civ", NULL), 0);
    /* Persian ی and ک typed as Arabic ي and ك, and the other way round */
    assert_int_equal(rank_of("fa-AF", "كمك درسي", &f, "svc-edu", NULL), 0);
    assert_int_equal(rank_of("fa-AF", "کمک درسی", &f, "svc-edu", NULL), 0);
    assert_int_equal(rank_of("fa-AF", "کودکان", &f, "svc-edu", NULL), 0);
    /* digits in any script */
    assert_int_equal(rank_of("fa-AF", "5 روز", &f, "svc-edu", NULL), 0);
}

/* Latin letters typed by a Chinese reader are pinyin; by an Arabic, Dari,
 * Urdu or Pashto reader, the sounds of Arabic-script words; nobody else's
 * query meets these readings */
static void test_latin_readings(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    size_t n = 0;
    char skel[32];
    static const char *const skeletons[][3] = {
        {"nafsi", "nfsy", "nfs"}, {"nfsy", "nfsy", "nfs"}, {"rawan", "rwn", "rn"},
        {"mshawrh", "mshwr", "mshr"}, {"mashwara", "mshwr", "mshr"}, {"madrassa", "mdrs", "mdrs"},
        {"x-y'z", "xyz", "xz"}, {"", "", ""}};
    for (size_t i = 0; i < sizeof skeletons / sizeof skeletons[0]; i++) {
        ik_search_skeleton(skeletons[i][0], false, skel, sizeof skel);
        assert_string_equal(skel, skeletons[i][1]);
        ik_search_skeleton(skeletons[i][0], true, skel, sizeof skel);
        assert_string_equal(skel, skeletons[i][2]);
    }
    assert_int_equal(ik_search_skeleton("tabibnafsi", false, skel, 4), 3);   /* cut, terminated */
    assert_string_equal(skel, "tby");
    /* 心理 as pinyin: joined, spaced, with tones, while typing */
    assert_int_equal(rank_of("zh-Hans", "xinli", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("zh-Hans", "xin li", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("zh-Hans", "xīnlǐ", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("zh-Hans", "xinl", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("zh-Hans", "qingshaonian", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("zh-Hans", "zixun", &f, "svc-psy", NULL), 0);
    /* Arabic نفسي, Dari کمک درسی, Urdu رہنمائی, Pashto ملاتړ */
    assert_int_equal(rank_of("ar", "nafsi", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("ar", "akhsai nafsi", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("fa-AF", "komak darsi", &f, "svc-edu", NULL), 0);
    assert_int_equal(rank_of("fa-AF", "dars", &f, "svc-edu", NULL), 0);   /* while typing */
    assert_int_equal(rank_of("ur", "rahnumai", &f, "svc-civ", NULL), 0);
    assert_int_equal(rank_of("ps", "malatar", &f, "svc-par", NULL), 0);
    /* an Italian reader's Latin letters are Italian */
    assert_int_equal(rank_of("it", "xinli", &f, "svc-psy", &n), -1);
    assert_int_equal(n, 0);
    assert_int_equal(rank_of("it", "nafsi", &f, "svc-psy", &n), -1);
    assert_int_equal(n, 0);
}

static void test_filters(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    size_t n;
    f.area = "area-aretina";
    assert_int_equal(rank_of("it", "", &f, "svc-psy", &n) >= 0, 1);
    assert_int_equal(n, 2);                       /* svc-psy, svc-civ (svc-old is defunct) */
    f = any();
    f.category = "psychological-support";
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-par", &n), -1);
    assert_int_equal(n, 2);
    f = any();
    f.language = "fa-AF";
    assert_int_equal(rank_of("it", "", &f, "svc-par", &n), 0);
    assert_int_equal(n, 1);
    f.language = "ar";
    assert_int_equal(rank_of("it", "", &f, "svc-psy", &n), 0);
    assert_int_equal(n, 1);
    /* BCP 47: the same language named more or less precisely */
    static const struct {
        const char *filter, *id;
    } spoken[] = {{"fa", "svc-par"}, {"FA_af", "svc-par"}, {"zh", "svc-civ"},
                  {"zh-hans", "svc-civ"}, {"zh-Hans-CN", "svc-civ"}, {"zh-Hant", NULL},
                  {"f", NULL}, {"fas", NULL}, {"", NULL}};
    for (size_t i = 0; i < sizeof spoken / sizeof spoken[0]; i++) {
        f.language = spoken[i].filter;
        int at = rank_of("it", "", &f, spoken[i].id ? spoken[i].id : "svc-par", &n);
        if (spoken[i].id ? at != 0 || n != 1 : n != 0)
            fail_msg("language filter \"%s\": %zu services", spoken[i].filter, n);
    }
    f = any();
    f.free_only = true;
    assert_int_equal(rank_of("it", "", &f, "svc-par", &n), -1);
    assert_int_equal(n, 3);
    f = any();
    f.age = 8;
    assert_int_equal(rank_of("it", "", &f, "svc-edu", &n) >= 0, 1);
    assert_int_equal(rank_of("it", "", &f, "svc-psy", &n), -1);   /* 11-18 */
    assert_int_equal(rank_of("it", "", &f, "svc-psy2", &n), -1);  /* 18+ */
    f.age = 30;
    assert_int_equal(rank_of("it", "", &f, "svc-psy2", &n) >= 0, 1);
    f = any();
    f.limit = 2;
    assert_int_equal(rank_of("it", "", &f, "svc-psy", &n), -1);
    assert_int_equal(n, 2);
    /* browse: by name in the reader's language */
    size_t count = 0;
    IkSearchResult *r = ik_search_db(db, "it", "", NULL, &count);
    assert_non_null(r);
    assert_int_equal(count, 5);
    assert_string_equal(r[0].id, "svc-edu");   /* Doposcuola ... */
    assert_string_equal(r[1].id, "svc-civ");   /* Orientamento ... */
    assert_string_equal(r[2].name, "Psicologo per adulti");
    assert_string_equal(r[0].city, "Piombino");
    assert_string_equal(r[0].area, "valli-etrusche");
    assert_string_equal(r[0].organization, "Cooperativa svc-edu");
    ik_search_results_free(r, count);
    r = ik_search_db(db, "en", "", NULL, &count);
    assert_int_equal(count, 5);
    assert_string_equal(r[0].name, "Doposcuola in biblioteca");   /* Italian fallback */
    assert_string_equal(r[2].name, "Parenting desk");
    ik_search_results_free(r, count);
}

static time_t utc(int y, int mo, int d, int h, int mi)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return timegm(&tm);
}

static void test_open_now_dst(void **state)
{
    (void)state;
    setenv("TZ", "America/New_York", 1);   /* the process TZ must not matter */
    tzset();
    IkSearchFilter f = any();
    f.open_now = true;
    /* svc-psy is open Monday 9:00-13:00 Rome time.
     * 2024-03-25 is a Monday in CET (UTC+1), 2024-04-01 one in CEST (UTC+2) */
    f.now = utc(2024, 3, 25, 7, 30);     /* 08:30 CET: closed */
    assert_int_equal(rank_of("it", "", &f, "svc-psy", NULL), -1);
    f.now = utc(2024, 4, 1, 7, 30);      /* 09:30 CEST: open */
    assert_int_equal(rank_of("it", "", &f, "svc-psy", NULL) >= 0, 1);
    f.now = utc(2024, 10, 21, 11, 30);   /* 13:30 CEST: closed */
    assert_int_equal(rank_of("it", "", &f, "svc-psy", NULL), -1);
    f.now = utc(2024, 10, 28, 11, 30);   /* 12:30 CET, the day after summer time ends: open */
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-psy", NULL), 0);
    /* svc-civ opens Sunday 22:00 and closes Monday 02:00 */
    f.now = utc(2024, 10, 28, 0, 30);    /* Monday 01:30 CET */
    assert_int_equal(rank_of("it", "", &f, "svc-civ", NULL) >= 0, 1);
    f.now = utc(2024, 10, 28, 1, 30);    /* Monday 02:30 CET */
    assert_int_equal(rank_of("it", "", &f, "svc-civ", NULL), -1);
    /* the card and the filter ask the same function */
    IkOpening overnight = {.weekday = 6, .opens = 1320, .closes = 120};
    assert_true(ik_schedule_open_at(&overnight, 1, utc(2024, 10, 27, 21, 30)));   /* Sun 22:30 */
    assert_true(ik_schedule_open_at(&overnight, 1, utc(2024, 10, 28, 0, 30)));    /* Mon 01:30 */
    assert_false(ik_schedule_open_at(&overnight, 1, utc(2024, 10, 28, 1, 30)));   /* Mon 02:30 */
    assert_false(ik_schedule_open_at(&overnight, 1, utc(2024, 10, 27, 20, 30)));  /* Sun 21:30 */
    assert_false(ik_schedule_open_at(NULL, 0, utc(2024, 10, 28, 0, 30)));
    unsetenv("TZ");
    tzset();
}

static void test_ranking(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    f.home_area = "piana-fi-po";
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-psy2", NULL), 0);
    f.home_area = "area-aretina";
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-psy", NULL), 0);
    /* a name match outranks a description match */
    f = any();
    assert_int_equal(rank_of("it", "doposcuola", &f, "svc-edu", NULL), 0);
}

static void test_bad_input(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    static const char *const bad[] = {
        "\"", "*", "NEAR", "-", ":", "(", ")", "^", "\"psic", "psic*", "NEAR(psicologo ragazzi)",
        "-psicologo", "name:psicologo", "{name}: psic", "psicologo AND OR NOT", "'; DROP TABLE service; --",
        "a", "x", "%", "_", "\\", "psicologo\"*(:^-", "   ", "\t\n", "🙂", "¿", "ـــ", "َ", "00000",
        "NOT", "AND", "OR", "*psic*", "psic\"\"ologo"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = 99;
        IkSearchResult *r = ik_search_db(db, "it", bad[i], &f, &n);
        assert_non_null(r);
        ik_search_results_free(r, n);
    }
    /* the words inside the syntax still count */
    assert_int_equal(rank_of("it", "\"psicologo\" (ragazzi)", &f, "svc-psy", NULL), 0);
    assert_int_equal(rank_of("it", "NEAR psicologo", &f, "svc-psy", NULL) >= -1, 1);
    /* 10,000 characters, with and without spaces */
    char *big = malloc(10001);
    memset(big, 'a', 10000);
    big[10000] = 0;
    size_t n = 0;
    IkSearchResult *r = ik_search_db(db, "it", big, &f, &n);
    assert_non_null(r);
    ik_search_results_free(r, n);
    for (size_t i = 0; i + 10 <= 10000; i += 10)
        memcpy(big + i, "psicologo ", 10);
    r = ik_search_db(db, "it", big, &f, &n);
    assert_non_null(r);
    ik_search_results_free(r, n);
    for (size_t i = 0; i < 10000; i++)
        big[i] = (char)(0x80 | (i * 37 % 64));   /* continuation bytes only */
    r = ik_search_db(db, "it", big, &f, &n);
    assert_non_null(r);
    assert_int_equal(n, 5);   /* nothing searchable in it: browse */
    ik_search_results_free(r, n);
    free(big);
    /* invalid UTF-8 around a word: the word is still found */
    assert_int_equal(rank_of("it", "\xff\xfe psicologo \xc3", &f, "svc-psy", NULL) >= 0, 1);
    r = ik_search_db(db, "it", "psic\xc3", &f, &n);
    assert_non_null(r);
    ik_search_results_free(r, n);
    /* NULL query and unknown language: browse in Italian */
    r = ik_search_db(db, "xx", NULL, NULL, &n);
    assert_non_null(r);
    assert_int_equal(n, 5);
    ik_search_results_free(r, n);
    /* one letter: names with a word starting so */
    assert_int_equal(rank_of("it", "p", &f, "svc-psy", &n) >= 0, 1);
    assert_int_equal(rank_of("it", "d", &f, "svc-edu", &n), 0);
    /* a name starting so before a name with a later word starting so
     * ("Orientamento ai servizi" sorts before "Sportello genitorialità") */
    assert_int_equal(rank_of("it", "s", &f, "svc-par", &n), 0);
    assert_int_equal(rank_of("it", "s", &f, "svc-civ", &n), 1);
    assert_int_equal(rank_of("it", "se", &f, "svc-civ", &n), 0);
    /* later words in browse order across their two-letter prefixes: "ai"
     * of "Orientamento ai servizi" before "ad" of "Psicologo per adulti" */
    assert_int_equal(rank_of("it", "a", &f, "svc-civ", &n), 0);
    assert_int_equal(rank_of("it", "a", &f, "svc-psy2", &n), 1);
    /* a database without the index is a real failure, with a message */
    sqlite3 *empty = NULL;
    sqlite3_open(":memory:", &empty);
    assert_null(ik_search_db(empty, "it", "x", &f, &n));
    assert_non_null(strstr(ik_error(), "search index"));
    ik_search_forget(empty);
    assert_int_equal(sqlite3_close(empty), SQLITE_OK);
}

/* shared texts (category, area, city, languages spoken) are facets: still
 * found by word, prefix and near spelling, and ranked below a name */
static void test_facets(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    size_t n = 0;
    assert_int_equal(rank_of("it", "genitorialita", &f, "svc-par", NULL), 0);     /* category */
    assert_int_equal(rank_of("it", "aretina", &f, "svc-psy", NULL) >= 0, 1);     /* area */
    assert_int_equal(rank_of("it", "aretina", &f, "svc-civ", &n) >= 0, 1);
    assert_int_equal(n, 2);
    assert_int_equal(rank_of("it", "piombino", &f, "svc-edu", &n), 0);            /* city */
    assert_int_equal(n, 1);
    assert_int_equal(rank_of("it", "arabo", &f, "svc-psy", &n), 0);               /* spoken */
    assert_int_equal(n, 1);
    assert_int_equal(rank_of("en", "arab", &f, "svc-psy", NULL), 0);              /* CLDR name, prefix */
    assert_int_equal(rank_of("it", "ital", &f, "svc-edu", &n) >= 0, 1);
    assert_int_equal(n, 4);
    assert_int_equal(rank_of("it", "aretnia", &f, "svc-civ", NULL) >= 0, 1);     /* near spelling */
    assert_int_equal(rank_of("it", "supporto psicologico", &f, "svc-psy", NULL) >= 0, 1);
    /* a category keeps its weight: above the same word in a description */
    assert_int_equal(rank_of("it", "sostegno", &f, "svc-psy2", &n), 2);
    assert_int_equal(n, 3);
    /* with a filter: only the filter's services */
    IkSearchFilter g = any();
    g.area = "piana-fi-po";
    g.category = "psychological-support";
    assert_int_equal(rank_of("it", "psicologo", &g, "svc-psy2", &n), 0);
    assert_int_equal(n, 1);
    g.category = "no-such-category";
    assert_int_equal(rank_of("it", "psicologo", &g, "svc-psy2", &n), -1);
    assert_int_equal(n, 0);
}

/* the same filter on the same connection after the data changed: the
 * cached filter is not reused */
static void test_filter_cache(void **state)
{
    (void)state;
    IkSearchFilter f = any();
    f.area = "piana-fi-po";
    f.limit = 10;
    size_t n = 0;
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-psy2", &n), 0);
    sql("UPDATE service SET area = 'valli-etrusche' WHERE id = 'svc-psy2'");
    assert_true(ik_search_index_build(db));
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-psy2", &n), -1);
    f.area = "valli-etrusche";
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-psy2", &n), 0);
    sql("UPDATE service SET area = 'piana-fi-po' WHERE id = 'svc-psy2'");
    assert_true(ik_search_index_build(db));
    f.area = "piana-fi-po";
    assert_int_equal(rank_of("it", "psicologo", &f, "svc-psy2", &n), 0);
}

/* the texts of a result in the reader's language, each falling back to
 * Italian's on its own (the pack resolves them once: search_card) */
static void test_result_texts(void **state)
{
    (void)state;
    sql("BEGIN;"
        "INSERT INTO string(lang,key,value) VALUES"
        " ('en','organization:org-svc-psy:name','Teen Co-op'),"
        " ('it','organization:org-svc-civ:name','Comune di Cortona'),"
        " ('ar','organization:org-svc-civ:name','');"
        "UPDATE service SET confidential = 1 WHERE id = 'svc-par'");
    assert_true(ik_search_index_build(db));
    static const struct {
        const char *lang, *id, *name, *org, *city;
    } want[] = {
        {"en", "svc-psy", "Psychologist for teenagers", "Teen Co-op", "Arezzo"},
        {"it", "svc-psy", "Psicologo per ragazzi", "Cooperativa svc-psy", "Arezzo"},
        {"ar", "svc-psy", "أخصائي نفسي للشباب", "Cooperativa svc-psy", "Arezzo"},
        {"en", "svc-psy2", "Psicologo per adulti", "Cooperativa svc-psy2", "Prato"},
        {"ar", "svc-civ", "توجيه إلى الخدمات", "Comune di Cortona", "Cortona"},
        {"en", "svc-civ", "Orientamento ai servizi", "Comune di Cortona", "Cortona"},
        {"de", "svc-civ", "Orientamento ai servizi", "Comune di Cortona", "Cortona"},
        {"en", "svc-par", "Parenting desk", "Cooperativa svc-par", NULL},
    };
    /* twice: the second time the cards come from those the connection kept */
    for (size_t n = 0; n < 2 * sizeof want / sizeof want[0]; n++) {
        size_t i = n % (sizeof want / sizeof want[0]);
        size_t count = 0;
        IkSearchResult *r = ik_search_db(db, want[i].lang, "", NULL, &count);
        assert_non_null(r);
        assert_int_equal(count, 5);
        size_t k = 0;
        while (k < count && strcmp(r[k].id, want[i].id))
            k++;
        if (k == count)
            fail_msg("%s: %s not browsed", want[i].lang, want[i].id);
        assert_string_equal(r[k].name, want[i].name);
        assert_string_equal(r[k].organization, want[i].org);
        if (want[i].city)
            assert_string_equal(r[k].city, want[i].city);
        else
            assert_null(r[k].city);
        ik_search_results_free(r, count);
    }
    sql("ROLLBACK");
    /* the data changed: the cards kept are forgotten */
    size_t count = 0;
    IkSearchResult *r = ik_search_db(db, "en", "", NULL, &count);
    assert_non_null(r);
    for (size_t k = 0; k < count; k++)
        if (!strcmp(r[k].id, "svc-psy"))
            assert_string_equal(r[k].organization, "Cooperativa svc-psy");
    ik_search_results_free(r, count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_prefix_and_words),
        cmocka_unit_test(test_typos_and_accents),
        cmocka_unit_test(test_arabic_script),
        cmocka_unit_test(test_latin_readings),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_open_now_dst),
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_facets),
        cmocka_unit_test(test_filter_cache),
        cmocka_unit_test(test_result_texts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
