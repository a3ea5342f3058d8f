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
    long source_n;              /* Italian's */
    IkSearchScript script;      /* the script the reader's language is written in */
    IkSearchCache *cache;       /* of the connection, or NULL */
    const uint8_t *passes;      /* passes[s]: service s passes the filter */
    uint8_t *owned_passes;      /* passes, when no cache keeps it */
    size_t limit;               /* results wanted */
    IkSearchQuery query;
    bool short_everywhere;      /* a short word no name holds: sought whole everywhere */
    IkSearchHits hits;          /* per service: its best row (matching) */
    /* the steps with every word and no near spelling share their
     * expressions (names [1], whole rows [0]): built once, and per language
     * the rows they ranked there having ranked all they found (-1 not yet) */
    IkSearchExpr shared[2];
    bool built[2];
    long done[2][IK_SEARCH_LANGS_MAX + 1];
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

/* the number of language code in the index's rowids, -1 when it has none */
static long lang_number(sqlite3 *db, const char *code)
{
    sqlite3_stmt *st = ik_search_stmt(db, IK_SEARCH_STMT_LANG,
                                      "SELECT n FROM search_lang WHERE code = ?");
    long n = -1;
    if (st) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = (long)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    return n;
}

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
    if (!cache || !cache->lang_code || strcmp(cache->lang_code, s->lang)) {
        s->lang_n = lang_number(db, s->lang);
        s->script = ik_search_script_of(s->lang);
        if (cache) {
            free(cache->lang_code);
            cache->lang_code = ik_xstrdup(s->lang);
            cache->lang_n = s->lang_n;
            cache->script = s->script;
        }
    } else {
        s->lang_n = cache->lang_n;
        s->script = cache->script;
    }
    if (!cache || cache->source_n < -1) {
        s->source_n = lang_number(db, IK_SOURCE_LANG);
        if (cache)
            cache->source_n = s->source_n;
    } else {
        s->source_n = cache->source_n;
    }
    s->cache = cache;
    s->limit = s->filter->limit > 0 ? (size_t)s->filter->limit : (size_t)s->nservice;
    s->passes = ik_search_filter_passes(db, s->filter, s->nservice, &s->owned_passes);
    return s->passes != NULL;
}

/* A zeroed array over the services (0..nservice) of elements of size. */
static void *zeroed(const Search *s, size_t size)
{
    return ik_xcalloc((size_t)s->nservice + 1, size);
}

static void end(Search *s)
{
    /* the cache's arrays are emptied for the next search; own ones freed */
    for (size_t i = 0; s->hits.by_service && i < s->hits.count; i++)
        s->hits.by_service[s->hits.found[i]] = (IkSearchHit){0};
    if (!s->cache) {
        free(s->hits.by_service);
        free(s->hits.found);
    }
    ik_search_query_free(&s->query);
    free(s->owned_passes);
    free(s->page);
}

/* =========================================================================
 * browse: nothing typed
 * ========================================================================= */

static bool browse(Search *s)
{
    sqlite3_stmt *st = ik_search_stmt(s->db, IK_SEARCH_STMT_BROWSE,
        "SELECT s FROM search_name WHERE lang = ? ORDER BY sortkey, s");
    if (!st)
        return false;
    long lang_n = s->lang_n;
    if (lang_n < 0) {   /* a language the index does not know: Italian */
        s->lang = IK_SOURCE_LANG;
        lang_n = lang_number(s->db, s->lang);
    }
    sqlite3_bind_int64(st, 1, lang_n);
    s->page = ik_xmalloc((s->limit + 1) * sizeof *s->page);
    while (s->npage < s->limit && sqlite3_step(st) == SQLITE_ROW) {
        long n = (long)sqlite3_column_int64(st, 0);
        if (n > 0 && n <= s->nservice && s->passes[n])
            s->page[s->npage++] = (IkSearchHit){n, 0, false};
    }
    sqlite3_reset(st);
    return true;
}

/* =========================================================================
 * one or two letters
 * ========================================================================= */

static bool is_short_word(const Search *s)
{
    return s->query.count == 1 && s->query.tokens[0].length < 3 && !s->query.tokens[0].han;
}

/* appends the services of st's rows (s, later) not taken yet */
static void take_names(Search *s, sqlite3_stmt *st, int l, uint8_t *taken)
{
    while (s->npage < s->limit && sqlite3_step(st) == SQLITE_ROW) {
        long n = (long)sqlite3_column_int64(st, 0);
        if (n <= 0 || n > s->nservice || !s->passes[n] || taken[n])
            continue;
        taken[n] = 1;
        double score = (sqlite3_column_int(st, 1) ? 1.0 : 2.0) - l * 0.5;
        s->page[s->npage++] = (IkSearchHit){n, score, false};
    }
    sqlite3_reset(st);
}

typedef struct {
    long ord;           /* the name's place in browse order */
    long s;             /* its service */
} Named;

static int named_cmp(const void *a, const void *b)
{
    long x = ((const Named *)a)->ord, y = ((const Named *)b)->ord;
    return (x > y) - (x < y);
}

/* appends to *named the services of st's rows (s, ord) that pass and are
 * not taken yet */
static void collect_names(const Search *s, sqlite3_stmt *st, const uint8_t *taken, Named **named,
                          size_t *count, size_t *cap)
{
    while (sqlite3_step(st) == SQLITE_ROW) {
        long n = (long)sqlite3_column_int64(st, 0);
        if (n <= 0 || n > s->nservice || !s->passes[n] || taken[n])
            continue;
        if (*count == *cap) {
            *cap = *cap ? 2 * *cap : 256;
            *named = ik_xrealloc(*named, *cap, sizeof **named);
        }
        (*named)[(*count)++] = (Named){(long)sqlite3_column_int64(st, 1), n};
    }
    sqlite3_reset(st);
}

/* Appends, in browse order, the services with a later word of their name
 * starting with letter in language lang_n that pass and are not taken yet.
 * Rows are read prefix by prefix (each of the letter's two-letter prefixes
 * found by one seek), so the names starting so (later 0) are skipped, not
 * read; the passing ones are sorted here, rather than all of them by
 * SQLite: with a filter the page never fills, and every such row was read
 * and sorted. A service's rows share its ord: ties are one service, and the
 * order is that of one query ORDER BY ord. */
static bool take_later_names(Search *s, long lang_n, const char *letter, int l, uint8_t *taken)
{
    sqlite3_stmt *rows = ik_search_stmt(s->db, IK_SEARCH_STMT_NAME_LATER,
        "SELECT s, ord FROM search_name_word WHERE lang = ?1 AND prefix = ?2 AND later = 1");
    sqlite3_stmt *next = ik_search_stmt(s->db, IK_SEARCH_STMT_NAME_PREFIX,
        "SELECT prefix FROM search_name_word WHERE lang = ?1 AND prefix > ?2"
        " AND prefix < ?3 || x'f4908080' ORDER BY prefix LIMIT 1");
    if (!rows || !next)
        return false;
    Named *named = NULL;
    size_t count = 0, cap = 0;
    sqlite3_bind_int64(rows, 1, lang_n);
    sqlite3_bind_int64(next, 1, lang_n);
    sqlite3_bind_text(next, 3, letter, -1, SQLITE_STATIC);
    char *prefix = ik_xstrdup(letter);
    while (prefix) {
        sqlite3_bind_text(rows, 2, prefix, -1, SQLITE_STATIC);
        collect_names(s, rows, taken, &named, &count, &cap);
        sqlite3_bind_text(next, 2, prefix, -1, SQLITE_STATIC);
        const char *found = sqlite3_step(next) == SQLITE_ROW
                                ? (const char *)sqlite3_column_text(next, 0) : NULL;
        char *copy = found ? ik_xstrdup(found) : NULL;
        sqlite3_reset(next);
        free(prefix);
        prefix = copy;
    }
    if (count > 1)   /* qsort(NULL, 0) is undefined */
        qsort(named, count, sizeof *named, named_cmp);
    for (size_t i = 0; i < count && s->npage < s->limit; i++) {
        long n = named[i].s;
        if (taken[n])
            continue;
        taken[n] = 1;
        s->page[s->npage++] = (IkSearchHit){n, 1.0 - l * 0.5, false};
    }
    free(named);
    return true;
}

/* Names with a word starting so, in browse order: in the reader's language
 * names starting so, then names with a later word starting so; then the
 * same in Italian (a prefix this short would match nearly every text).
 * search_name_word holds two letters of every word and one letter of a
 * name's first word, so every step but the last reads in index order (the
 * last reads each two-letter prefix so and sorts what it keeps). */
static bool short_word_in_names(Search *s)
{
    sqlite3_stmt *two = ik_search_stmt(s->db, IK_SEARCH_STMT_NAME_WORDS,
        "SELECT s, later FROM search_name_word WHERE lang = ?1 AND prefix = ?2"
        " AND later <= ?3 ORDER BY later, ord");
    if (!two)
        return false;
    long order[2] = {s->lang_n, s->lang_n != s->source_n ? s->source_n : -1};
    const IkSearchToken *word = &s->query.tokens[0];
    bool one = word->length == 1;
    /* the cache's, which every search leaves empty, or its own */
    if (s->cache && !s->cache->taken)
        s->cache->taken = zeroed(s, 1);
    uint8_t *taken = s->cache ? s->cache->taken : zeroed(s, 1);
    s->page = ik_xmalloc((s->limit + 1) * sizeof *s->page);
    bool ok = true;
    for (int l = 0; ok && l < 2 && s->npage < s->limit; l++) {
        if (order[l] < 0)
            continue;
        /* one letter: first words in index order, then later words sorted */
        sqlite3_bind_int64(two, 1, order[l]);
        sqlite3_bind_text(two, 2, word->text, -1, SQLITE_STATIC);
        sqlite3_bind_int(two, 3, one ? 0 : 1);
        take_names(s, two, l, taken);
        if (one && s->npage < s->limit && !take_later_names(s, order[l], word->text, l, taken))
            ok = false;
    }
    for (size_t i = 0; i < s->npage; i++)     /* left empty for the next search */
        taken[s->page[i].s] = 0;
    if (!s->cache)
        free(taken);
    return ok;
}

/* =========================================================================
 * match: the FTS5 passes
 * ========================================================================= */

static size_t count_hits(const Search *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->hits.count; i++)
        n += s->passes[s->hits.found[i]];
    return n;
}

static void clear_hits(Search *s)
{
    for (size_t i = 0; i < s->hits.count; i++)
        s->hits.by_service[s->hits.found[i]] = (IkSearchHit){0};
    s->hits.count = 0;
}

/* The steps of a search, cheapest first; a step runs only while the ones
 * before found too little. A row in the reader's language ranks above any
 * other row (the language boost multiplies every word's thousand), so when
 * that language fills the page the page is final. Italian, which every
 * service has, comes next; the other languages, whose rows match words the
 * reader rarely meant, only when those two found few services. */
typedef enum { ROWS_READER, ROWS_SOURCE, ROWS_ALL } Rows;
typedef struct {
    Rows rows;
    bool fuzzy;         /* near spellings too */
    bool all;           /* every word (else any of them) */
} Step;

static const Step steps[] = {
    {ROWS_READER, false, true},
    {ROWS_SOURCE, false, true},
    {ROWS_ALL, false, true},
    {ROWS_ALL, true, true},     /* near spellings: they would rank below anyway */
    {ROWS_ALL, true, false},    /* any of the words: nothing matched them all */
};

/* true when the search may stop after step i with nhit services found */
static bool enough(const Search *s, size_t i, size_t nhit)
{
    switch (i) {
    case 0: return nhit >= s->limit && nhit >= IK_SEARCH_ENOUGH;
    case 1: case 2: return nhit >= IK_SEARCH_ENOUGH;
    default: return nhit >= 1;
    }
}

/* the rowid range of a step's rows, false when the step has none of its own */
static bool step_rows(const Search *s, Rows rows, long long *first, long long *last)
{
    long n = rows == ROWS_READER ? s->lang_n : rows == ROWS_SOURCE ? s->source_n : -1;
    if (rows != ROWS_ALL) {
        /* with no limit every row counts: the first steps could not stop */
        if (n < 0 || s->filter->limit <= 0 || (rows == ROWS_SOURCE && s->source_n == s->lang_n))
            return false;
        *first = (long long)n << IK_SEARCH_LANG_SHIFT;
        *last = *first | IK_SEARCH_SERVICE_MASK;
        return true;
    }
    *first = 0;
    *last = (long long)1 << 40;
    return true;
}

/* One step: the expression built for it, run over its rows. With a page to
 * fill, over the names first, from their own index (search_title_fts: a
 * common word's doclist there is a small part of its doclist in every
 * text); when the names alone fill the page, the page is the names: a
 * service named with every word typed comes before one that has some of
 * them elsewhere. */
static bool run_step(Search *s, IkSearchExpr *e, const Step *step, size_t *nhit)
{
    long long first, last;
    if (!step_rows(s, step->rows, &first, &last))
        return true;
    bool titles = s->filter->limit > 0 && step->all;
    bool filtered = ik_search_any_filter(s->filter);
    IkSearchRows rows = {.first = first, .last = last, .lang_n = s->lang_n,
                         .passes = filtered ? s->passes : NULL, .nservice = s->nservice};
    /* the filter by name, so the rows ranked are kept for the next keystroke */
    if (s->cache)
        rows.filter = filtered ? s->cache->filter_key : "";
    if (filtered)
        rows.pass_list = ik_search_pass_list(s->db, s->passes, s->nservice, &rows.npass);
    /* the steps with every word and no near spelling build the same
     * expression: built once; a language one ranked whole is not ranked
     * again */
    bool shared = step->all && !step->fuzzy;
    long ranked[IK_SEARCH_LANGS_MAX + 1];
    for (int names = titles; names >= 0; names--) {
        IkSearchExpr *x = shared ? &s->shared[names] : e;
        if (!shared || !s->built[names]) {
            ik_search_expr_reset(x);
            x->name_only = names;
            ik_search_expr_build(x, &s->query, step->all, step->fuzzy);
            s->built[names] |= shared;
        }
        rows.titles = names;
        rows.done = shared ? s->done[names] : NULL;
        rows.ranked = shared ? ranked : NULL;
        if (!ik_search_run(s->db, x, &rows, &s->hits))
            return false;
        for (int l = 0; shared && l <= IK_SEARCH_LANGS_MAX; l++)
            if (ranked[l] >= 0)
                s->done[names][l] = ranked[l];
        *nhit = count_hits(s);
        if (names && *nhit >= s->limit && *nhit >= IK_SEARCH_ENOUGH)
            break;
    }
    return true;
}

static bool match(Search *s)
{
    const IkSearchFilter *f = s->filter;
    bool filtered = ik_search_any_filter(f), ok = true;
    IkSearchExpr e;
    ok = ik_search_expr_init(&e, s->db);
    e.passes = filtered ? s->passes : NULL;
    e.nservice = s->nservice;
    e.short_everywhere = s->short_everywhere;
    e.script = s->script;
    s->shared[0] = s->shared[1] = e;
    s->built[0] = s->built[1] = false;
    /* the cache's, which every search leaves empty, or its own */
    if (s->cache && !s->cache->by_service) {
        s->cache->by_service = zeroed(s, sizeof *s->hits.by_service);
        s->cache->found = zeroed(s, sizeof *s->hits.found);
    }
    s->hits.by_service = s->cache ? s->cache->by_service : zeroed(s, sizeof *s->hits.by_service);
    for (int names = 0; names < 2; names++)
        for (int l = 0; l <= IK_SEARCH_LANGS_MAX; l++)
            s->done[names][l] = -1;
    s->hits.found = s->cache ? s->cache->found : zeroed(s, sizeof *s->hits.found);
    for (size_t i = 0; ok && i < sizeof steps / sizeof steps[0]; i++) {
        if (!steps[i].all && s->query.count < 2)
            break;
        if (!steps[i].all)
            clear_hits(s);      /* any of the words: ranked by how many matched */
        size_t nhit = count_hits(s);
        ok = run_step(s, &e, &steps[i], &nhit);
        if (enough(s, i, nhit))
            break;
    }
    ik_search_expr_reset(&e);
    ik_search_expr_reset(&s->shared[0]);
    ik_search_expr_reset(&s->shared[1]);
    return ok;
}

/* =========================================================================
 * rank: the kiosk's own area first among equals, then the page
 * ========================================================================= */

/* Keeps the best keep of page[0..n) by ik_search_hit_cmp, in order, in
 * page[0..keep): a heap of the best so far, worst on top, so a keystroke
 * that found thousands orders only the page it shows. Returns keep. */
static size_t best_of(IkSearchHit *page, size_t n, size_t keep)
{
    if (keep > n)
        keep = n;
    if (keep > 0 && keep < n) {
        /* page[0..keep) becomes a heap whose top is its worst */
        for (size_t i = 1; i < keep; i++)
            for (size_t c = i; c > 0 && ik_search_hit_cmp(&page[(c - 1) / 2], &page[c]) < 0;
                 c = (c - 1) / 2) {
                IkSearchHit t = page[(c - 1) / 2];
                page[(c - 1) / 2] = page[c];
                page[c] = t;
            }
        /* each better one replaces the worst kept, which sinks */
        for (size_t i = keep; i < n; i++) {
            if (ik_search_hit_cmp(&page[i], &page[0]) >= 0)
                continue;
            page[0] = page[i];
            for (size_t p = 0, c = 1; c < keep; p = c, c = 2 * p + 1) {
                if (c + 1 < keep && ik_search_hit_cmp(&page[c + 1], &page[c]) > 0)
                    c++;
                if (ik_search_hit_cmp(&page[p], &page[c]) >= 0)
                    break;
                IkSearchHit t = page[p];
                page[p] = page[c];
                page[c] = t;
            }
        }
    }
    if (keep > 1)
        qsort(page, keep, sizeof *page, ik_search_hit_cmp);
    return keep;
}

static void rank(Search *s)
{
    uint8_t *owned_home = NULL;
    const uint8_t *home = ik_search_home_services(s->db, s->filter->home_area, s->nservice,
                                                  &owned_home);
    free(s->page);   /* a short word's empty page */
    s->npage = 0;
    s->page = ik_xmalloc((s->hits.count + 1) * sizeof *s->page);
    size_t exact = 0;
    for (size_t i = 0; i < s->hits.count; i++) {
        long n = s->hits.found[i];
        if (!s->passes[n])
            continue;
        IkSearchHit h = s->hits.by_service[n];
        if (home && home[n])
            h.score *= IK_SEARCH_HOME_BOOST;
        exact += !h.fuzzy;
        s->page[s->npage++] = h;
    }
    free(owned_home);
    /* near spellings only fill in when exact and prefix matches are few
     * (exact ones come first in the order) */
    size_t keep = exact >= IK_SEARCH_ENOUGH ? exact : s->npage;
    s->npage = best_of(s->page, s->npage, keep < s->limit ? keep : s->limit);
}

/* =========================================================================
 * results: the page's texts in the reader's language
 * ========================================================================= */

/* The cards of results shown lately, kept per connection: a keystroke
 * mostly shows services the one before showed. Their texts are in one
 * buffer, so that emptying the cache when it is full clears its keys
 * instead of freeing thousands of strings in the keystroke that fills it. */
#define CARD_SLOTS 4096         /* open addressing, at most half of them used */
#define CARD_BYTES (1u << 20)   /* texts kept at most */
#define CARD_NONE UINT32_MAX    /* no text (a confidential service's city) */

/* a card's texts: offsets into the cache's buffer */
typedef struct {
    uint32_t id, name, organization, area, city;
} CardText;

struct IkSearchCards {
    sqlite3_int64 key[CARD_SLOTS];  /* language << shift | service, + 1; 0 free */
    CardText card[CARD_SLOTS];      /* its texts */
    size_t count;
    char *bytes;                    /* the texts, each ending in NUL */
    size_t nbytes, cap;
};

void ik_search_cards_free(struct IkSearchCards *cards)
{
    if (cards)
        free(cards->bytes);
    free(cards);
}

/* the text at offset at of k's buffer, copied (NULL for none) */
static char *card_text(const struct IkSearchCards *k, uint32_t at)
{
    return at == CARD_NONE ? NULL : ik_xstrdup(k->bytes + at);
}

static IkSearchResult card_copy(const struct IkSearchCards *k, const CardText *c)
{
    return (IkSearchResult){card_text(k, c->id), card_text(k, c->name),
                            card_text(k, c->organization), card_text(k, c->city),
                            card_text(k, c->area), 0};
}

/* appends text (NULL: none) to k's buffer, which has room: its offset */
static uint32_t card_put(struct IkSearchCards *k, const char *text)
{
    if (!text)
        return CARD_NONE;
    size_t n = strlen(text) + 1;
    memcpy(k->bytes + k->nbytes, text, n);
    k->nbytes += n;
    return (uint32_t)(k->nbytes - n);
}

/* keeps card c as key in slot h of k, when there is room for it */
static void card_keep(struct IkSearchCards *k, size_t h, sqlite3_int64 key, const IkSearchResult *c)
{
    size_t need = strlen(c->id) + strlen(c->name) + strlen(c->organization) + strlen(c->area) +
                  (c->city ? strlen(c->city) : 0) + 5;
    if (k->count >= CARD_SLOTS / 2 || k->nbytes + need > CARD_BYTES)
        return;
    if (k->nbytes + need > k->cap) {
        size_t cap = k->cap ? 2 * k->cap : 65536;
        while (cap < k->nbytes + need)
            cap *= 2;
        k->cap = cap < CARD_BYTES ? cap : CARD_BYTES;
        k->bytes = ik_xrealloc(k->bytes, k->cap, 1);
    }
    k->key[h] = key + 1;
    k->card[h] = (CardText){card_put(k, c->id), card_put(k, c->name),
                            card_put(k, c->organization), card_put(k, c->area),
                            card_put(k, c->city)};
    k->count++;
}

/* the slot of key in cards: its own, or the free one that ends its probe */
static size_t card_slot(struct IkSearchCards *k, sqlite3_int64 key)
{
    size_t h = (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ull) >> 40) & (CARD_SLOTS - 1);
    while (k->key[h] && k->key[h] != key + 1)
        h = (h + 1) & (CARD_SLOTS - 1);
    return h;
}

/* service svc's card in language lang_n (Italian's where lang_n has none)
 * into out, from the statement; false when there is no such service */
static bool read_card(sqlite3_stmt *st, const Search *s, long lang_n, long svc, IkSearchResult *out)
{
    sqlite3_bind_int64(st, 1, ((sqlite3_int64)lang_n << IK_SEARCH_LANG_SHIFT) | svc);
    sqlite3_bind_int64(st, 2, ((sqlite3_int64)s->source_n << IK_SEARCH_LANG_SHIFT) | svc);
    sqlite3_bind_int64(st, 3, svc);
    bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL;
    if (found) {
        const char *city = (const char *)sqlite3_column_text(st, 4);
        out->id = ik_xstrdup((const char *)sqlite3_column_text(st, 0));
        out->name = ik_xstrdup((const char *)sqlite3_column_text(st, 1));
        out->organization = ik_xstrdup((const char *)sqlite3_column_text(st, 2));
        out->area = ik_xstrdup((const char *)sqlite3_column_text(st, 3));
        out->city = city ? ik_xstrdup(city) : NULL;
    }
    sqlite3_reset(st);
    return found;
}

/* Fills out[] with the cards of the page in the reader's language (the
 * pack resolved the Italian fallbacks: a language's card is there only
 * where it differs from Italian's; search_card); services that are not
 * found leave no gap. Returns how many. */
static size_t fill(const Search *s, const IkSearchHit *page, size_t n, IkSearchResult *out)
{
    sqlite3_stmt *st = ik_search_stmt(s->db, IK_SEARCH_STMT_FILL,
        "SELECT x.id, coalesce(a.name, b.name), coalesce(a.organization, b.organization),"
        " coalesce(x.area, ''), CASE WHEN x.confidential THEN NULL ELSE x.city END"
        " FROM search_service x LEFT JOIN search_card a ON a.k = ?1"
        " LEFT JOIN search_card b ON b.k = ?2 WHERE x.s = ?3");
    if (!st)
        return 0;
    /* a language the index does not know has no texts of its own */
    long lang_n = s->lang_n >= 0 ? s->lang_n : s->source_n;
    struct IkSearchCards *kept = NULL;
    if (s->cache) {
        if (!s->cache->cards)
            s->cache->cards = ik_xcalloc(1, sizeof *s->cache->cards);
        kept = s->cache->cards;
        if (kept->count >= CARD_SLOTS / 2 || kept->nbytes + 4096 > CARD_BYTES) {
            /* full: start again (the buffer stays, for the cards to come) */
            memset(kept->key, 0, sizeof kept->key);
            kept->count = 0;
            kept->nbytes = 0;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        sqlite3_int64 key = ((sqlite3_int64)lang_n << IK_SEARCH_LANG_SHIFT) | page[i].s;
        size_t h = kept ? card_slot(kept, key) : 0;
        if (kept && kept->key[h]) {
            out[k] = card_copy(kept, &kept->card[h]);
        } else if (read_card(st, s, lang_n, page[i].s, &out[k])) {
            if (kept)
                card_keep(kept, h, key, &out[k]);
        } else {
            continue;
        }
        out[k++].score = page[i].score;
    }
    return k;
}

static IkSearchResult *results(Search *s, size_t *count)
{
    IkSearchResult *out = ik_xcalloc(s->npage + 1, sizeof *out);
    *count = s->npage ? fill(s, s->page, s->npage, out) : 0;
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
