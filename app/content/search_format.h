/* The search index inside a pack: what the pack builder writes
 * (app/pack/search_index.c) and the query side reads (app/content/search*.c).
 * Both sides include this header and nothing else of each other.
 *
 * Tables (all written at build time, read-only in the kiosk):
 *   search_fts         FTS5, contentless: one row per (service, language)
 *                      that has text; rowid = language << IK_SEARCH_LANG_SHIFT
 *                      | service number; columns in IkSearchColumn order
 *   search_title_fts   FTS5: the name column of search_fts alone, same rowids
 *   search_facet_fts   FTS5: the words of each facet (text many services share)
 *   search_facet       per facet: column, words, rows holding it, and a bitmap
 *                      of the services holding it (bit s of byte s / 8)
 *   search_service     the services that can be shown, numbered 1.. in id order
 *   search_schedule    their openings (IK_OPENING_COLUMNS), by service number
 *   search_lang        language code -> its number in rowids, and its rows
 *   search_card        per search_fts rowid: the name and organization a
 *                      result shows, fallbacks resolved; a language's only
 *                      where it differs from Italian's
 *   search_name        per language number: ICU sort key of each name (browse order)
 *   search_name_word   per language number and the first two letters of a
 *                      word of a name (and the first letter of its first
 *                      word): the names holding such a word, those starting
 *                      with it first (later 0), in browse order (ord)
 *   search_term        the vocabulary (typo candidates), keyed by letter pairs
 *   search_synonym     normalized term -> expansion, both ways
 *   search_word        every term of search_fts, numbered in byte order (a
 *                      prefix's terms are one range of numbers), with the
 *                      rows holding it (df) and the running sum of df
 *   search_word_lang   per language number and term number: the rows of
 *                      that language holding the term
 *   search_prefix      per prefix of one to three letters and language number
 *                      (-1: every language): the rows holding a term with it
 *   search_row         per IK_SEARCH_CHUNK rowids of search_fts (rowid >>
 *                      IK_SEARCH_CHUNK_SHIFT): each row's terms by number,
 *                      column by column in position order (layout below),
 *                      so a row FTS5 found by one word is checked for the
 *                      others without FTS5 reading their doclists
 *   search_post        per key (ik_search_post_key: a term or a prefix of two
 *                      or three letters, in a language's rows or names): the
 *                      services of that language's rows holding it, as
 *                      ascending numbers, each the varint (LEB128) of its
 *                      difference from the one before (from 0). A keystroke
 *                      intersects these instead of FTS5's doclists, whose
 *                      every entry costs FTS5 hundreds of instructions to
 *                      walk. Packs built before it have no such table: the
 *                      query side then asks FTS5.
 */
#ifndef INCONTRO_SEARCH_FORMAT_H
#define INCONTRO_SEARCH_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tokens are cut from normalized text the way the FTS5 tokenizer cuts it
 * (unicode61 with these categories), so a quoted query token is always one
 * indexed token. */
#define IK_SEARCH_CATEGORIES "L* N* Co Mc Mn"
#define IK_SEARCH_TOKENIZE "unicode61 remove_diacritics 0 categories '" IK_SEARCH_CATEGORIES "'"

/* Longest token kept (code points); longer ones are cut. */
#define IK_SEARCH_TOKEN_MAX 48
/* Tokens read from one query; the rest of a very long query is ignored. */
#define IK_SEARCH_TOKENS_MAX 12

/* search_fts rowids: language number above, service number below. */
#define IK_SEARCH_LANG_SHIFT 24
#define IK_SEARCH_SERVICE_MASK ((1 << IK_SEARCH_LANG_SHIFT) - 1)
#define IK_SEARCH_LANGS_MAX 63

/* search_fts columns, in order. */
typedef enum {
    IK_SEARCH_COL_NAME, IK_SEARCH_COL_ORG, IK_SEARCH_COL_CATEGORY, IK_SEARCH_COL_AREA,
    IK_SEARCH_COL_CITY, IK_SEARCH_COL_LANGUAGES, IK_SEARCH_COL_DESCRIPTION, IK_SEARCH_NCOL
} IkSearchColumn;

/* A row's facet token: FACET_MARK + facet number, in the facet's column, in
 * place of the facet's words (U+E000, private use: never typed). */
#define IK_SEARCH_FACET_MARK "\xee\x80\x80"

/* Latin readings, so a reader on the Latin keyboard finds texts in other
 * scripts. A row holds, beside the words of its texts, the pinyin of their
 * Chinese words (PINYIN_MARK + syllable, and + the syllables of a word
 * joined: 心理 -> "xin", "li", "xinli") and the consonant skeletons of
 * their Arabic-script words (SKELETON_MARK + ik_search_skeleton of ICU's
 * Latin transliteration: نفسي -> "nfsy", "nfs"). The query side adds the
 * marked forms of what a Chinese or Arabic-script reader types in Latin
 * letters; nobody else's query meets them. */
#define IK_SEARCH_PINYIN_MARK "\xee\x80\x82"    /* U+E002 */
#define IK_SEARCH_SKELETON_MARK "\xee\x80\x83"  /* U+E003 */
/* Shortest skeleton indexed or sought (bytes): shorter ones match too much. */
#define IK_SEARCH_SKELETON_MIN 3

/* ---- normalized text (normalize.c) ---------------------------------------- */
typedef struct {
    char *text;         /* normalized UTF-8 */
    size_t length;      /* in code points */
    bool han;           /* one Han character (its own token) */
} IkSearchToken;

/* Splits normalized text into tokens (at most max); returns how many.
 * *trailing_space (may be NULL) tells whether the reader finished the last
 * word: white space or another word follows it (not "*", ")" or any other
 * separator, which a reader types inside a word). Each text is malloc'd; free with
 * ik_search_tokens_free. */
size_t ik_search_tokenize(const char *normalized, IkSearchToken *tokens, size_t max,
                          bool *trailing_space);
void ik_search_tokens_free(IkSearchToken *tokens, size_t count);
/* Calls fn for every token of normalized text, in order (the token's text
 * is freed after the call). */
void ik_search_each_token(const char *normalized, void (*fn)(const IkSearchToken *, void *),
                          void *arg);

/* The consonant skeleton of a Latin word (lower-case ASCII letters; anything
 * else is skipped) into out (NUL-terminated): a final h (ta marbuta)
 * dropped, the vowels a, e, o dropped, i and u read as the y and w that
 * Arabic script writes for long vowels, doubled letters once; when loose, y
 * and w dropped too ("nafsi" -> "nfsy", loose "nfs"; "rawan" -> "rwn"). The
 * same function reads what the index transliterated and what the reader
 * typed, so short vowels, which Arabic script does not write, matter less.
 * Returns the length (at most size - 1). */
size_t ik_search_skeleton(const char *latin, bool loose, char *out, size_t size);

/* True when code point c is part of a token (as the FTS5 tokenizer sees it). */
bool ik_search_is_token_char(uint32_t c);

/* search_term keys: code points i and j of cp[0..n) as UTF-8 into out (empty
 * past the end). Returns out. */
const char *ik_search_letter_pair(const uint32_t *cp, size_t n, size_t i, size_t j, char out[12]);

/* ---- the terms FTS5 makes of a text (search_words.c) ----------------------- */
typedef struct sqlite3 sqlite3;
typedef struct IkSearchTokenizer IkSearchTokenizer;

/* FTS5's own tokenizer as search_fts is configured (IK_SEARCH_TOKENIZE), so
 * the terms are FTS5's to the byte. NULL with ik_error() when db has no FTS5. */
IkSearchTokenizer *ik_search_tokenizer_create(sqlite3 *db);
void ik_search_tokenizer_destroy(IkSearchTokenizer *t);   /* NULL does nothing */
/* Calls fn for each term of text[0..len), in order (term not terminated;
 * cut to the length FTS5 keeps). query: tokenized as a query phrase. */
bool ik_search_tokenize_fts(IkSearchTokenizer *t, const char *text, size_t len, bool query,
                            void (*fn)(const char *term, size_t len, void *arg), void *arg);

/* search_row's blob: IK_SEARCH_CHUNK offsets (4 bytes each, little-endian)
 * of its rows in the blob, in rowid order (IK_SEARCH_NO_ROW: none); each
 * row one byte, the width w of its numbers (2 to 4 bytes), then per column
 * (IK_SEARCH_NCOL of them) the count of its terms, then their numbers in
 * position order; every number w bytes, little-endian (fixed: a keystroke
 * reads thousands). Rows read one after another mostly share a blob. */
/* What a search_post list is of: rows (every column) or names, holding a
 * term, or a term starting with a prefix of two or three letters (as
 * FTS5's prefix indexes). A list's key: its kind, the number of the term
 * (search_word.id) or of the first term with the prefix, and the language
 * number; so a word's lists in every language are one range of keys, and
 * so are those of the terms a longer prefix starts. */
typedef enum {
    IK_SEARCH_POST_TERM, IK_SEARCH_POST_PREFIX2, IK_SEARCH_POST_PREFIX3,
    IK_SEARCH_POST_NAME_TERM, IK_SEARCH_POST_NAME_PREFIX2, IK_SEARCH_POST_NAME_PREFIX3,
    IK_SEARCH_POST_KINDS
} IkSearchPostKind;

static inline long long ik_search_post_key(int kind, uint32_t number, long lang)
{
    return (long long)kind << 40 | (long long)number << 6 | (lang & IK_SEARCH_LANGS_MAX);
}

#define IK_SEARCH_CHUNK_SHIFT 3
#define IK_SEARCH_CHUNK (1 << IK_SEARCH_CHUNK_SHIFT)
#define IK_SEARCH_NO_ROW UINT32_MAX
static inline uint32_t ik_search_number_at(const uint8_t *p, unsigned width)
{
    uint32_t n = (uint32_t)p[0] | (uint32_t)p[1] << 8;
    if (width > 2)
        n |= (uint32_t)p[2] << 16;
    if (width > 3)
        n |= (uint32_t)p[3] << 24;
    return n;
}

#endif
