/* Search normalization: one function used at index time and at query time, so
 * what the reader types and what the pack holds meet in the same form.
 *
 *   1. UTF-8 -> UTF-16, invalid bytes become U+FFFD (a separator)
 *   2. ICU NFKC_Casefold (compatibility forms, case, default ignorables such
 *      as ZWNJ), then NFD so that accents and hamzas become separate marks
 *   3. marks of the Inherited script (Latin accents, Cyrillic breve, Arabic
 *      harakat, hamza above/below, madda) and Arabic Quranic marks dropped;
 *      marks that spell vowels in Indic scripts are kept
 *   4. a table folds the Arabic-script letter variants; tatweel dropped;
 *      every decimal digit becomes ASCII
 *   5. Han characters become separate tokens (Chinese has no spaces)
 *   6. NFC again, UTF-8 out
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "search_format.h"

/* Arabic-script letters folded to one form (after NFD has already split the
 * hamza/madda forms of alef, waw and ya into letter + mark). */
static const struct {
    UChar32 from, to;
} arabic_fold[] = {
    {0x0671, 0x0627}, /* alef wasla -> alef */
    {0x0672, 0x0627}, /* alef with wavy hamza above */
    {0x0673, 0x0627}, /* alef with wavy hamza below */
    {0x0675, 0x0627}, /* high hamza alef */
    {0x0649, 0x064A}, /* alef maksura -> ya */
    {0x06CC, 0x064A}, /* Persian ya */
    {0x06D2, 0x064A}, /* Urdu ya barree */
    {0x06D0, 0x064A}, /* Pashto ya */
    {0x06CD, 0x064A}, /* ya with tail */
    {0x06CE, 0x064A}, /* ya with small v */
    {0x0678, 0x064A}, /* high hamza ya */
    {0x06A9, 0x0643}, /* keheh (Persian kaf) -> kaf */
    {0x06AA, 0x0643}, /* swash kaf */
    {0x0629, 0x0647}, /* ta marbuta -> ha */
    {0x06C0, 0x0647}, /* ha with ya above (if not decomposed) */
    {0x06C3, 0x0647}, /* ta marbuta goal */
    {0x06D5, 0x0647}, /* ae */
    {0x06C1, 0x0647}, /* Urdu ha goal */
    {0x06C2, 0x0647}, /* ha goal with hamza */
    {0x06BE, 0x0647}, /* Urdu do-chashmi ha */
    {0x0676, 0x0648}, /* high hamza waw */
    {0x0677, 0x0648},
};

static UChar32 fold_arabic(UChar32 c)
{
    if (c < 0x0600 || c > 0x06FF)
        return c;
    for (size_t i = 0; i < sizeof arabic_fold / sizeof arabic_fold[0]; i++)
        if (arabic_fold[i].from == c)
            return arabic_fold[i].to;
    return c;
}

static bool drop_mark(UChar32 c)
{
    int8_t type = u_charType(c);
    if (type != U_NON_SPACING_MARK && type != U_ENCLOSING_MARK)
        return false;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &err);
    if (U_FAILURE(err))
        return false;
    /* Inherited: combining diacritics, harakat, hamza above/below, madda;
     * Arabic: Quranic annotation marks. Indic vowel signs are their own
     * script and stay. */
    return script == USCRIPT_INHERITED || script == USCRIPT_ARABIC;
}

static bool is_han(UChar32 c)
{
    UErrorCode err = U_ZERO_ERROR;
    return uscript_getScript(c, &err) == USCRIPT_HAN && !U_FAILURE(err);
}

bool ik_search_is_token_char(uint32_t c)
{
    switch (u_charType((UChar32)c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
    case U_PRIVATE_USE_CHAR: case U_COMBINING_SPACING_MARK: case U_NON_SPACING_MARK:
        return true;
    default:
        return false;
    }
}

/* runs a normalizer on src into a fresh buffer */
static UChar *normalize2(const UNormalizer2 *n, const UChar *src, int32_t len, int32_t *out_len)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t cap = len * 3 + 16;
    UChar *dst = malloc((size_t)cap * sizeof(UChar));
    if (!dst)
        return NULL;
    int32_t got = unorm2_normalize(n, src, len, dst, cap, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        free(dst);
        cap = got + 1;
        dst = malloc((size_t)cap * sizeof(UChar));
        if (!dst)
            return NULL;
        err = U_ZERO_ERROR;
        got = unorm2_normalize(n, src, len, dst, cap, &err);
    }
    if (U_FAILURE(err)) {
        free(dst);
        return NULL;
    }
    *out_len = got;
    return dst;
}

char *ik_search_normalize(const char *utf8, size_t len)
{
    UChar *u16 = NULL, *folded = NULL, *nfd = NULL, *mapped = NULL, *nfc = NULL;
    char *out = NULL;
    UErrorCode err = U_ZERO_ERROR;
    if (!utf8)
        len = 0;
    if (len > 1u << 24)
        len = 1u << 24;   /* nobody types 16 MB; keep int32_t sizes safe */
    int32_t n16 = 0;
    u16 = malloc(((size_t)len + 1) * sizeof(UChar));
    if (!u16)
        goto fail;
    u_strFromUTF8WithSub(u16, (int32_t)len + 1, &n16, utf8 ? utf8 : "", (int32_t)len, 0xFFFD, NULL,
                         &err);
    if (U_FAILURE(err))
        goto fail;

    const UNormalizer2 *casefold = unorm2_getNFKCCasefoldInstance(&err);
    const UNormalizer2 *decompose = unorm2_getNFDInstance(&err);
    const UNormalizer2 *compose = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err))
        goto fail;
    int32_t nf = 0, nd = 0, nm = 0, nc = 0;
    if (!(folded = normalize2(casefold, u16, n16, &nf)) ||
        !(nd = 0, nfd = normalize2(decompose, folded, nf, &nd)))
        goto fail;

    /* each code point may grow by two spaces (Han) */
    mapped = malloc(((size_t)nd * 3 + 1) * sizeof(UChar));
    if (!mapped)
        goto fail;
    for (int32_t i = 0; i < nd;) {
        UChar32 c;
        U16_NEXT(nfd, i, nd, c);
        if (drop_mark(c) || c == 0x0640 /* tatweel */)
            continue;
        c = fold_arabic(c);
        if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER && c > 0x7F) {
            int32_t v = u_charDigitValue(c);
            if (v >= 0 && v <= 9)
                c = '0' + v;
        }
        bool han = c > 0x2E7F && is_han(c);
        if (han)
            mapped[nm++] = ' ';
        U16_APPEND_UNSAFE(mapped, nm, c);
        if (han)
            mapped[nm++] = ' ';
    }
    if (!(nfc = normalize2(compose, mapped, nm, &nc)))
        goto fail;
    int32_t n8 = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8WithSub(NULL, 0, &n8, nfc, nc, 0xFFFD, NULL, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        goto fail;
    out = malloc((size_t)n8 + 1);
    if (!out)
        goto fail;
    err = U_ZERO_ERROR;
    u_strToUTF8WithSub(out, n8 + 1, &n8, nfc, nc, 0xFFFD, NULL, &err);
    if (U_FAILURE(err)) {
        free(out);
        out = NULL;
        goto fail;
    }
    out[n8] = 0;
fail:
    free(u16);
    free(folded);
    free(nfd);
    free(mapped);
    free(nfc);
    if (!out)
        ik_fail("search: cannot normalize text (%s)", u_errorName(err));
    return out;
}

/* The next token of s[0..n) from *at: its bytes s[*start..*end) (cut at
 * IK_SEARCH_TOKEN_MAX code points), its length and whether it is one Han
 * character; *at moves past it. *spaced tells whether white space came
 * since the token before. False at the end of s. */
static bool next_token(const char *s, size_t n, size_t *at, IkSearchToken *tok, size_t *start,
                       size_t *end, bool *spaced)
{
    size_t i = *at;
    while (i < n) {
        uint32_t c;
        size_t step = ik_utf8_decode(s + i, n - i, &c);
        if (!step)
            step = 1;   /* not from ik_search_normalize: skip the byte */
        else if (ik_search_is_token_char(c))
            break;
        else if (u_isUWhiteSpace((UChar32)c))
            *spaced = true;
        i += step;
    }
    if (i >= n) {
        *at = n;
        return false;
    }
    uint32_t first;
    ik_utf8_decode(s + i, n - i, &first);
    bool han = first > 0x2E7F && is_han((UChar32)first);
    size_t len = 0, kept = i;
    *start = i;
    while (i < n) {
        uint32_t c;
        size_t step = ik_utf8_decode(s + i, n - i, &c);
        if (!step || !ik_search_is_token_char(c) || (len > 0 && (han || is_han((UChar32)c))))
            break;
        i += step;
        if (len < IK_SEARCH_TOKEN_MAX)
            kept = i;   /* last byte kept */
        len++;
        if (han)
            break;
    }
    *end = kept;
    *at = i;
    tok->length = len < IK_SEARCH_TOKEN_MAX ? len : IK_SEARCH_TOKEN_MAX;
    tok->han = han;
    return true;
}

size_t ik_search_tokenize(const char *s, IkSearchToken *tokens, size_t max, bool *trailing_space)
{
    size_t count = 0, n = strlen(s), at = 0, start = 0, end = 0;
    bool spaced = false;    /* white space since the last token */
    while (count < max && next_token(s, n, &at, &tokens[count], &start, &end, &spaced)) {
        tokens[count].text = ik_xstrndup(s + start, end - start);
        count++;
        spaced = false;
    }
    /* past the last token kept: another word or a space finishes it */
    IkSearchToken more;
    if (count == max && next_token(s, n, &at, &more, &start, &end, &spaced))
        spaced = true;
    /* only a space finishes the last word: "psi*" or "psi)" is still being typed */
    if (trailing_space)
        *trailing_space = count > 0 && spaced;
    return count;
}

void ik_search_each_token(const char *normalized, void (*fn)(const IkSearchToken *, void *),
                          void *arg)
{
    size_t n = normalized ? strlen(normalized) : 0, at = 0, start = 0, end = 0;
    bool spaced = false;
    IkSearchToken tok;
    while (next_token(normalized, n, &at, &tok, &start, &end, &spaced)) {
        tok.text = ik_xstrndup(normalized + start, end - start);
        fn(&tok, arg);
        free(tok.text);
    }
}

void ik_search_tokens_free(IkSearchToken *tokens, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(tokens[i].text);
}

size_t ik_search_skeleton(const char *latin, bool loose, char *out, size_t size)
{
    size_t n = 0, len = 0;
    if (!size)
        return 0;
    for (const char *p = latin; *p; p++)
        len += *p >= 'a' && *p <= 'z';
    for (const char *p = latin; *p && n + 1 < size; p++) {
        char c = *p;
        if (c < 'a' || c > 'z')
            continue;
        if (--len == 0 && c == 'h' && n > 0)
            break;      /* the last letter, a final h */
        if (c == 'a' || c == 'e' || c == 'o')
            continue;
        if (c == 'i')
            c = 'y';
        else if (c == 'u')
            c = 'w';
        if (loose && (c == 'y' || c == 'w'))
            continue;
        if (n == 0 || out[n - 1] != c)
            out[n++] = c;
    }
    out[n] = 0;
    return n;
}
