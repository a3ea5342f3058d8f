/* Directory search, the query side: private interface between its files and
 * the tests. Where things are:
 *
 *   search.c         ik_content_search: the phases of one search, in order
 *   search_query.c   the reader's text -> tokens; tokens -> FTS5 expression
 *                    (exact, prefix, synonyms, facets)
 *   search_fuzzy.c   near spellings from the vocabulary (edit distance)
 *   search_rank.c    the rows of an expression: found through FTS5, the
 *                    services' lists or the filter, matched and ranked on
 *                    their terms; order
 *   search_post.c    the rows the services' lists (search_post) give
 *   search_words.c   FTS5's tokenizer; the pack's terms by number
 *   search_filter.c  area, category, language, open now, free, age
 *   search_cache.c   what stays the same from one keystroke to the next
 *   normalize.c      the text form shared with the index (search_format.h)
 */
#ifndef INCONTRO_SEARCH_INTERNAL_H
#define INCONTRO_SEARCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "search_format.h"

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct IkSearchCache IkSearchCache;

/* ik_content_search on a database handle (the pack, or a test's database);
 * same contract. */
IkSearchResult *ik_search_db(sqlite3 *db, const char *lang, const char *query,
                             const IkSearchFilter *filter, size_t *count);

/* ---- one service's best row ------------------------------------------------ */
typedef struct {
    long s;             /* service number (search_service.s) */
    double score;       /* 0: not found */
    bool fuzzy;         /* found only through a near spelling */
} IkSearchHit;

/* The services found so far: by service number, and the list of those
 * found, so that a pass never walks or clears every service. */
typedef struct {
    IkSearchHit *by_service;    /* [0..nservice], score 0 where not found */
    long *found;                /* the service numbers with a score, in no order */
    size_t count;
} IkSearchHits;

/* ---- the parsed query (search_query.c) -------------------------------------- */
typedef struct {
    IkSearchToken tokens[IK_SEARCH_TOKENS_MAX];
    size_t count;
    bool last_is_prefix;    /* the reader is still typing the last word */
    char *whole;            /* the tokens joined by spaces (a synonym key) */
} IkSearchQuery;

/* Normalizes and tokenizes what the reader typed: FTS5 syntax, punctuation
 * and invalid bytes are separators; a lone letter among words and a word
 * said twice are dropped. False only when normalization fails. */
bool ik_search_query_parse(const char *text, IkSearchQuery *q);
void ik_search_query_free(IkSearchQuery *q);

/* The script a reader's language is written in, as far as the Latin
 * readings in the index go (search_format.h). */
typedef enum {
    IK_SEARCH_SCRIPT_OTHER,
    IK_SEARCH_SCRIPT_HAN,       /* Latin letters typed are pinyin */
    IK_SEARCH_SCRIPT_ARABIC,    /* Latin letters typed spell Arabic-script words */
} IkSearchScript;

/* The script of language tag lang (its likely script, by ICU). */
IkSearchScript ik_search_script_of(const char *lang);

/* ---- the expression (search_query.c) --------------------------------------- */
/* One phrase of the expression: what FTS5 would read as
 * [{short columns} :] "text"[*]. */
typedef struct {
    int token;          /* which query token this phrase stands for */
    double quality;     /* 1 exact, less for prefix, synonym, near spelling */
    bool fuzzy;
    char *text;         /* normalized words (owned) */
    bool prefix;        /* its last word a prefix */
    bool short_columns; /* sought in the short fields only (not the description) */
} IkSearchPhrase;

typedef struct {
    IkSearchPhrase *phrases;    /* in expression order, each token's together */
    int nphrase;
    int ntoken;                 /* one group of phrases per query token */
    bool all;                   /* the groups joined by AND (else OR) */
    char **seen;                /* phrases already in the expression */
    size_t nseen;
    /* how to build it */
    sqlite3_stmt *facet;        /* the facets a phrase matches */
    sqlite3_stmt *synonyms;     /* the expansions of a term */
    sqlite3_stmt *candidates;   /* vocabulary by letter pairs (near spellings) */
    IkSearchCache *cache;       /* of the connection, for near spellings */
    sqlite3_stmt *terms;        /* vocabulary by prefix (?1 prefix, ?2 limit), or NULL */
    bool name_only;             /* for search_title_fts: no column filters, no facets */
    bool short_everywhere;      /* a one- or two-letter word sought whole in every field */
    IkSearchScript script;      /* the reader's: which Latin readings Latin words meet */
    const uint8_t *passes;      /* the filter's services, or NULL */
    long nservice;
} IkSearchExpr;

/* An empty expression with the statements it is built with (the
 * connection's); the caller sets the options. False with ik_error() when a
 * statement cannot be prepared. */
bool ik_search_expr_init(IkSearchExpr *e, sqlite3 *db);
/* Writes the expression for q into e (whose statements and options are
 * set): per token an OR group of its expansions, groups joined by AND (all)
 * or OR; near spellings when fuzzy. */
void ik_search_expr_build(IkSearchExpr *e, const IkSearchQuery *q, bool all, bool fuzzy);
/* Adds one expansion to the open group of token t; the same phrase twice is
 * skipped. Returns true when it was added. */
bool ik_search_expr_add(IkSearchExpr *e, int t, const char *text, bool prefix, bool short_columns,
                        double quality, bool fuzzy);
/* Frees what the expression holds (not its statements) and empties it. */
void ik_search_expr_reset(IkSearchExpr *e);
/* Appends to out the FTS5 text of the expression's groups of the tokens t
 * with groups[t] (all when groups is NULL): each token quoted, so never
 * FTS5 syntax from the reader. rows_only: without the phrases that find
 * no row another of their group does not (the rows are the same, FTS5
 * reads fewer doclists; the phrases are no longer the expression's). */
void ik_search_expr_fts(const IkSearchExpr *e, const bool *groups, bool rows_only, IkBuf *out);

/* ---- near spellings (search_fuzzy.c) ---------------------------------------- */
/* Adds to the group of token t the near spellings of tok found in the
 * vocabulary (Damerau-Levenshtein <= 1 for 4-7 letters, <= 2 for 8+); the
 * ones of a word typed lately come from the cache. */
void ik_search_add_near(IkSearchExpr *e, int t, const IkSearchToken *tok, bool prefix);

/* Restricted Damerau-Levenshtein (optimal string alignment) distance between
 * a and b (code points), or max + 1 when it is larger than max. When prefix,
 * the smallest distance between a and any prefix of b, whose length goes to
 * *matched (may be NULL). */
int ik_search_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int max,
                       bool prefix, size_t *matched);

/* ---- ranking (search_rank.c) ------------------------------------------------ */
#define IK_SEARCH_LANG_BOOST 1.3    /* a row in the reader's language */
#define IK_SEARCH_HOME_BOOST 1.15   /* a service in the kiosk's own area */
#define IK_SEARCH_ENOUGH 8          /* exact/prefix results past which near spellings are not shown */

/* The rows a run looks at. */
typedef struct {
    long long first, last;      /* rowids of search_fts (language << shift | service) */
    bool titles;                /* the names only (as search_title_fts holds them) */
    long lang_n;                /* the reader's language, whose rows are raised */
    const uint8_t *passes;      /* services the filter lets through, or NULL: all */
    const long *pass_list;      /* the same in order, or NULL */
    size_t npass;
    const char *filter;         /* the filter, by name ("" none); NULL: rows
                                 * ranked are not kept for the next keystroke */
    long nservice;
    /* per language (IK_SEARCH_LANGS_MAX + 1 of them), or NULL: the rows an
     * earlier run of the same expression ranked there, having ranked all it
     * found (-1: none); and what this run ranks there so (-1: not all) */
    const long *done;
    long *ranked;
} IkSearchRows;

/* Runs the expression over rows, keeping the best row per service in hits
 * (a better row replaces a worse one; rows of the reader's language are
 * raised). The rows are found by FTS5 through the expression's rare groups
 * (or, when the filter lets few services through, are those services'
 * rows; or, when the expression is narrower than the one the keystroke
 * before ran over the same rows, are the rows that one ranked), then
 * matched and ranked on their terms (search_row), as FTS5 and the rank of
 * each phrase's columns would. A query matching more than
 * IK_SEARCH_ROWS_MAX rows is too broad to rank whole in a keystroke: its
 * rows past those are left out, in rowid (directory) order; so are the
 * rows past IK_SEARCH_READ_MAX that FTS5 found. False only on a failure
 * (ik_error()); an FTS5 error is logged and finds nothing. */
bool ik_search_run(sqlite3 *db, const IkSearchExpr *e, const IkSearchRows *rows,
                   IkSearchHits *hits);
#define IK_SEARCH_ROWS_MAX 1000     /* rows ranked per run */
#define IK_SEARCH_READ_MAX 50000    /* rows FTS5 finds per run */
/* The terms of search_word one phrase word stands for: numbers lo..hi
 * (none when lo > hi), and how many rows hold them at most. */
typedef struct {
    uint32_t lo, hi;
    double rows;
} IkSearchTerms;

/* What search knows of the pack's terms (search_word, search_prefix), kept
 * per connection. */
typedef struct IkSearchWords IkSearchWords;
/* The connection's (its cache's), or when it has no cache a new one
 * (*owned: free it with ik_search_words_free). */
IkSearchWords *ik_search_words(sqlite3 *db, bool *owned);
/* The numbers of term (len bytes, as FTS5's tokenizer made it), or of the
 * terms it starts when prefix. */
bool ik_search_words_find(IkSearchWords *w, const char *term, size_t len, bool prefix,
                          IkSearchTerms *out);
/* How many rows of language lang (every language when lang < 0) hold the
 * term, or a term it starts when prefix: exact for a term and a prefix of
 * up to three letters, at most for a longer prefix (terms t). */
double ik_search_words_rows(IkSearchWords *w, const IkSearchTerms *t, const char *term, size_t len,
                            bool prefix, long lang);
/* FTS5's tokenizer (NULL with ik_error()). */
IkSearchTokenizer *ik_search_words_tokenizer(IkSearchWords *w);
/* How many terms search_word numbers. */
uint32_t ik_search_words_count(const IkSearchWords *w);
/* Rows of search_fts in language lang, or in all when lang < 0. */
double ik_search_rows_of(const IkSearchWords *w, long lang);

/* True when the pack lists the services holding each term (search_post). */
bool ik_search_words_posts(IkSearchWords *w);

/* ---- the rows by the services' lists (search_post.c) ------------------------ */
/* One word of a phrase: the numbers of the terms it stands for (lo..hi,
 * none when lo > hi), the terms it starts when a prefix (of letters). */
typedef struct {
    uint32_t lo, hi;
    bool prefix;
    size_t letters;
} IkSearchPostWord;

typedef struct {
    int token;                  /* its group */
    const IkSearchPostWord *words;
    int nword;                  /* 0: matches nothing */
} IkSearchPostPhrase;

typedef struct {
    const IkSearchPostPhrase *phrases;
    int nphrase, ntoken;
    const bool *groups;         /* per token: intersected (the others are not read) */
    bool all;                   /* the groups intersected, else joined */
    bool titles;                /* the names' lists */
    long nservice;
} IkSearchPostQuery;

typedef struct {
    long long *rowid;
    size_t count, cap;
} IkSearchRowids;

/* A prefix of other lengths than the lists' is read as the lists of the
 * terms it starts, while they are at most this many. */
#define IK_SEARCH_POST_RANGE_MAX 256

/* Appends to out, ascending, the rows from first to last whose services
 * hold q's groups in that row's language: every word of a phrase somewhere
 * in the row (or its name), its order and columns not checked. False (out
 * as it was) when the pack has no lists, or they cannot give the rows
 * cheaply (a prefix of many terms) or are damaged: FTS5 finds them then. */
bool ik_search_post_rows(sqlite3 *db, IkSearchWords *words, const IkSearchPostQuery *q,
                         long long first, long long last, IkSearchRowids *out);

/* What one row holds of one phrase. */
typedef struct {
    uint8_t columns;            /* bit c: it occurs in column c */
    bool name_start;            /* it starts the name */
} IkSearchFound;

/* True when a row holding found[] (per phrase of e) matches e: each group
 * (or, ORed, one) has a phrase it holds. */
bool ik_search_matches(const IkSearchExpr *e, const IkSearchFound *found);
/* The score of such a row: per token the best of its phrases (quality
 * times the weight of the best column, a name that starts with it raised),
 * summed, plus 1000 per token matched; a row is exact when every matched
 * token matched without a near spelling, and is then ranked by those
 * matches alone (*fuzzy: it is not). */
double ik_search_score(const IkSearchExpr *e, const IkSearchFound *found, bool *fuzzy);
/* Keeps a row's score (raised when the row is in language lang_n) as its
 * service's when it is the service's best so far. */
void ik_search_keep(IkSearchHits *hits, long long rowid, double score, bool fuzzy, long lang_n);

/* What rows hold of each phrase of an expression (their names only when
 * titles), as search_row says: for tests, which compare it with FTS5. */
typedef struct IkSearchMatcher IkSearchMatcher;
IkSearchMatcher *ik_search_matcher_create(sqlite3 *db, const IkSearchExpr *e, bool titles);
/* found[i] for each phrase i of row rowid; false when there is no such row. */
bool ik_search_matcher_row(IkSearchMatcher *m, long long rowid, IkSearchFound *found);
void ik_search_matcher_destroy(IkSearchMatcher *m);   /* NULL does nothing */

/* The rows from first to last that the lists (search_post) give for every
 * group of e, as a run reads them: for tests, which compare them with
 * FTS5's. False as ik_search_post_rows. */
bool ik_search_listed_rows(sqlite3 *db, const IkSearchExpr *e, bool titles, long nservice,
                           long long first, long long last, IkSearchRowids *out);

/* Order of results: exact before near spellings, score, service number. */
int ik_search_hit_cmp(const void *a, const void *b);

/* ---- filters (search_filter.c) ---------------------------------------------- */
bool ik_search_any_filter(const IkSearchFilter *f);
/* passes[s] (s in 1..nservice) = service s passes f. The array is the
 * connection's cache's, kept while the filter stays the same (the last
 * filter's and "no filter" both); without a cache it is malloc'd and also
 * put in *owned for the caller to free. NULL with ik_error() on failure. */
const uint8_t *ik_search_filter_passes(sqlite3 *db, const IkSearchFilter *f, long nservice,
                                       uint8_t **owned);
/* The services of the cached filter's passes, in order (NULL when passes
 * is not the cache's filter's: then none is kept). */
const long *ik_search_pass_list(sqlite3 *db, const uint8_t *passes, long nservice, size_t *count);
/* home[s] = 1 for the services of area, the same way (NULL when area is). */
const uint8_t *ik_search_home_services(sqlite3 *db, const char *area, long nservice,
                                       uint8_t **owned);

/* ---- per-connection cache (search_cache.c) ---------------------------------- */
/* Per connection, what stays the same from one keystroke to the next.
 * Emptied when the database changes. */
struct IkSearchCache {
    long nservice;              /* -2: not known yet */
    long source_n;              /* Italian's number in rowids */
    char *filter_key;           /* the last filter, the services it passes, in order */
    uint8_t *passes;
    long *pass_list;
    size_t npass;
    uint8_t *all;               /* every service passes (no filter) */
    char *home_key;             /* the last home area, and its services */
    uint8_t *home;
    char *lang_code;            /* the last reader's language, its number and script */
    long lang_n;
    IkSearchScript script;
    /* a search's working arrays over the services, [0..nservice], left
     * empty (all zero) by each search for the next */
    IkSearchHit *by_service;
    long *found;
    uint8_t *taken;
    IkSearchWords *words;       /* term numbers of the pack (search_words.c) */
    struct IkSearchRowsKept *rows_kept; /* search_row's rows read lately (search_rank.c) */
    struct IkSearchFoundKept *found_kept;   /* the rows FTS5 found lately (search_rank.c) */
    struct IkSearchRunsKept *runs_kept;     /* the rows runs ranked lately (search_rank.c) */
    struct IkSearchCards *cards;            /* results' texts shown lately (search.c) */
    struct IkSearchNear *near;  /* near spellings of the words typed lately (search_fuzzy.c) */
};

/* Frees the near spellings kept in a cache. */
void ik_search_near_free(struct IkSearchNear *near);

/* The cache of db; NULL with ik_error() only when SQLite cannot keep one. */
IkSearchCache *ik_search_cache(sqlite3 *db);

/* Frees the term numbers kept in a cache. */
void ik_search_words_free(IkSearchWords *words);
/* Frees the rows kept in a cache. */
void ik_search_rows_kept_free(struct IkSearchRowsKept *rows);
void ik_search_found_kept_free(struct IkSearchFoundKept *found);
void ik_search_runs_kept_free(struct IkSearchRunsKept *runs);
void ik_search_cards_free(struct IkSearchCards *cards);

/* The statements a search runs, prepared once per connection. */
typedef enum {
    IK_SEARCH_STMT_MATCH, IK_SEARCH_STMT_MATCH_TITLE,
    IK_SEARCH_STMT_WORD, IK_SEARCH_STMT_WORD_FIRST, IK_SEARCH_STMT_WORD_LAST,
    IK_SEARCH_STMT_WORD_LANG, IK_SEARCH_STMT_WORDS_LANG, IK_SEARCH_STMT_PREFIX, IK_SEARCH_STMT_FACET, IK_SEARCH_STMT_SYNONYMS, IK_SEARCH_STMT_CANDIDATES,
    IK_SEARCH_STMT_TERMS,
    IK_SEARCH_STMT_BROWSE, IK_SEARCH_STMT_NAME_WORDS, IK_SEARCH_STMT_NAME_LATER,
    IK_SEARCH_STMT_NAME_PREFIX, IK_SEARCH_STMT_FILL, IK_SEARCH_STMT_POST,
    IK_SEARCH_STMT_LANG, IK_SEARCH_STMT_FILTER_FIELDS,
    IK_SEARCH_STMT_FILTER_LANGUAGE, IK_SEARCH_STMT_SCHEDULES, IK_SEARCH_STMT_HOME,
    IK_SEARCH_STATEMENTS
} IkSearchStatement;

/* Statement id of db, prepared from sql on first use, reset and without
 * bindings; owned by the cache (never finalize it). NULL with ik_error(). */
sqlite3_stmt *ik_search_stmt(sqlite3 *db, IkSearchStatement id, const char *sql);
/* Frees what search keeps for db (statements included): call it before
 * sqlite3_close, which refuses to close a connection with statements. */
void ik_search_forget(sqlite3 *db);
/* Empties what searches on db kept (rows, texts, words typed lately); the
 * prepared statements stay. */
void ik_search_release(sqlite3 *db);

/* One integer from sql with an optional text parameter, or fallback. */
long ik_search_scalar(sqlite3 *db, const char *sql, const char *arg, long fallback);

#endif
