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
    enum { CAP = IK_SEARCH_TOKEN_MAX + 4 };
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

/* the distance of candidate b to a, or max + 1; *matched as
 * ik_search_distance. A final vowel is an ending ("avocato" ~ "avvocati",
 * "psicologo" ~ "psicologi"): a typo plus another ending is still near;
 * compared without the endings, it ranks as a second edit. */
static int near_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int max,
                         bool prefix, size_t *matched)
{
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
        size_t nb = 0, matched = 0;
        uint32_t *b = ik_utf8_to_utf32(term, strlen(term), &nb, NULL);
        if (!b)
            continue;
        int d = near_distance(a, na, b, nb, max, prefix, &matched);
        free(b);
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

void ik_search_add_near(IkSearchExpr *e, int t, const IkSearchToken *tok, bool prefix)
{
    int max = tok->length >= 8 ? 2 : 1;
    size_t na = 0;
    uint32_t *a = ik_utf8_to_utf32(tok->text, strlen(tok->text), &na, NULL);
    if (!a || na < 2) {
        free(a);
        return;
    }
    size_t nc = 0, kept = 0;
    Candidate *c = candidates(e->candidates, tok, a, na, max, prefix, &nc);
    for (size_t i = 0; i < nc; i++) {
        if (kept < NEAR_MAX) {
            double quality = c[i].distance == 1 ? 0.5 : 0.3;
            if (prefix && c[i].matched < c[i].len) {
                /* "psicolgo" -> "psicolog"*: every ending of the word */
                const char *end = c[i].term;
                for (size_t k = 0; k < c[i].matched; k++) {
                    uint32_t cp;
                    end += ik_utf8_decode(end, strlen(end), &cp);
                }
                char *stem = ik_xstrndup(c[i].term, (size_t)(end - c[i].term));
                kept += ik_search_expr_add(e, t, stem, true, false, quality, true);
                free(stem);
            } else {
                kept += ik_search_expr_add(e, t, c[i].term, false, false, quality, true);
            }
        }
        free(c[i].term);
    }
    free(c);
    free(a);
}
