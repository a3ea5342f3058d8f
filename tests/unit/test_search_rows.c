/* Directory search: rows matched on their terms (search_row) against FTS5
 * itself. On a pack built from the development directory (tests/search_dev,
 * 12 languages, with the shipped synonyms) and on a generated directory of
 * 2,400 services in three languages, where a query matches more rows than
 * a run ranks:
 *   - for every prefix of every query, each form of expression a search
 *     builds matches the same rows as FTS5 matching it whole, and each
 *     phrase is found in the same columns (and at the start of the name)
 *     as FTS5's own phrase instances say;
 *   - a run finds the same best row per service as FTS5 matching the whole
 *     expression in rowid order would, whichever way it finds the rows
 *     (the rarest words, the filter's services, languages ranked before);
 *   - a search typed keystroke by keystroke on one connection (rows, terms
 *     and near spellings kept from one keystroke to the next) gives what a
 *     search from scratch gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/content/content_internal.h"
#include "../../app/content/search_internal.h"
#include "../../app/pack/internal.h"
#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"
#include "files_fixture.h"
#include "gettextpo_leak.h"

#define DEV IK_SOURCE_DIR "/tests/search_dev"

static IkContent *dev;      /* the development directory's pack */
static sqlite3 *big;        /* the generated directory */

/* ---- FTS5's own view ------------------------------------------------------- */
/* what the oracle function writes for the row being stepped */
typedef struct {
    IkSearchFound *found;
    int nphrase;
} Oracle;

/* per phrase: the columns of its instances, and whether one starts the
 * name (FTS5's first instance at column 0, offset 0) */
static void oracle(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                   sqlite3_value **val)
{
    Oracle *o = nval > 0 ? sqlite3_value_pointer(val[0], "ik_test_oracle") : NULL;
    for (int ph = 0; o && ph < o->nphrase && ph < api->xPhraseCount(fts); ph++) {
        IkSearchFound *f = &o->found[ph];
        *f = (IkSearchFound){0, false};
        Fts5PhraseIter it;
        int col = -1, off = -1;
        if (api->xPhraseFirstColumn(fts, ph, &it, &col) == SQLITE_OK)
            for (; col >= 0; api->xPhraseNextColumn(fts, &it, &col))
                f->columns |= (uint8_t)(1 << col);
        if (api->xPhraseFirst(fts, ph, &it, &col, &off) == SQLITE_OK)
            f->name_start = col == 0 && off == 0;
    }
    sqlite3_result_int(ctx, 1);
}

static void register_oracle(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    assert_non_null(api);
    assert_int_equal(api->xCreateFunction(api, "ik_test_oracle", NULL, oracle, NULL), SQLITE_OK);
}

/* The rows FTS5 matches with the whole expression in rowid..last, in rowid
 * order, each with what it holds of every phrase: calls fn for each. */
static int fts5_rows(sqlite3 *db, const IkSearchExpr *e, bool titles, long long first,
                     long long last,
                     void (*fn)(long long rowid, const IkSearchFound *found, void *arg), void *arg)
{
    IkBuf text = {0};
    ik_search_expr_fts(e, NULL, false, &text);
    char *sql = sqlite3_mprintf("SELECT rowid, ik_test_oracle(%s, ?2) FROM %s WHERE %s MATCH ?1"
                                " AND rowid BETWEEN ?3 AND ?4 ORDER BY rowid",
                                titles ? "search_title_fts" : "search_fts",
                                titles ? "search_title_fts" : "search_fts",
                                titles ? "search_title_fts" : "search_fts");
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    Oracle o = {ik_xcalloc((size_t)e->nphrase + 1, sizeof *o.found), e->nphrase};
    sqlite3_bind_text(st, 1, text.data ? text.data : "", -1, SQLITE_STATIC);
    sqlite3_bind_pointer(st, 2, &o, "ik_test_oracle", NULL);
    sqlite3_bind_int64(st, 3, first);
    sqlite3_bind_int64(st, 4, last);
    int rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fn(sqlite3_column_int64(st, 0), o.found, arg);
        rows++;
    }
    if (rc != SQLITE_DONE)
        fail_msg("%s: %s", text.data, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_free(sql);
    free(o.found);
    ik_buf_free(&text);
    return rows;
}

/* ---- matching: each row against FTS5 --------------------------------------- */
typedef struct {
    long long *rowid;
    IkSearchFound *found;   /* nphrase per row */
    int count, nphrase;
} Matched;

static void add_matched(long long rowid, const IkSearchFound *found, void *arg)
{
    Matched *m = arg;
    m->rowid = ik_xrealloc(m->rowid, (size_t)m->count + 1, sizeof *m->rowid);
    m->found = ik_xrealloc(m->found, ((size_t)m->count + 1) * (size_t)(m->nphrase + 1),
                           sizeof *m->found);
    memcpy(&m->found[(size_t)m->count * (size_t)(m->nphrase + 1)], found,
           (size_t)m->nphrase * sizeof *found);
    m->rowid[m->count++] = rowid;
}

static long checked_rows;

/* row rowid (if the index has it) against FTS5's rows m, the next of
 * which is m->rowid[*at]; returns whether the row is there */
static bool check_row(const IkSearchExpr *e, IkSearchMatcher *matcher, const Matched *m, int *at,
                      long long rowid, IkSearchFound *found, const char *what)
{
    if (!ik_search_matcher_row(matcher, rowid, found))
        return false;   /* no text of the service in the language */
    bool ours = ik_search_matches(e, found), theirs = *at < m->count && m->rowid[*at] == rowid;
    if (ours != theirs) {
        IkBuf text = {0};
        ik_search_expr_fts(e, NULL, false, &text);
        fail_msg("%s: row %lld %s by FTS5, %s on its terms: %s", what, rowid,
                 theirs ? "matched" : "not matched", ours ? "matched" : "not", text.data);
    }
    for (int i = 0; theirs && i < e->nphrase; i++) {
        const IkSearchFound *f = &m->found[(size_t)*at * (size_t)(e->nphrase + 1) + (size_t)i];
        if (f->columns != found[i].columns || f->name_start != found[i].name_start)
            fail_msg("%s: row %lld phrase %d \"%s\": FTS5 columns %x start %d, terms %x %d", what,
                     rowid, i, e->phrases[i].text, f->columns, f->name_start, found[i].columns,
                     found[i].name_start);
    }
    *at += theirs;
    checked_rows++;
    return true;
}

/* every row of the index against FTS5: the same rows match, each phrase in
 * the same columns */
static void check_rows(sqlite3 *db, IkSearchExpr *e, bool titles, const char *what)
{
    if (e->nphrase == 0)
        return;
    Matched m = {.nphrase = e->nphrase};
    fts5_rows(db, e, titles, 0, (long long)1 << 40, add_matched, &m);
    IkSearchMatcher *matcher = ik_search_matcher_create(db, e, titles);
    assert_non_null(matcher);
    IkSearchFound *found = ik_xcalloc((size_t)e->nphrase + 1, sizeof *found);
    /* every rowid a row can have, in order: language, then service */
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT n, (SELECT max(s) FROM search_service)"
                                            " FROM search_lang ORDER BY n", -1, &st, NULL),
                     SQLITE_OK);
    int at = 0;
    long long nrow = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        for (long long s = 1; s <= sqlite3_column_int64(st, 1); s++)
            nrow += check_row(e, matcher, &m, &at,
                              (sqlite3_column_int64(st, 0) << IK_SEARCH_LANG_SHIFT) | s, found, what);
    assert_int_equal(at, m.count);
    /* every row of the index was read */
    assert_int_equal(nrow, ik_search_scalar(db, "SELECT sum(rows) FROM search_lang", NULL, -1));
    sqlite3_finalize(st);
    ik_search_matcher_destroy(matcher);
    free(found);
    free(m.rowid);
    free(m.found);
}

/* an empty expression with the connection's statements */
static IkSearchExpr expression(sqlite3 *db, IkSearchScript script, const uint8_t *passes,
                               long nservice)
{
    IkSearchExpr e;
    assert_true(ik_search_expr_init(&e, db));
    e.script = script;
    e.passes = passes;
    e.nservice = nservice;
    return e;
}

/* the prefixes of text, a code point at a time, each parsed as a search
 * parses it; calls fn(query, arg) for those with words */
static void each_prefix(const char *text, void (*fn)(const IkSearchQuery *, const char *, void *),
                        void *arg)
{
    size_t n = strlen(text);
    for (size_t k = 1; k <= n; k++) {
        if (k < n && (text[k] & 0xC0) == 0x80)
            continue;
        char *typed = ik_xstrndup(text, k);
        IkSearchQuery q;
        assert_true(ik_search_query_parse(typed, &q));
        if (q.count)
            fn(&q, typed, arg);
        ik_search_query_free(&q);
        free(typed);
    }
}

typedef struct {
    sqlite3 *db;
    IkSearchScript script;
    bool every_form;        /* all four forms, names and whole rows; else one */
} Forms;

static void check_forms(const IkSearchQuery *q, const char *typed, void *arg)
{
    Forms *f = arg;
    static const struct {
        bool all, fuzzy, names;
    } forms[] = {{true, false, false}, {true, false, true}, {true, true, false},
                 {false, true, false}, {true, true, true}, {false, false, false}};
    int nforms = f->every_form ? (int)(sizeof forms / sizeof forms[0]) : 1;
    for (int i = 0; i < nforms; i++) {
        if (!forms[i].all && q->count < 2)
            continue;
        IkSearchExpr e = expression(f->db, f->script, NULL, 0);
        e.name_only = forms[i].names;
        e.short_everywhere = i == 5;
        ik_search_expr_build(&e, q, forms[i].all, forms[i].fuzzy);
        check_rows(f->db, &e, forms[i].names, typed);
        ik_search_expr_reset(&e);
    }
}

/* the queries of a queries.tsv of tests/search*: calls fn(lang, text) */
static int each_query(const char *path, void (*fn)(const char *lang, const char *text, void *),
                      void *arg)
{
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = 0;
        char *end = strchr(tab + 1, '\t');
        if (end)
            *end = 0;
        fn(line, tab + 1, arg);
        n++;
    }
    fclose(in);
    return n;
}

static void dev_query(const char *lang, const char *text, void *arg)
{
    Forms f = {ik_content_db(dev), ik_search_script_of(lang), *(bool *)arg};
    if (f.every_form) {
        IkSearchQuery q;
        assert_true(ik_search_query_parse(text, &q));
        if (q.count)
            check_forms(&q, text, &f);
        ik_search_query_free(&q);
    } else {
        each_prefix(text, check_forms, &f);
    }
}

/* the development directory: every prefix of every query (every word,
 * whole rows), then every whole query in every form */
static void test_matching_dev(void **state)
{
    (void)state;
    register_oracle(ik_content_db(dev));
    bool every = false;
    checked_rows = 0;
    assert_true(each_query(DEV "/queries.tsv", dev_query, &every) >= 200);
    every = true;
    each_query(DEV "/queries.tsv", dev_query, &every);
    each_query(IK_SOURCE_DIR "/tests/search/queries.tsv", dev_query, &every);
    /* short words sought whole, Latin readings, synonyms of two words */
    static const char *const more[][2] = {
        {"it", "cv"}, {"it", "l2"}, {"zh-Hans", "xinli"}, {"zh-Hans", "xin li zixun"},
        {"ar", "nafsi"}, {"fa-AF", "rawan"}, {"it", "aiuto compiti"}, {"it", "supporto psicologico"},
        {"it", " spazio  \"minori\" *"}, {"en", "after-school"}};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        dev_query(more[i][0], more[i][1], &every);
    assert_true(checked_rows > 100000);
}

/* ---- runs: the best rows against FTS5's ------------------------------------ */
/* what a run would find with FTS5 matching the whole expression: each
 * passing row in rowid order ranked until IK_SEARCH_ROWS_MAX */
typedef struct {
    const IkSearchExpr *e;
    const IkSearchRows *rows;
    IkSearchHits *hits;
    long ranked;
} Reference;

static void reference_row(long long rowid, const IkSearchFound *found, void *arg)
{
    Reference *ref = arg;
    long s = (long)(rowid & IK_SEARCH_SERVICE_MASK);
    if (ref->ranked >= IK_SEARCH_ROWS_MAX || s <= 0 || s > ref->rows->nservice ||
        (ref->rows->passes && !ref->rows->passes[s]))
        return;
    bool fuzzy = false;
    double score = ik_search_score(ref->e, found, &fuzzy);
    assert_true(score > 0);
    ik_search_keep(ref->hits, rowid, score, fuzzy, ref->rows->lang_n);
    ref->ranked++;
}

static IkSearchHits hits_new(long nservice)
{
    return (IkSearchHits){ik_xcalloc((size_t)nservice + 1, sizeof(IkSearchHit)),
                          ik_xcalloc((size_t)nservice + 1, sizeof(long)), 0};
}

static void hits_free(IkSearchHits *h)
{
    free(h->by_service);
    free(h->found);
}

static void same_hits(const IkSearchHits *a, const IkSearchHits *b, long nservice, const char *what)
{
    for (long s = 1; s <= nservice; s++) {
        const IkSearchHit *x = &a->by_service[s], *y = &b->by_service[s];
        if (x->score != y->score || x->fuzzy != y->fuzzy)
            fail_msg("%s: service %ld: %.17g%s against FTS5's %.17g%s", what, s, x->score,
                     x->fuzzy ? " (near)" : "", y->score, y->fuzzy ? " (near)" : "");
    }
    assert_int_equal(a->count, b->count);
}

static long runs_checked, runs_truncated, runs_counted;

/* one run of e over rows against the reference; and over every language
 * after the single languages were run (their counts given as done) */
static void check_run(sqlite3 *db, IkSearchExpr *e, IkSearchRows rows, long nlang,
                      const char *what)
{
    long nservice = rows.nservice;
    IkSearchHits ours = hits_new(nservice), theirs = hits_new(nservice);
    Reference ref = {e, &rows, &theirs, 0};
    assert_true(ik_search_run(db, e, &rows, &ours));
    fts5_rows(db, e, rows.titles, rows.first, rows.last, reference_row, &ref);
    same_hits(&ours, &theirs, nservice, what);
    runs_checked++;
    runs_truncated += ref.ranked == IK_SEARCH_ROWS_MAX;
    /* every language after two of them ran alone (as a search's steps run
     * the reader's language and Italian first): those are counted, not
     * ranked again */
    long done[IK_SEARCH_LANGS_MAX + 1], ranked[IK_SEARCH_LANGS_MAX + 1];
    for (int l = 0; l <= IK_SEARCH_LANGS_MAX; l++)
        done[l] = -1;
    IkSearchHits again = hits_new(nservice);
    hits_free(&theirs);
    theirs = hits_new(nservice);
    for (long l = 0; l < nlang && l < 2; l++) {
        IkSearchRows one = rows;
        one.first = (long long)l << IK_SEARCH_LANG_SHIFT;
        one.last = one.first | IK_SEARCH_SERVICE_MASK;
        one.ranked = ranked;
        assert_true(ik_search_run(db, e, &one, &again));
        done[l] = ranked[l];
        ref = (Reference){e, &one, &theirs, 0};
        fts5_rows(db, e, one.titles, one.first, one.last, reference_row, &ref);
        /* the count a later run is given: the rows ranked, when all were */
        if (ranked[l] != (ref.ranked < IK_SEARCH_ROWS_MAX ? ref.ranked : -1))
            fail_msg("%s: language %ld: %ld rows ranked, FTS5 %ld", what, l, ranked[l], ref.ranked);
    }
    IkSearchRows all = rows;
    all.first = 0;
    all.last = (long long)1 << 40;
    all.done = done;
    assert_true(ik_search_run(db, e, &all, &again));
    ref = (Reference){e, &all, &theirs, 0};
    fts5_rows(db, e, all.titles, all.first, all.last, reference_row, &ref);
    same_hits(&again, &theirs, nservice, what);
    /* languages counted, and the limit reached after them: the count mattered */
    runs_counted += (done[0] > 0 || done[1] > 0) && ref.ranked == IK_SEARCH_ROWS_MAX;
    hits_free(&again);
    hits_free(&ours);
    hits_free(&theirs);
}

/* ---- the generated directory ----------------------------------------------- */
#define NSERVICE 2400

static uint64_t seed = 0x2545F4914F6CDD1Dull;
static int pick(int n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (int)(seed % (uint64_t)n);
}

static const char *const words[3][24] = {
    {"centro", "ascolto", "genitori", "ragazzi", "doposcuola", "psicologo", "corso", "italiano",
     "di", "per", "la", "gratuito", "sportello", "famiglie", "supporto", "legale", "consulenza",
     "mediazione", "donne", "scuola", "aiuto", "compiti", "lingua", "lavoro"},
    {"centre", "listening", "parents", "children", "homework", "psychologist", "course", "italian",
     "of", "for", "the", "free", "desk", "families", "support", "legal", "advice", "mediation",
     "women", "school", "help", "study", "language", "work"},
    {"مركز", "الاستماع", "الأهل", "الأطفال", "الدروس", "أخصائي", "دورة", "الإيطالية", "في",
     "من", "إلى", "مجاني", "مكتب", "العائلات", "دعم", "قانونية", "استشارة", "وساطة", "النساء",
     "المدرسة", "مساعدة", "الواجبات", "اللغة", "عمل"}};
static const char *const langs[3] = {"it", "en", "ar"};

/* n words of language l, the first ones more often, with a made-up one now and then */
static void sentence(IkBuf *b, int l, int n)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
    for (int i = 0; i < n; i++) {
        int w = pick(24) * pick(24) / 24;
        if (pick(6) == 0)
            ik_buf_printf(b, "%s%s%c%c", i ? " " : "", words[l][w], 'a' + pick(8), 'a' + pick(8));
        else
            ik_buf_printf(b, "%s%s", i ? " " : "", words[l][w]);
    }
}

static void big_directory(void)
{
    assert_int_equal(sqlite3_open(":memory:", &big), SQLITE_OK);
    assert_int_equal(sqlite3_exec(big, ik_content_schema_sql(), NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(big,
        "INSERT INTO language(code,endonym,script,rtl,position) VALUES"
        " ('it','Italiano','Latn',0,0),('en','English','Latn',0,1),('ar','العربية','Arab',1,2);"
        "INSERT INTO term VALUES('piana-fi-po','area',0),('area-aretina','area',1),"
        " ('valli-etrusche','area',2),('psychological-support','category',3),"
        " ('parenting-support','category',4);"
        "INSERT INTO string(lang,key,value) VALUES"
        " ('it','term:psychological-support:name','Supporto psicologico'),"
        " ('en','term:psychological-support:name','Psychological support'),"
        " ('it','term:parenting-support:name','Sostegno alla genitorialità');"
        "INSERT INTO synonym VALUES('it','compiti','doposcuola|aiuto compiti');"
        "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    static const char *const areas[] = {"piana-fi-po", "area-aretina", "valli-etrusche"};
    static const char *const cats[] = {"psychological-support", "parenting-support"};
    IkBuf text = {0};
    for (int s = 0; s < NSERVICE; s++) {
        char id[16];
        snprintf(id, sizeof id, "s%04d", s);
        char *q = sqlite3_mprintf(
            "INSERT INTO organization(id,name) VALUES('o%q','Associazione %q');"
            "INSERT INTO service(id,organization_id,area,free,status)"
            " VALUES('%q','o%q','%q',%d,'active');"
            "INSERT INTO service_term VALUES('%q','%q');"
            "INSERT INTO service_location(service_id,location_id,address,city)"
            " VALUES('%q','l%q','Via Roma 1','%s');",
            id, id, id, id, areas[pick(3)], pick(2), id, cats[pick(2)], id, id,
            pick(2) ? "Prato" : "Arezzo");
        assert_int_equal(sqlite3_exec(big, q, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_free(q);
        for (int l = 0; l < 3; l++) {
            if (l != s % 3 && pick(3))
                continue;   /* a service in its own language, some in others */
            for (int k = 0; k < 2; k++) {
                sentence(&text, l, k ? 10 + pick(20) : 2 + pick(3));
                q = sqlite3_mprintf("INSERT INTO string(lang,key,value)"
                                    " VALUES('%q','service:%q:%s','%q')",
                                    langs[l], id, k ? "description" : "name", text.data);
                assert_int_equal(sqlite3_exec(big, q, NULL, NULL, NULL), SQLITE_OK);
                sqlite3_free(q);
            }
        }
    }
    ik_buf_free(&text);
    assert_int_equal(sqlite3_exec(big, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    assert_true(ik_search_index_build(big));
    register_oracle(big);
}

typedef struct {
    sqlite3 *db;
    const char *lang;
    long nservice;
    const uint8_t *passes;
    const long *pass_list;
    size_t npass;
    long nlang;
} Runs;

static void check_runs(const IkSearchQuery *q, const char *typed, void *arg)
{
    Runs *r = arg;
    long lang_n = ik_search_scalar(r->db, "SELECT n FROM search_lang WHERE code = ?", r->lang, -1);
    for (int form = 0; form < 3; form++) {
        if (form == 2 && q->count < 2)
            continue;
        IkSearchExpr e = expression(r->db, ik_search_script_of(r->lang), r->passes, r->nservice);
        e.name_only = form == 1;
        ik_search_expr_build(&e, q, form != 2, form == 2);
        IkSearchRows rows = {.first = (long long)lang_n << IK_SEARCH_LANG_SHIFT,
                             .titles = e.name_only, .lang_n = lang_n, .passes = r->passes,
                             .pass_list = r->pass_list, .npass = r->npass,
                             .nservice = r->nservice};
        rows.last = rows.first | IK_SEARCH_SERVICE_MASK;
        check_run(r->db, &e, rows, r->nlang, typed);
        ik_search_expr_reset(&e);
    }
}

/* on the generated directory: queries matching more rows than a run ranks,
 * with no filter, an area, and a filter few services pass */
static void test_runs_big(void **state)
{
    (void)state;
    static const char *const queries[][2] = {
        {"it", "centro di ascolto per genitori"}, {"it", "corso di italiano gratuito"},
        {"it", "supporto psicologico ragazzi"}, {"it", "aiuto compiti"}, {"en", "free legal advice"},
        {"en", "homework help for children"}, {"ar", "دعم الأطفال"}, {"ar", "مركز الاستماع"},
        {"it", "psicolgo per ragazi"}, {"en", "womens language"}, {"it", "mediazione"},
        {"it", "lingua lavoro"}, {"en", "mediation work"}, {"it", "donne scuola"},
        {"en", "language"}, {"it", "legale"}};
    long nservice = NSERVICE;
    uint8_t *none = NULL, *area = ik_xcalloc(NSERVICE + 1, 1), *few = ik_xcalloc(NSERVICE + 1, 1);
    long *area_list = ik_xcalloc(NSERVICE + 1, sizeof *area_list);
    long *few_list = ik_xcalloc(NSERVICE + 1, sizeof *few_list);
    size_t narea = 0, nfew = 0;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(big, "SELECT s, area, free FROM search_service ORDER BY s",
                                        -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long s = (long)sqlite3_column_int64(st, 0);
        bool in_area = !strcmp((const char *)sqlite3_column_text(st, 1), "piana-fi-po");
        if (in_area) {
            area[s] = 1;
            area_list[narea++] = s;
        }
        if (in_area && sqlite3_column_int(st, 2) && s % 5 == 0) {
            few[s] = 1;
            few_list[nfew++] = s;
        }
    }
    sqlite3_finalize(st);
    runs_checked = runs_truncated = runs_counted = 0;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        Runs r[3] = {{big, queries[i][0], nservice, none, NULL, 0, 3},
                     {big, queries[i][0], nservice, area, area_list, narea, 3},
                     {big, queries[i][0], nservice, few, few_list, nfew, 3}};
        for (int k = 0; k < 3; k++)
            each_prefix(queries[i][1], check_runs, &r[k]);
    }
    /* the limit on rows ranked was reached, so the order of rows mattered */
    assert_true(runs_truncated > 50);
    assert_true(runs_counted > 10);
    assert_true(runs_checked > 500);
    printf("runs: %ld, %ld reaching the limit, %ld of those after languages counted\n",
           runs_checked, runs_truncated, runs_counted);
    free(area);
    free(few);
    free(area_list);
    free(few_list);
}

/* the generated directory's matching too: more rows, Arabic script */
static void test_matching_big(void **state)
{
    (void)state;
    static const char *const queries[][2] = {
        {"it", "centro di ascolto per genitori"}, {"it", "supporto psicologico"},
        {"en", "free legal advice"}, {"ar", "دعم الأطفال في المدرسة"}, {"it", "compiti"}};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        Forms f = {big, ik_search_script_of(queries[i][0]), false};
        each_prefix(queries[i][1], check_forms, &f);
        f.every_form = true;
        IkSearchQuery q;
        assert_true(ik_search_query_parse(queries[i][1], &q));
        check_forms(&q, queries[i][1], &f);
        ik_search_query_free(&q);
    }
}

/* ---- typed keystroke by keystroke against from scratch ---------------------- */
typedef struct {
    const char *lang;
    int filter;
} Typed;

static char *results_text(IkSearchResult *r, size_t n)
{
    IkBuf b = {0};
    for (size_t i = 0; i < n; i++)
        ik_buf_printf(&b, "%s=%.17g/%s/%s/%s/%s ", r[i].id, r[i].score, r[i].name,
                      r[i].organization, r[i].area, r[i].city ? r[i].city : "-");
    return b.data ? b.data : ik_xstrdup("");
}

static void typed_query(const char *lang, const char *text, void *arg)
{
    int *seen = arg;
    if ((*seen)++ % 3)
        return;     /* a third of them: each keystroke twice, once from scratch */
    static const IkSearchFilter filters[] = {
        {.age = -1, .limit = 60, .home_area = "area-aretina"},
        {.age = -1, .limit = 60, .area = "piana-fi-po"},
        {.age = -1, .limit = 3, .category = "psychological-support"},
        {.age = -1, .limit = 0}};
    sqlite3 *db = ik_content_db(dev);
    size_t n = strlen(text);
    for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++)
        for (size_t k = 1; k <= n; k++) {
            if (k < n && (text[k] & 0xC0) == 0x80)
                continue;
            char *typed = ik_xstrndup(text, k);
            size_t count = 0;
            IkSearchResult *r = ik_content_search(dev, lang, typed, &filters[f], &count);
            assert_non_null(r);
            char *warm = results_text(r, count);
            ik_search_results_free(r, count);
            /* from scratch: nothing kept on the connection */
            ik_search_forget(db);
            r = ik_content_search(dev, lang, typed, &filters[f], &count);
            assert_non_null(r);
            char *cold = results_text(r, count);
            ik_search_results_free(r, count);
            if (strcmp(warm, cold))
                fail_msg("[%s] \"%s\" (filter %zu): typed %s\nfrom scratch %s", lang, typed, f,
                         warm, cold);
            free(warm);
            free(cold);
            free(typed);
        }
}

static void test_typed_as_from_scratch(void **state)
{
    (void)state;
    int n = 0;
    assert_true(each_query(DEV "/queries.tsv", typed_query, &n) >= 200);
}

/* a run reading more rows than the connection keeps (some that no service
 * has) ends, with the rows it can read read */
static void test_many_rows(void **state)
{
    (void)state;
    IkSearchQuery q;
    assert_true(ik_search_query_parse("centro", &q));
    IkSearchExpr e = expression(big, IK_SEARCH_SCRIPT_OTHER, NULL, 0);
    ik_search_expr_build(&e, &q, true, false);
    IkSearchMatcher *m = ik_search_matcher_create(big, &e, false);
    assert_non_null(m);
    IkSearchFound *found = ik_xcalloc((size_t)e.nphrase + 1, sizeof *found);
    int there = 0;
    for (long l = 0; l < 16; l++)
        for (long s = 1; s <= 3000; s++)
            there += ik_search_matcher_row(m, (l << IK_SEARCH_LANG_SHIFT) | s, found);
    assert_true(there > 3000 && there < 3 * NSERVICE);
    free(found);
    ik_search_matcher_destroy(m);
    ik_search_expr_reset(&e);
    ik_search_query_free(&q);
}

/* ---- the services' lists (search_post) against FTS5 ------------------------ */
typedef struct {
    sqlite3 *db;
    IkSearchScript script;
    long nservice;
    long listed, exact;     /* expressions the lists gave rows for; and exactly FTS5's */
} Lists;

static void collect_rowid(long long rowid, const IkSearchFound *found, void *arg)
{
    (void)found;
    IkSearchRowids *r = arg;
    r->rowid = ik_xrealloc(r->rowid, r->count + 1, sizeof *r->rowid);
    r->rowid[r->count++] = rowid;
}

/* every row FTS5 matches is among the lists' (ascending); the same rows
 * when no phrase has two words or a column filter, which the lists do
 * not check */
static void check_lists(const IkSearchQuery *q, const char *typed, void *arg)
{
    Lists *l = arg;
    static const struct {
        bool all, fuzzy, names;
    } forms[] = {{true, false, false}, {true, false, true}, {true, true, false}, {false, true, false}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (!forms[i].all && q->count < 2)
            continue;
        IkSearchExpr e = expression(l->db, l->script, NULL, 0);
        e.name_only = forms[i].names;
        ik_search_expr_build(&e, q, forms[i].all, forms[i].fuzzy);
        IkSearchRowids ours = {0}, theirs = {0};
        long long first = 0, last = (long long)1 << 40;
        if (ik_search_listed_rows(l->db, &e, forms[i].names, l->nservice, first, last, &ours)) {
            l->listed++;
            fts5_rows(l->db, &e, forms[i].names, first, last, collect_rowid, &theirs);
            size_t k = 0;
            for (size_t j = 0; j < ours.count; j++) {
                if (j > 0 && ours.rowid[j] <= ours.rowid[j - 1])
                    fail_msg("\"%s\": the lists' rows are not ascending", typed);
                if (k < theirs.count && ours.rowid[j] == theirs.rowid[k])
                    k++;
            }
            if (k != theirs.count)
                fail_msg("\"%s\" (form %zu): FTS5 row %lld is not among the lists' %zu rows", typed,
                         i, theirs.rowid[k], ours.count);
            bool simple = true;
            for (int p = 0; p < e.nphrase; p++)
                simple &= !strchr(e.phrases[p].text, ' ') && !e.phrases[p].short_columns;
            if (simple && ours.count != theirs.count)
                fail_msg("\"%s\" (form %zu): %zu rows from the lists, FTS5 %zu", typed, i,
                         ours.count, theirs.count);
            l->exact += simple;
        }
        free(ours.rowid);
        free(theirs.rowid);
        ik_search_expr_reset(&e);
    }
}

static void dev_lists(const char *lang, const char *text, void *arg)
{
    Lists *l = arg;
    l->script = ik_search_script_of(lang);
    each_prefix(text, check_lists, l);
}

/* the lists give every row FTS5 finds, in order, for every prefix of the
 * development queries and of queries on the generated directory */
static void test_lists_hold_fts5_rows(void **state)
{
    (void)state;
    sqlite3 *db = ik_content_db(dev);
    Lists l = {db, IK_SEARCH_SCRIPT_OTHER,
               ik_search_scalar(db, "SELECT max(s) FROM search_service", NULL, 0), 0, 0};
    assert_true(each_query(DEV "/queries.tsv", dev_lists, &l) >= 200);
    static const char *const queries[][2] = {
        {"it", "centro di ascolto per genitori"}, {"en", "homework help for children"},
        {"ar", "دعم الأطفال"}, {"it", "psicolgo per ragazi"}, {"en", "womens language"}};
    Lists b = {big, IK_SEARCH_SCRIPT_OTHER, NSERVICE, 0, 0};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        b.script = ik_search_script_of(queries[i][0]);
        each_prefix(queries[i][1], check_lists, &b);
    }
    /* most expressions are read from the lists; most of those exactly */
    assert_true(l.listed > 2000 && l.exact > l.listed / 2);
    assert_true(b.listed > 200 && b.exact > b.listed / 2);
    printf("lists: %ld expressions (%ld exact) on the development pack, %ld (%ld) generated\n",
           l.listed, l.exact, b.listed, b.exact);
}

/* service numbers far beyond any directory's would need bitmaps of
 * gigabytes: the lists are not read, FTS5 finds the rows */
static void test_lists_too_many_services(void **state)
{
    (void)state;
    IkSearchQuery q;
    assert_true(ik_search_query_parse("centro", &q));
    IkSearchExpr e = expression(big, IK_SEARCH_SCRIPT_OTHER, NULL, 0);
    ik_search_expr_build(&e, &q, true, false);
    IkSearchRowids rows = {0};
    assert_true(ik_search_listed_rows(big, &e, false, NSERVICE, 0, (long long)1 << 40, &rows));
    assert_true(rows.count > 0);
    free(rows.rowid);
    rows = (IkSearchRowids){0};
    assert_false(ik_search_listed_rows(big, &e, false, 1L << 30, 0, (long long)1 << 40, &rows));
    assert_int_equal(rows.count, 0);
    ik_search_expr_reset(&e);
    ik_search_query_free(&q);
}

/* a damaged list is not read: FTS5 finds the rows, and a run ranks what
 * FTS5 matching the whole expression would */
static void test_damaged_list(void **state)
{
    (void)state;
    long id = ik_search_scalar(big, "SELECT id FROM search_word WHERE term = 'centro'", NULL, -1);
    assert_true(id >= 0);
    char *sql = sqlite3_mprintf("SAVEPOINT damage; UPDATE search_post SET services = x'0580'"
                                " WHERE k = %lld",
                                ik_search_post_key(IK_SEARCH_POST_TERM, (uint32_t)id, 0));
    assert_int_equal(sqlite3_exec(big, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    assert_int_equal(sqlite3_changes(big), 1);
    ik_search_forget(big);
    IkSearchQuery q;
    assert_true(ik_search_query_parse("centro ascolto", &q));
    IkSearchExpr e = expression(big, IK_SEARCH_SCRIPT_OTHER, NULL, NSERVICE);
    ik_search_expr_build(&e, &q, true, false);
    IkSearchRowids rows = {0};
    assert_false(ik_search_listed_rows(big, &e, false, NSERVICE, 0, (long long)1 << 40, &rows));
    assert_int_equal(rows.count, 0);
    IkSearchRows run = {.first = 0, .last = IK_SEARCH_SERVICE_MASK, .nservice = NSERVICE};
    check_run(big, &e, run, 3, "centro ascolto, its list damaged");
    ik_search_expr_reset(&e);
    ik_search_query_free(&q);
    assert_int_equal(sqlite3_exec(big, "ROLLBACK TO damage; RELEASE damage", NULL, NULL, NULL),
                     SQLITE_OK);
    ik_search_forget(big);
}

/* a pack without the lists (built before them) searches through FTS5 alone
 * and shows the same results */
static void test_without_lists(void **state)
{
    (void)state;
    static const char *const queries[][2] = {
        {"it", "centro di ascolto"}, {"en", "homework help"}, {"ar", "دعم الأطفال"},
        {"it", "psicolgo"}, {"en", "language wo"}, {"it", "legale"}};
    static const IkSearchFilter filter = {.age = -1, .limit = 60, .area = "piana-fi-po"};
    char *with[2][sizeof queries / sizeof queries[0]];
    for (int drop = 0; drop < 2; drop++) {
        if (drop)
            assert_int_equal(sqlite3_exec(big, "SAVEPOINT old; DROP TABLE search_post", NULL, NULL,
                                          NULL), SQLITE_OK);
        ik_search_forget(big);
        for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
            IkBuf b = {0};
            for (int f = 0; f < 2; f++) {
                size_t n = 0;
                IkSearchResult *r = ik_search_db(big, queries[i][0], queries[i][1],
                                                 f ? &filter : NULL, &n);
                assert_non_null(r);
                char *t = results_text(r, n);
                ik_buf_printf(&b, "%zu: %s|", n, t);
                free(t);
                ik_search_results_free(r, n);
            }
            with[drop][i] = b.data;
        }
    }
    assert_int_equal(sqlite3_exec(big, "ROLLBACK TO old; RELEASE old", NULL, NULL, NULL), SQLITE_OK);
    ik_search_forget(big);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        assert_true(strlen(with[0][i]) > 10);
        if (strcmp(with[0][i], with[1][i]))
            fail_msg("\"%s\": with the lists %s\nwithout %s", queries[i][1], with[0][i],
                     with[1][i]);
        free(with[0][i]);
        free(with[1][i]);
    }
}

/* ---- setup ------------------------------------------------------------------ */
static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ik_test_search_rows_XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    /* the development directory with the shipped synonyms of its languages,
     * as tests/search_eval/run.cmake builds it */
    sh("cp -r '%s/content' '%s/content'", DEV, tmp);
    sh("cut -d, -f1 '%s/content/languages.csv' | tail -n +2 > '%s/codes'", tmp, tmp);
    sh("awk -F, 'NR == FNR { keep[$1] = 1; next } FNR == 1 || keep[$1]' '%s/codes'"
       " '%s/content/synonyms.csv' > '%s/content/synonyms.csv'",
       tmp, IK_SOURCE_DIR, tmp);
    IkPackOptions o = {.content_dir = at("content"), .translations_dir = DEV "/translations",
                       .version = "1", .stale_days = -1, .max_source_age = -1};
    IkDiag *d = ik_diag_create(stderr, 20);
    bool ok = ik_pack_build(&o, at("dev.pack"), d);
    ik_diag_destroy(d);
    if (!ok || !(dev = ik_content_open(at("dev.pack"))))
        return -1;
    big_directory();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ik_content_close(dev);
    ik_search_forget(big);
    sqlite3_close(big);
    sh("rm -rf '%s'", tmp);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matching_dev),
        cmocka_unit_test(test_matching_big),
        cmocka_unit_test(test_runs_big),
        cmocka_unit_test(test_typed_as_from_scratch),
        cmocka_unit_test(test_many_rows),
        cmocka_unit_test(test_lists_hold_fts5_rows),
        cmocka_unit_test(test_lists_too_many_services),
        cmocka_unit_test(test_damaged_list),
        cmocka_unit_test(test_without_lists),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
