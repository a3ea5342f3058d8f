/* Directory search: near spellings. The vocabulary (search_term) holds every
 * indexed word of three letters or more with three of its letter pairs; a
 * typed word's candidates share one of those pairs with it, and the ones
 * within a small Damerau-Levenshtein distance join its group in the
 * expression, ranked below what was typed. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search_internal.h"

#define NEAR_MAX 8          /* near spellings kept per token */
#define CAP (IK_SEARCH_TOKEN_MAX + 4)   /* code points a distance reads of a word */

const char *ik_search_letter_pair(const uint32_t *cp, size_t n, size_t i, size_t j, char out[12])
{
    size_t k = 0;
    if (i < n)
        k += ik_utf8_encode(cp[i], out + k);
    if (j < n)
        k += ik_utf8_encode(cp[j], out + k);
    out[k] = 0;
    return out;
}

int ik_search_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int max,
                       bool prefix, size_t *matched)
{
    if (matched)
        *matched = nb;
    if (na >= CAP)
        na = CAP - 1;
    if (nb > na + (size_t)max)
        nb = prefix ? na + (size_t)max : nb;
    if (nb >= CAP)
        nb = CAP - 1;
    if (!prefix && (na > nb + (size_t)max || nb > na + (size_t)max))
        return max + 1;
    static _Thread_local int d[CAP][CAP];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int row_min = d[i][0];
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
    }
    int best = d[na][nb];
    size_t at = nb;
    if (prefix)
        for (size_t j = 0; j <= nb; j++)
            if (d[na][j] < best || (d[na][j] == best && j == na)) {
                best = d[na][j];
                at = j;
            }
    if (matched)
        *matched = at;
    return best <= max ? best : max + 1;
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

/* Binds the letter pairs a candidate may share with what was typed (q): an
 * edit past the third letter keeps k12; one edit among the first three
 * letters keeps one of the other pairs:
 * k12 in {q0q1, q1q0 (swap), q1q2 (extra q0), q0q2 (extra q1 or swap)},
 * k23 in {q1q2 (q0 replaced), q0q1 (letter missing at 0)},
 * k13 in {q0q2 (q1 replaced), q0q1 (letter missing at 1)} */
static void bind_pairs(sqlite3_stmt *cand, const uint32_t *a, size_t na)
{
    static const size_t pairs[8][2] = {{0, 1}, {1, 0}, {1, 2}, {0, 2}, {1, 2}, {0, 1}, {0, 2}, {0, 1}};
    for (int i = 0; i < 8; i++) {
        char k[12];
        ik_search_letter_pair(a, na, pairs[i][0], pairs[i][1], k);
        sqlite3_bind_text(cand, i + 1, k, -1, SQLITE_TRANSIENT);
    }
}

/* how many letters of a[0..na) find no like among b[0..nb), each of b's
 * taken once (at most CAP of them) */
static size_t unmatched(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    uint64_t taken = 0;
    size_t none = 0;
    if (nb > CAP)
        nb = CAP;
    for (size_t i = 0; i < na; i++) {
        size_t j = 0;
        while (j < nb && (b[j] != a[i] || (taken >> j & 1)))
            j++;
        if (j < nb)
            taken |= (uint64_t)1 << j;
        else
            none++;
    }
    return none;
}

/* the distance of candidate b to a, or max + 1; *matched as
 * ik_search_distance. A final vowel is an ending ("avocato" ~ "avvocati",
 * "psicologo" ~ "psicologi"): a typo plus another ending is still near;
 * compared without the endings, it ranks as a second edit. */
static int near_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int max,
                         bool prefix, size_t *matched)
{
    /* every edit leaves at most one letter of a more without its like in
     * b (the first na + max letters of b, when a prefix of it is sought),
     * so more letters than max + 1 without one: not near, with or without
     * the ending; most candidates end here */
    size_t span = prefix && nb > na + (size_t)max ? na + (size_t)max : nb;
    if (unmatched(a, na, b, span) > (size_t)max + 1)
        return max + 1;
    int d = ik_search_distance(a, na, b, nb, max, prefix, matched);
    if ((d < 1 || d > max) && na >= 5 && end_vowel(a[na - 1]) &&
        (prefix || (nb >= 5 && end_vowel(b[nb - 1])))) {
        size_t m2 = 0;
        int d2 = ik_search_distance(a, na - 1, b, prefix ? nb : nb - 1, max, prefix, &m2);
        if (d2 >= 1 && d2 <= max) {
            d = d2 + 1 > max ? max : d2 + 1;
            *matched = prefix ? m2 : nb;
        }
    }
    return d;
}

/* the first max code points of term into cp; returns how many it has in
 * all (0 when it is not valid UTF-8) */
static size_t code_points(const char *term, uint32_t *cp, size_t max)
{
    size_t n = 0, len = strlen(term);
    for (size_t at = 0; at < len; n++) {
        uint32_t c;
        size_t k = ik_utf8_decode(term + at, len - at, &c);
        if (k == 0)
            return 0;
        if (n < max)
            cp[n] = c;
        at += k;
    }
    return n;
}

/* the candidates of the vocabulary within max edits of a, closest and most
 * frequent first */
static Candidate *candidates(sqlite3_stmt *cand, const IkSearchToken *tok, const uint32_t *a,
                             size_t na, int max, bool prefix, size_t *count)
{
    Candidate *c = NULL;
    size_t nc = 0;
    sqlite3_reset(cand);
    bind_pairs(cand, a, na);
    sqlite3_bind_int64(cand, 9, (sqlite3_int64)na - max);
    sqlite3_bind_int64(cand, 10, prefix ? 1000 : (sqlite3_int64)na + max);
    while (sqlite3_step(cand) == SQLITE_ROW) {
        const char *term = (const char *)sqlite3_column_text(cand, 0);
        if (!strcmp(term, tok->text) || (prefix && ik_str_starts_with(term, tok->text)))
            continue;   /* an exact or prefix match already */
        /* the distance reads at most the first CAP code points of b */
        uint32_t b[CAP];
        size_t nb = code_points(term, b, CAP), matched = 0;
        if (nb == 0 || (!prefix && nb > na + (size_t)max))
            continue;
        int d = near_distance(a, na, b, nb, max, prefix, &matched);
        if (d < 1 || d > max || (prefix && matched < 3))
            continue;
        c = ik_xrealloc(c, nc + 1, sizeof *c);
        c[nc++] = (Candidate){ik_xstrdup(term), matched, nb, d, (long)sqlite3_column_int64(cand, 1)};
    }
    sqlite3_reset(cand);
    if (nc > 1)   /* qsort(NULL, 0) is undefined */
        qsort(c, nc, sizeof *c, candidate_cmp);
    *count = nc;
    return c;
}

/* A word's near spellings as phrases, closest and most frequent first,
 * each phrase once. */
typedef struct {
    char *text;
    bool prefix;        /* a stem: every ending of the word */
    double quality;
} Near;

typedef struct {
    Near *items;
    size_t count;
} NearList;

#define NEAR_WORDS_MAX 256  /* words whose near spellings are kept per connection */

struct IkSearchNear {
    IkMap *index;       /* "p|word" or "w|word" -> slot + 1 */
    NearList lists[NEAR_WORDS_MAX];
    size_t count;
};

void ik_search_near_free(struct IkSearchNear *near)
{
    if (!near)
        return;
    for (size_t i = 0; i < near->count; i++) {
        for (size_t k = 0; k < near->lists[i].count; k++)
            free(near->lists[i].items[k].text);
        free(near->lists[i].items);
    }
    ik_map_destroy(near->index);
    free(near);
}

/* the near spellings of tok as phrases, from the vocabulary */
static NearList near_list(sqlite3_stmt *cand, const IkSearchToken *tok, bool prefix)
{
    NearList list = {0};
    int max = tok->length >= 8 ? 2 : 1;
    size_t na = 0, nc = 0;
    uint32_t *a = ik_utf8_to_utf32(tok->text, strlen(tok->text), &na, NULL);
    Candidate *c = a && na >= 2 ? candidates(cand, tok, a, na, max, prefix, &nc) : NULL;
    IkMap *seen = ik_map_create();
    for (size_t i = 0; i < nc; i++) {
        Near n = {c[i].term, false, c[i].distance == 1 ? 0.5 : 0.3};
        if (prefix && c[i].matched < c[i].len) {
            /* "psicolgo" -> "psicolog"*: every ending of the word */
            const char *end = c[i].term;
            for (size_t k = 0; k < c[i].matched; k++) {
                uint32_t cp;
                end += ik_utf8_decode(end, strlen(end), &cp);
            }
            n.text = ik_xstrndup(c[i].term, (size_t)(end - c[i].term));
            n.prefix = true;
            free(c[i].term);
        }
        char *key = ik_xasprintf("%c%s", n.prefix ? '*' : ' ', n.text);
        if (ik_map_put(seen, key, 0, NULL)) {
            free(n.text);   /* the same phrase again */
        } else {
            list.items = ik_xrealloc(list.items, list.count + 1, sizeof *list.items);
            list.items[list.count++] = n;
        }
        free(key);
    }
    ik_map_destroy(seen);
    free(c);
    free(a);
    return list;
}

/* the near spellings of tok, computed once per connection while the cache
 * keeps them */
static const NearList *near_of(IkSearchExpr *e, const IkSearchToken *tok, bool prefix,
                               NearList *own)
{
    IkSearchCache *cache = e->cache;
    if (!cache) {
        *own = near_list(e->candidates, tok, prefix);
        return own;
    }
    if (!cache->near) {
        cache->near = ik_xcalloc(1, sizeof *cache->near);
        cache->near->index = ik_map_create();
    }
    struct IkSearchNear *n = cache->near;
    char *key = ik_xasprintf("%c|%s", prefix ? 'p' : 'w', tok->text);
    size_t slot = 0;
    if (!ik_map_get(n->index, key, &slot)) {
        if (n->count == NEAR_WORDS_MAX) {   /* full: start again */
            ik_search_near_free(n);
            cache->near = n = ik_xcalloc(1, sizeof *n);
            n->index = ik_map_create();
        }
        n->lists[n->count] = near_list(e->candidates, tok, prefix);
        slot = ++n->count;
        ik_map_put(n->index, key, slot, NULL);
    }
    free(key);
    return &n->lists[slot - 1];
}

void ik_search_add_near(IkSearchExpr *e, int t, const IkSearchToken *tok, bool prefix)
{
    NearList own = {0};
    const NearList *list = near_of(e, tok, prefix, &own);
    size_t kept = 0;
    for (size_t i = 0; i < list->count && kept < NEAR_MAX; i++)
        kept += ik_search_expr_add(e, t, list->items[i].text, list->items[i].prefix, false,
                                   list->items[i].quality, true);
    for (size_t i = 0; i < own.count; i++)
        free(own.items[i].text);
    free(own.items);
}
