/* Directory search: the terms FTS5 makes of a text, through FTS5's own
 * tokenizer, and the numbers search_row stores them as. The pack builder
 * writes search_row with these; the query side reads the query's phrases
 * and search_row with them, so both see exactly the terms FTS5 indexed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "incontro/core.h"
#include "search_format.h"

/* FTS5 cuts longer terms to this many bytes (FTS5_MAX_TOKEN_SIZE) */
#define TERM_MAX 32768

struct IkSearchTokenizer {
    fts5_tokenizer api;
    Fts5Tokenizer *tok;
};

static fts5_api *fts5_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api && api->iVersion >= 2 ? api : NULL;
}

IkSearchTokenizer *ik_search_tokenizer_create(sqlite3 *db)
{
    fts5_api *api = fts5_of(db);
    if (!api) {
        ik_fail("search: this SQLite has no FTS5");
        return NULL;
    }
    /* the arguments FTS5 reads from IK_SEARCH_TOKENIZE, unquoted */
    const char *args[] = {"remove_diacritics", "0", "categories", IK_SEARCH_CATEGORIES};
    IkSearchTokenizer *t = ik_xcalloc(1, sizeof *t);
    void *user = NULL;
    if (api->xFindTokenizer(api, "unicode61", &user, &t->api) != SQLITE_OK ||
        t->api.xCreate(user, args, 4, &t->tok) != SQLITE_OK) {
        free(t);
        ik_fail("search: FTS5 has no unicode61 tokenizer");
        return NULL;
    }
    return t;
}

void ik_search_tokenizer_destroy(IkSearchTokenizer *t)
{
    if (!t)
        return;
    t->api.xDelete(t->tok);
    free(t);
}

typedef struct {
    void (*fn)(const char *term, size_t len, void *arg);
    void *arg;
} Sink;

static int on_token(void *ctx, int flags, const char *term, int len, int start, int end)
{
    (void)flags;
    (void)start;
    (void)end;
    Sink *sink = ctx;
    if (len > 0)
        sink->fn(term, len > TERM_MAX ? TERM_MAX : (size_t)len, sink->arg);
    return SQLITE_OK;
}

bool ik_search_tokenize_fts(IkSearchTokenizer *t, const char *text, size_t len, bool query,
                            void (*fn)(const char *term, size_t len, void *arg), void *arg)
{
    Sink sink = {fn, arg};
    if (len > (size_t)0x7fffffff)
        len = 0x7fffffff;
    return t->api.xTokenize(t->tok, &sink, query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT,
                            text, (int)len, on_token) == SQLITE_OK;
}

/* ---- the query side: term numbers, kept per connection ----------------- */
#include "search_internal.h"

#define WORDS_KEPT 4096     /* look-ups kept per connection before starting again */

/* items of one size by key */
typedef struct {
    IkMap *index;           /* key -> item + 1 */
    uint8_t *items;
    size_t size, count, cap;
} Kept;

struct IkSearchWords {
    sqlite3 *db;
    Kept terms;             /* "-1=term" or "-1*prefix" -> IkSearchTerms */
    Kept rows;              /* "lang=term" or "lang*prefix" -> rows (double) */
    uint32_t nwords;        /* terms in search_word */
    double rows_total;      /* rows of search_fts */
    double rows_of[IK_SEARCH_LANGS_MAX + 1];    /* per language */
    bool posts;             /* the pack has search_post */
    IkSearchTokenizer *tok;
};

void ik_search_words_free(struct IkSearchWords *w)
{
    if (!w)
        return;
    ik_map_destroy(w->terms.index);
    free(w->terms.items);
    ik_map_destroy(w->rows.index);
    free(w->rows.items);
    ik_search_tokenizer_destroy(w->tok);
    free(w);
}

static struct IkSearchWords *words_create(sqlite3 *db)
{
    struct IkSearchWords *w = ik_xcalloc(1, sizeof *w);
    w->db = db;
    w->terms = (Kept){ik_map_create(), NULL, sizeof(IkSearchTerms), 0, 0};
    w->rows = (Kept){ik_map_create(), NULL, sizeof(double), 0, 0};
    w->nwords = (uint32_t)ik_search_scalar(db, "SELECT max(id) + 1 FROM search_word", NULL, 0);
    w->posts = ik_search_scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'search_post'",
                                NULL, 0) > 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT n, rows FROM search_lang", -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            long n = (long)sqlite3_column_int64(st, 0);
            double r = (double)sqlite3_column_int64(st, 1);
            if (n >= 0 && n <= IK_SEARCH_LANGS_MAX) {
                w->rows_of[n] = r;
                w->rows_total += r;
            }
        }
    sqlite3_finalize(st);
    return w;
}

IkSearchWords *ik_search_words(sqlite3 *db, bool *owned)
{
    IkSearchCache *cache = ik_search_cache(db);
    *owned = !cache;
    if (!cache)
        return words_create(db);
    if (!cache->words)
        cache->words = words_create(db);
    return cache->words;
}

IkSearchTokenizer *ik_search_words_tokenizer(IkSearchWords *w)
{
    if (!w->tok)
        w->tok = ik_search_tokenizer_create(w->db);
    return w->tok;
}

bool ik_search_words_posts(IkSearchWords *w)
{
    return w->posts;
}

uint32_t ik_search_words_count(const IkSearchWords *w)
{
    return w->nwords;
}

double ik_search_rows_of(const IkSearchWords *w, long lang)
{
    return lang < 0 ? w->rows_total : lang <= IK_SEARCH_LANGS_MAX ? w->rows_of[lang] : 0;
}

/* one search_word row: its number, df and running sum of df */
typedef struct {
    uint32_t id;
    double df, cum;
} Word;

static bool word_row(sqlite3_stmt *st, Word *w)
{
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        w->id = (uint32_t)sqlite3_column_int64(st, 0);
        w->df = (double)sqlite3_column_int64(st, 1);
        w->cum = (double)sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    return found;
}

static IkSearchTerms look_up(sqlite3 *db, const char *term, size_t len, bool prefix)
{
    IkSearchTerms t = {1, 0, 0};    /* none */
    Word a, b;
    if (!prefix) {
        sqlite3_stmt *st = ik_search_stmt(db, IK_SEARCH_STMT_WORD,
            "SELECT id, df, cum FROM search_word WHERE term = ?1");
        if (st) {
            sqlite3_bind_text(st, 1, term, (int)len, SQLITE_STATIC);
            if (word_row(st, &a))
                t = (IkSearchTerms){a.id, a.id, a.df};
        }
        return t;
    }
    /* the terms starting so are those from the first one not before it to
     * the last one before it followed by the highest code point */
    sqlite3_stmt *first = ik_search_stmt(db, IK_SEARCH_STMT_WORD_FIRST,
        "SELECT id, df, cum FROM search_word WHERE term >= ?1 ORDER BY term LIMIT 1");
    sqlite3_stmt *end = ik_search_stmt(db, IK_SEARCH_STMT_WORD_LAST,
        "SELECT id, df, cum FROM search_word WHERE term < ?1 || x'f4908080'"
        " ORDER BY term DESC LIMIT 1");
    if (!first || !end)
        return t;
    sqlite3_bind_text(first, 1, term, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(end, 1, term, (int)len, SQLITE_STATIC);
    if (word_row(first, &a) && word_row(end, &b) && a.id <= b.id)
        t = (IkSearchTerms){a.id, b.id, b.cum - a.cum + a.df};
    return t;
}

/* one number from st, bound already; 0 when it has no row */
static double number_of(sqlite3_stmt *st)
{
    double n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_double(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

static double count_rows(sqlite3 *db, const IkSearchTerms *t, const char *term, size_t len,
                         bool prefix, long lang)
{
    if (t->lo > t->hi)
        return 0;
    sqlite3_stmt *st = NULL;
    if (prefix && ik_utf8_length(term, len) <= 3) {
        /* counted whole when the pack was built */
        if ((st = ik_search_stmt(db, IK_SEARCH_STMT_PREFIX,
                                 "SELECT rows FROM search_prefix WHERE prefix = ?1 AND lang = ?2"))) {
            sqlite3_bind_text(st, 1, term, (int)len, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, lang < 0 ? -1 : lang);
        }
    } else if (lang < 0) {
        return t->rows;
    } else if (!prefix) {
        if ((st = ik_search_stmt(db, IK_SEARCH_STMT_WORD_LANG,
                                 "SELECT rows FROM search_word_lang WHERE lang = ?1 AND id = ?2"))) {
            sqlite3_bind_int64(st, 1, lang);
            sqlite3_bind_int64(st, 2, t->lo);
        }
    } else if ((st = ik_search_stmt(db, IK_SEARCH_STMT_WORDS_LANG,
                                    "SELECT sum(rows) FROM search_word_lang WHERE lang = ?1"
                                    " AND id BETWEEN ?2 AND ?3"))) {
        /* a longer prefix starts few terms: their rows added up */
        sqlite3_bind_int64(st, 1, lang);
        sqlite3_bind_int64(st, 2, t->lo);
        sqlite3_bind_int64(st, 3, t->hi);
    }
    return st ? number_of(st) : t->rows;
}

/* The item kept for key (its size bytes), a new one (*fresh) when there
 * was none: the items are dropped together when WORDS_KEPT are kept. */
static void *kept(Kept *k, const char *key, bool *fresh)
{
    size_t slot = 0;
    *fresh = !ik_map_get(k->index, key, &slot);
    if (*fresh) {
        if (k->count == WORDS_KEPT) {   /* full: start again */
            ik_map_destroy(k->index);
            k->index = ik_map_create();
            k->count = 0;
        }
        if (k->count == k->cap) {
            k->cap = k->cap ? 2 * k->cap : 64;
            k->items = ik_xrealloc(k->items, k->cap, k->size);
        }
        slot = ++k->count;
        ik_map_put(k->index, key, slot, NULL);
    }
    return k->items + (slot - 1) * k->size;
}

/* the key of a term in a kept map: its language (or -1), how it is
 * sought, and the term; in small when it fits, else malloc'd */
static char *key_of(char *small, size_t size, long lang, char how, const char *term, size_t len)
{
    int n = snprintf(small, size, "%ld%c%.*s", lang, how, (int)len, term);
    return n >= 0 && (size_t)n < size ? small
                                      : ik_xasprintf("%ld%c%.*s", lang, how, (int)len, term);
}

double ik_search_words_rows(IkSearchWords *w, const IkSearchTerms *t, const char *term, size_t len,
                            bool prefix, long lang)
{
    char small[160], *key = key_of(small, sizeof small, lang, prefix ? '*' : '=', term, len);
    bool fresh = false;
    double *rows = kept(&w->rows, key, &fresh);
    if (fresh)
        *rows = count_rows(w->db, t, term, len, prefix, lang);
    if (key != small)
        free(key);
    return *rows;
}

bool ik_search_words_find(IkSearchWords *w, const char *term, size_t len, bool prefix,
                          IkSearchTerms *out)
{
    char small[160], *key = key_of(small, sizeof small, -1, prefix ? '*' : '=', term, len);
    bool fresh = false;
    IkSearchTerms *t = kept(&w->terms, key, &fresh);
    if (fresh)
        *t = look_up(w->db, term, len, prefix);
    *out = *t;
    if (key != small)
        free(key);
    return true;
}
