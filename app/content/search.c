/* Directory search, the query side: ik_content_search runs the phases of
 * one search in order (ik_search_db is the table of contents). The index it
 * reads is described in search_format.h and written by the pack builder
 * (app/pack/search_index.c); the other phases live in search_query.c,
 * search_fuzzy.c, search_rank.c, search_filter.c and search_cache.c. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "content_internal.h"
#include "search_internal.h"

/* One search in progress. */
typedef struct {
    sqlite3 *db;
    const char *lang;           /* the reader's language (or Italian) */
    const IkSearchFilter *filter;
    long nservice;              /* services are numbered 1..nservice */
    long lang_n;                /* the reader's language's number in rowids, -1 none */
    uint8_t *passes;            /* passes[s]: service s passes the filter */
    size_t limit;               /* results wanted */
    IkSearchQuery query;
    bool short_everywhere;      /* a short word no name holds: sought whole everywhere */
    IkSearchHit *hits;          /* per service: its best row (matching) */
    IkSearchHit *page;          /* the results, in order */
    size_t npage;
} Search;

static bool begin(Search *s, sqlite3 *db, const char *lang, const IkSearchFilter *filter);
static bool browse(Search *s);
static bool is_short_word(const Search *s);
static bool short_word_in_names(Search *s);
static bool match(Search *s);
static void rank(Search *s);
static IkSearchResult *results(Search *s, size_t *count);
static void end(Search *s);

/* =========================================================================
 * the phases
 * ========================================================================= */

IkSearchResult *ik_search_db(sqlite3 *db, const char *lang, const char *query,
                             const IkSearchFilter *filter, size_t *count)
{
    Search s = {0};
    IkSearchResult *out = NULL;
    if (count)
        *count = 0;
    if (!db || !count) {
        ik_fail("search: no pack");
        return NULL;
    }
    if (!begin(&s, db, lang, filter) || !ik_search_query_parse(query, &s.query))
        goto done;
    if (s.query.count == 0) {
        /* nothing typed: every service that passes, by name */
        if (!browse(&s))
            goto done;
    } else {
        /* one or two letters: names with a word starting so, if any */
        if (is_short_word(&s) && !short_word_in_names(&s))
            goto done;
        s.short_everywhere = is_short_word(&s) && s.npage == 0;
        if (s.npage == 0) {
            if (!match(&s))
                goto done;
            rank(&s);
        }
    }
    out = results(&s, count);
done:
    end(&s);
    return out;
}

IkSearchResult *ik_content_search(IkContent *content, const char *lang, const char *query,
                                  const IkSearchFilter *filter, size_t *count)
{
    if (!content) {
        if (count)
            *count = 0;
        ik_fail("search: no pack");
        return NULL;
    }
    return ik_search_db(ik_content_db(content), lang, query, filter, count);
}

/* =========================================================================
 * begin: the services, the reader's language, the filter
 * ========================================================================= */

static bool begin(Search *s, sqlite3 *db, const char *lang, const IkSearchFilter *filter)
{
    static const IkSearchFilter none = {.age = -1};
    s->db = db;
    s->filter = filter ? filter : &none;
    s->lang = lang && lang[0] ? lang : IK_SOURCE_LANG;
    IkSearchCache *cache = ik_search_cache(db);
    s->nservice = cache && cache->nservice >= 0
                ? cache->nservice
                : ik_search_scalar(db, "SELECT max(s) FROM search_service", NULL, -1);
    if (s->nservice < 0) {
        if (ik_search_scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'search_service'",
                             NULL, 0) == 0)
            return ik_fail("search: the pack has no search index (rebuild it)");
        s->nservice = 0;
    }
    if (cache)
        cache->nservice = s->nservice;
    s->lang_n = ik_search_scalar(db, "SELECT n FROM search_lang WHERE code = ?", s->lang, -1);
    s->limit = s->filter->limit > 0 ? (size_t)s->filter->limit : (size_t)s->nservice;
    s->passes = ik_xcalloc((size_t)s->nservice + 1, 1);
    return ik_search_filter_passes(db, s->filter, s->passes, s->nservice);
}

static void end(Search *s)
{
    ik_search_query_free(&s->query);
    free(s->passes);
    free(s->hits);
    free(s->page);
}

/* =========================================================================
 * browse: nothing typed
 * ========================================================================= */

static bool browse(Search *s)
{
    sqlite3_stmt *st = ik_search_prepare(s->db,
        "SELECT s FROM search_name WHERE lang = ? ORDER BY sortkey, s");
    if (!st)
        return false;
    if (ik_search_scalar(s->db, "SELECT count(*) FROM search_name WHERE lang = ?", s->lang, 0) == 0)
        s->lang = IK_SOURCE_LANG;
    sqlite3_bind_text(st, 1, s->lang, -1, SQLITE_STATIC);
    s->page = ik_xmalloc((s->limit + 1) * sizeof *s->page);
    while (s->npage < s->limit && sqlite3_step(st) == SQLITE_ROW) {
        long n = (long)sqlite3_column_int64(st, 0);
        if (n > 0 && n <= s->nservice && s->passes[n])
            s->page[s->npage++] = (IkSearchHit){n, 0, false};
    }
    sqlite3_finalize(st);
    return true;
}

/* =========================================================================
 * one or two letters
 * ========================================================================= */

static bool is_short_word(const Search *s)
{
    return s->query.count == 1 && s->query.tokens[0].length < 3 && !s->query.tokens[0].han;
}

/* Names with a word starting so, in browse order: in the reader's language
 * names starting so, then names with a later word starting so; then the
 * same in Italian (a prefix this short would match nearly every text). */
static bool short_word_in_names(Search *s)
{
    sqlite3_stmt *st = ik_search_prepare(s->db,
        "SELECT s, words FROM search_name WHERE lang = ? ORDER BY sortkey, s");
    if (!st)
        return false;
    uint8_t *taken = ik_xcalloc((size_t)s->nservice + 1, 1);
    IkSearchHit *later = ik_xmalloc((s->limit + 1) * sizeof *later);
    s->page = ik_xmalloc((s->limit + 1) * sizeof *s->page);
    char *word = ik_xasprintf(" %s", s->query.tokens[0].text);
    size_t wlen = strlen(word);
    const char *order[2] = {s->lang, strcmp(s->lang, IK_SOURCE_LANG) ? IK_SOURCE_LANG : NULL};
    for (int l = 0; l < 2 && order[l] && s->npage < s->limit; l++) {
        size_t nlater = 0;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, order[l], -1, SQLITE_STATIC);
        while (s->npage < s->limit && sqlite3_step(st) == SQLITE_ROW) {
            long n = (long)sqlite3_column_int64(st, 0);
            const char *words = (const char *)sqlite3_column_text(st, 1);
            if (n <= 0 || n > s->nservice || !s->passes[n] || taken[n] || !words)
                continue;
            if (!strncmp(words, word, wlen)) {
                taken[n] = 1;
                s->page[s->npage++] = (IkSearchHit){n, 2.0 - l * 0.5, false};
            } else if (nlater < s->limit - s->npage && strstr(words, word)) {
                taken[n] = 1;
                later[nlater++] = (IkSearchHit){n, 1.0 - l * 0.5, false};
            }
        }
        for (size_t i = 0; i < nlater && s->npage < s->limit; i++)
            s->page[s->npage++] = later[i];
        for (size_t i = 0; i < nlater; i++)   /* not shown: free for the next language */
            taken[later[i].s] = 0;
        for (size_t i = 0; i < s->npage; i++)
            taken[s->page[i].s] = 1;
    }
    sqlite3_finalize(st);
    free(word);
    free(later);
    free(taken);
    return true;
}

/* =========================================================================
 * match: the FTS5 passes
 * ========================================================================= */

static size_t count_hits(const Search *s)
{
    size_t n = 0;
    for (long i = 1; i <= s->nservice; i++)
        n += s->hits[i].score > 0 && s->passes[i];
    return n;
}

/* One pass: the expression built with these options, run; with one word and
 * a page to fill, over the names first. When the page's worst is above
 * anything a match outside the name could score, the rest of the rows cannot
 * reach the page. Near spellings keep the exact rows of pass 0 (same
 * scores), so only near-spelling rows can be missing. A filter leaves too
 * few names for this to pay. */
static bool run_pass(Search *s, IkSearchExpr *e, int pass, size_t *nhit)
{
    bool filtered = ik_search_any_filter(s->filter), one = s->query.count == 1;
    bool fuzzy = pass > 0, all = pass < 2;
    bool tier = one && s->filter->limit > 0 && pass < 2 && !filtered;
    for (int name_only = tier; name_only >= 0; name_only--) {
        ik_search_expr_reset(e);
        e->name_only = name_only;
        if (pass != 1)
            memset(s->hits, 0, ((size_t)s->nservice + 1) * sizeof *s->hits);
        ik_search_expr_build(e, &s->query, all, fuzzy, pass < 0 && one);
        e->rank.passes = filtered ? s->passes : NULL;
        e->rank.nservice = s->nservice;
        if (!ik_search_run(s->db, e, s->lang_n, pass == -2, s->hits, s->nservice))
            return false;
        *nhit = count_hits(s);
        if (name_only && ik_search_page_settled(s->hits, s->nservice, s->passes, s->limit, *nhit,
                                                fuzzy))
            break;
    }
    return true;
}

/* Passes, cheapest first; each stops the search when it has enough:
 *  -2  the reader's language only, when it fills the page (the reader's
 *      language comes first anyway);
 *  -1  one word: the short fields only; any match there outranks a
 *      match in a description, so a full page needs no description;
 *   0  exact, prefix and synonyms everywhere;
 *   1  near spellings too, when pass 0 found few services (they would
 *      rank below exact ones anyway);
 *   2  any of the words instead of all of them. */
static bool match(Search *s)
{
    const IkSearchFilter *f = s->filter;
    bool filtered = ik_search_any_filter(f), ok = true;
    IkSearchExpr e = {
        .facet = ik_search_prepare(s->db, "SELECT x.id, x.services FROM search_facet_fts f"
                                          " JOIN search_facet x ON x.id = f.rowid"
                                          " WHERE search_facet_fts MATCH ?"),
        .synonyms = ik_search_prepare(s->db,
            "SELECT expansion FROM search_synonym WHERE term = ?1"
            " UNION ALL SELECT expansion FROM (SELECT DISTINCT expansion FROM search_synonym"
            "  WHERE ?2 AND term > ?1 AND term < ?1 || x'f4' LIMIT 6)"),
        .candidates = ik_search_prepare(s->db,
            "SELECT term, df FROM search_term WHERE k12 IN (?1, ?2, ?3, ?4) AND len BETWEEN ?9 AND ?10"
            " UNION ALL SELECT term, df FROM search_term WHERE k23 IN (?5, ?6) AND len BETWEEN ?9 AND ?10"
            " UNION ALL SELECT term, df FROM search_term WHERE k13 IN (?7, ?8) AND len BETWEEN ?9 AND ?10"),
        .passes = filtered ? s->passes : NULL,
        .nservice = s->nservice,
        .filter = filtered ? ik_search_filter_terms(s->db, f) : NULL,
        .short_everywhere = s->short_everywhere,
        .script = ik_search_script_of(s->lang),
    };
    if (!e.facet || !e.synonyms || !e.candidates)
        ok = false;
    s->hits = ik_xcalloc((size_t)s->nservice + 1, sizeof *s->hits);
    for (int pass = -2; ok && pass < 3; pass++) {
        /* a filter leaves few of a cheap pass's rows: it would seldom fill
         * the page, and every pass it fails costs a whole pass */
        if (pass < 0 && (f->limit <= 0 || filtered || (pass == -2 && s->lang_n < 0) ||
                         (pass == -1 && s->query.count != 1)))
            continue;
        if (pass == 2 && s->query.count < 2)
            break;
        size_t nhit = 0;
        ok = run_pass(s, &e, pass, &nhit);
        if (pass < 0 ? nhit >= s->limit && nhit >= IK_SEARCH_ENOUGH
                     : nhit >= (pass == 0 ? IK_SEARCH_ENOUGH : 1))
            break;
    }
    ik_search_expr_reset(&e);
    sqlite3_finalize(e.facet);
    sqlite3_finalize(e.synonyms);
    sqlite3_finalize(e.candidates);
    free((char *)e.filter);
    return ok;
}

/* =========================================================================
 * rank: the kiosk's own area first among equals, then the page
 * ========================================================================= */

static void rank(Search *s)
{
    uint8_t *home = ik_search_home_services(s->db, s->filter->home_area, s->nservice);
    free(s->page);   /* a short word's empty page */
    s->npage = 0;
    s->page = ik_xmalloc(((size_t)s->nservice + 1) * sizeof *s->page);
    size_t exact = 0;
    for (long i = 1; i <= s->nservice; i++) {
        if (s->hits[i].score <= 0 || !s->passes[i])
            continue;
        IkSearchHit h = s->hits[i];
        if (home && home[i])
            h.score *= IK_SEARCH_HOME_BOOST;
        exact += !h.fuzzy;
        s->page[s->npage++] = h;
    }
    free(home);
    if (s->npage > 1)
        qsort(s->page, s->npage, sizeof *s->page, ik_search_hit_cmp);
    /* near spellings only fill in when exact and prefix matches are few */
    if (exact >= IK_SEARCH_ENOUGH)
        s->npage = exact;
    if (s->npage > s->limit)
        s->npage = s->limit;
}

/* =========================================================================
 * results: the page's texts in the reader's language
 * ========================================================================= */

/* Fills out[] with the texts of the page in lang (Italian fallback), in one
 * statement; services that are not found leave no gap. Returns how many. */
static size_t fill(sqlite3 *db, const char *lang, const IkSearchHit *page, size_t n,
                   IkSearchResult *out)
{
    IkBuf list = {0};
    for (size_t i = 0; i < n; i++)
        ik_buf_printf(&list, "%s%ld", i ? "," : "[", page[i].s);
    ik_buf_puts(&list, "]");
    /* coalesce() evaluates its arguments lazily: the Italian fallback is
     * looked up only when the reader's language has no name */
    sqlite3_stmt *st = ik_search_prepare(db,
        "SELECT j.key, x.id,"
        " coalesce((SELECT nullif(value, '') FROM string WHERE lang = ?1"
        "   AND key = 'service:' || x.id || ':name'),"
        "  (SELECT nullif(value, '') FROM string WHERE lang = '" IK_SOURCE_LANG "'"
        "   AND key = 'service:' || x.id || ':name'), x.id),"
        " CASE WHEN x.organization_id IS NULL THEN ''"
        "  ELSE coalesce((SELECT nullif(value, '') FROM string WHERE lang = ?1"
        "   AND key = 'organization:' || x.organization_id || ':name'),"
        "  (SELECT nullif(value, '') FROM string WHERE lang = '" IK_SOURCE_LANG "'"
        "   AND key = 'organization:' || x.organization_id || ':name'),"
        "  (SELECT name FROM organization WHERE id = x.organization_id), '') END,"
        " coalesce(x.area, ''), CASE WHEN x.confidential THEN NULL ELSE x.city END"
        " FROM json_each(?2) j JOIN search_service x ON x.s = j.value");
    if (!st) {
        ik_buf_free(&list);
        return 0;
    }
    sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, list.data, (int)list.len, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 i = sqlite3_column_int64(st, 0);
        if (i < 0 || (size_t)i >= n || out[i].id)
            continue;
        IkSearchResult *r = &out[i];
        const char *city = (const char *)sqlite3_column_text(st, 5);
        r->id = ik_xstrdup((const char *)sqlite3_column_text(st, 1));
        r->name = ik_xstrdup((const char *)sqlite3_column_text(st, 2));
        r->organization = ik_xstrdup((const char *)sqlite3_column_text(st, 3));
        r->area = ik_xstrdup((const char *)sqlite3_column_text(st, 4));
        r->city = city ? ik_xstrdup(city) : NULL;
        r->score = page[i].score;
    }
    sqlite3_finalize(st);
    ik_buf_free(&list);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (out[i].id)
            out[k++] = out[i];
    for (size_t i = k; i < n; i++)
        memset(&out[i], 0, sizeof out[i]);
    return k;
}

static IkSearchResult *results(Search *s, size_t *count)
{
    IkSearchResult *out = ik_xcalloc(s->npage + 1, sizeof *out);
    *count = s->npage ? fill(s->db, s->lang, s->page, s->npage, out) : 0;
    return out;
}

void ik_search_results_free(IkSearchResult *results, size_t count)
{
    if (!results)
        return;
    for (size_t i = 0; i < count; i++) {
        free(results[i].id);
        free(results[i].name);
        free(results[i].organization);
        free(results[i].city);
        free(results[i].area);
    }
    free(results);
}

/* =========================================================================
 * small SQL helpers for the search files
 * ========================================================================= */

long ik_search_scalar(sqlite3 *db, const char *sql, const char *arg, long fallback)
{
    sqlite3_stmt *st = NULL;
    long v = fallback;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (arg)
            sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            v = (long)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

sqlite3_stmt *ik_search_prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        ik_fail("search: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}
