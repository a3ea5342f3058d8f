/* Writing the directory's search index into a pack (its layout:
 * app/content/search_format.h). Used only by the pack builder; the kiosk
 * reads what this writes.
 *
 * One FTS5 row per (service, language) that has text; helper tables for
 * filters (search_service, search_schedule), browse order (search_name: ICU
 * collation keys per language), typo candidates (search_term, the
 * vocabulary) and synonyms (search_synonym); each row's terms by number
 * (search_row, search_word) with how many rows of each language hold each
 * term and short prefix (search_word_lang, search_prefix), so the query
 * side checks the rows one rare word finds for the others on their terms.
 * Texts thousands of services share (category, area, city, languages
 * spoken) are facets: indexed once (search_facet_fts); a row holds a token
 * per facet.
 *
 * [SECTION] helpers   [SECTION] texts   [SECTION] languages   [SECTION] facets
 * [SECTION] one service   [SECTION] vocabulary and synonyms
 * [SECTION] the rows by term number   [SECTION] the index */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "../content/search_format.h"
#include "incontro/content.h"
#include "internal.h"

/* ---- [SECTION] helpers ------------------------------------------------------ */
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
        ik_fail("search index: %s", sqlite3_errmsg(db));
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

/* ---- [SECTION] texts -------------------------------------------------------- */
/* Arabic article and the prepositions glued to it ("wal-", "bil-"...):
 * the index also holds each such word without them, so "امهات" finds
 * "الأمهات" while "الامهات" still finds it as typed. */
static const char *const arabic_articles[] = {"وال", "بال", "كال", "فال", "لل", "ال"};

static void add_article_free(const IkSearchToken *tok, void *arg)
{
    IkBuf *b = arg;
    for (size_t a = 0; a < sizeof arabic_articles / sizeof arabic_articles[0]; a++) {
        const char *art = arabic_articles[a];
        size_t alen = strlen(art);
        if (ik_str_starts_with(tok->text, art) &&
            ik_utf8_length(tok->text + alen, strlen(tok->text + alen)) >= 2) {
            ik_buf_puts(b, " ");
            ik_buf_puts(b, tok->text + alen);
            return;
        }
    }
}

/* appends the normalized form of s to b, space-separated, and its Latin
 * readings when latin is not NULL */
static void add_text(IkBuf *b, const char *s, IkSearchLatin *latin)
{
    if (!s || !s[0])
        return;
    char *n = ik_search_normalize(s, strlen(s));
    if (!n)
        return;
    if (b->len)
        ik_buf_puts(b, " ");
    size_t from = b->len;
    ik_buf_puts(b, n);
    if (strstr(n, "\u0627\u0644"))
        ik_search_each_token(n, add_article_free, b);
    if (latin) {
        /* the words just added, with and without their articles */
        char *words = ik_xstrdup(b->data + from);
        ik_search_latin_add(latin, b, s, words);
        free(words);
    }
    free(n);
}

static const char *buf_str(IkBuf *b)
{
    return b->data ? b->data : "";
}

/* ---- [SECTION] languages ---------------------------------------------------- */
typedef struct {
    char *code;
    UCollator *collator;    /* browse order of names; NULL: byte order */
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
    while (sqlite3_step(st) == SQLITE_ROW && n < IK_SEARCH_LANGS_MAX) {
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

/* ---- [SECTION] facets ------------------------------------------------------- */
/* Facets: the texts that thousands of services share (category, area and
 * city names, names of the languages spoken). Each distinct (column, text)
 * is indexed once in search_facet_fts; a service's row holds one token per
 * facet (IK_SEARCH_FACET_MARK + number) in that column instead of the
 * words, so a word such as "italiano", on every service, is not a doclist
 * of every row that a prefix query has to merge. The query matches its
 * words against the facets first and looks for their tokens. */
typedef struct {
    sqlite3_stmt *get;      /* a string by (lang, key) */
    sqlite3_stmt *terms;    /* a service's category terms */
    sqlite3_stmt *spoken;   /* a service's languages spoken */
    sqlite3_stmt *fts;      /* a row into temp.search_rows */
    sqlite3_stmt *name;     /* a row into search_name */
    sqlite3_stmt *word;     /* a row into temp.search_words */
    IkMap *source;          /* what a facet is made from ("t2|it|code") -> facet + 1, 0 none */
    IkMap *text;            /* column + normalized text -> facet */
    IkSearchLatin *latin;   /* Latin readings of the texts */
    char **words;           /* per facet: normalized text */
    int *col;               /* per facet: its column */
    long *rows;             /* per facet: index rows that hold it */
    uint8_t **bits;         /* per facet: bit s set when service s holds it */
    size_t *nbytes;
    int nfacet;
    long service;           /* the service being indexed */
} Builder;

/* true with *id when the facet made from source_key is known already */
static bool known_facet(const Builder *bd, const char *source_key, int *id)
{
    size_t v = 0;
    if (!ik_map_get(bd->source, source_key, &v))
        return false;
    *id = (int)v - 1;
    return true;
}

/* the facet of (column, raw text s), -1 when s has no words; cached by
 * source key so each text is normalized once */
static int facet_of(Builder *bd, int col, const char *source_key, const char *s)
{
    int id = -1;
    if (known_facet(bd, source_key, &id))
        return id;
    IkBuf b = {0};
    add_text(&b, s, bd->latin);
    if (b.len) {
        char *key = ik_xasprintf("%d|%s", col, b.data);
        size_t v = 0;
        if (ik_map_get(bd->text, key, &v)) {
            id = (int)v;
        } else {
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
            ik_map_put(bd->text, key, (size_t)id, NULL);
        }
        free(key);
    }
    ik_buf_free(&b);
    ik_map_put(bd->source, source_key, (size_t)(id + 1), NULL);
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
    ik_buf_printf(b, "%s" IK_SEARCH_FACET_MARK "%d", b->len ? " " : "", id);
}

static void builder_free(Builder *bd)
{
    sqlite3_finalize(bd->get);
    sqlite3_finalize(bd->terms);
    sqlite3_finalize(bd->spoken);
    sqlite3_finalize(bd->fts);
    sqlite3_finalize(bd->name);
    sqlite3_finalize(bd->word);
    ik_map_destroy(bd->source);
    ik_map_destroy(bd->text);
    ik_search_latin_destroy(bd->latin);
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
    int id = -1;
    if (!known_facet(bd, key, &id)) {
        char *name = language_name(code, in);
        id = facet_of(bd, IK_SEARCH_COL_LANGUAGES, key, name);
        free(name);
    }
    free(key);
    return id;
}

static int term_facet(Builder *bd, int col, const char *lang, const char *code)
{
    char *key = ik_xasprintf("t%d|%s|%s", col, lang, code);
    int id = -1;
    if (!known_facet(bd, key, &id)) {
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
    if (!ok)
        ik_fail("search index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    sqlite3_finalize(fts);
    return ok;
}

/* ---- [SECTION] one service -------------------------------------------------- */
/* A service as search_service holds it, and the pack's texts around it. */
typedef struct {
    long s;                 /* its number */
    const char *id;
    const char *org_id;     /* "" when none */
    const char *org_name;   /* organization.name, or NULL */
    const char *area;       /* area code, or NULL */
    const char *city;       /* of its first location, or NULL */
} Service;

/* What every language's row of one service shares. */
typedef struct {
    char **cats;            /* category term codes */
    size_t ncat;
    char **spoken;          /* codes of the languages spoken */
    int *spoken_it;         /* per language spoken: facet of its name as the data gives it */
    int *endonyms;          /* per language spoken: facet of its own name */
    size_t nspoken;
    int city;               /* facet of the city, -1 none */
} Shared;

static void shared_free(Shared *sh)
{
    for (size_t i = 0; i < sh->ncat; i++)
        free(sh->cats[i]);
    free(sh->cats);
    for (size_t i = 0; i < sh->nspoken; i++)
        free(sh->spoken[i]);
    free(sh->spoken);
    free(sh->spoken_it);
    free(sh->endonyms);
}

static void read_shared(Builder *bd, const Service *sv, Shared *sh)
{
    sqlite3_reset(bd->terms);
    sqlite3_bind_text(bd->terms, 1, sv->id, -1, SQLITE_STATIC);
    while (sqlite3_step(bd->terms) == SQLITE_ROW) {
        sh->cats = ik_xrealloc(sh->cats, sh->ncat + 1, sizeof *sh->cats);
        sh->cats[sh->ncat++] = ik_xstrdup(col_text(bd->terms, 0));
    }
    sqlite3_reset(bd->terms);
    sqlite3_reset(bd->spoken);
    sqlite3_bind_text(bd->spoken, 1, sv->id, -1, SQLITE_STATIC);
    while (sqlite3_step(bd->spoken) == SQLITE_ROW) {
        size_t k = sh->nspoken++;
        sh->spoken = ik_xrealloc(sh->spoken, sh->nspoken, sizeof *sh->spoken);
        sh->spoken_it = ik_xrealloc(sh->spoken_it, sh->nspoken, sizeof *sh->spoken_it);
        sh->endonyms = ik_xrealloc(sh->endonyms, sh->nspoken, sizeof *sh->endonyms);
        sh->spoken[k] = ik_xstrdup(col_text(bd->spoken, 0));
        sh->spoken_it[k] = text_facet(bd, IK_SEARCH_COL_LANGUAGES, "ls", col_text(bd->spoken, 1));
        sh->endonyms[k] = text_facet(bd, IK_SEARCH_COL_LANGUAGES, "le", col_text(bd->spoken, 2));
    }
    sqlite3_reset(bd->spoken);
    sh->city = text_facet(bd, IK_SEARCH_COL_CITY, "c", sv->city);
}

typedef struct {
    Builder *bd;
    long lang, s;
    bool later;             /* past the name's first word */
    bool ok;
} NameWords;

/* a word of a name: its first two letters, for readers who typed only so
 * much, and the first letter of the name's first word */
static void add_name_word(const IkSearchToken *tok, void *arg)
{
    NameWords *nw = arg;
    const char *end[2] = {tok->text, tok->text};
    for (int k = 0; k < 2 && *end[1]; k++) {
        uint32_t cp;
        end[1] += ik_utf8_decode(end[1], strlen(end[1]), &cp);
        if (k == 0)
            end[0] = end[1];
    }
    for (int k = nw->later ? 1 : 0; k < 2; k++) {
        sqlite3_stmt *st = nw->bd->word;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, nw->lang);
        sqlite3_bind_int64(st, 2, nw->s);
        sqlite3_bind_text(st, 3, tok->text, (int)(end[k] - tok->text), SQLITE_STATIC);
        sqlite3_bind_int(st, 4, nw->later);
        nw->ok &= sqlite3_step(st) == SQLITE_DONE;
    }
    nw->later = true;
}

/* the service's browse entry in language l: the sort key of its name, and
 * the beginnings of the name's words */
static bool write_name(Builder *bd, size_t l, const Lang *lang, long s, const char *shown)
{
    int32_t klen = 0;
    uint8_t *key = sort_key(lang->collator, shown, &klen);
    sqlite3_reset(bd->name);
    sqlite3_bind_int64(bd->name, 1, (sqlite3_int64)l);
    sqlite3_bind_blob(bd->name, 2, key, klen, SQLITE_STATIC);
    sqlite3_bind_int64(bd->name, 3, s);
    NameWords nw = {bd, (long)l, s, false, sqlite3_step(bd->name) == SQLITE_DONE};
    sqlite3_reset(bd->name);
    free(key);
    IkBuf words = {0};
    add_text(&words, shown, NULL);
    if (words.len)
        ik_search_each_token(words.data, add_name_word, &nw);
    ik_buf_free(&words);
    if (!nw.ok)
        return ik_fail("search index: %s", sqlite3_errmsg(sqlite3_db_handle(bd->name)));
    return true;
}

/* the service's FTS5 row in language l (rowid l << shift | s) */
static bool write_row(Builder *bd, size_t l, const char *lang, const Service *sv,
                      const Shared *sh, const char *name, const char *desc)
{
    bool source = strcmp(lang, IK_SOURCE_LANG) == 0;
    IkBuf f[IK_SEARCH_NCOL] = {{0}};
    add_text(&f[IK_SEARCH_COL_NAME], name, bd->latin);
    char *org = lookup_key(bd->get, lang, "organization:%s:%s", sv->org_id, "name");
    if (!org)
        org = lookup_key(bd->get, IK_SOURCE_LANG, "organization:%s:%s", sv->org_id, "name");
    add_text(&f[IK_SEARCH_COL_ORG], org ? org : sv->org_name, bd->latin);
    free(org);
    int seen[256], nseen = 0;
    for (size_t c = 0; c < sh->ncat; c++)
        add_facet(bd, &f[IK_SEARCH_COL_CATEGORY],
                  term_facet(bd, IK_SEARCH_COL_CATEGORY, lang, sh->cats[c]), seen, &nseen);
    if (sv->area)
        add_facet(bd, &f[IK_SEARCH_COL_AREA], term_facet(bd, IK_SEARCH_COL_AREA, lang, sv->area),
                  seen, &nseen);
    add_facet(bd, &f[IK_SEARCH_COL_CITY], sh->city, seen, &nseen);
    for (size_t k = 0; k < sh->nspoken; k++)
        add_facet(bd, &f[IK_SEARCH_COL_LANGUAGES], language_facet(bd, sh->spoken[k], lang), seen,
                  &nseen);
    for (size_t k = 0; source && k < sh->nspoken; k++)
        add_facet(bd, &f[IK_SEARCH_COL_LANGUAGES], sh->spoken_it[k], seen, &nseen);
    for (size_t k = 0; k < sh->nspoken; k++)
        add_facet(bd, &f[IK_SEARCH_COL_LANGUAGES], sh->endonyms[k], seen, &nseen);
    add_text(&f[IK_SEARCH_COL_DESCRIPTION], desc, bd->latin);

    sqlite3_reset(bd->fts);
    sqlite3_bind_int64(bd->fts, 1, ((sqlite3_int64)l << IK_SEARCH_LANG_SHIFT) | sv->s);
    for (int c = 0; c < IK_SEARCH_NCOL; c++)
        sqlite3_bind_text(bd->fts, c + 2, buf_str(&f[c]), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(bd->fts);
    sqlite3_reset(bd->fts);
    for (int c = 0; c < IK_SEARCH_NCOL; c++)
        ik_buf_free(&f[c]);
    if (rc != SQLITE_DONE)
        return ik_fail("search index: %s", sqlite3_errmsg(sqlite3_db_handle(bd->fts)));
    return true;
}

/* every language's browse entry and row of one service */
static bool index_service(Builder *bd, const Lang *langs, size_t nlang, const Service *sv)
{
    Shared sh = {0};
    bd->service = sv->s;
    read_shared(bd, sv, &sh);
    char *name_it = lookup_key(bd->get, IK_SOURCE_LANG, "service:%s:%s", sv->id, "name");
    bool ok = true;
    for (size_t l = 0; ok && l < nlang; l++) {
        const char *lang = langs[l].code;
        char *name = lookup_key(bd->get, lang, "service:%s:%s", sv->id, "name");
        char *desc = lookup_key(bd->get, lang, "service:%s:%s", sv->id, "description");
        /* browse order in every language, Italian name as the fallback */
        ok = write_name(bd, l, &langs[l], sv->s, name ? name : name_it ? name_it : sv->id);
        /* nothing in this language: the Italian row covers it */
        if (ok && (name || desc || !strcmp(lang, IK_SOURCE_LANG)))
            ok = write_row(bd, l, lang, sv, &sh, name ? name : name_it, desc);
        free(name);
        free(desc);
    }
    free(name_it);
    shared_free(&sh);
    return ok;
}

/* ---- [SECTION] vocabulary and synonyms -------------------------------------- */
/* the vocabulary, for near spellings: every indexed token of 3 letters or
 * more, with its first letter pairs and length for candidate look-ups */
static bool build_vocabulary(sqlite3 *db)
{
    bool ok = false;
    sqlite3_stmt *vocab = NULL, *ins = NULL;
    /* the words of the texts, and of the facets counted once per row that
     * holds the facet; not the marked tokens (facets, filters, Latin
     * readings: all private-use characters), which nobody types */
    if (!exec(db,
            "CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_fts, row);"
            "CREATE VIRTUAL TABLE temp.search_facet_vocab USING"
            " fts5vocab(main, search_facet_fts, instance);"
            "CREATE TEMP TABLE search_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;"
            "INSERT INTO search_df SELECT term, doc FROM temp.search_vocab;"
            "INSERT INTO search_df SELECT v.term, sum(f.rows) FROM"
            " (SELECT DISTINCT term, doc FROM temp.search_facet_vocab) v"
            " JOIN search_facet f ON f.id = v.doc WHERE 1 GROUP BY v.term"
            " ON CONFLICT(term) DO UPDATE SET df = df + excluded.df;"
            "DELETE FROM search_df WHERE term >= '\xee\x80\x80' AND term < '\xef\xa3\xbf';"))
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
        sqlite3_bind_text(ins, 2, ik_search_letter_pair(cp, ncp, 0, 1, k12), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, ik_search_letter_pair(cp, ncp, 1, 2, k23), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, ik_search_letter_pair(cp, ncp, 0, 2, k13), -1, SQLITE_STATIC);
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

/* the tokens of normalized text joined by single spaces; malloc'd, NULL
 * when it has none */
static char *joined_tokens(const char *normalized)
{
    IkSearchToken tok[IK_SEARCH_TOKENS_MAX];
    size_t n = normalized ? ik_search_tokenize(normalized, tok, IK_SEARCH_TOKENS_MAX, NULL) : 0;
    IkBuf b = {0};
    for (size_t i = 0; i < n; i++)
        ik_buf_printf(&b, "%s%s", i ? " " : "", tok[i].text);
    ik_search_tokens_free(tok, n);
    return b.data;
}

/* synonyms both ways, normalized: "psicologo" -> "supporto psicologico" and
 * back, so either word finds what the other finds */
static bool build_synonyms(sqlite3 *db)
{
    sqlite3_stmt *st = prepare(db, "SELECT term, synonyms FROM synonym");
    sqlite3_stmt *ins = prepare(db, "INSERT OR IGNORE INTO search_synonym(term, expansion) VALUES(?,?)");
    bool ok = st && ins;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        const char *t = col_text(st, 0), *syn = col_text(st, 1);
        char *term = t ? ik_search_normalize(t, strlen(t)) : NULL;
        char *b = joined_tokens(term);
        char *list = syn ? ik_xstrdup(syn) : NULL, *save = NULL;
        for (char *w = list ? strtok_r(list, "|", &save) : NULL; term && w;
             w = strtok_r(NULL, "|", &save)) {
            char *e = ik_search_normalize(w, strlen(w));
            char *a = joined_tokens(e);
            for (int dir = 0; a && b && dir < 2; dir++) {
                sqlite3_reset(ins);
                sqlite3_bind_text(ins, 1, dir ? a : b, -1, SQLITE_STATIC);
                sqlite3_bind_text(ins, 2, dir ? b : a, -1, SQLITE_STATIC);
                sqlite3_step(ins);
            }
            sqlite3_reset(ins);
            free(a);
            free(e);
        }
        free(list);
        free(b);
        free(term);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    return ok;
}

/* ---- [SECTION] the index ---------------------------------------------------- */
static const char schema[] =
    "DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_service;"
    "DROP TABLE IF EXISTS search_schedule; DROP TABLE IF EXISTS search_name;"
    "DROP TABLE IF EXISTS search_name_word;"
    "DROP TABLE IF EXISTS search_term; DROP TABLE IF EXISTS search_synonym;"
    "DROP TABLE IF EXISTS search_lang; DROP TABLE IF EXISTS search_facet;"
    "DROP TABLE IF EXISTS search_facet_fts; DROP TABLE IF EXISTS search_card;"
    "DROP TABLE IF EXISTS search_word; DROP TABLE IF EXISTS search_row;"
    "DROP TABLE IF EXISTS search_word_lang; DROP TABLE IF EXISTS search_prefix;"
    "DROP TABLE IF EXISTS search_post;"
    /* services: bit s (byte s / 8, bit s % 8) for each service holding it */
    "CREATE TABLE search_facet(id INTEGER PRIMARY KEY, col INTEGER NOT NULL,"
    " words TEXT NOT NULL, rows INTEGER NOT NULL, services BLOB NOT NULL);"
    "CREATE VIRTUAL TABLE search_facet_fts USING fts5(words, content='', prefix='2 3',"
    " tokenize=\"" IK_SEARCH_TOKENIZE "\");"
    /* services that can be shown, numbered in id order */
    "CREATE TABLE search_service(s INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " organization_id TEXT, area TEXT, city TEXT, free INTEGER NOT NULL,"
    " min_age INTEGER, max_age INTEGER, confidential INTEGER NOT NULL);"
    /* by service: the kiosk reads those of the services a filter keeps */
    "CREATE TABLE search_schedule(s INTEGER NOT NULL, weekday INTEGER NOT NULL,"
    " opens INTEGER NOT NULL, closes INTEGER NOT NULL, freq INTEGER NOT NULL,"
    " ordinal INTEGER NOT NULL, monthday INTEGER NOT NULL, interval INTEGER NOT NULL,"
    " start INTEGER NOT NULL, valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL);"
    "CREATE INDEX search_schedule_service ON search_schedule(s);"
    "CREATE INDEX search_service_area ON search_service(area, s);"
    /* rows: the language's rows in search_fts */
    "CREATE TABLE search_lang(code TEXT PRIMARY KEY, n INTEGER NOT NULL,"
    " rows INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    /* every term of search_fts, numbered in byte order; cum: df summed
     * over this term and those before it */
    "CREATE TABLE search_word(term TEXT PRIMARY KEY, id INTEGER NOT NULL,"
    " df INTEGER NOT NULL, cum INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX search_word_id ON search_word(id);"
    /* rows of one language holding a term, and a term with a prefix of
     * one to three letters (lang -1: of every language) */
    "CREATE TABLE search_word_lang(lang INTEGER NOT NULL, id INTEGER NOT NULL,"
    " rows INTEGER NOT NULL, PRIMARY KEY(lang, id)) WITHOUT ROWID;"
    "CREATE TABLE search_prefix(prefix TEXT NOT NULL, lang INTEGER NOT NULL,"
    " rows INTEGER NOT NULL, PRIMARY KEY(prefix, lang)) WITHOUT ROWID;"
    "CREATE TABLE search_row(chunk INTEGER PRIMARY KEY, rows BLOB NOT NULL);"
    /* the services of a language's rows holding a term or prefix */
    "CREATE TABLE search_post(k INTEGER PRIMARY KEY, services BLOB NOT NULL);"
    /* what a result shows in each language, fallbacks resolved (k as in
     * search_fts); a language's card only where it differs from Italian's */
    "CREATE TABLE search_card(k INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " organization TEXT NOT NULL);"
    /* browse order: ICU collation key of the name in each language */
    "CREATE TABLE search_name(lang INTEGER NOT NULL, sortkey BLOB NOT NULL, s INTEGER NOT NULL,"
    " PRIMARY KEY(lang, sortkey, s)) WITHOUT ROWID;"
    /* one or two letters typed: the names with a word starting so, the
     * names starting so first (later 0), each in browse order (ord) */
    "CREATE TABLE search_name_word(lang INTEGER NOT NULL, prefix TEXT NOT NULL,"
    " later INTEGER NOT NULL, ord INTEGER NOT NULL, s INTEGER NOT NULL,"
    " PRIMARY KEY(lang, prefix, later, ord)) WITHOUT ROWID;"
    "DROP TABLE IF EXISTS temp.search_words;"
    "CREATE TEMP TABLE search_words(lang INTEGER, s INTEGER, prefix TEXT, later INTEGER);"
    /* typo candidates share two of their first three letters with
     * what was typed: k12, k23, k13 are those letter pairs */
    "CREATE TABLE search_term(term TEXT PRIMARY KEY, k12 TEXT NOT NULL, k23 TEXT NOT NULL,"
    " k13 TEXT NOT NULL, len INTEGER NOT NULL, df INTEGER NOT NULL) WITHOUT ROWID;"
    /* df in the indexes: a near spelling's candidates are read from them
     * alone, not looked up one by one in the table */
    "CREATE INDEX search_term_k12 ON search_term(k12, len, df);"
    "CREATE INDEX search_term_k23 ON search_term(k23, len, df);"
    "CREATE INDEX search_term_k13 ON search_term(k13, len, df);"
    "CREATE TABLE search_synonym(term TEXT NOT NULL, expansion TEXT NOT NULL,"
    " PRIMARY KEY(term, expansion)) WITHOUT ROWID;"
    /* contentless: the kiosk only needs which rows match and where */
    "CREATE VIRTUAL TABLE search_fts USING fts5(name, organization, category, area,"
    " city, languages, description, content='', columnsize=0, prefix='2 3',"
    " tokenize=\"" IK_SEARCH_TOKENIZE "\");"
    /* the names alone, same rows: a word in names only is found without
     * reading the doclists of every description that has it */
    "DROP TABLE IF EXISTS search_title_fts;"
    "CREATE VIRTUAL TABLE search_title_fts USING fts5(name, content='', columnsize=0,"
    " prefix='2 3', tokenize=\"" IK_SEARCH_TOKENIZE "\");"
    /* the rows go to FTS5 in one statement at the end: inside the savepoint
     * every other write statement would make FTS5 flush its pending terms
     * as a new segment (xSavepoint), and merging those was most of the build */
    "DROP TABLE IF EXISTS temp.search_rows;"
    "CREATE TEMP TABLE search_rows(k INTEGER PRIMARY KEY, name, organization,"
    " category, area, city, languages, description);";

/* The languages, into search_lang. */
static bool write_langs(sqlite3 *db, const Lang *langs, size_t nlang)
{
    sqlite3_stmt *ins = prepare(db, "INSERT INTO search_lang(code, n) VALUES(?,?)");
    bool ok = ins != NULL;
    for (size_t l = 0; ok && l < nlang; l++) {
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, langs[l].code, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)l);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    if (ins && !ok)
        ik_fail("search index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    return ok;
}

static bool builder_prepare(sqlite3 *db, Builder *bd)
{
    bd->source = ik_map_create();
    bd->text = ik_map_create();
    if (!(bd->latin = ik_search_latin_create()))
        return false;
    bd->get = prepare(db, "SELECT value FROM string WHERE lang = ? AND key = ?");
    bd->terms = prepare(db,
        "SELECT st.term FROM service_term st LEFT JOIN term t ON t.code = st.term"
        " WHERE st.service_id = ?1 AND coalesce(t.taxonomy, 'category') = 'category'"
        " AND st.term <> coalesce((SELECT area FROM service WHERE id = ?1), '')"
        " ORDER BY t.position, st.term");
    bd->spoken = prepare(db,
        "SELECT sl.code, sl.name, l.endonym FROM service_language sl"
        " LEFT JOIN language l ON l.code = sl.code WHERE sl.service_id = ? ORDER BY sl.code");
    bd->fts = prepare(db, "INSERT INTO temp.search_rows(k, name, organization, category, area, city,"
                          " languages, description) VALUES(?,?,?,?,?,?,?,?)");
    bd->name = prepare(db, "INSERT OR REPLACE INTO search_name(lang, sortkey, s) VALUES(?,?,?)");
    bd->word = prepare(db, "INSERT INTO temp.search_words(lang, s, prefix, later) VALUES(?,?,?,?)");
    return bd->get && bd->terms && bd->spoken && bd->fts && bd->name && bd->word;
}

/* Every service that can be shown, numbered in id order, into
 * search_service and the rows; then its weekly openings. */
static bool index_services(sqlite3 *db, Builder *bd, const Lang *langs, size_t nlang)
{
    sqlite3_stmt *svc = prepare(db,
        "SELECT s.id, s.organization_id, o.name, s.area, s.free, s.min_age, s.max_age,"
        " s.confidential, (SELECT city FROM service_location l WHERE l.service_id = s.id"
        "  ORDER BY l.location_id LIMIT 1)"
        " FROM service s LEFT JOIN organization o ON o.id = s.organization_id"
        " WHERE coalesce(s.status, 'active') NOT IN ('inactive', 'defunct') ORDER BY s.id");
    sqlite3_stmt *ins = prepare(db, "INSERT INTO search_service(s, id, organization_id, area, city,"
                                    " free, min_age, max_age, confidential) VALUES(?,?,?,?,?,?,?,?,?)");
    bool ok = svc && ins;
    long s = 0;
    while (ok && sqlite3_step(svc) == SQLITE_ROW) {
        if (++s > IK_SEARCH_SERVICE_MASK) {
            ok = ik_fail("search index: more than %d services", IK_SEARCH_SERVICE_MASK);
            break;
        }
        Service sv = {s, col_text(svc, 0), col_text(svc, 1) ? col_text(svc, 1) : "",
                      col_text(svc, 2), col_text(svc, 3), col_text(svc, 8)};
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, s);
        sqlite3_bind_text(ins, 2, sv.id, -1, SQLITE_STATIC);
        sqlite3_bind_value(ins, 3, sqlite3_column_value(svc, 1));
        sqlite3_bind_value(ins, 4, sqlite3_column_value(svc, 3));
        sqlite3_bind_value(ins, 5, sqlite3_column_value(svc, 8));
        sqlite3_bind_int(ins, 6, sqlite3_column_int(svc, 4) != 0);
        sqlite3_bind_value(ins, 7, sqlite3_column_value(svc, 5));
        sqlite3_bind_value(ins, 8, sqlite3_column_value(svc, 6));
        sqlite3_bind_int(ins, 9, sqlite3_column_int(svc, 7) != 0);
        if (sqlite3_step(ins) != SQLITE_DONE)
            ok = ik_fail("search index: service \"%s\": %s", sv.id, sqlite3_errmsg(db));
        else
            ok = index_service(bd, langs, nlang, &sv);
    }
    sqlite3_finalize(svc);
    sqlite3_finalize(ins);
    /* in one statement at the end: service_schedule has no index by service */
    return ok && exec(db, "INSERT INTO search_schedule SELECT x.s, h.weekday, h.opens, h.closes,"
                          " h.freq, h.ordinal, h.monthday, h.interval, h.start, h.valid_from,"
                          " h.valid_to FROM service_schedule h"
                          " JOIN search_service x ON x.id = h.service_id");
}

/* The result cards: per language the name and organization a result shows,
 * with the fallbacks the kiosk applies (the language's text, else
 * Italian's, else the service's id or the organization's own name), so a
 * keystroke reads one row per result instead of looking up strings.
 * Italian's first; another language's only where it differs. */
static bool write_cards(sqlite3 *db, const Lang *langs, size_t nlang)
{
    sqlite3_stmt *ins = prepare(db,
        "INSERT INTO search_card(k, name, organization)"
        " SELECT c.k, c.name, c.organization FROM (SELECT ?2 + x.s AS k, x.s AS s,"
        "  coalesce((SELECT nullif(value, '') FROM string WHERE lang = ?1"
        "    AND key = 'service:' || x.id || ':name'),"
        "   (SELECT nullif(value, '') FROM string WHERE lang = '" IK_SOURCE_LANG "'"
        "    AND key = 'service:' || x.id || ':name'), x.id) AS name,"
        "  CASE WHEN x.organization_id IS NULL THEN ''"
        "   ELSE coalesce((SELECT nullif(value, '') FROM string WHERE lang = ?1"
        "    AND key = 'organization:' || x.organization_id || ':name'),"
        "   (SELECT nullif(value, '') FROM string WHERE lang = '" IK_SOURCE_LANG "'"
        "    AND key = 'organization:' || x.organization_id || ':name'),"
        "   (SELECT name FROM organization WHERE id = x.organization_id), '') END"
        "   AS organization"
        "  FROM search_service x) c"
        " WHERE ?2 = ?3 OR NOT EXISTS(SELECT 1 FROM search_card i WHERE i.k = ?3 + c.s"
        "  AND i.name = c.name AND i.organization = c.organization)");
    bool ok = ins != NULL;
    sqlite3_int64 source = -1;
    for (size_t l = 0; l < nlang; l++)
        if (!strcmp(langs[l].code, IK_SOURCE_LANG))
            source = (sqlite3_int64)l << IK_SEARCH_LANG_SHIFT;
    /* Italian first: the others are compared with it */
    for (size_t pass = 0; ok && pass < 2; pass++)
        for (size_t l = 0; ok && l < nlang; l++) {
            sqlite3_int64 k = (sqlite3_int64)l << IK_SEARCH_LANG_SHIFT;
            if ((k == source) != (pass == 0))
                continue;
            sqlite3_reset(ins);
            sqlite3_bind_text(ins, 1, langs[l].code, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 2, k);
            sqlite3_bind_int64(ins, 3, source);
            ok = sqlite3_step(ins) == SQLITE_DONE;
        }
    if (ins && !ok)
        ik_fail("search index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    return ok;
}

/* ---- [SECTION] the rows by term number ------------------------------------- */
/* The terms of search_fts in byte order (their numbers), and in which
 * languages' rows each occurs. */
#define PREFIXES 3          /* prefixes of one to three letters are counted */
#define NO_PREFIX UINT32_MAX

typedef struct {
    IkMap *ids;             /* term -> number + 1 */
    char **terms;
    sqlite3_int64 *df;      /* rows holding it */
    uint32_t *prefix[PREFIXES]; /* per term: its prefix of k + 1 letters, or NO_PREFIX */
    size_t count;
    sqlite3_int64 instances;    /* term instances in the index */
    IkMap *prefix_ids;      /* prefix -> number + 1 */
    char **prefixes;
    size_t nprefix;
    /* rows of the language being read holding each term and prefix; the
     * row that counted each last; the same of every language */
    uint32_t *term_rows, *term_seen, *prefix_rows, *prefix_seen, *prefix_all;
} Vocab;

static void vocab_free(Vocab *v)
{
    for (size_t i = 0; i < v->count; i++)
        free(v->terms[i]);
    for (size_t i = 0; i < v->nprefix; i++)
        free(v->prefixes[i]);
    free(v->terms);
    free(v->df);
    for (int k = 0; k < PREFIXES; k++)
        free(v->prefix[k]);
    free(v->prefixes);
    free(v->term_rows);
    free(v->term_seen);
    free(v->prefix_rows);
    free(v->prefix_seen);
    free(v->prefix_all);
    ik_map_destroy(v->ids);
    ik_map_destroy(v->prefix_ids);
}

/* the number of a term's first k letters (NO_PREFIX when it is shorter) */
static uint32_t prefix_number(Vocab *v, const char *term, int k)
{
    size_t at = 0, n = strlen(term);
    for (int i = 0; i < k; i++) {
        if (at >= n)
            return NO_PREFIX;
        uint32_t cp;
        at += ik_utf8_decode(term + at, n - at, &cp);
    }
    char *key = ik_xstrndup(term, at);
    size_t id = 0;
    if (!ik_map_get(v->prefix_ids, key, &id)) {
        v->prefixes = ik_xrealloc(v->prefixes, v->nprefix + 1, sizeof *v->prefixes);
        v->prefixes[v->nprefix] = key;
        id = ++v->nprefix;
        ik_map_put(v->prefix_ids, key, id, NULL);
    } else {
        free(key);
    }
    return (uint32_t)(id - 1);
}

/* the vocabulary FTS5 indexed */
static bool read_vocab(sqlite3 *db, Vocab *v)
{
    sqlite3_stmt *st = NULL;
    bool ok = exec(db, "CREATE VIRTUAL TABLE temp.search_row_vocab USING"
                       " fts5vocab(main, search_fts, row)") &&
              (st = prepare(db, "SELECT term, doc, cnt FROM temp.search_row_vocab"
                                " ORDER BY term"));
    size_t cap = 0;
    v->ids = ik_map_create();
    v->prefix_ids = ik_map_create();
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        if (v->count == cap) {
            cap = cap ? 2 * cap : 4096;
            v->terms = ik_xrealloc(v->terms, cap, sizeof *v->terms);
            v->df = ik_xrealloc(v->df, cap, sizeof *v->df);
            for (int k = 0; k < PREFIXES; k++)
                v->prefix[k] = ik_xrealloc(v->prefix[k], cap, sizeof *v->prefix[k]);
        }
        v->terms[v->count] = ik_xstrdup(col_text(st, 0));
        v->df[v->count] = sqlite3_column_int64(st, 1);
        for (int k = 0; k < PREFIXES; k++)
            v->prefix[k][v->count] = prefix_number(v, v->terms[v->count], k + 1);
        v->instances += sqlite3_column_int64(st, 2);
        ik_map_put(v->ids, v->terms[v->count], v->count + 1, NULL);
        v->count++;
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "DROP TABLE IF EXISTS temp.search_row_vocab", NULL, NULL, NULL);
    /* counters start past any row number */
    v->term_rows = ik_xcalloc(v->count + 1, sizeof *v->term_rows);
    v->term_seen = ik_xcalloc(v->count + 1, sizeof *v->term_seen);
    v->prefix_rows = ik_xcalloc(v->nprefix + 1, sizeof *v->prefix_rows);
    v->prefix_seen = ik_xcalloc(v->nprefix + 1, sizeof *v->prefix_seen);
    v->prefix_all = ik_xcalloc(v->nprefix + 1, sizeof *v->prefix_all);
    return ok;
}

/* counts row number row (from 1) once for each of its terms and prefixes */
static void count_row(Vocab *v, const uint32_t *terms, size_t n, uint32_t row)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t t = terms[i];
        if (v->term_seen[t] == row)
            continue;
        v->term_seen[t] = row;
        v->term_rows[t]++;
        for (int k = 0; k < PREFIXES; k++) {
            uint32_t p = v->prefix[k][t];
            if (p != NO_PREFIX && v->prefix_seen[p] != row) {
                v->prefix_seen[p] = row;
                v->prefix_rows[p]++;
                v->prefix_all[p]++;
            }
        }
    }
}

/* the counts of language lang into search_word_lang and search_prefix
 * (lang -1: the prefixes' counts of every language), then zero */
static bool write_counts(sqlite3 *db, Vocab *v, long lang)
{
    sqlite3_stmt *word = prepare(db, "INSERT INTO search_word_lang(lang, id, rows) VALUES(?,?,?)");
    sqlite3_stmt *prefix = prepare(db, "INSERT INTO search_prefix(prefix, lang, rows) VALUES(?,?,?)");
    bool ok = word && prefix;
    for (size_t t = 0; ok && lang >= 0 && t < v->count; t++) {
        if (!v->term_rows[t])
            continue;
        sqlite3_reset(word);
        sqlite3_bind_int64(word, 1, lang);
        sqlite3_bind_int64(word, 2, (sqlite3_int64)t);
        sqlite3_bind_int64(word, 3, v->term_rows[t]);
        ok = sqlite3_step(word) == SQLITE_DONE;
        v->term_rows[t] = 0;
    }
    uint32_t *rows = lang >= 0 ? v->prefix_rows : v->prefix_all;
    for (size_t p = 0; ok && p < v->nprefix; p++) {
        if (!rows[p])
            continue;
        sqlite3_reset(prefix);
        sqlite3_bind_text(prefix, 1, v->prefixes[p], -1, SQLITE_STATIC);
        sqlite3_bind_int64(prefix, 2, lang);
        sqlite3_bind_int64(prefix, 3, rows[p]);
        ok = sqlite3_step(prefix) == SQLITE_DONE;
        rows[p] = 0;
    }
    if (!ok)
        ik_fail("search index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(word);
    sqlite3_finalize(prefix);
    return ok;
}

/* search_word: each term's number, rows, and the running sum of rows (a
 * prefix's terms are one range of numbers) */
static bool write_words(sqlite3 *db, const Vocab *v)
{
    sqlite3_stmt *ins = prepare(db, "INSERT INTO search_word(term, id, df, cum) VALUES(?,?,?,?)");
    bool ok = ins != NULL;
    sqlite3_int64 cum = 0;
    for (size_t i = 0; ok && i < v->count; i++) {
        cum += v->df[i];
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, v->terms[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)i);
        sqlite3_bind_int64(ins, 3, v->df[i]);
        sqlite3_bind_int64(ins, 4, cum);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    if (ins && !ok)
        ik_fail("search index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    return ok;
}

/* ---- [SECTION] the services holding each term: search_post ---------------- */
/* One kind's lists of the language being read, by term or prefix number. */
typedef struct {
    IkBuf *list;            /* varint differences of the services */
    uint32_t *last;         /* the last service put in each (0 none) */
    size_t count;
} PostLists;

typedef struct {
    PostLists kind[IK_SEARCH_POST_KINDS];
    uint32_t *prefix_first; /* per prefix: the first term with it (terms are in byte order) */
} Posts;

static bool is_prefix_kind(int k)
{
    return k != IK_SEARCH_POST_TERM && k != IK_SEARCH_POST_NAME_TERM;
}

static void posts_init(Posts *p, const Vocab *v)
{
    for (int k = 0; k < IK_SEARCH_POST_KINDS; k++) {
        PostLists *l = &p->kind[k];
        l->count = is_prefix_kind(k) ? v->nprefix : v->count;
        l->list = ik_xcalloc(l->count + 1, sizeof *l->list);
        l->last = ik_xcalloc(l->count + 1, sizeof *l->last);
    }
    p->prefix_first = ik_xcalloc(v->nprefix + 1, sizeof *p->prefix_first);
    for (size_t i = 0; i < v->nprefix; i++)
        p->prefix_first[i] = UINT32_MAX;
    for (size_t t = v->count; t-- > 0;)
        for (int k = 0; k < PREFIXES; k++)
            if (v->prefix[k][t] != NO_PREFIX)
                p->prefix_first[v->prefix[k][t]] = (uint32_t)t;
}

static void posts_free(Posts *p)
{
    for (int k = 0; k < IK_SEARCH_POST_KINDS; k++) {
        for (size_t i = 0; p->kind[k].list && i < p->kind[k].count; i++)
            ik_buf_free(&p->kind[k].list[i]);
        free(p->kind[k].list);
        free(p->kind[k].last);
    }
    free(p->prefix_first);
}

/* service svc into list id of l, once (a language's rows come in service order) */
static void post_put(PostLists *l, uint32_t id, uint32_t svc)
{
    if (id >= l->count || l->last[id] >= svc)
        return;
    uint8_t b[5];
    int n = 0;
    for (uint32_t d = svc - l->last[id];; d >>= 7) {
        b[n++] = (uint8_t)((d & 0x7f) | (d >= 0x80 ? 0x80 : 0));
        if (d < 0x80)
            break;
    }
    ik_buf_append(&l->list[id], b, (size_t)n);
    l->last[id] = svc;
}

/* a row's terms (its name's the first names of them) into the lists */
static void post_row(Posts *p, const Vocab *v, const uint32_t *terms, size_t n, size_t names,
                     uint32_t svc)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t t = terms[i];
        for (int k = i < names ? IK_SEARCH_POST_NAME_TERM : IK_SEARCH_POST_TERM; k >= 0;
             k -= IK_SEARCH_POST_NAME_TERM) {
            post_put(&p->kind[k], t, svc);
            for (int len = 2; len <= 3; len++)
                if (v->prefix[len - 1][t] != NO_PREFIX)
                    post_put(&p->kind[k + len - 1], v->prefix[len - 1][t], svc);
        }
    }
}

/* the lists of language lang into search_post, then emptied */
static bool write_posts(sqlite3 *db, Posts *p, long lang)
{
    sqlite3_stmt *ins = prepare(db, "INSERT INTO search_post(k, services) VALUES(?,?)");
    bool ok = ins != NULL;
    for (int k = 0; k < IK_SEARCH_POST_KINDS; k++) {
        PostLists *l = &p->kind[k];
        for (size_t i = 0; i < l->count; i++) {
            if (ok && l->list[i].len) {
                uint32_t number = is_prefix_kind(k) ? p->prefix_first[i] : (uint32_t)i;
                sqlite3_reset(ins);
                sqlite3_bind_int64(ins, 1, ik_search_post_key(k, number, lang));
                sqlite3_bind_blob(ins, 2, l->list[i].data, (int)l->list[i].len, SQLITE_STATIC);
                ok = sqlite3_step(ins) == SQLITE_DONE;
            }
            l->list[i].len = 0;
            l->last[i] = 0;
        }
    }
    if (ins && !ok)
        ik_fail("search index: %s", sqlite3_errmsg(db));
    sqlite3_finalize(ins);
    return ok;
}

/* One row's terms as numbers, column by column. */
typedef struct {
    Vocab *vocab;
    uint32_t *terms;
    size_t count, cap;
    bool unknown;           /* a term FTS5 did not index: the tokenizers differ */
} RowTerms;

static void add_term(const char *term, size_t len, void *arg)
{
    RowTerms *r = arg;
    char small[256];
    char *key = len < sizeof small ? small : ik_xmalloc(len + 1);
    memcpy(key, term, len);
    key[len] = 0;
    size_t id = 0;
    if (!ik_map_get(r->vocab->ids, key, &id))
        r->unknown = true;
    if (key != small)
        free(key);
    if (r->count == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->terms = ik_xrealloc(r->terms, r->cap, sizeof *r->terms);
    }
    r->terms[r->count++] = (uint32_t)(id ? id - 1 : 0);
}

/* The rows of one blob of search_row, being gathered. */
typedef struct {
    sqlite3_int64 id;       /* rowid >> IK_SEARCH_CHUNK_SHIFT; -1 none */
    uint32_t at[IK_SEARCH_CHUNK];   /* each row's place in rows, or 0 none yet */
    IkBuf rows;
} Chunk;

/* writes the chunk gathered (if any) and empties it */
static bool write_chunk(sqlite3_stmt *ins, Chunk *c)
{
    bool ok = true;
    if (c->id >= 0) {
        IkBuf blob = {0};
        uint32_t head = IK_SEARCH_CHUNK * 4;
        for (int i = 0; i < IK_SEARCH_CHUNK; i++) {
            uint32_t at = c->at[i] ? c->at[i] - 1 + head : IK_SEARCH_NO_ROW;
            uint8_t b[4] = {(uint8_t)at, (uint8_t)(at >> 8), (uint8_t)(at >> 16), (uint8_t)(at >> 24)};
            ik_buf_append(&blob, (const char *)b, 4);
        }
        ik_buf_append(&blob, c->rows.data, c->rows.len);
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, c->id);
        sqlite3_bind_blob(ins, 2, blob.data, (int)blob.len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            ok = ik_fail("search index: %s", sqlite3_errmsg(sqlite3_db_handle(ins)));
        ik_buf_free(&blob);
    }
    memset(c->at, 0, sizeof c->at);
    c->rows.len = 0;
    c->id = -1;
    return ok;
}

/* search_row: each staged row's terms, as FTS5's tokenizer cuts them, by
 * number; and each language's number of rows into search_lang. */
static bool write_rows(sqlite3 *db)
{
    Vocab v = {0};
    IkSearchTokenizer *tok = NULL;
    sqlite3_stmt *rows = NULL, *ins = NULL, *count = NULL;
    sqlite3_int64 seen = 0;
    RowTerms r = {&v, NULL, 0, 0, false};
    long lang = -1;         /* of the rows being read (they come language by language) */
    uint32_t row = 0;
    IkBuf blob = {0};
    Chunk chunk = {.id = -1};
    long per_lang[IK_SEARCH_LANGS_MAX + 1] = {0};
    Posts posts = {0};
    bool ok = read_vocab(db, &v) && (tok = ik_search_tokenizer_create(db)) &&
              (rows = prepare(db, "SELECT * FROM temp.search_rows ORDER BY k")) &&
              (ins = prepare(db, "INSERT INTO search_row(chunk, rows) VALUES(?,?)")) &&
              (count = prepare(db, "UPDATE search_lang SET rows = ?2 WHERE n = ?1"));
    if (ok)
        posts_init(&posts, &v);
    while (ok && sqlite3_step(rows) == SQLITE_ROW) {
        sqlite3_int64 k = sqlite3_column_int64(rows, 0);
        /* the row's terms column by column, then as numbers wide enough
         * for the largest term number and count */
        size_t ncol[IK_SEARCH_NCOL], most = v.count;
        r.count = 0;
        if ((k >> IK_SEARCH_LANG_SHIFT) != lang) {
            if (lang >= 0 && (!write_counts(db, &v, lang) || !write_posts(db, &posts, lang)))
                ok = false;
            lang = (long)(k >> IK_SEARCH_LANG_SHIFT);
        }
        for (int c = 0; c < IK_SEARCH_NCOL; c++) {
            const char *text = col_text(rows, c + 1);
            size_t before = r.count;
            if (text)
                ik_search_tokenize_fts(tok, text, strlen(text), false, add_term, &r);
            ncol[c] = r.count - before;
            if (ncol[c] > most)
                most = ncol[c];
        }
        seen += (sqlite3_int64)r.count;
        if (!r.unknown) {
            count_row(&v, r.terms, r.count, ++row);
            post_row(&posts, &v, r.terms, r.count, ncol[IK_SEARCH_COL_NAME],
                     (uint32_t)(k & IK_SEARCH_SERVICE_MASK));
        }
        uint8_t width = most < 0x10000 ? 2 : most < 0x1000000 ? 3 : 4;
        blob.len = 0;
        ik_buf_append(&blob, (const char *)&width, 1);
        for (int c = 0, i = 0; c < IK_SEARCH_NCOL; c++)
            for (size_t n = 0; n <= ncol[c]; n++) {
                uint32_t x = n == 0 ? (uint32_t)ncol[c] : r.terms[i++];
                uint8_t b[4] = {(uint8_t)x, (uint8_t)(x >> 8), (uint8_t)(x >> 16), (uint8_t)(x >> 24)};
                ik_buf_append(&blob, (const char *)b, width);
            }
        per_lang[(k >> IK_SEARCH_LANG_SHIFT) & IK_SEARCH_LANGS_MAX]++;
        if (chunk.id != k >> IK_SEARCH_CHUNK_SHIFT)
            ok = write_chunk(ins, &chunk) && ok;
        chunk.id = k >> IK_SEARCH_CHUNK_SHIFT;
        chunk.at[k & (IK_SEARCH_CHUNK - 1)] = (uint32_t)chunk.rows.len + 1;
        ik_buf_append(&chunk.rows, blob.data, blob.len);
    }
    ok = write_chunk(ins, &chunk) && ok;
    ik_buf_free(&chunk.rows);
    for (int l = 0; ok && l <= IK_SEARCH_LANGS_MAX; l++) {
        sqlite3_reset(count);
        sqlite3_bind_int(count, 1, l);
        sqlite3_bind_int64(count, 2, per_lang[l]);
        if (sqlite3_step(count) != SQLITE_DONE)
            ok = ik_fail("search index: %s", sqlite3_errmsg(db));
    }
    /* the rows must hold what FTS5 indexed, term for term */
    if (ok && (r.unknown || seen != v.instances))
        ok = ik_fail("search index: the rows' terms (%lld) are not FTS5's (%lld)", (long long)seen,
                     (long long)v.instances);
    ok = ok && (lang < 0 || (write_counts(db, &v, lang) && write_posts(db, &posts, lang))) &&
         write_counts(db, &v, -1) && write_words(db, &v);
    posts_free(&posts);
    ik_buf_free(&blob);
    free(r.terms);
    sqlite3_finalize(rows);
    sqlite3_finalize(ins);
    sqlite3_finalize(count);
    ik_search_tokenizer_destroy(tok);
    vocab_free(&v);
    return ok;
}

/* the pending rows into FTS5 in one statement, merged; then what is
 * derived from them */
static bool finish(sqlite3 *db, const Builder *bd)
{
    return write_facets(db, bd) &&
           exec(db, "INSERT INTO search_fts(rowid, name, organization, category, area, city,"
                    " languages, description) SELECT * FROM temp.search_rows ORDER BY k;"
                    "INSERT INTO search_title_fts(rowid, name) SELECT k, name FROM temp.search_rows"
                    " ORDER BY k;") &&
           write_rows(db) && exec(db, "DROP TABLE temp.search_rows") &&
           exec(db, "INSERT INTO search_fts(search_fts) VALUES('optimize');"
                    "INSERT INTO search_title_fts(search_title_fts) VALUES('optimize')") &&
           exec(db, "INSERT INTO search_name_word(lang, prefix, later, ord, s)"
                    " SELECT w.lang, w.prefix, min(w.later), o.ord, w.s FROM temp.search_words w"
                    " JOIN (SELECT lang, s, row_number() OVER (PARTITION BY lang"
                    "  ORDER BY sortkey, s) AS ord FROM search_name) o"
                    " ON o.lang = w.lang AND o.s = w.s GROUP BY w.lang, w.prefix, w.s;"
                    "DROP TABLE temp.search_words") &&
           build_vocabulary(db) && build_synonyms(db);
}

bool ik_search_index_build(sqlite3 *db)
{
    Lang *langs = NULL;
    size_t nlang = 0;
    Builder bd = {0};
    if (!db)
        return ik_fail("search index: no database");
    if (!exec(db, "SAVEPOINT search_build"))
        return false;
    bool ok = exec(db, schema) && (langs = load_langs(db, &nlang)) != NULL &&
              write_langs(db, langs, nlang) && builder_prepare(db, &bd) &&
              index_services(db, &bd, langs, nlang) && write_cards(db, langs, nlang) &&
              finish(db, &bd) &&
              exec(db, "RELEASE search_build");
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
