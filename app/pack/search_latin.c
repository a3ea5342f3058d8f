/* Latin readings of the directory's texts for the search index (see
 * app/content/search_format.h): the pinyin of every Chinese word (ICU's
 * word segmentation for Chinese, then its Han-Latin transliterator, tones
 * dropped) and the consonant skeletons of every Arabic-script word (ICU's
 * Arabic-Latin transliteration, after the letters of Pashto and Urdu it does
 * not know are read as their nearest Arabic ones). Each distinct word is
 * transliterated once per build. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "../content/search_format.h"
#include "internal.h"

struct IkSearchLatin {
    UTransliterator *han;       /* Han-Latin; Latin-ASCII; Lower */
    UTransliterator *arabic;    /* the rules below */
    UBreakIterator *words;      /* word boundaries, with the Chinese dictionary */
    IkMap *seen;                /* "h|word" or "a|word" -> its readings + 1 (0: none) */
    char **readings;            /* the marked tokens of each word seen, space-separated */
    size_t count;
};

/* Pashto and Urdu letters ICU's Arabic-Latin leaves as they are, as the
 * Arabic letters nearest in sound (the normalizer has already folded the
 * ya, kaf and ha forms). */
static const char arabic_rules[] =
    "ټ > ت; ٹ > ت; ډ > د; ڈ > د; ړ > ر; ڑ > ر; ښ > ش; ږ > ژ; ځ > ز; څ > س; ڼ > ن; ں > ن;"
    "ګ > گ; ۍ > ي; ې > ي;\n"
    ":: Any-Latin;\n:: Latin-ASCII;\n:: Lower;\n";

IkSearchLatin *ik_search_latin_create(void)
{
    IkSearchLatin *l = ik_xcalloc(1, sizeof *l);
    UErrorCode err = U_ZERO_ERROR;
    UChar id[64], rules[sizeof arabic_rules];
    int32_t nrules = 0;
    UParseError where;
    u_uastrcpy(id, "Han-Latin; Latin-ASCII; Lower");
    l->han = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    u_strFromUTF8(rules, (int32_t)(sizeof rules / sizeof rules[0]), &nrules, arabic_rules, -1, &err);
    u_uastrcpy(id, "incontro-arabic-latin");
    l->arabic = utrans_openU(id, -1, UTRANS_FORWARD, rules, nrules, &where, &err);
    l->words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
    l->seen = ik_map_create();
    if (U_FAILURE(err)) {
        ik_fail("search index: ICU cannot transliterate (%s)", u_errorName(err));
        ik_search_latin_destroy(l);
        return NULL;
    }
    return l;
}

void ik_search_latin_destroy(IkSearchLatin *l)
{
    if (!l)
        return;
    if (l->han)
        utrans_close(l->han);
    if (l->arabic)
        utrans_close(l->arabic);
    if (l->words)
        ubrk_close(l->words);
    ik_map_destroy(l->seen);
    for (size_t i = 0; i < l->count; i++)
        free(l->readings[i]);
    free(l->readings);
    free(l);
}

/* t applied to u[0..n) into ASCII out; false when it does not fit */
static bool transliterate(UTransliterator *t, const UChar *u, int32_t n, char *out, size_t size)
{
    UChar buf[512];     /* a Chinese character grows to a syllable and a space */
    if (n <= 0 || n > 64)
        return false;
    memcpy(buf, u, (size_t)n * sizeof *u);
    int32_t len = n, limit = n;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(t, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &err);
    int32_t n8 = 0;
    u_strToUTF8(out, (int32_t)size - 1, &n8, buf, len, &err);
    if (U_FAILURE(err))
        return false;
    out[n8] = 0;
    return true;
}

/* the marked pinyin of one Chinese word: each syllable, and all joined */
static char *pinyin_tokens(IkSearchLatin *l, const UChar *u, int32_t n)
{
    char latin[512];
    if (!transliterate(l->han, u, n, latin, sizeof latin))
        return NULL;
    IkBuf b = {0}, joined = {0};
    int syllables = 0;
    for (char *save = NULL, *w = strtok_r(latin, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char syl[64];
        size_t k = 0;
        for (; *w && k + 1 < sizeof syl; w++)
            if (*w >= 'a' && *w <= 'z')
                syl[k++] = *w;
        syl[k] = 0;
        if (!k)
            continue;
        ik_buf_printf(&b, "%s" IK_SEARCH_PINYIN_MARK "%s", b.len ? " " : "", syl);
        ik_buf_puts(&joined, syl);
        syllables++;
    }
    if (syllables > 1)
        ik_buf_printf(&b, " " IK_SEARCH_PINYIN_MARK "%s", joined.data);
    ik_buf_free(&joined);
    return b.data;
}

/* the marked skeletons of one normalized Arabic-script word */
static char *skeleton_tokens(IkSearchLatin *l, const char *word)
{
    UChar u[128];
    int32_t n = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(u, 128, &n, word, -1, &err);
    char latin[512];
    if (U_FAILURE(err) || !transliterate(l->arabic, u, n, latin, sizeof latin))
        return NULL;
    char strict[IK_SEARCH_TOKEN_MAX + 1], loose[IK_SEARCH_TOKEN_MAX + 1];
    size_t ns = ik_search_skeleton(latin, false, strict, sizeof strict);
    size_t nl = ik_search_skeleton(latin, true, loose, sizeof loose);
    IkBuf b = {0};
    if (ns >= IK_SEARCH_SKELETON_MIN)
        ik_buf_printf(&b, IK_SEARCH_SKELETON_MARK "%s", strict);
    if (nl >= IK_SEARCH_SKELETON_MIN && strcmp(strict, loose))
        ik_buf_printf(&b, "%s" IK_SEARCH_SKELETON_MARK "%s", b.len ? " " : "", loose);
    return b.data;
}

/* appends the readings of word (computed once) to b */
static void add_reading(IkSearchLatin *l, IkBuf *b, char kind, const char *word, const UChar *u,
                        int32_t n)
{
    char *key = ik_xasprintf("%c|%s", kind, word);
    size_t at = 0;
    if (!ik_map_get(l->seen, key, &at)) {
        char *r = kind == 'h' ? pinyin_tokens(l, u, n) : skeleton_tokens(l, word);
        if (r) {
            l->readings = ik_xrealloc(l->readings, l->count + 1, sizeof *l->readings);
            l->readings[l->count++] = r;
            at = l->count;
        }
        ik_map_put(l->seen, key, at, NULL);
    }
    free(key);
    if (at)
        ik_buf_printf(b, "%s%s", b->len ? " " : "", l->readings[at - 1]);
}

static bool has_script(const UChar *u, int32_t n, UScriptCode want)
{
    for (int32_t i = 0; i < n;) {
        UChar32 c;
        U16_NEXT(u, i, n, c);
        UErrorCode err = U_ZERO_ERROR;
        if (uscript_getScript(c, &err) == want)
            return true;
    }
    return false;
}

/* the pinyin of the Chinese words of raw text */
static void add_pinyin(IkSearchLatin *l, IkBuf *b, const char *raw)
{
    size_t cap = strlen(raw) + 1;   /* UTF-16 units never outnumber UTF-8 bytes */
    if (cap > INT32_MAX / 2)
        return;
    UChar *u = ik_xmalloc(cap * sizeof *u);
    int32_t n = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8WithSub(u, (int32_t)cap, &n, raw, -1, 0xFFFD, NULL, &err);
    bool han = U_SUCCESS(err) && has_script(u, n, USCRIPT_HAN);
    if (han)
        ubrk_setText(l->words, u, n, &err);
    if (!han || U_FAILURE(err)) {
        free(u);
        return;
    }
    int32_t start = ubrk_first(l->words);
    for (int32_t end = ubrk_next(l->words); end != UBRK_DONE; start = end, end = ubrk_next(l->words)) {
        if (!has_script(u + start, end - start, USCRIPT_HAN))
            continue;
        char word[256];
        int32_t n8 = 0;
        err = U_ZERO_ERROR;
        u_strToUTF8(word, sizeof word - 1, &n8, u + start, end - start, &err);
        if (U_FAILURE(err))
            continue;
        word[n8] = 0;
        add_reading(l, b, 'h', word, u + start, end - start);
    }
    err = U_ZERO_ERROR;
    ubrk_setText(l->words, NULL, 0, &err);   /* u is freed below */
    free(u);
}

typedef struct {
    IkSearchLatin *latin;
    IkBuf *out;
} Skeletons;

/* the skeletons of one word of normalized text, if Arabic-script */
static void add_skeletons(const IkSearchToken *tok, void *arg)
{
    Skeletons *sk = arg;
    UChar u[128];
    int32_t n = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(u, 128, &n, tok->text, -1, &err);
    if (U_SUCCESS(err) && has_script(u, n, USCRIPT_ARABIC))
        add_reading(sk->latin, sk->out, 'a', tok->text, u, n);
}

void ik_search_latin_add(IkSearchLatin *l, IkBuf *b, const char *raw, const char *normalized)
{
    if (!l || !raw)
        return;
    add_pinyin(l, b, raw);
    Skeletons sk = {l, b};
    if (normalized)
        ik_search_each_token(normalized, add_skeletons, &sk);
}
