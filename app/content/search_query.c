/* Directory search: what the reader typed becomes tokens (parse), and the
 * tokens become one FTS5 expression (build). Every token is quoted, so no
 * input is FTS5 syntax; each becomes an OR group of its expansions (exact,
 * prefix for the word being typed, synonyms, the facets holding any of
 * them, near spellings from search_fuzzy.c); the groups are ANDed, or ORed
 * when the caller falls back to "any of the words". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <unicode/uloc.h>

#include "search_internal.h"

#define SYNONYMS_MAX 6      /* synonym expansions kept per token */
#define PREFIX_TERMS_MAX 24 /* a long prefix's terms put in the expression one by one */
/* short prefixes (one or two letters) only look at the short fields */
#define SHORT_COLUMNS "{name organization category area city languages}"

/* =========================================================================
 * parse
 * ========================================================================= */

bool ik_search_query_parse(const char *text, IkSearchQuery *q)
{
    memset(q, 0, sizeof *q);
    /* never more than a screenful of words, never a runaway token */
    size_t len = text ? strnlen(text, 4096) : 0;
    char *norm = ik_search_normalize(text ? text : "", len);
    if (!norm)
        return false;
    bool trailing = false;
    size_t n = ik_search_tokenize(norm, q->tokens, IK_SEARCH_TOKENS_MAX, &trailing);
    free(norm);
    /* a lone letter among words ("e", "a") says nothing yet; a word said
     * twice counts once */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        IkSearchToken *t = &q->tokens[i];
        bool again = false;
        for (size_t k = 0; k < kept; k++)
            again |= !strcmp(q->tokens[k].text, t->text) && !t->han;
        if (again || (n > 1 && t->length < 2 && !t->han && !(kept == 0 && i + 1 == n))) {
            free(t->text);
            if (i + 1 == n)
                trailing = true;
            continue;
        }
        q->tokens[kept++] = *t;
    }
    q->count = kept;
    q->last_is_prefix = !trailing;
    IkBuf whole = {0};
    for (size_t i = 0; i < q->count; i++)
        ik_buf_printf(&whole, "%s%s", i ? " " : "", q->tokens[i].text);
    q->whole = whole.data;
    return true;
}

void ik_search_query_free(IkSearchQuery *q)
{
    ik_search_tokens_free(q->tokens, q->count);
    free(q->whole);
    memset(q, 0, sizeof *q);
}

/* =========================================================================
 * build
 * ========================================================================= */

static void quote(IkBuf *b, const char *s)
{
    ik_buf_puts(b, "\"");
    for (; *s; s++)
        ik_buf_append(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
    ik_buf_puts(b, "\"");
}

/* true when key was not seen yet (and is now) */
static bool first_time(IkSearchExpr *e, char *key)
{
    for (size_t i = 0; i < e->nseen; i++)
        if (!strcmp(e->seen[i], key)) {
            free(key);
            return false;
        }
    e->seen = ik_xrealloc(e->seen, e->nseen + 1, sizeof *e->seen);
    e->seen[e->nseen++] = key;
    return true;
}

/* appends a phrase to the open group of token t */
static void add_phrase(IkSearchExpr *e, int t, const char *text, bool prefix, bool short_columns,
                       double quality, bool fuzzy)
{
    e->phrases = ik_xrealloc(e->phrases, (size_t)e->nphrase + 1, sizeof *e->phrases);
    /* run on search_title_fts, which holds only names: no column filter */
    e->phrases[e->nphrase++] = (IkSearchPhrase){t, quality, fuzzy, ik_xstrdup(text), prefix,
                                                short_columns && !e->name_only};
}

/* true when one of the filter's services holds the facet (bitmap bits) */
static bool facet_passes(const IkSearchExpr *e, const uint8_t *bits, long nbytes)
{
    for (long s = 1; bits && s <= e->nservice && s / 8 < nbytes; s++)
        if (e->passes[s] && (bits[s / 8] >> (s % 8) & 1))
            return true;
    return false;
}

/* the facets holding the phrase: their tokens join the group, same quality */
static void add_facets(IkSearchExpr *e, int t, const char *text, bool prefix, double quality,
                       bool fuzzy)
{
    IkBuf m = {0};
    quote(&m, text);
    if (prefix)
        ik_buf_puts(&m, "*");
    sqlite3_reset(e->facet);
    sqlite3_bind_text(e->facet, 1, m.data, (int)m.len, SQLITE_STATIC);
    while (sqlite3_step(e->facet) == SQLITE_ROW) {
        int id = sqlite3_column_int(e->facet, 0);
        /* a facet none of the filter's services hold would only cost */
        if (e->passes && !facet_passes(e, sqlite3_column_blob(e->facet, 1),
                                       sqlite3_column_bytes(e->facet, 1)))
            continue;
        if (!first_time(e, ik_xasprintf("%d:#%d", t, id)))
            continue;
        char facet[32];
        snprintf(facet, sizeof facet, IK_SEARCH_FACET_MARK "%d", id);
        add_phrase(e, t, facet, false, false, quality, fuzzy);
    }
    sqlite3_reset(e->facet);
    ik_buf_free(&m);
}

/* A prefix longer than the FTS5 prefix index ("2 3") makes FTS5 merge the
 * doclists of every term it starts, over the whole index, at each query:
 * most of a keystroke's time. The vocabulary (search_term) lists those
 * terms; when they are few, they go into the group one by one instead,
 * which FTS5 seeks through. False when the prefix is left to FTS5. */
static bool expand_prefix(IkSearchExpr *e, int t, const char *text, bool short_columns,
                          double quality, bool fuzzy)
{
    if (!e->terms || (unsigned char)text[0] == 0xEE || ik_utf8_length(text, strlen(text)) < 4)
        return false;   /* covered by the prefix index, or a marked token */
    sqlite3_stmt *st = e->terms;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, PREFIX_TERMS_MAX + 1);
    char *terms[PREFIX_TERMS_MAX];
    int n = 0;
    bool few = true;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == PREFIX_TERMS_MAX) {
            few = false;
            break;
        }
        terms[n++] = ik_xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_reset(st);
    for (int i = 0; i < n; i++) {
        /* the word itself, typed whole, ranks as typed */
        double q = !fuzzy && !strcmp(terms[i], text) ? 1.0 : quality;
        if (few && first_time(e, ik_xasprintf("%d:%s%s", t, short_columns ? "{}" : "", terms[i])))
            add_phrase(e, t, terms[i], false, short_columns, q, fuzzy);
        free(terms[i]);
    }
    return few;
}

bool ik_search_expr_add(IkSearchExpr *e, int t, const char *text, bool prefix, bool short_columns,
                        double quality, bool fuzzy)
{
    if (!first_time(e, ik_xasprintf("%d:%s%s%s", t, short_columns ? "{}" : "", text,
                                    prefix ? "*" : "")))
        return false;
    if (!prefix || !expand_prefix(e, t, text, short_columns, quality, fuzzy))
        add_phrase(e, t, text, prefix, short_columns, quality, fuzzy);
    if (!e->name_only)
        add_facets(e, t, text, prefix, quality, fuzzy);
    return true;
}

static void add_synonyms(IkSearchExpr *e, int t, const char *text, bool prefix)
{
    sqlite3_reset(e->synonyms);
    sqlite3_bind_text(e->synonyms, 1, text, -1, SQLITE_STATIC);
    sqlite3_bind_int(e->synonyms, 2, prefix);
    int n = 0;
    while (sqlite3_step(e->synonyms) == SQLITE_ROW && n++ < SYNONYMS_MAX)
        ik_search_expr_add(e, t, (const char *)sqlite3_column_text(e->synonyms, 0), false, false,
                           0.75, false);
    sqlite3_reset(e->synonyms);
}

IkSearchScript ik_search_script_of(const char *lang)
{
    char locale[ULOC_FULLNAME_CAPACITY], likely[ULOC_FULLNAME_CAPACITY], script[ULOC_SCRIPT_CAPACITY];
    UErrorCode err = U_ZERO_ERROR;
    uloc_forLanguageTag(lang ? lang : "", locale, sizeof locale, NULL, &err);
    uloc_addLikelySubtags(locale, likely, sizeof likely, &err);
    uloc_getScript(likely, script, sizeof script, &err);
    if (U_FAILURE(err))
        return IK_SEARCH_SCRIPT_OTHER;
    if (!strcmp(script, "Hans") || !strcmp(script, "Hant") || !strcmp(script, "Hani"))
        return IK_SEARCH_SCRIPT_HAN;
    return !strcmp(script, "Arab") ? IK_SEARCH_SCRIPT_ARABIC : IK_SEARCH_SCRIPT_OTHER;
}

static bool is_latin_word(const IkSearchToken *tok)
{
    for (const char *p = tok->text; *p; p++)
        if (*p < 'a' || *p > 'z')
            return false;
    return tok->length > 0;
}

/* What a Chinese or Arabic-script reader typed in Latin letters, as the
 * index's Latin readings of their script: the pinyin as typed, or its
 * consonant skeletons (below what was typed, and the loose one as a near
 * spelling). */
static void add_latin_readings(IkSearchExpr *e, int t, const IkSearchToken *tok, bool prefix)
{
    if (e->script == IK_SEARCH_SCRIPT_OTHER || !is_latin_word(tok))
        return;
    if (e->script == IK_SEARCH_SCRIPT_HAN) {
        char *mark = ik_xasprintf(IK_SEARCH_PINYIN_MARK "%s", tok->text);
        ik_search_expr_add(e, t, mark, false, false, 0.95, false);
        if (prefix)
            ik_search_expr_add(e, t, mark, true, false, 0.8, false);
        free(mark);
        return;
    }
    if (tok->length < IK_SEARCH_SKELETON_MIN)
        return;
    for (int loose = 0; loose < 2; loose++) {
        char skel[IK_SEARCH_TOKEN_MAX + 1];
        if (ik_search_skeleton(tok->text, loose, skel, sizeof skel) < IK_SEARCH_SKELETON_MIN)
            continue;
        char *mark = ik_xasprintf(IK_SEARCH_SKELETON_MARK "%s", skel);
        ik_search_expr_add(e, t, mark, prefix, false, loose ? 0.45 : 0.6, loose);
        free(mark);
    }
}

void ik_search_expr_build(IkSearchExpr *e, const IkSearchQuery *q, bool all, bool fuzzy)
{
    e->ntoken = (int)q->count;
    e->all = all;
    for (size_t i = 0; i < q->count; i++) {
        const IkSearchToken *tok = &q->tokens[i];
        int t = (int)i;
        bool prefix = q->last_is_prefix && i + 1 == q->count;
        /* one or two letters alone: only the short fields, or every
         * description with "di" or "a" would match; among other words they
         * are matched anywhere, as the other words narrow the rows down (in
         * the short fields only, FTS5 would read the position lists of every
         * row the other words find, to keep few of them) */
        bool short_cols = q->count == 1 && tok->length < 3 && !tok->han;
        /* the word being typed: its prefix phrase finds the word itself too;
         * the word as typed ranks above the longer ones, in the names, and
         * everywhere once it has 4 letters (the prefix's terms are then
         * listed, the word among them). Outside the names a 3-letter word
         * being typed is only a prefix: its own doclist, as long as the
         * prefix's, was most of the time of such a keystroke. */
        bool long_prefix = prefix && !tok->han && tok->length >= 3;
        if (!long_prefix || e->name_only)
            ik_search_expr_add(e, t, tok->text, false, short_cols && !e->short_everywhere, 1.0,
                               false);
        if (prefix && !tok->han)
            ik_search_expr_add(e, t, tok->text, true, short_cols, 0.85, false);
        if (!tok->han && tok->length >= 3)
            add_synonyms(e, t, tok->text, prefix && tok->length >= 4);
        /* the whole query as one synonym key ("aiuto compiti") */
        if (i + 1 == q->count && q->count > 1)
            add_synonyms(e, t, q->whole, false);
        add_latin_readings(e, t, tok, prefix);
        if (fuzzy && !tok->han && tok->length >= 4)
            ik_search_add_near(e, t, tok, prefix);
        /* a prefix no indexed word starts, and nothing else: the word, which
         * matches nothing, keeps the expression whole */
        if (!e->nphrase || e->phrases[e->nphrase - 1].token != t)
            add_phrase(e, t, tok->text, false, false, 1.0, false);
    }
}

bool ik_search_expr_init(IkSearchExpr *e, sqlite3 *db)
{
    *e = (IkSearchExpr){
        .facet = ik_search_stmt(db, IK_SEARCH_STMT_FACET,
            "SELECT x.id, x.services FROM search_facet_fts f"
            " JOIN search_facet x ON x.id = f.rowid WHERE search_facet_fts MATCH ?"),
        .synonyms = ik_search_stmt(db, IK_SEARCH_STMT_SYNONYMS,
            "SELECT expansion FROM search_synonym WHERE term = ?1"
            " UNION ALL SELECT expansion FROM (SELECT DISTINCT expansion FROM search_synonym"
            "  WHERE ?2 AND term > ?1 AND term < ?1 || x'f4' LIMIT 6)"),
        .candidates = ik_search_stmt(db, IK_SEARCH_STMT_CANDIDATES,
            "SELECT term, df FROM search_term WHERE k12 IN (?1, ?2, ?3, ?4) AND len BETWEEN ?9 AND ?10"
            " UNION ALL SELECT term, df FROM search_term WHERE k23 IN (?5, ?6) AND len BETWEEN ?9 AND ?10"
            " UNION ALL SELECT term, df FROM search_term WHERE k13 IN (?7, ?8) AND len BETWEEN ?9 AND ?10"),
        .terms = ik_search_stmt(db, IK_SEARCH_STMT_TERMS,
            "SELECT term FROM search_term WHERE term >= ?1 AND term < ?1 || x'f4908080' LIMIT ?2"),
        .cache = ik_search_cache(db),
    };
    return e->facet && e->synonyms && e->candidates && e->terms;
}

void ik_search_expr_reset(IkSearchExpr *e)
{
    for (int i = 0; i < e->nphrase; i++)
        free(e->phrases[i].text);
    free(e->phrases);
    e->phrases = NULL;
    e->nphrase = 0;
    e->ntoken = 0;
    for (size_t i = 0; i < e->nseen; i++)
        free(e->seen[i]);
    free(e->seen);
    e->seen = NULL;
    e->nseen = 0;
}

/* true when phrase p finds no row that phrase q of its group does not: q
 * is a prefix the first word of p starts, sought in as many columns (of
 * two such phrases covering each other, the later one) */
static bool covered(const IkSearchPhrase *p, const IkSearchPhrase *q)
{
    bool mutual = p->prefix && !strcmp(p->text, q->text) && p->short_columns == q->short_columns;
    return p != q && q->prefix && q->token == p->token && !strchr(q->text, ' ') &&
           (!q->short_columns || p->short_columns) && ik_str_starts_with(p->text, q->text) &&
           (!mutual || p > q);
}

void ik_search_expr_fts(const IkSearchExpr *e, const bool *groups, bool rows_only, IkBuf *out)
{
    int open = -1;  /* the token whose group is open */
    for (int i = 0; i < e->nphrase; i++) {
        const IkSearchPhrase *p = &e->phrases[i];
        if (groups && (p->token < 0 || p->token >= e->ntoken || !groups[p->token]))
            continue;
        bool skip = false;
        for (int k = 0; rows_only && !skip && k < e->nphrase; k++)
            skip = covered(p, &e->phrases[k]);
        if (skip)
            continue;
        if (p->token == open)
            ik_buf_puts(out, " OR ");
        else
            ik_buf_puts(out, open < 0 ? "(" : e->all ? ") AND (" : ") OR (");
        open = p->token;
        if (p->short_columns)
            ik_buf_puts(out, SHORT_COLUMNS " : ");
        quote(out, p->text);
        if (p->prefix)
            ik_buf_puts(out, "*");
    }
    if (open >= 0)
        ik_buf_puts(out, ")");
}
