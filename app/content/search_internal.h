/* search: private interface between normalize.c, search.c and the tests. */
#ifndef INCONTRO_SEARCH_INTERNAL_H
#define INCONTRO_SEARCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "incontro/content.h"

/* Tokens are cut from normalized text the way the FTS5 tokenizer cuts it
 * (unicode61 with these categories), so a quoted query token is always one
 * indexed token. */
#define IK_SEARCH_TOKENIZE "unicode61 remove_diacritics 0 categories 'L* N* Co Mc Mn'"

/* Longest token kept at query time (code points); longer ones are cut. */
#define IK_SEARCH_TOKEN_MAX 48
/* Tokens read from one query; the rest of a very long query is ignored. */
#define IK_SEARCH_TOKENS_MAX 12

typedef struct {
    char *text;         /* normalized UTF-8 */
    size_t length;      /* in code points */
    bool han;           /* one Han character (its own token) */
} IkSearchToken;

/* Splits normalized text into tokens (at most max); returns how many.
 * *trailing_space tells whether the text ends outside a token (the reader
 * finished the last word). Each text is malloc'd; free with
 * ik_search_tokens_free. */
size_t ik_search_tokenize(const char *normalized, IkSearchToken *tokens, size_t max,
                          bool *trailing_space);
void ik_search_tokens_free(IkSearchToken *tokens, size_t count);

/* True when code point c is part of a token (as the FTS5 tokenizer sees it). */
bool ik_search_is_token_char(uint32_t c);

/* Restricted Damerau-Levenshtein (optimal string alignment) distance between
 * a and b (code points), or max + 1 when it is larger than max. When prefix,
 * the smallest distance between a and any prefix of b, whose length goes to
 * *matched (may be NULL). */
int ik_search_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int max,
                       bool prefix, size_t *matched);

/* ik_content_search on a database handle (the pack, or a test's database);
 * same contract. */
IkSearchResult *ik_search_db(sqlite3 *db, const char *lang, const char *query,
                             const IkSearchFilter *filter, size_t *count);

#endif
