/* Directory search: the rows an expression's groups may match, from the
 * pack's lists of the services holding each term (search_post). Each list
 * is read into a bitmap of its language's services; a phrase is its words'
 * bitmaps intersected, a group its phrases' joined, the expression its
 * groups' intersected (or joined). A word's lists in every language are
 * one range of keys, read in one seek. The rows found so hold every word
 * of the groups somewhere in the row (or the name); the caller matches
 * each row on its terms (search_row) for the phrases' order and columns,
 * as it does the rows FTS5 finds. Reading a list costs a few instructions
 * per service; FTS5 spends hundreds on each entry of the doclists it
 * intersects. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search_internal.h"

#define BITMAPS_MAX ((size_t)64 << 20)

/* Per language being run, the services, a bit each: the expression so far,
 * the group, the phrase and the word being read. */
typedef struct {
    int at[IK_SEARCH_LANGS_MAX + 1];    /* language -> its place, -1 not run */
    long lang[IK_SEARCH_LANGS_MAX + 1]; /* the languages run, ascending */
    int nlang;
    size_t nword;           /* 64-bit words per bitmap */
    long nservice;
    uint64_t *bits;         /* set, group, phrase, word: nlang bitmaps each */
} Sets;

enum { SET, GROUP, PHRASE, WORD };

static uint64_t *bitmap(const Sets *s, int which, int i)
{
    return s->bits + ((size_t)which * (size_t)s->nlang + (size_t)i) * s->nword;
}

static void clear_all(Sets *s, int which)
{
    memset(bitmap(s, which, 0), 0, (size_t)s->nlang * s->nword * sizeof *s->bits);
}

/* which[] op= from[] in every language: and (true) or or */
static void combine(Sets *s, int which, int from, bool and)
{
    uint64_t *a = bitmap(s, which, 0);
    const uint64_t *b = bitmap(s, from, 0);
    size_t n = (size_t)s->nlang * s->nword;
    for (size_t i = 0; i < n; i++)
        a[i] = and ? a[i] & b[i] : a[i] | b[i];
}

/* Adds the services of a list (varint differences, ascending from 0) to
 * bits; false when the list is damaged (a number past nservice, a cut or
 * zero difference). */
static bool add_list(uint64_t *bits, const uint8_t *p, size_t n, long nservice)
{
    uint64_t svc = 0;
    for (size_t i = 0; i < n;) {
        uint64_t d = 0;
        for (int shift = 0;; shift += 7) {
            if (i == n || shift > 28)
                return false;
            uint8_t b = p[i++];
            d |= (uint64_t)(b & 0x7f) << shift;
            if (!(b & 0x80))
                break;
        }
        svc += d;
        if (d == 0 || svc > (uint64_t)nservice)
            return false;
        bits[svc / 64] |= (uint64_t)1 << (svc % 64);
    }
    return true;
}

/* The services whose rows (names when titles) hold word w, in every
 * language run, into bitmaps which (emptied first). False when they cannot
 * be read from the lists: a prefix of too many terms, a damaged list, no
 * statement. */
static bool read_word(sqlite3 *db, const IkSearchPostWord *w, bool titles, Sets *s, int which)
{
    clear_all(s, which);
    if (w->lo > w->hi)
        return true;    /* no such term */
    int kind = titles ? IK_SEARCH_POST_NAME_TERM : IK_SEARCH_POST_TERM;
    uint32_t hi = w->lo;
    if (w->prefix && (w->letters == 2 || w->letters == 3))
        kind += (int)w->letters - 1;
    else if (w->prefix && w->hi - w->lo >= IK_SEARCH_POST_RANGE_MAX)
        return false;
    else if (w->prefix)
        hi = w->hi;
    sqlite3_stmt *st = ik_search_stmt(db, IK_SEARCH_STMT_POST,
        "SELECT k, services FROM search_post WHERE k BETWEEN ?1 AND ?2");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, ik_search_post_key(kind, w->lo, 0));
    sqlite3_bind_int64(st, 2, ik_search_post_key(kind, hi, IK_SEARCH_LANGS_MAX));
    bool ok = true;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        int i = s->at[sqlite3_column_int64(st, 0) & IK_SEARCH_LANGS_MAX];
        if (i >= 0)
            ok = add_list(bitmap(s, which, i), sqlite3_column_blob(st, 1),
                          (size_t)sqlite3_column_bytes(st, 1), s->nservice);
    }
    sqlite3_reset(st);
    return ok;
}

/* The services the groups of q hold, per language, into s's SET. False as
 * read_word. */
static bool evaluate(sqlite3 *db, const IkSearchPostQuery *q, Sets *s)
{
    bool any_group = false;
    clear_all(s, SET);
    for (int t = 0; t < q->ntoken; t++) {
        if (!q->groups[t])
            continue;
        clear_all(s, GROUP);
        for (int i = 0; i < q->nphrase; i++) {
            const IkSearchPostPhrase *p = &q->phrases[i];
            if (p->token != t || p->nword == 0)
                continue;
            for (int k = 0; k < p->nword; k++) {
                if (!read_word(db, &p->words[k], q->titles, s, k ? WORD : PHRASE))
                    return false;
                if (k)
                    combine(s, PHRASE, WORD, true);
            }
            combine(s, GROUP, PHRASE, false);
        }
        combine(s, SET, GROUP, q->all && any_group);
        any_group = true;
    }
    return true;
}

/* the number of the lowest bit set in b (not 0) */
static unsigned lowest_bit(uint64_t b)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(b);
#else
    unsigned n = 0;
    for (; !(b & 0xff); b >>= 8)
        n += 8;
    for (; !(b & 1); b >>= 1)
        n++;
    return n;
#endif
}

static void push(IkSearchRowids *out, long long rowid)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? 2 * out->cap : 256;
        out->rowid = ik_xrealloc(out->rowid, out->cap, sizeof *out->rowid);
    }
    out->rowid[out->count++] = rowid;
}

bool ik_search_post_rows(sqlite3 *db, IkSearchWords *words, const IkSearchPostQuery *q,
                         long long first, long long last, IkSearchRowids *out)
{
    if (!ik_search_words_posts(words) || q->nservice < 0 || first > last || first < 0)
        return false;
    Sets s = {.nword = (size_t)q->nservice / 64 + 1, .nservice = q->nservice};
    long from = (long)(first >> IK_SEARCH_LANG_SHIFT), to = (long)(last >> IK_SEARCH_LANG_SHIFT);
    for (long l = 0; l <= IK_SEARCH_LANGS_MAX; l++) {
        s.at[l] = -1;
        if (l >= from && l <= to && ik_search_rows_of(words, l) > 0) {
            s.at[l] = s.nlang;
            s.lang[s.nlang++] = l;
        }
    }
    if (s.nlang == 0)
        return true;
    /* four bitmaps per language: past BITMAPS_MAX bytes (service numbers
     * far beyond any directory's) FTS5 finds the rows instead */
    if (s.nword > BITMAPS_MAX / sizeof *s.bits / 4 / (size_t)s.nlang)
        return false;
    s.bits = ik_xcalloc(4 * (size_t)s.nlang * s.nword, sizeof *s.bits);
    bool ok = evaluate(db, q, &s);
    for (int i = 0; ok && i < s.nlang; i++) {
        const uint64_t *set = bitmap(&s, SET, i);
        long long base = (long long)s.lang[i] << IK_SEARCH_LANG_SHIFT;
        for (size_t w = 0; w < s.nword; w++)
            for (uint64_t b = set[w]; b; b &= b - 1) {
                long long rowid = base | (long long)(w * 64 + lowest_bit(b));
                if (rowid >= first && rowid <= last)
                    push(out, rowid);
            }
    }
    free(s.bits);
    return ok;
}
