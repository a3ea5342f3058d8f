/* Directory search: an FTS5 index built into the pack, queried as the reader
 * types.
 *
 * [index]   ik_search_index_build: one FTS5 row per (service, language) that
 *           has text, rowid = language << 24 | service number; helper tables
 *           for filters (search_service, search_schedule), browse order
 *           (search_name: ICU collation keys per language), typo candidates
 *           (search_term, the vocabulary) and synonyms (search_synonym).
 *           Texts thousands of services share (category, area, city,
 *           languages spoken) are facets: indexed once (search_facet_fts),
 *           a row holds a token per facet; area and term codes are tokens
 *           too, so a filter is one more AND term.
 * [query]   every token quoted; each becomes an OR group of expansions:
 *           exact, prefix (last token), synonyms, near spellings (Damerau-
 *           Levenshtein against the vocabulary); groups are ANDed (ORed as a
 *           fallback when nothing matches all of them).
 * [rank]    an FTS5 auxiliary function scores each row by the best field
 *           weight and expansion quality per token; per service: exact and
 *           prefix matches above near spellings, then the score, raised for
 *           the reader's language and the kiosk's own area.
 * [filter]  area, category, language spoken, open now (Europe/Rome), free,
 *           age, evaluated in SQL over the helper tables, cached per
 *           connection while the reader types.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "search_internal.h"

#define LANG_SHIFT 24
#define SERVICE_MASK ((1 << LANG_SHIFT) - 1)
#define LANGS_MAX 63
#define FUZZY_MAX 8         /* near spellings kept per token */
#define SYNONYMS_MAX 6      /* synonym expansions kept per token */
#define ENOUGH 8            /* exact/prefix results past which near spellings are not shown */
#define LANG_BOOST 1.3
#define HOME_BOOST 1.15

/* FTS5 columns in order, with their weights: a word in the name says more
 * than the same word deep in a description. */
enum { COL_NAME, COL_ORG, COL_CATEGORY, COL_AREA, COL_CITY, COL_LANGUAGES, COL_DESCRIPTION, NCOL };
static const double column_weight[NCOL] = {10.0, 6.0, 5.0, 4.0, 4.0, 3.0, 1.5};
/* short prefixes (one or two letters) only look at the short fields */
#define SHORT_COLUMNS "{name organization category area city languages}"

/* =========================================================================
 * [index]
 * ========================================================================= */

static bool exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ik_fail("search index: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        ik_fail("search: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* the string (lang, key) or NULL; copied */
static char *lookup(sqlite3_stmt *get, const char *lang, const char *key)
{
    sqlite3_reset(get);
    sqlite3_bind_text(get, 1, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(get, 2, key, -1, SQLITE_STATIC);
    char *v = NULL;
    if (sqlite3_step(get) == SQLITE_ROW && col_text(get, 0) && col_text(get, 0)[0])
        v = ik_xstrdup(col_text(get, 0));
    sqlite3_reset(get);
    return v;
}

static char *lookup_key(sqlite3_stmt *get, const char *lang, const char *fmt, const char *id,
                        const char *field)
{
    char *key = ik_xasprintf(fmt, id, field);
    char *v = lookup(get, lang, key);
    free(key);
    return v;
}

/* Arabic article and the prepositions glued to it ("wal-", "bil-"...):
 * the index also holds each such word without them, so "امهات" finds
 * "الأمهات" while "الامهات" still finds it as typed. */
static const char *const arabic_articles[] = {"وال", "بال", "كال", "فال", "لل", "ال"};

static void add_article_free(IkBuf *b, const char *norm)
{
    IkSearchToken tok[64];
    const char *p = norm;
    /* tokenize in chunks of 64 tokens */
    while (*p) {
        size_t n = ik_search_tokenize(p, tok, 64, NULL);
        if (!n)
            break;
        for (size_t i = 0; i < n; i++) {
            for (size_t a = 0; a < sizeof arabic_articles / sizeof arabic_articles[0]; a++) {
                const char *art = arabic_articles[a];
                size_t alen = strlen(art);
                if (ik_str_starts_with(tok[i].text, art) &&
                    ik_utf8_length(tok[i].text + alen, strlen(tok[i].text + alen)) >= 2) {
                    ik_buf_puts(b, " ");
                    ik_buf_puts(b, tok[i].text + alen);
                    break;
                }
            }
        }
        const char *last = strstr(p, tok[n - 1].text);
        p = last ? last + strlen(tok[n - 1].text) : p + strlen(p);
        ik_search_tokens_free(tok, n);
    }
}

/* appends the normalized form of s to b, space-separated */
static void add_text(IkBuf *b, const char *s)
{
    if (!s || !s[0])
        return;
    char *n = ik_search_normalize(s, strlen(s));
    if (!n)
        return;
    if (b->len)
        ik_buf_puts(b, " ");
    ik_buf_puts(b, n);
    if (strstr(n, "\u0627\u0644"))
        add_article_free(b, n);
    free(n);
}

static const char *buf_str(IkBuf *b)
{
    return b->data ? b->data : "";
}

typedef struct {
    char *code;
    UCollator *collator;
} Lang;

static void langs_free(Lang *langs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(langs[i].code);
        if (langs[i].collator)
            ucol_close(langs[i].collator);
    }
    free(langs);
}

/* the pack's languages in picker order, then any other language that has
 * directory strings (a test database may have no language rows) */
static Lang *load_langs(sqlite3 *db, size_t *count)
{
    Lang *langs = NULL;
    size_t n = 0;
    sqlite3_stmt *st = prepare(db,
        "SELECT code FROM (SELECT code, position AS p FROM language"
        " UNION ALL SELECT 'it', -1"
        " UNION ALL SELECT DISTINCT lang, 1e9 FROM string WHERE key LIKE 'service:%')"
        " GROUP BY code ORDER BY min(p), code");
    if (!st)
        return NULL;
    while (sqlite3_step(st) == SQLITE_ROW && n < LANGS_MAX) {
        langs = ik_xrealloc(langs, n + 1, sizeof *langs);
        langs[n].code = ik_xstrdup(col_text(st, 0));
        char locale[64];
        UErrorCode err = U_ZERO_ERROR;
        uloc_forLanguageTag(langs[n].code, locale, sizeof locale, NULL, &err);
        err = U_ZERO_ERROR;
        langs[n].collator = ucol_open(U_FAILURE(err) ? "" : locale, &err);
        if (U_FAILURE(err))
            langs[n].collator = NULL;
        else
            ucol_setStrength(langs[n].collator, UCOL_SECONDARY);
        n++;
    }
    sqlite3_finalize(st);
    *count = n;
    return langs;
}

/* the name of language `code` in the language `in` (ICU's CLDR names), or
 * NULL; malloc'd */
static char *language_name(const char *code, const char *in)
{
    char locale[64], in_locale[64];
    UErrorCode err = U_ZERO_ERROR;
    uloc_forLanguageTag(code, locale, sizeof locale, NULL, &err);
    if (U_FAILURE(err))
        return NULL;
    uloc_forLanguageTag(in, in_locale, sizeof in_locale, NULL, &err);
    if (U_FAILURE(err))
        return NULL;
    UChar name[128];
    int32_t n = uloc_getDisplayName(locale, in_locale, name, 128, &err);
    if (U_FAILURE(err) || err == U_USING_DEFAULT_WARNING || n <= 0)
        return NULL;
    char utf8[512];
    int32_t n8 = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(utf8, sizeof utf8 - 1, &n8, name, n, &err);
    if (U_FAILURE(err))
        return NULL;
    utf8[n8] = 0;
    return ik_xstrdup(utf8);
}

static uint8_t *sort_key(UCollator *coll, const char *utf8, int32_t *len)
{
    UChar u[512];
    int32_t n = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8WithSub(u, 511, &n, utf8, -1, 0xFFFD, NULL, &err);
    if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR)
        n = 0;
    if (n > 511)
        n = 511;
    if (!coll) {
        *len = (int32_t)strlen(utf8);
        return (uint8_t *)ik_xstrdup(utf8);
    }
    int32_t need = ucol_getSortKey(coll, u, n, NULL, 0);
    uint8_t *key = ik_xmalloc((size_t)need + 1);
    *len = ucol_getSortKey(coll, u, n, key, need + 1);
    return key;
}

/* A small string -> int hash map (open addressing, FNV-1a). */
typedef struct {
    char **keys;
    int *vals;
    size_t cap, n;
} StrMap;

static size_t strmap_slot(const StrMap *m, const char *key)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* the value of key, or -2 when absent */
static int strmap_get(const StrMap *m, const char *key)
{
    if (!m->cap)
        return -2;
    size_t i = strmap_slot(m, key);
    return m->keys[i] ? m->vals[i] : -2;
}

static void strmap_put(StrMap *m, const char *key, int val)
{
    if (2 * (m->n + 1) > m->cap) {
        StrMap g = {ik_xcalloc(m->cap ? 2 * m->cap : 256, sizeof(char *)),
                    ik_xcalloc(m->cap ? 2 * m->cap : 256, sizeof(int)), m->cap ? 2 * m->cap : 256, 0};
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = strmap_slot(&g, m->keys[i]);
                g.keys[j] = m->keys[i];
                g.vals[j] = m->vals[i];
                g.n++;
            }
        free(m->keys);
        free(m->vals);
        *m = g;
    }
    size_t i = strmap_slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = ik_xstrdup(key);
        m->n++;
    }
    m->vals[i] = val;
}

static void strmap_free(StrMap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* Facets: the texts that thousands of services share (category, area and
 * city names, names of the languages spoken). Each distinct (column, text)
 * is indexed once in search_facet_fts; a service's row holds one token per
 * facet (FACET_MARK + number) in that column instead of the words, so a
 * word such as "italiano", on every service, is not a doclist of every row
 * that a prefix query has to merge. The query matches its words against
 * the facets first and looks for their tokens. */
#define FACET_MARK "\xee\x80\x80"     /* U+E000, private use: never typed */
/* Each row also holds one token per area and term code of its service
 * (FILTER_MARK + number, search_filter_code), so an area or category filter
 * is one more AND term and FTS5 skips the other services' rows. */
#define FILTER_MARK "\xee\x80\x81"    /* U+E001 */

typedef struct {
    sqlite3_stmt *get, *terms, *spoken, *endonym, *fts, *name, *all_terms;
    StrMap source;
    StrMap codes;       /* "a|area" or "t|term" -> number of its filter token */      /* what a facet is made from ("cat|it|code") -> facet, -1 none */
    StrMap text;        /* column + normalized text -> facet */
    char **words;       /* per facet: normalized text */
    int *col;           /* per facet: its column */
    long *rows;         /* per facet: index rows that hold it */
    uint8_t **bits;     /* per facet: bit s set when service s holds it */
    size_t *nbytes;
    int nfacet;
    long service;       /* the service being indexed */
} Builder;

/* the facet of (column, raw text s), -1 when s has no words; cached by
 * source key so each text is normalized once */
static int facet_of(Builder *bd, int col, const char *source_key, const char *s)
{
    int id = strmap_get(&bd->source, source_key);
    if (id != -2)
        return id;
    IkBuf b = {0};
    add_text(&b, s);
    id = -1;
    if (b.len) {
        char *key = ik_xasprintf("%d|%s", col, b.data);
        id = strmap_get(&bd->text, key);
        if (id == -2) {
            id = bd->nfacet++;
            bd->words = ik_xrealloc(bd->words, (size_t)bd->nfacet, sizeof *bd->words);
            bd->col = ik_xrealloc(bd->col, (size_t)bd->nfacet, sizeof *bd->col);
            bd->rows = ik_xrealloc(bd->rows, (size_t)bd->nfacet, sizeof *bd->rows);
            bd->bits = ik_xrealloc(bd->bits, (size_t)bd->nfacet, sizeof *bd->bits);
            bd->nbytes = ik_xrealloc(bd->nbytes, (size_t)bd->nfacet, sizeof *bd->nbytes);
            bd->words[id] = ik_xstrdup(b.data);
            bd->col[id] = col;
            bd->rows[id] = 0;
            bd->bits[id] = NULL;
            bd->nbytes[id] = 0;
            strmap_put(&bd->text, key, id);
        }
        free(key);
    }
    ik_buf_free(&b);
    strmap_put(&bd->source, source_key, id);
    return id;
}

/* appends facet id's token to a row's column (once per row) */
static void add_facet(Builder *bd, IkBuf *b, int id, int *seen, int *nseen)
{
    if (id < 0)
        return;
    for (int i = 0; i < *nseen; i++)
        if (seen[i] == id)
            return;
    if (*nseen < 256)
        seen[(*nseen)++] = id;
    bd->rows[id]++;
    size_t byte = (size_t)bd->service / 8;
    if (byte >= bd->nbytes[id]) {
        size_t n = byte + 1 > 2 * bd->nbytes[id] ? byte + 1 : 2 * bd->nbytes[id];
        bd->bits[id] = ik_xrealloc(bd->bits[id], n, 1);
        memset(bd->bits[id] + bd->nbytes[id], 0, n - bd->nbytes[id]);
        bd->nbytes[id] = n;
    }
    bd->bits[id][byte] |= (uint8_t)(1u << (bd->service % 8));
    ik_buf_printf(b, "%s" FACET_MARK "%d", b->len ? " " : "", id);
}

static void builder_free(Builder *bd)
{
    strmap_free(&bd->source);
    strmap_free(&bd->codes);
    strmap_free(&bd->text);
    for (int i = 0; i < bd->nfacet; i++) {
        free(bd->words[i]);
        free(bd->bits[i]);
    }
    free(bd->words);
    free(bd->bits);
    free(bd->nbytes);
    free(bd->col);
    free(bd->rows);
}

/* the facet of language `code`'s name in language `in` */
static int language_facet(Builder *bd, const char *code, const char *in)
{
    char *key = ik_xasprintf("ln|%s|%s", code, in);
    int id = strmap_get(&bd->source, key);
    if (id == -2) {
        char *name = language_name(code, in);
        id = facet_of(bd, COL_LANGUAGES, key, name);
        free(name);
    }
    free(key);
    return id;
}

static int term_facet(Builder *bd, int col, const char *lang, const char *code)
{
    char *key = ik_xasprintf("t%d|%s|%s", col, lang, code);
    int id = strmap_get(&bd->source, key);
    if (id == -2) {
        char *t = lookup_key(bd->get, lang, "term:%s:%s", code, "name");
        if (!t)
            t = lookup_key(bd->get, IK_SOURCE_LANG, "term:%s:%s", code, "name");
        id = facet_of(bd, col, key, t ? t : code);
        free(t);
    }
    free(key);
    return id;
}

static int text_facet(Builder *bd, int col, const char *kind, const char *text)
{
    if (!text)
        return -1;
    char *key = ik_xasprintf("%s|%s", kind, text);
    int id = facet_of(bd, col, key, text);
    free(key);
    return id;
}

/* appends the filter token of code ("a|..." or "t|...") to b */
static void add_filter_token(Builder *bd, IkBuf *b, const char *key)
{
    int n = strmap_get(&bd->codes, key);
    if (n == -2) {
        n = (int)bd->codes.n;
        strmap_put(&bd->codes, key, n);
    }
    ik_buf_printf(b, "%s" FILTER_MARK "%d", b->len ? " " : "", n);
}

static bool index_service(Builder *bd, const Lang *langs, size_t nlang, long s, const char *id,
                          const char *org_id, const char *org_name, const char *area,
                          const char *city)
{
    bool ok = false;
    char **cats = NULL, **spoken = NULL;
    int *spoken_it = NULL, *endonyms = NULL;
    bd->service = s;
    size_t ncat = 0, nspoken = 0;
    sqlite3_reset(bd->terms);
    sqlite3_bind_text(bd->terms, 1, id, -1, SQLITE_STATIC);
    while (sqlite3_step(bd->terms) == SQLITE_ROW) {
        cats = ik_xrealloc(cats, ncat + 1, sizeof *cats);
        cats[ncat++] = ik_xstrdup(col_text(bd->terms, 0));
    }
    sqlite3_reset(bd->terms);
    sqlite3_reset(bd->spoken);
    sqlite3_bind_text(bd->spoken, 1, id, -1, SQLITE_STATIC);
    while (sqlite3_step(bd->spoken) == SQLITE_ROW) {
        spoken = ik_xrealloc(spoken, nspoken + 1, sizeof *spoken);
        spoken_it = ik_xrealloc(spoken_it, nspoken + 1, sizeof *spoken_it);
        endonyms = ik_xrealloc(endonyms, nspoken + 1, sizeof *endonyms);
        spoken[nspoken] = ik_xstrdup(col_text(bd->spoken, 0));
        spoken_it[nspoken] = text_facet(bd, COL_LANGUAGES, "ls", col_text(bd->spoken, 1));
        endonyms[nspoken++] = text_facet(bd, COL_LANGUAGES, "le", col_text(bd->spoken, 2));
    }
    sqlite3_reset(bd->spoken);
    IkBuf filter_tokens = {0};
    if (area) {
        char *k = ik_xasprintf("a|%s", area);
        add_filter_token(bd, &filter_tokens, k);
        free(k);
    }
    sqlite3_reset(bd->all_terms);
    sqlite3_bind_text(bd->all_terms, 1, id, -1, SQLITE_STATIC);
    while (sqlite3_step(bd->all_terms) == SQLITE_ROW) {
        char *k = ik_xasprintf("t|%s", col_text(bd->all_terms, 0));
        add_filter_token(bd, &filter_tokens, k);
        free(k);
    }
    sqlite3_reset(bd->all_terms);
    int city_facet = text_facet(bd, COL_CITY, "c", city);

    char *name_it = lookup_key(bd->get, IK_SOURCE_LANG, "service:%s:%s", id, "name");
    for (size_t l = 0; l < nlang; l++) {
        const char *lang = langs[l].code;
        bool source = strcmp(lang, IK_SOURCE_LANG) == 0;
        char *name = lookup_key(bd->get, lang, "service:%s:%s", id, "name");
        char *desc = lookup_key(bd->get, lang, "service:%s:%s", id, "description");
        /* browse order in every language, Italian name as the fallback */
        const char *shown = name ? name : name_it ? name_it : id;
        int32_t klen = 0;
        uint8_t *key = sort_key(langs[l].collator, shown, &klen);
        sqlite3_reset(bd->name);
        sqlite3_bind_text(bd->name, 1, lang, -1, SQLITE_STATIC);
        sqlite3_bind_blob(bd->name, 2, key, klen, SQLITE_STATIC);
        sqlite3_bind_int64(bd->name, 3, s);
        IkBuf words = {0};
        ik_buf_puts(&words, " ");
        add_text(&words, shown);
        ik_buf_puts(&words, " ");
        sqlite3_bind_text(bd->name, 4, words.data, -1, SQLITE_TRANSIENT);
        ik_buf_free(&words);
        int rc = sqlite3_step(bd->name);
        sqlite3_reset(bd->name);
        free(key);
        if (rc != SQLITE_DONE) {
            ik_fail("search index: %s", sqlite3_errmsg(sqlite3_db_handle(bd->name)));
            free(name);
            free(desc);
            goto done;
        }
        if (!source && !name && !desc)
            continue;   /* nothing in this language: the Italian row covers it */
        IkBuf f[NCOL] = {{0}};
        add_text(&f[COL_NAME], name ? name : name_it);
        char *org = lookup_key(bd->get, lang, "organization:%s:%s", org_id, "name");
        if (!org)
            org = lookup_key(bd->get, IK_SOURCE_LANG, "organization:%s:%s", org_id, "name");
        add_text(&f[COL_ORG], org ? org : org_name);
        free(org);
        int seen[256], nseen = 0;
        for (size_t c = 0; c < ncat; c++)
            add_facet(bd, &f[COL_CATEGORY], term_facet(bd, COL_CATEGORY, lang, cats[c]), seen, &nseen);
        if (area)
            add_facet(bd, &f[COL_AREA], term_facet(bd, COL_AREA, lang, area), seen, &nseen);
        add_facet(bd, &f[COL_CITY], city_facet, seen, &nseen);
        if (filter_tokens.len)
            ik_buf_printf(&f[COL_AREA], "%s%s", f[COL_AREA].len ? " " : "", filter_tokens.data);
        for (size_t k = 0; k < nspoken; k++)
            add_facet(bd, &f[COL_LANGUAGES], language_facet(bd, spoken[k], lang), seen, &nseen);
        for (size_t k = 0; source && k < nspoken; k++)
            add_facet(bd, &f[COL_LANGUAGES], spoken_it[k], seen, &nseen);
        for (size_t k = 0; k < nspoken; k++)
            add_facet(bd, &f[COL_LANGUAGES], endonyms[k], seen, &nseen);
        add_text(&f[COL_DESCRIPTION], desc);
        free(name);
        free(desc);

        sqlite3_reset(bd->fts);
        sqlite3_bind_int64(bd->fts, 1, ((sqlite3_int64)l << LANG_SHIFT) | s);
        for (int c = 0; c < NCOL; c++)
            sqlite3_bind_text(bd->fts, c + 2, buf_str(&f[c]), -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(bd->fts);
        sqlite3_reset(bd->fts);
        for (int c = 0; c < NCOL; c++)
            ik_buf_free(&f[c]);
        if (rc != SQLITE_DONE) {
            ik_fail("search index: %s", sqlite3_errmsg(sqlite3_db_handle(bd->fts)));
            goto done;
        }
    }
    ok = true;
done:
    free(name_it);
    for (size_t i = 0; i < ncat; i++)
        free(cats[i]);
    free(cats);
    for (size_t i = 0; i < nspoken; i++)
        free(spoken[i]);
    free(spoken);
    free(spoken_it);
    free(endonyms);
    ik_buf_free(&filter_tokens);
    return ok;
}

/* the facets into search_facet and search_facet_fts */
static bool write_facets(sqlite3 *db, const Builder *bd)
{
    sqlite3_stmt *ins = prepare(db, "INSERT INTO search_facet(id, col, words, rows, services)"
                                    " VALUES(?,?,?,?,?)");
    sqlite3_stmt *fts = prepare(db, "INSERT INTO search_facet_fts(rowid, words) VALUES(?,?)");
    bool ok = ins && fts;
    for (int i = 0; ok && i < bd->nfacet; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_int(ins, 1, i);
        sqlite3_bind_int(ins, 2, bd->col[i]);
        sqlite3_bind_text(ins, 3, bd->words[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 4, bd->rows[i]);
        sqlite3_bind_blob(ins, 5, bd->bits[i] ? (const void *)bd->bits[i] : "", (int)bd->nbytes[i],
                          SQLITE_STATIC);
        sqlite3_reset(fts);
        sqlite3_bind_int(fts, 1, i);
        sqlite3_bind_text(fts, 2, bd->words[i], -1, SQLITE_STATIC);
        ok = sqlite3_step(ins) == SQLITE_DONE && sqlite3_step(fts) == SQLITE_DONE;
    }
    sqlite3_stmt *code = prepare(db, "INSERT INTO search_filter_code(code, n) VALUES(?,?)");
    ok = ok && code;
    for (size_t i = 0; ok && i < bd->codes.cap; i++) {
        if (!bd->codes.keys[i])
            continue;
        sqlite3_reset(code);
        sqlite3_bind_text(code, 1, bd->codes.keys[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(code, 2, bd->codes.vals[i]);
        ok = sqlite3_step(code) == SQLITE_DONE;
    }
    if (!ok)
        ik_fail("search index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    sqlite3_finalize(fts);
    sqlite3_finalize(code);
    return ok;
}

/* the pair of code points i and j of s (UTF-8 into out) */
static const char *pair(const uint32_t *cp, size_t n, size_t i, size_t j, char out[12])
{
    size_t k = 0;
    if (i < n)
        k += ik_utf8_encode(cp[i], out + k);
    if (j < n)
        k += ik_utf8_encode(cp[j], out + k);
    out[k] = 0;
    return out;
}

/* the vocabulary, for near spellings: every indexed token of 3 letters or
 * more, with its first two code points and length for candidate look-ups */
static bool build_vocabulary(sqlite3 *db)
{
    bool ok = false;
    sqlite3_stmt *vocab = NULL, *ins = NULL;
    /* the words of the texts, and of the facets counted once per row that
     * holds the facet (not the facet tokens themselves) */
    if (!exec(db,
            "CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_fts, row);"
            "CREATE VIRTUAL TABLE temp.search_facet_vocab USING"
            " fts5vocab(main, search_facet_fts, instance);"
            "CREATE TEMP TABLE search_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;"
            "INSERT INTO search_df SELECT term, doc FROM temp.search_vocab"
            " WHERE term NOT GLOB '" FACET_MARK "*' AND term NOT GLOB '" FILTER_MARK "*';"
            "INSERT INTO search_df SELECT v.term, sum(f.rows) FROM"
            " (SELECT DISTINCT term, doc FROM temp.search_facet_vocab) v"
            " JOIN search_facet f ON f.id = v.doc WHERE 1 GROUP BY v.term"
            " ON CONFLICT(term) DO UPDATE SET df = df + excluded.df;"))
        goto done;
    vocab = prepare(db, "SELECT term, df FROM temp.search_df");
    ins = prepare(db, "INSERT INTO search_term(term, k12, k23, k13, len, df) VALUES(?,?,?,?,?,?)");
    if (!vocab || !ins)
        goto done;
    while (sqlite3_step(vocab) == SQLITE_ROW) {
        const char *t = col_text(vocab, 0);
        size_t n = strlen(t), len = ik_utf8_length(t, n);
        if (len < 3 || len > IK_SEARCH_TOKEN_MAX)
            continue;
        size_t ncp = 0;
        uint32_t *cp = ik_utf8_to_utf32(t, n, &ncp, NULL);
        if (!cp)
            continue;
        char k12[12], k23[12], k13[12];
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, t, (int)n, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, pair(cp, ncp, 0, 1, k12), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, pair(cp, ncp, 1, 2, k23), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, pair(cp, ncp, 0, 2, k13), -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 5, (sqlite3_int64)len);
        sqlite3_bind_int64(ins, 6, sqlite3_column_int64(vocab, 1));
        free(cp);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            ik_fail("search index: %s", sqlite3_errmsg(db));
            goto done;
        }
    }
    ok = true;
done:
    sqlite3_finalize(vocab);
    sqlite3_finalize(ins);
    sqlite3_exec(db, "DROP TABLE IF EXISTS temp.search_vocab; DROP TABLE IF EXISTS temp.search_df;"
                     "DROP TABLE IF EXISTS temp.search_facet_vocab", NULL, NULL, NULL);
    return ok;
}

/* synonyms both ways, normalized: "psicologo" -> "supporto psicologico" and
 * back, so either word finds what the other finds */
static bool build_synonyms(sqlite3 *db)
{
    bool ok = false;
    sqlite3_stmt *st = prepare(db, "SELECT term, synonyms FROM synonym");
    sqlite3_stmt *ins = prepare(db, "INSERT OR IGNORE INTO search_synonym(term, expansion) VALUES(?,?)");
    if (!st || !ins)
        goto done;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = col_text(st, 0), *syn = col_text(st, 1);
        char *term = t ? ik_search_normalize(t, strlen(t)) : NULL;
        char *list = syn ? ik_xstrdup(syn) : NULL, *save = NULL;
        for (char *w = list ? strtok_r(list, "|", &save) : NULL; term && w;
             w = strtok_r(NULL, "|", &save)) {
            char *e = ik_search_normalize(w, strlen(w));
            IkSearchToken tk[IK_SEARCH_TOKENS_MAX], tt[IK_SEARCH_TOKENS_MAX];
            size_t ne = e ? ik_search_tokenize(e, tk, IK_SEARCH_TOKENS_MAX, NULL) : 0;
            size_t nt = ik_search_tokenize(term, tt, IK_SEARCH_TOKENS_MAX, NULL);
            IkBuf a = {0}, b = {0};
            for (size_t i = 0; i < ne; i++)
                ik_buf_printf(&a, "%s%s", i ? " " : "", tk[i].text);
            for (size_t i = 0; i < nt; i++)
                ik_buf_printf(&b, "%s%s", i ? " " : "", tt[i].text);
            for (int dir = 0; a.len && b.len && dir < 2; dir++) {
                sqlite3_reset(ins);
                sqlite3_bind_text(ins, 1, dir ? a.data : b.data, -1, SQLITE_STATIC);
                sqlite3_bind_text(ins, 2, dir ? b.data : a.data, -1, SQLITE_STATIC);
                sqlite3_step(ins);
            }
            sqlite3_reset(ins);
            ik_buf_free(&a);
            ik_buf_free(&b);
            ik_search_tokens_free(tk, ne);
            ik_search_tokens_free(tt, nt);
            free(e);
        }
        free(list);
        free(term);
    }
    ok = true;
done:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    return ok;
}

bool ik_search_index_build(sqlite3 *db)
{
    bool ok = false;
    Lang *langs = NULL;
    size_t nlang = 0;
    Builder bd = {0};
    sqlite3_stmt *svc = NULL, *ins = NULL, *sched = NULL, *lang_ins = NULL;
    if (!db)
        return ik_fail("search index: no database");
    if (!exec(db, "SAVEPOINT search_build"))
        return false;
    if (!exec(db,
            "DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_service;"
            "DROP TABLE IF EXISTS search_schedule; DROP TABLE IF EXISTS search_name;"
            "DROP TABLE IF EXISTS search_term; DROP TABLE IF EXISTS search_synonym;"
            "DROP TABLE IF EXISTS search_lang; DROP TABLE IF EXISTS search_facet;"
            "DROP TABLE IF EXISTS search_facet_fts;"
            /* services: bit s (byte s / 8, bit s % 8) for each service holding it */
            "CREATE TABLE search_facet(id INTEGER PRIMARY KEY, col INTEGER NOT NULL,"
            " words TEXT NOT NULL, rows INTEGER NOT NULL, services BLOB NOT NULL);"
            "DROP TABLE IF EXISTS search_filter_code;"
            "CREATE TABLE search_filter_code(code TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
            "CREATE VIRTUAL TABLE search_facet_fts USING fts5(words, content='', prefix='2 3',"
            " tokenize=\"" IK_SEARCH_TOKENIZE "\");"
            /* services that can be shown, numbered in id order */
            "CREATE TABLE search_service(s INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
            " organization_id TEXT, area TEXT, city TEXT, free INTEGER NOT NULL,"
            " min_age INTEGER, max_age INTEGER, confidential INTEGER NOT NULL);"
            "CREATE TABLE search_schedule(s INTEGER NOT NULL, weekday INTEGER NOT NULL,"
            " opens INTEGER NOT NULL, closes INTEGER NOT NULL);"
            "CREATE INDEX search_schedule_day ON search_schedule(weekday, s);"
            "CREATE INDEX search_service_area ON search_service(area, s);"
            "CREATE TABLE search_lang(code TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
            /* browse order: ICU collation key of the name in each language */
            "CREATE TABLE search_name(lang TEXT NOT NULL, sortkey BLOB NOT NULL, s INTEGER NOT NULL,"
            /* the name's normalized words, ' '-delimited, for one or two letters */
            " words TEXT NOT NULL, PRIMARY KEY(lang, sortkey, s)) WITHOUT ROWID;"
            /* typo candidates share two of their first three letters with
             * what was typed: k12, k23, k13 are those letter pairs */
            "CREATE TABLE search_term(term TEXT PRIMARY KEY, k12 TEXT NOT NULL, k23 TEXT NOT NULL,"
            " k13 TEXT NOT NULL, len INTEGER NOT NULL, df INTEGER NOT NULL) WITHOUT ROWID;"
            "CREATE INDEX search_term_k12 ON search_term(k12, len);"
            "CREATE INDEX search_term_k23 ON search_term(k23, len);"
            "CREATE INDEX search_term_k13 ON search_term(k13, len);"
            "CREATE TABLE search_synonym(term TEXT NOT NULL, expansion TEXT NOT NULL,"
            " PRIMARY KEY(term, expansion)) WITHOUT ROWID;"
            /* contentless: the kiosk only needs which rows match and where */
            "CREATE VIRTUAL TABLE search_fts USING fts5(name, organization, category, area,"
            " city, languages, description, content='', columnsize=0, prefix='2 3',"
            " tokenize=\"" IK_SEARCH_TOKENIZE "\");"))
        goto fail;
    langs = load_langs(db, &nlang);
    if (!langs)
        goto fail;
    lang_ins = prepare(db, "INSERT INTO search_lang(code, n) VALUES(?,?)");
    if (!lang_ins)
        goto fail;
    for (size_t l = 0; l < nlang; l++) {
        sqlite3_reset(lang_ins);
        sqlite3_bind_text(lang_ins, 1, langs[l].code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(lang_ins, 2, (sqlite3_int64)l);
        sqlite3_step(lang_ins);
    }
    bd.get = prepare(db, "SELECT value FROM string WHERE lang = ? AND key = ?");
    bd.terms = prepare(db,
        "SELECT st.term FROM service_term st LEFT JOIN term t ON t.code = st.term"
        " WHERE st.service_id = ?1 AND coalesce(t.taxonomy, 'category') = 'category'"
        " AND st.term <> coalesce((SELECT area FROM service WHERE id = ?1), '')"
        " ORDER BY t.position, st.term");
    bd.spoken = prepare(db,
        "SELECT sl.code, sl.name, l.endonym FROM service_language sl"
        " LEFT JOIN language l ON l.code = sl.code WHERE sl.service_id = ? ORDER BY sl.code");
    /* the rows go to FTS5 in one statement at the end: inside the savepoint
     * every other write statement would make FTS5 flush its pending terms
     * as a new segment (xSavepoint), and merging those was most of the build */
    if (!exec(db, "DROP TABLE IF EXISTS temp.search_rows;"
                  "CREATE TEMP TABLE search_rows(k INTEGER PRIMARY KEY, name, organization,"
                  " category, area, city, languages, description)"))
        goto fail;
    bd.fts = prepare(db, "INSERT INTO temp.search_rows(k, name, organization, category, area, city,"
                         " languages, description) VALUES(?,?,?,?,?,?,?,?)");
    bd.name = prepare(db, "INSERT OR REPLACE INTO search_name(lang, sortkey, s, words) VALUES(?,?,?,?)");
    bd.all_terms = prepare(db, "SELECT DISTINCT term FROM service_term WHERE service_id = ?");
    svc = prepare(db,
        "SELECT s.id, s.organization_id, o.name, s.area, s.free, s.min_age, s.max_age,"
        " s.confidential, (SELECT city FROM service_location l WHERE l.service_id = s.id"
        "  ORDER BY l.location_id LIMIT 1)"
        " FROM service s LEFT JOIN organization o ON o.id = s.organization_id"
        " WHERE coalesce(s.status, 'active') NOT IN ('inactive', 'defunct') ORDER BY s.id");
    ins = prepare(db, "INSERT INTO search_service(s, id, organization_id, area, city, free,"
                      " min_age, max_age, confidential) VALUES(?,?,?,?,?,?,?,?,?)");
    /* in one statement at the end: service_schedule has no index by service */
    sched = prepare(db, "INSERT INTO search_schedule(s, weekday, opens, closes)"
                        " SELECT x.s, h.weekday, h.opens, h.closes FROM service_schedule h"
                        " JOIN search_service x ON x.id = h.service_id");
    if (!bd.get || !bd.terms || !bd.spoken || !bd.fts || !bd.name || !bd.all_terms || !svc || !ins ||
        !sched)
        goto fail;
    long s = 0;
    while (sqlite3_step(svc) == SQLITE_ROW) {
        if (++s > SERVICE_MASK) {
            ik_fail("search index: more than %d services", SERVICE_MASK);
            goto fail;
        }
        const char *id = col_text(svc, 0);
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, s);
        sqlite3_bind_text(ins, 2, id, -1, SQLITE_STATIC);
        sqlite3_bind_value(ins, 3, sqlite3_column_value(svc, 1));
        sqlite3_bind_value(ins, 4, sqlite3_column_value(svc, 3));
        sqlite3_bind_value(ins, 5, sqlite3_column_value(svc, 8));
        sqlite3_bind_int(ins, 6, sqlite3_column_int(svc, 4) != 0);
        sqlite3_bind_value(ins, 7, sqlite3_column_value(svc, 5));
        sqlite3_bind_value(ins, 8, sqlite3_column_value(svc, 6));
        sqlite3_bind_int(ins, 9, sqlite3_column_int(svc, 7) != 0);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            ik_fail("search index: service \"%s\": %s", id, sqlite3_errmsg(db));
            goto fail;
        }
        if (!index_service(&bd, langs, nlang, s, id, col_text(svc, 1) ? col_text(svc, 1) : "",
                           col_text(svc, 2), col_text(svc, 3), col_text(svc, 8)))
            goto fail;
    }
    if (sqlite3_step(sched) != SQLITE_DONE) {
        ik_fail("search index: %s", sqlite3_errmsg(db));
        goto fail;
    }
    if (!write_facets(db, &bd) ||
        !exec(db, "INSERT INTO search_fts(rowid, name, organization, category, area, city,"
                  " languages, description) SELECT * FROM temp.search_rows ORDER BY k;"
                  "DROP TABLE temp.search_rows") ||
        !exec(db, "INSERT INTO search_fts(search_fts) VALUES('optimize')") ||
        !build_vocabulary(db) || !build_synonyms(db))
        goto fail;
    if (!exec(db, "RELEASE search_build"))
        goto fail;
    ok = true;
fail:
    sqlite3_finalize(bd.get);
    sqlite3_finalize(bd.terms);
    sqlite3_finalize(bd.spoken);
    sqlite3_finalize(bd.fts);
    sqlite3_finalize(bd.name);
    sqlite3_finalize(bd.all_terms);
    sqlite3_finalize(svc);
    sqlite3_finalize(ins);
    sqlite3_finalize(sched);
    sqlite3_finalize(lang_ins);
    builder_free(&bd);
    langs_free(langs, nlang);
    if (!ok) {
        char *keep = ik_xstrdup(ik_error());
        sqlite3_exec(db, "ROLLBACK TO search_build; RELEASE search_build", NULL, NULL, NULL);
        ik_fail("%s", keep);
        free(keep);
    }
    return ok;
}

/* =========================================================================
 * [query]
 * ========================================================================= */

typedef struct {
    int token;          /* which query token this phrase stands for */
    double quality;     /* 1 exact, less for prefix, synonym, near spelling */
    bool fuzzy;
} Phrase;

typedef struct {
    Phrase *phrases;
    int nphrase;
    int ntoken;
    /* services the filter lets through (NULL: all); the others are not
     * ranked */
    const uint8_t *passes;
    long nservice;
    /* written by the rank function for the row being stepped */
    bool row_fuzzy;
} RankContext;

typedef struct {
    IkBuf expr;             /* the FTS5 expression */
    RankContext rank;
    char **seen;            /* phrases already in the expression */
    size_t nseen;
    bool short_only;        /* every phrase limited to the short fields */
    sqlite3_stmt *facet;    /* the facets a phrase matches */
    bool name_only;         /* every phrase limited to the name, no facets */
    const uint8_t *passes;  /* the filter's services, or NULL */
    long nservice;
    const char *filter;     /* AND terms of an area/category filter, or NULL */
    bool short_everywhere;  /* a one- or two-letter word sought whole in every field */
} Query;

static void quote(IkBuf *b, const char *s)
{
    ik_buf_puts(b, "\"");
    for (; *s; s++)
        ik_buf_append(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
    ik_buf_puts(b, "\"");
}

/* adds one expansion to the group of token t (the group's parenthesis is
 * open); the same phrase twice is skipped */
static void add_phrase(Query *q, int t, const char *text, bool prefix, bool short_columns,
                       double quality, bool fuzzy)
{
    char *key = ik_xasprintf("%d:%s%s%s", t, short_columns ? "{}" : "", text, prefix ? "*" : "");
    for (size_t i = 0; i < q->nseen; i++)
        if (!strcmp(q->seen[i], key)) {
            free(key);
            return;
        }
    q->seen = ik_xrealloc(q->seen, q->nseen + 1, sizeof *q->seen);
    q->seen[q->nseen++] = key;
    RankContext *r = &q->rank;
    if (r->nphrase && r->phrases[r->nphrase - 1].token == t)
        ik_buf_puts(&q->expr, " OR ");
    if (q->name_only)
        ik_buf_puts(&q->expr, "{name} : ");
    else if (short_columns || q->short_only)
        ik_buf_puts(&q->expr, SHORT_COLUMNS " : ");
    quote(&q->expr, text);
    if (prefix)
        ik_buf_puts(&q->expr, "*");
    r->phrases = ik_xrealloc(r->phrases, (size_t)r->nphrase + 1, sizeof(Phrase));
    r->phrases[r->nphrase++] = (Phrase){t, quality, fuzzy};
    if (!q->facet || q->name_only)
        return;
    /* the facets holding the phrase: their tokens, same quality */
    IkBuf m = {0};
    quote(&m, text);
    if (prefix)
        ik_buf_puts(&m, "*");
    sqlite3_reset(q->facet);
    sqlite3_bind_text(q->facet, 1, m.data, (int)m.len, SQLITE_STATIC);
    while (sqlite3_step(q->facet) == SQLITE_ROW) {
        int id = sqlite3_column_int(q->facet, 0);
        if (q->passes) {
            /* a facet none of the filter's services hold would only cost */
            const uint8_t *bits = sqlite3_column_blob(q->facet, 1);
            long nb = sqlite3_column_bytes(q->facet, 1), s = 1;
            for (; bits && s <= q->nservice && s / 8 < nb; s++)
                if (q->passes[s] && (bits[s / 8] >> (s % 8) & 1))
                    break;
            if (!bits || s > q->nservice || s / 8 >= nb)
                continue;
        }
        char *fkey = ik_xasprintf("%d:#%d", t, id);
        bool again = false;
        for (size_t i = 0; i < q->nseen && !again; i++)
            again = !strcmp(q->seen[i], fkey);
        if (again) {
            free(fkey);
            continue;
        }
        q->seen = ik_xrealloc(q->seen, q->nseen + 1, sizeof *q->seen);
        q->seen[q->nseen++] = fkey;
        ik_buf_printf(&q->expr, " OR \"" FACET_MARK "%d\"", id);
        r->phrases = ik_xrealloc(r->phrases, (size_t)r->nphrase + 1, sizeof(Phrase));
        r->phrases[r->nphrase++] = (Phrase){t, quality, fuzzy};
    }
    sqlite3_reset(q->facet);
    ik_buf_free(&m);
}

static void query_free(Query *q)
{
    ik_buf_free(&q->expr);
    free(q->rank.phrases);
    for (size_t i = 0; i < q->nseen; i++)
        free(q->seen[i]);
    free(q->seen);
}

static uint32_t *to_utf32(const char *s, size_t *n)
{
    return ik_utf8_to_utf32(s, strlen(s), n, NULL);
}

typedef struct {
    char *term;
    size_t matched;     /* prefix length of term that matched (prefix mode) */
    size_t len;
    int distance;
    long df;
} Candidate;

static int candidate_cmp(const void *a, const void *b)
{
    const Candidate *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance - y->distance;
    return (y->df > x->df) - (y->df < x->df);
}

static bool end_vowel(uint32_t c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* near spellings of token (Damerau-Levenshtein <= 1 for 4-7 letters, <= 2
 * for 8+) from the vocabulary; a typo in the first letter is found through
 * the second */
static void add_fuzzy(Query *q, sqlite3_stmt *cand, int t, const IkSearchToken *tok, bool prefix)
{
    int max = tok->length >= 8 ? 2 : 1;
    size_t na = 0;
    uint32_t *a = to_utf32(tok->text, &na);
    if (!a || na < 2) {
        free(a);
        return;
    }
    Candidate *c = NULL;
    size_t nc = 0;
    /* an edit past the third letter keeps k12; one edit among the first
     * three letters keeps one of the other pairs (q = what was typed):
     * k12 in {q0q1, q1q0 (swap), q1q2 (extra q0), q0q2 (extra q1 or swap)},
     * k23 in {q1q2 (q0 replaced), q0q1 (letter missing at 0)},
     * k13 in {q0q2 (q1 replaced), q0q1 (letter missing at 1)} */
    char k[8][12];
    pair(a, na, 0, 1, k[0]);
    pair(a, na, 1, 0, k[1]);
    pair(a, na, 1, 2, k[2]);
    pair(a, na, 0, 2, k[3]);
    pair(a, na, 1, 2, k[4]);
    pair(a, na, 0, 1, k[5]);
    pair(a, na, 0, 2, k[6]);
    pair(a, na, 0, 1, k[7]);
    sqlite3_reset(cand);
    for (int i = 0; i < 8; i++)
        sqlite3_bind_text(cand, i + 1, k[i], -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(cand, 9, (sqlite3_int64)na - max);
    sqlite3_bind_int64(cand, 10, prefix ? 1000 : (sqlite3_int64)na + max);
    while (sqlite3_step(cand) == SQLITE_ROW) {
        const char *term = col_text(cand, 0);
        if (!strcmp(term, tok->text) || (prefix && ik_str_starts_with(term, tok->text)))
            continue;   /* an exact or prefix match already */
        size_t nb = 0, matched = 0;
        uint32_t *b = to_utf32(term, &nb);
        if (!b)
            continue;
        int d = ik_search_distance(a, na, b, nb, max, prefix, &matched);
        /* a final vowel is an ending ("avocato" ~ "avvocati", "psicologo" ~
         * "psicologi"): a typo plus another ending is still near; compared
         * without the endings, it ranks as a second edit */
        if ((d < 1 || d > max) && na >= 5 && end_vowel(a[na - 1]) &&
            (prefix || (nb >= 5 && end_vowel(b[nb - 1])))) {
            size_t m2 = 0;
            int d2 = ik_search_distance(a, na - 1, b, prefix ? nb : nb - 1, max, prefix, &m2);
            if (d2 >= 1 && d2 <= max) {
                d = d2 + 1 > max ? max : d2 + 1;
                matched = prefix ? m2 : nb;
            }
        }
        free(b);
        if (d < 1 || d > max || (prefix && matched < 3))
            continue;
        c = ik_xrealloc(c, nc + 1, sizeof *c);
        c[nc++] = (Candidate){ik_xstrdup(term), matched, nb, d, (long)sqlite3_column_int64(cand, 1)};
    }
    sqlite3_reset(cand);
    if (nc > 1)   /* qsort(NULL, 0) is undefined */
        qsort(c, nc, sizeof *c, candidate_cmp);
    size_t kept = 0;
    for (size_t i = 0; i < nc; i++) {
        if (kept < FUZZY_MAX) {
            double quality = c[i].distance == 1 ? 0.5 : 0.3;
            if (prefix && c[i].matched < c[i].len) {
                /* "psicolgo" -> "psicolog"*: every ending of the word */
                const char *end = c[i].term;
                for (size_t k = 0; k < c[i].matched; k++) {
                    uint32_t cp;
                    end += ik_utf8_decode(end, strlen(end), &cp);
                }
                char *stem = ik_xstrndup(c[i].term, (size_t)(end - c[i].term));
                size_t before = q->nseen;
                add_phrase(q, t, stem, true, false, quality, true);
                kept += q->nseen > before;
                free(stem);
            } else {
                size_t before = q->nseen;
                add_phrase(q, t, c[i].term, false, false, quality, true);
                kept += q->nseen > before;
            }
        }
        free(c[i].term);
    }
    free(c);
    free(a);
}

static void add_synonyms(Query *q, sqlite3_stmt *syn, int t, const char *text, bool prefix)
{
    sqlite3_reset(syn);
    sqlite3_bind_text(syn, 1, text, -1, SQLITE_STATIC);
    sqlite3_bind_int(syn, 2, prefix);
    int n = 0;
    while (sqlite3_step(syn) == SQLITE_ROW && n++ < SYNONYMS_MAX)
        add_phrase(q, t, col_text(syn, 0), false, false, 0.75, false);
    sqlite3_reset(syn);
}

/* the FTS5 expression for tokens; AND (all tokens) or OR (any) */
static void build_query(Query *q, sqlite3_stmt *cand, sqlite3_stmt *syn, const IkSearchToken *tok,
                        size_t ntok, bool last_is_prefix, bool all, bool fuzzy, bool short_only,
                        const char *whole)
{
    q->short_only = short_only;
    q->rank.ntoken = (int)ntok;
    if (q->filter)
        ik_buf_puts(&q->expr, "(");
    for (size_t i = 0; i < ntok; i++) {
        int t = (int)i;
        bool prefix = last_is_prefix && i + 1 == ntok;
        /* one or two letters: only the short fields, or every description
         * with "di" or "a" would match */
        bool short_cols = tok[i].length < 3 && !tok[i].han;
        if (i)
            ik_buf_puts(&q->expr, all ? " AND " : " OR ");
        ik_buf_puts(&q->expr, "(");
        add_phrase(q, t, tok[i].text, false, short_cols && !q->short_everywhere, 1.0, false);
        if (prefix && !tok[i].han)
            add_phrase(q, t, tok[i].text, true, short_cols, 0.85, false);
        if (!tok[i].han && tok[i].length >= 3)
            add_synonyms(q, syn, t, tok[i].text, prefix && tok[i].length >= 4);
        if (i + 1 == ntok && ntok > 1 && whole)
            add_synonyms(q, syn, t, whole, false);
        if (fuzzy && !tok[i].han && tok[i].length >= 4)
            add_fuzzy(q, cand, t, &tok[i], prefix);
        ik_buf_puts(&q->expr, ")");
    }
    /* last: the rank function reads only the phrases before */
    if (q->filter)
        ik_buf_printf(&q->expr, ") AND %s", q->filter);
}

/* =========================================================================
 * [rank]
 * ========================================================================= */

static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                          int nval, sqlite3_value **val)
{
    RankContext *r = nval > 0 ? sqlite3_value_pointer(val[0], "ik_search_rank") : NULL;
    if (!r) {
        sqlite3_result_double(ctx, 0);
        return;
    }
    if (r->passes) {
        sqlite3_int64 s = api->xRowid(fts) & SERVICE_MASK;
        if (s <= 0 || s > r->nservice || !r->passes[s]) {
            r->row_fuzzy = true;
            sqlite3_result_double(ctx, 0);
            return;
        }
    }
    /* per token: the best of the exact/prefix/synonym phrases, and of all */
    double best[IK_SEARCH_TOKENS_MAX] = {0}, exact[IK_SEARCH_TOKENS_MAX] = {0};
    /* the columns each phrase occurs in (cheaper than every instance) */
    for (int ph = 0; ph < r->nphrase; ph++) {
        const Phrase *p = &r->phrases[ph];
        Fts5PhraseIter it;
        int col = -1;
        if (api->xPhraseFirstColumn(fts, ph, &it, &col) != SQLITE_OK)
            continue;
        for (; col >= 0; api->xPhraseNextColumn(fts, &it, &col)) {
            if (col >= NCOL)
                continue;
            double s = p->quality * column_weight[col];
            if (col == COL_NAME && s * 1.25 > best[p->token]) {
                /* a word that starts the name is what the reader is looking for */
                Fts5PhraseIter pit;
                int icol = -1, off = -1;
                if (api->xPhraseFirst(fts, ph, &pit, &icol, &off) == SQLITE_OK && icol == COL_NAME &&
                    off == 0)
                    s *= 1.25;
            }
            if (s > best[p->token])
                best[p->token] = s;
            if (!p->fuzzy && s > exact[p->token])
                exact[p->token] = s;
        }
    }
    /* a row is exact when every matched word matched without a near
     * spelling; it is then ranked by those matches alone */
    double score = 0, score_exact = 0;
    int matched = 0;
    r->row_fuzzy = false;
    for (int t = 0; t < r->ntoken && t < IK_SEARCH_TOKENS_MAX; t++)
        if (best[t] > 0) {
            score += best[t];
            score_exact += exact[t];
            matched++;
            r->row_fuzzy |= exact[t] <= 0;
        }
    if (!r->row_fuzzy)
        score = score_exact;
    /* the OR fallback ranks by how many words matched first */
    sqlite3_result_double(ctx, matched * 1000.0 + score);
}

static bool register_rank(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return ik_fail("search: this SQLite has no FTS5");
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2)
        return ik_fail("search: this SQLite has no FTS5");
    if (api->xCreateFunction(api, "ik_search_rank", NULL, rank_function, NULL) != SQLITE_OK)
        return ik_fail("search: cannot register the rank function");
    return true;
}

/* =========================================================================
 * [filter] and [results]
 * ========================================================================= */

typedef struct {
    long s;
    double score;
    bool fuzzy;
} Hit;

static int hit_cmp(const void *a, const void *b)
{
    const Hit *x = a, *y = b;
    if (x->fuzzy != y->fuzzy)
        return x->fuzzy - y->fuzzy;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->s > y->s) - (x->s < y->s);
}

static bool any_filter(const IkSearchFilter *f)
{
    return f->area || f->category || f->language || f->open_now || f->free_only || f->age >= 0;
}

/* passes[s] = the service passes the filter */
static bool run_filter(sqlite3 *db, const IkSearchFilter *f, uint8_t *passes, long nservice)
{
    int wd = 0, minutes = 0;
    ik_rome_time(f->now, &wd, &minutes);
    char base[32] = "";
    if (f->language) {
        snprintf(base, sizeof base, "%s", f->language);
        char *dash = strchr(base, '-');
        if (dash)
            *dash = 0;
    }
    sqlite3_stmt *st = prepare(db,
        "SELECT x.s FROM search_service x WHERE"
        " (?1 IS NULL OR x.area = ?1)"
        " AND (?2 IS NULL OR EXISTS(SELECT 1 FROM service_term t WHERE t.service_id = x.id"
        "  AND t.term = ?2))"
        " AND (?3 IS NULL OR EXISTS(SELECT 1 FROM service_language l WHERE l.service_id = x.id"
        "  AND (l.code = ?3 OR l.code = ?4 OR l.code LIKE ?4 || '-%')))"
        " AND (NOT ?5 OR EXISTS(SELECT 1 FROM search_schedule h WHERE h.s = x.s AND ("
        /* open now; a row closing at or before it opens runs past midnight */
        "  (h.weekday = ?6 AND ?7 >= h.opens AND (?7 < h.closes OR h.closes <= h.opens))"
        "  OR (h.weekday = (?6 + 6) % 7 AND h.closes <= h.opens AND ?7 < h.closes))))"
        " AND (NOT ?8 OR x.free)"
        " AND (?9 < 0 OR ((x.min_age IS NULL OR x.min_age <= ?9)"
        "  AND (x.max_age IS NULL OR x.max_age >= ?9)))");
    if (!st)
        return false;
    if (f->area)
        sqlite3_bind_text(st, 1, f->area, -1, SQLITE_STATIC);
    if (f->category)
        sqlite3_bind_text(st, 2, f->category, -1, SQLITE_STATIC);
    if (f->language) {
        sqlite3_bind_text(st, 3, f->language, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, base, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int(st, 5, f->open_now);
    sqlite3_bind_int(st, 6, wd);
    sqlite3_bind_int(st, 7, minutes);
    sqlite3_bind_int(st, 8, f->free_only);
    sqlite3_bind_int(st, 9, f->age);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long s = (long)sqlite3_column_int64(st, 0);
        if (s > 0 && s <= nservice)
            passes[s] = 1;
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        ik_fail("search: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ok;
}

/* fills out[] with the texts of the n services in lang (Italian fallback),
 * in one statement; returns how many were found */
static size_t fill_results(sqlite3 *db, const char *lang, const Hit *hits, size_t n,
                           IkSearchResult *out)
{
    if (!n)
        return 0;
    IkBuf list = {0};
    for (size_t i = 0; i < n; i++)
        ik_buf_printf(&list, "%s%ld", i ? "," : "[", hits[i].s);
    ik_buf_puts(&list, "]");
    /* coalesce() evaluates its arguments lazily: the Italian fallback is
     * looked up only when the reader's language has no name */
    sqlite3_stmt *st = prepare(db,
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
        r->id = ik_xstrdup(col_text(st, 1));
        r->name = ik_xstrdup(col_text(st, 2));
        r->organization = ik_xstrdup(col_text(st, 3));
        r->area = ik_xstrdup(col_text(st, 4));
        r->city = col_text(st, 5) ? ik_xstrdup(col_text(st, 5)) : NULL;
        r->score = hits[i].score;
    }
    sqlite3_finalize(st);
    ik_buf_free(&list);
    /* services that were not found leave no gap */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (out[i].id)
            out[k++] = out[i];
    for (size_t i = k; i < n; i++)
        memset(&out[i], 0, sizeof out[i]);
    return k;
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

/* runs the FTS5 expression, keeping the best row per service in hits[s] */
static bool run_match(sqlite3 *db, Query *q, long lang_n, bool lang_only, Hit *hits, long nservice)
{
    /* rowids of one language are one range: FTS5 seeks straight to it */
    const char *sql = "SELECT rowid, ik_search_rank(search_fts, ?2) FROM search_fts"
                      " WHERE search_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        st = NULL;
        if (!register_rank(db))
            return false;
        if (!(st = prepare(db, sql)))
            return false;
    }
    sqlite3_bind_text(st, 1, q->expr.data, (int)q->expr.len, SQLITE_STATIC);
    sqlite3_bind_pointer(st, 2, &q->rank, "ik_search_rank", NULL);
    sqlite3_bind_int64(st, 3, lang_only ? (sqlite3_int64)lang_n << LANG_SHIFT : 0);
    sqlite3_bind_int64(st, 4, lang_only ? ((sqlite3_int64)lang_n << LANG_SHIFT) | SERVICE_MASK
                                        : (sqlite3_int64)1 << 40);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
        long s = (long)(rowid & SERVICE_MASK), l = (long)(rowid >> LANG_SHIFT);
        if (s <= 0 || s > nservice)
            continue;
        double score = sqlite3_column_double(st, 1);
        if (score <= 0)
            continue;   /* filtered out */
        if (l == lang_n)
            score *= LANG_BOOST;
        Hit *h = &hits[s];
        bool fuzzy = q->rank.row_fuzzy;
        /* an exact row beats any near-spelling row of the same service */
        if (h->score == 0 || (h->fuzzy && !fuzzy) || (h->fuzzy == fuzzy && score > h->score)) {
            h->s = s;
            h->score = score;
            h->fuzzy = fuzzy;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        /* every token is quoted, so this is not the reader's doing: log it
         * and show nothing rather than an error */
        ik_log(IK_LOG_WARN, "search: %s (%s)", sqlite3_errmsg(db), q->expr.data);
    }
    return true;
}

/* Per connection, what stays the same from one keystroke to the next: the
 * number of services, the services a filter lets through, the kiosk's own
 * area. Freed when the connection closes (destructor of a marker function),
 * emptied when the database changes. Searches run on one thread. */
typedef struct {
    sqlite3 *db;
    sqlite3_int64 changes;
    unsigned version;
    long nservice;          /* -2: not known yet */
    char *filter_key;
    uint8_t *passes;
    char *home_key;
    uint8_t *home;
} Cache;

#define CACHES_MAX 8
static Cache *caches[CACHES_MAX];

static void cache_clear(Cache *c)
{
    free(c->filter_key);
    free(c->passes);
    free(c->home_key);
    free(c->home);
    c->filter_key = c->home_key = NULL;
    c->passes = c->home = NULL;
    c->nservice = -2;
}

static void cache_destroy(void *p)
{
    Cache *c = p;
    for (int i = 0; i < CACHES_MAX; i++)
        if (caches[i] == c)
            caches[i] = NULL;
    cache_clear(c);
    free(c);
}

static void cache_marker(sqlite3_context *ctx, int n, sqlite3_value **v)
{
    (void)n;
    (void)v;
    sqlite3_result_null(ctx);
}

/* the cache of db, NULL when none can be kept (works without) */
static Cache *cache_get(sqlite3 *db)
{
    Cache *c = NULL;
    int slot = -1;
    for (int i = 0; i < CACHES_MAX && !c; i++) {
        if (caches[i] && caches[i]->db == db)
            c = caches[i];
        else if (!caches[i] && slot < 0)
            slot = i;
    }
    if (!c) {
        if (slot < 0)
            return NULL;
        c = ik_xcalloc(1, sizeof *c);
        c->db = db;
        c->nservice = -2;
        c->changes = -1;
        /* on failure SQLite calls the destructor itself */
        if (sqlite3_create_function_v2(db, "ik_search_cache", 0, SQLITE_UTF8, c, cache_marker,
                                       NULL, NULL, cache_destroy) != SQLITE_OK)
            return NULL;
        caches[slot] = c;
    }
    sqlite3_int64 changes = sqlite3_total_changes64(db);
    unsigned version = 0;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version);
    if (changes != c->changes || version != c->version) {
        cache_clear(c);
        c->changes = changes;
        c->version = version;
    }
    return c;
}

static long scalar(sqlite3 *db, const char *sql, const char *arg, long fallback)
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

/* the best score a one-word match outside the name can reach: the next
 * column's weight, the best quality, every boost */
#define OUTSIDE_NAME(quality) ((quality) * column_weight[COL_ORG] * LANG_BOOST * HOME_BOOST)

/* true when the limit-th best of hits (name matches only) outranks any row
 * matching outside the name: then the page is what the full pass gives */
static bool page_settled(const Hit *hits, long nservice, const uint8_t *passes, size_t limit,
                         size_t nhit, bool fuzzy)
{
    if (nhit < limit || nhit < ENOUGH || limit == 0)
        return false;
    /* the limit-th best: count the rows above each bound instead of sorting */
    double exact_bound = OUTSIDE_NAME(1.0), near_bound = OUTSIDE_NAME(0.5);
    size_t above = 0;
    for (long s = 1; s <= nservice; s++) {
        if (hits[s].score <= 0 || !passes[s])
            continue;
        /* in the near-spelling pass every exact row is known (pass 0)
         * and ranks above the near ones; the home boost can only raise a
         * score, so it is left out here and kept in the bounds */
        if (hits[s].fuzzy ? hits[s].score > near_bound : fuzzy || hits[s].score > exact_bound)
            above++;
    }
    return above >= limit;
}

IkSearchResult *ik_search_db(sqlite3 *db, const char *lang, const char *query,
                             const IkSearchFilter *filter, size_t *count)
{
    IkSearchFilter none = {.age = -1};
    const IkSearchFilter *f = filter ? filter : &none;
    IkSearchResult *out = NULL;
    size_t nout = 0;
    Hit *hits = NULL, *ranked = NULL;
    uint8_t *passes = NULL, *home = NULL, *taken = NULL;
    char *norm = NULL, *whole = NULL, *filter_terms = NULL;
    IkSearchToken tok[IK_SEARCH_TOKENS_MAX];
    size_t ntok = 0;
    Query q = {0};
    sqlite3_stmt *cand = NULL, *syn = NULL, *browse = NULL, *facet = NULL;
    bool ok = false;
    if (count)
        *count = 0;
    if (!db || !count) {
        ik_fail("search: no pack");
        return NULL;
    }
    if (!lang || !lang[0])
        lang = IK_SOURCE_LANG;
    Cache *cache = cache_get(db);
    long nservice = cache && cache->nservice >= 0 ? cache->nservice
                  : scalar(db, "SELECT max(s) FROM search_service", NULL, -1);
    if (nservice < 0) {
        if (scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'search_service'", NULL,
                   0) == 0) {
            ik_fail("search: the pack has no search index (rebuild it)");
            return NULL;
        }
        nservice = 0;
    }
    if (cache)
        cache->nservice = nservice;
    long lang_n = scalar(db, "SELECT n FROM search_lang WHERE code = ?", lang, -1);
    passes = ik_xcalloc((size_t)nservice + 1, 1);
    if (any_filter(f)) {
        /* the same filter as the last keystroke (same minute when open now) */
        int wd = 0, minutes = 0;
        if (f->open_now)
            ik_rome_time(f->now, &wd, &minutes);
        char *key = ik_xasprintf("%s\x1f%s\x1f%s\x1f%d:%d:%d\x1f%d\x1f%d", f->area ? f->area : "\x1e",
                                 f->category ? f->category : "\x1e", f->language ? f->language : "\x1e",
                                 f->open_now, wd, minutes, f->free_only, f->age);
        if (cache && cache->filter_key && !strcmp(cache->filter_key, key)) {
            memcpy(passes, cache->passes, (size_t)nservice + 1);
            free(key);
        } else if (!run_filter(db, f, passes, nservice)) {
            free(key);
            goto done;
        } else if (cache) {
            free(cache->filter_key);
            free(cache->passes);
            cache->filter_key = key;
            cache->passes = ik_xmalloc((size_t)nservice + 1);
            memcpy(cache->passes, passes, (size_t)nservice + 1);
        } else {
            free(key);
        }
    } else {
        memset(passes, 1, (size_t)nservice + 1);
    }
    size_t limit = f->limit > 0 ? (size_t)f->limit : (size_t)nservice;

    /* never more than a screenful of words, never a runaway token */
    size_t qlen = query ? strnlen(query, 4096) : 0;
    norm = ik_search_normalize(query ? query : "", qlen);
    if (!norm)
        goto done;
    bool trailing = false;
    ntok = ik_search_tokenize(norm, tok, IK_SEARCH_TOKENS_MAX, &trailing);
    /* a lone letter among words ("e", "a") says nothing yet; a word said
     * twice counts once */
    size_t kept = 0;
    for (size_t i = 0; i < ntok; i++) {
        bool again = false;
        for (size_t k = 0; k < kept; k++)
            again |= !strcmp(tok[k].text, tok[i].text) && !tok[i].han;
        if (again || (ntok > 1 && tok[i].length < 2 && !tok[i].han && !(kept == 0 && i + 1 == ntok))) {
            free(tok[i].text);
            if (i + 1 == ntok)
                trailing = true;
            continue;
        }
        tok[kept++] = tok[i];
    }
    ntok = kept;

    bool short_everywhere = false;
    if (ntok == 1 && tok[0].length < 3 && !tok[0].han) {
        /* one or two letters: names with a word starting so, in browse
         * order (a prefix this short would match nearly every text) */
        out = ik_xcalloc(limit + 1, sizeof *out);
        taken = ik_xcalloc((size_t)nservice + 1, 1);
        browse = prepare(db, "SELECT s, words FROM search_name WHERE lang = ? ORDER BY sortkey, s");
        if (!browse)
            goto done;
        /* one pass per language: names starting so, then names with a
         * later word starting so */
        ranked = ik_xmalloc((limit + 1) * sizeof *ranked);
        Hit *later = ik_xmalloc((limit + 1) * sizeof *later);
        char *word = ik_xasprintf(" %s", tok[0].text);
        size_t wlen = strlen(word), nranked = 0;
        const char *order[2] = {lang, strcmp(lang, IK_SOURCE_LANG) ? IK_SOURCE_LANG : NULL};
        for (int l = 0; l < 2 && order[l] && nranked < limit; l++) {
            size_t nlater = 0;
            sqlite3_reset(browse);
            sqlite3_bind_text(browse, 1, order[l], -1, SQLITE_STATIC);
            while (nranked < limit && sqlite3_step(browse) == SQLITE_ROW) {
                long s = (long)sqlite3_column_int64(browse, 0);
                const char *words = col_text(browse, 1);
                if (s <= 0 || s > nservice || !passes[s] || taken[s] || !words)
                    continue;
                if (!strncmp(words, word, wlen)) {
                    taken[s] = 1;
                    ranked[nranked++] = (Hit){s, 2.0 - l * 0.5, false};
                } else if (nlater < limit - nranked && strstr(words, word)) {
                    taken[s] = 1;
                    later[nlater++] = (Hit){s, 1.0 - l * 0.5, false};
                }
            }
            for (size_t i = 0; i < nlater && nranked < limit; i++)
                ranked[nranked++] = later[i];
            for (size_t i = 0; i < nlater; i++)   /* not shown: free for the next language */
                taken[later[i].s] = 0;
            for (size_t i = 0; i < nranked; i++)
                taken[ranked[i].s] = 1;
        }
        free(later);
        free(word);
        if (nranked > 0) {
            nout = fill_results(db, lang, ranked, nranked, out);
            ok = true;
            goto done;
        }
        /* no name has it ("cv", "l2"): the word whole, in every field */
        sqlite3_finalize(browse);
        browse = NULL;
        free(out);
        out = NULL;
        free(ranked);
        ranked = NULL;
        free(taken);
        taken = NULL;
        short_everywhere = true;
    }

    if (ntok == 0) {
        /* browse: every service that passes, by name in the reader's language */
        browse = prepare(db, "SELECT s FROM search_name WHERE lang = ? ORDER BY sortkey, s");
        if (!browse)
            goto done;
        if (scalar(db, "SELECT count(*) FROM search_name WHERE lang = ?", lang, 0) == 0)
            lang = IK_SOURCE_LANG;
        sqlite3_bind_text(browse, 1, lang, -1, SQLITE_STATIC);
        out = ik_xcalloc(limit + 1, sizeof *out);
        ranked = ik_xmalloc((limit + 1) * sizeof *ranked);
        size_t nranked = 0;
        while (nranked < limit && sqlite3_step(browse) == SQLITE_ROW) {
            long s = (long)sqlite3_column_int64(browse, 0);
            if (s > 0 && s <= nservice && passes[s])
                ranked[nranked++] = (Hit){s, 0, false};
        }
        nout = fill_results(db, lang, ranked, nranked, out);
        ok = true;
        goto done;
    }

    cand = prepare(db,
        "SELECT term, df FROM search_term WHERE k12 IN (?1, ?2, ?3, ?4) AND len BETWEEN ?9 AND ?10"
        " UNION ALL SELECT term, df FROM search_term WHERE k23 IN (?5, ?6) AND len BETWEEN ?9 AND ?10"
        " UNION ALL SELECT term, df FROM search_term WHERE k13 IN (?7, ?8) AND len BETWEEN ?9 AND ?10");
    syn = prepare(db,
        "SELECT expansion FROM search_synonym WHERE term = ?1"
        " UNION ALL SELECT expansion FROM (SELECT DISTINCT expansion FROM search_synonym"
        "  WHERE ?2 AND term > ?1 AND term < ?1 || x'f4' LIMIT 6)");
    /* an area or category filter as AND terms (not an older index's) */
    for (int k = 0; k < 2 && any_filter(f); k++) {
        const char *code = k ? f->category : f->area;
        if (!code)
            continue;
        char *key = ik_xasprintf("%s|%s", k ? "t" : "a", code);
        long n = scalar(db, "SELECT n FROM search_filter_code WHERE code = ?", key, -1);
        free(key);
        IkBuf b = {.data = filter_terms, .len = filter_terms ? strlen(filter_terms) : 0,
                   .cap = filter_terms ? strlen(filter_terms) + 1 : 0};
        if (n >= 0)   /* else no service has it (the filter says so) or an older index */
            ik_buf_printf(&b, "%s\"" FILTER_MARK "%ld\"", b.len ? " AND " : "", n);
        filter_terms = b.data;
    }
    /* an index built before facets has their words in the rows: without
     * this statement the words are found there */
    if (sqlite3_prepare_v2(db, "SELECT x.id, x.services FROM search_facet_fts f"
                               " JOIN search_facet x ON x.id = f.rowid"
                               " WHERE search_facet_fts MATCH ?", -1, &facet, NULL) != SQLITE_OK) {
        sqlite3_finalize(facet);
        facet = NULL;
    }
    if (!cand || !syn)
        goto done;
    /* the whole query as one synonym key ("aiuto compiti") */
    IkBuf w = {0};
    for (size_t i = 0; i < ntok; i++)
        ik_buf_printf(&w, "%s%s", i ? " " : "", tok[i].text);
    whole = w.data;

    hits = ik_xcalloc((size_t)nservice + 1, sizeof *hits);
    /* exact, prefix and synonyms first; near spellings only when those find
     * few services (they would rank below anyway); all words, then any */
    /* Passes, cheapest first; each stops the search when it has enough:
     *  -2  the reader's language only, when it fills the page (the reader's
     *      language comes first anyway);
     *  -1  one word: the short fields only; any match there outranks a
     *      match in a description, so a full page needs no description;
     *   0  exact, prefix and synonyms everywhere;
     *   1  near spellings too, when pass 0 found few services (they would
     *      rank below exact ones anyway);
     *   2  any of the words instead of all of them. */
    for (int pass = -2; pass < 3; pass++) {
        /* a filter leaves few of a cheap pass's rows: it would seldom fill
         * the page, and every pass it fails costs a whole pass */
        if (pass < 0 && (f->limit <= 0 || any_filter(f) || (pass == -2 && lang_n < 0) ||
                         (pass == -1 && ntok != 1)))
            continue;
        bool fuzzy = pass > 0, all = pass < 2;
        if (pass == 2 && ntok < 2)
            break;
        /* one word, a page to fill: the names first. When the page's
         * worst is above anything a match outside the name could score,
         * the rest of the rows cannot reach the page. Near spellings keep
         * the exact rows of pass 0 (same scores), so only near-spelling
         * rows can be missing. A filter leaves too few names for this
         * to pay. */
        bool tier = ntok == 1 && f->limit > 0 && pass < 2 && !any_filter(f);
        size_t nhit = 0;
        for (int name_only = tier; name_only >= 0; name_only--) {
            query_free(&q);
            memset(&q, 0, sizeof q);
            q.facet = facet;
            q.name_only = name_only;
            q.passes = any_filter(f) ? passes : NULL;
            q.nservice = nservice;
            q.filter = filter_terms;
            q.short_everywhere = short_everywhere;
            if (pass != 1)
                memset(hits, 0, ((size_t)nservice + 1) * sizeof *hits);
            build_query(&q, cand, syn, tok, ntok, !trailing, all, fuzzy, pass < 0 && ntok == 1, whole);
            q.rank.passes = any_filter(f) ? passes : NULL;
            q.rank.nservice = nservice;
            if (!run_match(db, &q, lang_n, pass == -2, hits, nservice))
                goto done;
            nhit = 0;
            for (long s = 1; s <= nservice; s++)
                nhit += hits[s].score > 0 && passes[s];
            if (name_only && page_settled(hits, nservice, passes, limit, nhit, fuzzy))
                break;
        }
        if (pass < 0 ? nhit >= limit && nhit >= ENOUGH : nhit >= (pass == 0 ? ENOUGH : 1))
            break;
    }
    /* the kiosk's own area first among equals */
    const char *home_area = f->home_area;
    ranked = ik_xmalloc(((size_t)nservice + 1) * sizeof *ranked);
    size_t nranked = 0, exact = 0;
    bool home_cached = home_area && cache && cache->home_key && !strcmp(cache->home_key, home_area);
    sqlite3_stmt *area = home_area && !home_cached
                       ? prepare(db, "SELECT s FROM search_service WHERE area = ?") : NULL;
    if (home_cached) {
        home = ik_xmalloc((size_t)nservice + 1);
        memcpy(home, cache->home, (size_t)nservice + 1);
    } else if (area) {
        home = ik_xcalloc((size_t)nservice + 1, 1);
        sqlite3_bind_text(area, 1, home_area, -1, SQLITE_STATIC);
        while (sqlite3_step(area) == SQLITE_ROW) {
            long s = (long)sqlite3_column_int64(area, 0);
            if (s > 0 && s <= nservice)
                home[s] = 1;
        }
        sqlite3_finalize(area);
        if (cache) {
            free(cache->home_key);
            free(cache->home);
            cache->home_key = ik_xstrdup(home_area);
            cache->home = ik_xmalloc((size_t)nservice + 1);
            memcpy(cache->home, home, (size_t)nservice + 1);
        }
    }
    for (long s = 1; s <= nservice; s++) {
        if (hits[s].score <= 0 || !passes[s])
            continue;
        Hit h = hits[s];
        if (home && home[s])
            h.score *= HOME_BOOST;
        exact += !h.fuzzy;
        ranked[nranked++] = h;
    }
    if (nranked > 1)
        qsort(ranked, nranked, sizeof *ranked, hit_cmp);
    /* near spellings only fill in when exact and prefix matches are few */
    if (exact >= ENOUGH)
        nranked = exact;
    if (nranked > limit)
        nranked = limit;
    out = ik_xcalloc(nranked + 1, sizeof *out);
    nout = fill_results(db, lang, ranked, nranked, out);
    ok = true;
done:
    ik_search_tokens_free(tok, ntok);
    query_free(&q);
    sqlite3_finalize(cand);
    sqlite3_finalize(syn);
    sqlite3_finalize(facet);
    sqlite3_finalize(browse);
    free(hits);
    free(ranked);
    free(passes);
    free(home);
    free(taken);
    free(norm);
    free(whole);
    free(filter_terms);
    if (!ok) {
        ik_search_results_free(out, nout);
        return NULL;
    }
    *count = nout;
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
