/* bidi: paragraph levels and line order (fribidi), line-break opportunities
 * (ICU), and the content transform that isolates phone numbers, URLs and
 * e-mail addresses.
 *
 * [SECTION] isolate   - LRI ... PDI around left-to-right spans
 * [SECTION] levels    - UAX #9 through fribidi
 * [SECTION] breaks    - UAX #14 through ICU's line iterator
 * [SECTION] order     - ik_text_order, what `incontro-text order` prints */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uloc.h>
#include <unicode/utext.h>

#include "bidi.h"

/* ---- [SECTION] isolate --------------------------------------------------- */
#define LRI 0x2066u
#define PDI 0x2069u

static bool is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9);
}
static bool is_ascii_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_email_local(uint32_t c)
{
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
static bool is_host(uint32_t c)
{
    return is_ascii_alnum(c) || c == '.' || c == '-';
}
static bool is_url_char(uint32_t c)
{
    return c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>';
}
static bool is_trailing_punct(uint32_t c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
           c == '\'';
}
static bool has_prefix(const uint32_t *cps, size_t n, size_t i, const char *p)
{
    size_t k = 0;
    for (; p[k]; k++) {
        uint32_t c = i + k < n ? cps[i + k] : 0;
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (uint32_t)p[k])
            return false;
    }
    return true;
}

/* End of a URL starting at i, or 0. */
static size_t url_at(const uint32_t *cps, size_t n, size_t i)
{
    if (i > 0 && is_url_char(cps[i - 1]))
        return 0;
    if (!has_prefix(cps, n, i, "http://") && !has_prefix(cps, n, i, "https://") &&
        !has_prefix(cps, n, i, "www."))
        return 0;
    size_t e = i;
    while (e < n && is_url_char(cps[e]))
        e++;
    while (e > i && is_trailing_punct(cps[e - 1]))
        e--;
    return e - i > 4 ? e : 0;
}

/* End of an e-mail address starting at i, or 0. */
static size_t email_at(const uint32_t *cps, size_t n, size_t i)
{
    if ((i > 0 && is_email_local(cps[i - 1])) || !is_email_local(cps[i]) || cps[i] == '.')
        return 0;
    size_t at = i;
    while (at < n && is_email_local(cps[at]))
        at++;
    if (at == i || at >= n || cps[at] != '@')
        return 0;
    size_t e = at + 1, dot = 0;
    while (e < n && is_host(cps[e])) {
        if (cps[e] == '.')
            dot = e;
        e++;
    }
    while (e > at + 1 && (cps[e - 1] == '.' || cps[e - 1] == '-'))
        e--;
    return dot > at + 1 && dot + 2 < e + 1 && e - dot > 2 ? e : 0;
}

/* End of a phone number (or a time range like 9:00-13:00) starting at i,
 * or 0: digit groups joined by single separators, at least three digits. */
static size_t phone_at(const uint32_t *cps, size_t n, size_t i)
{
    if (i > 0 && (is_digit(cps[i - 1]) || is_ascii_alnum(cps[i - 1]) || cps[i - 1] == '+'))
        return 0;
    size_t e = i, digits = 0, last_digit = 0;
    if (cps[e] == '+')
        e++;
    else if (cps[e] == '(')
        e++;
    while (e < n) {
        if (is_digit(cps[e])) {
            digits++;
            last_digit = ++e;
            continue;
        }
        uint32_t c = cps[e];
        bool sep = c == ' ' || c == 0xA0 || c == 0x202F || c == '-' || c == 0x2010 ||
                   c == 0x2011 || c == 0x2013 || c == '.' || c == '/' || c == ':' ||
                   c == '(' || c == ')';
        /* A separator counts only between digits (")" may follow digits). */
        if (!sep || e + 1 >= n)
            break;
        if (c == ')') {
            e++;
            continue;
        }
        uint32_t next = cps[e + 1];
        if (!(is_digit(next) || (next == '(' && e + 2 < n && is_digit(cps[e + 2]))))
            break;
        e++;
    }
    if (digits < 3 || last_digit == 0)
        return 0;
    /* A number glued to letters (a word, a code) is not a phone number. */
    if (last_digit < n && (is_ascii_alnum(cps[last_digit]) || cps[last_digit] == '@'))
        return 0;
    return last_digit;
}

uint32_t *ik_text_isolate_ltr_spans(const uint32_t *cps, size_t count, size_t *out_count,
                                    size_t **map)
{
    /* At most one span starts per input character: 3x bounds the output. */
    uint32_t *out = ik_xmalloc((count * 3 + 1) * sizeof *out);
    size_t *m = ik_xmalloc((count * 3 + 1) * sizeof *m);
    size_t o = 0;
    for (size_t i = 0; i < count;) {
        size_t e = url_at(cps, count, i);
        if (!e)
            e = email_at(cps, count, i);
        if (!e && (is_digit(cps[i]) || cps[i] == '+' || cps[i] == '('))
            e = phone_at(cps, count, i);
        if (!e) {
            out[o] = cps[i];
            m[o++] = i++;
            continue;
        }
        out[o] = LRI;
        m[o++] = SIZE_MAX;
        for (; i < e; i++) {
            out[o] = cps[i];
            m[o++] = i;
        }
        out[o] = PDI;
        m[o++] = SIZE_MAX;
    }
    *out_count = o;
    *map = m;
    return out;
}

/* ---- [SECTION] levels ---------------------------------------------------- */
bool ik_bidi_is_paragraph_end(uint32_t c)
{
    return c == 0x0A || c == 0x0D || (c >= 0x1C && c <= 0x1E) || c == 0x85 || c == 0x2029;
}

bool ik_bidi_removed(FriBidiCharType t)
{
    return t == FRIBIDI_TYPE_BN || t == FRIBIDI_TYPE_LRE || t == FRIBIDI_TYPE_RLE ||
           t == FRIBIDI_TYPE_LRO || t == FRIBIDI_TYPE_RLO || t == FRIBIDI_TYPE_PDF;
}

bool ik_bidi_paragraph(const uint32_t *cps, size_t n, IkDirection dir, bool fallback_rtl,
                       FriBidiCharType *types, FriBidiLevel *levels, bool *rtl)
{
    FriBidiBracketType *brackets = ik_xmalloc((n ? n : 1) * sizeof *brackets);
    fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, types);
    fribidi_get_bracket_types(cps, (FriBidiStrIndex)n, types, brackets);
    FriBidiParType pdir = dir == IK_DIR_LTR   ? FRIBIDI_PAR_LTR
                          : dir == IK_DIR_RTL ? FRIBIDI_PAR_RTL
                          : fallback_rtl      ? FRIBIDI_PAR_WRTL
                                              : FRIBIDI_PAR_ON;
    FriBidiLevel max = fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)n,
                                                           &pdir, levels);
    free(brackets);
    if (max == 0 && n > 0)
        return ik_fail("bidi analysis failed");
    *rtl = FRIBIDI_DIR_TO_LEVEL(pdir) & 1;
    return true;
}

/* ---- [SECTION] breaks ---------------------------------------------------- */
static void icu_locale(const char *lang, char *out, size_t size)
{
    size_t i = 0;
    for (; lang && lang[i] && i + 1 < size; i++)
        out[i] = lang[i] == '-' ? '_' : lang[i];
    out[i] = '\0';
}

bool ik_bidi_breaks(const uint32_t *cps, size_t n, const char *lang, uint8_t *out)
{
    memset(out, IK_BREAK_NONE, n + 1);
    if (n == 0)
        return true;
    /* ICU's line iterator works on UTF-16: map its offsets back. */
    UChar *u16 = ik_xmalloc((2 * n + 1) * sizeof *u16);
    size_t *to_cp = ik_xmalloc((2 * n + 1) * sizeof *to_cp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c >= 0x10000) {
            u16[k] = (UChar)(0xD800 + ((c - 0x10000) >> 10));
            to_cp[k++] = i;
            u16[k] = (UChar)(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            u16[k] = (UChar)((c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c);
        }
        to_cp[k++] = i;
    }
    to_cp[k] = n;
    char loc[32];
    icu_locale(lang, loc, sizeof loc);
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, loc, u16, (int32_t)k, &err);
    bool ok = U_SUCCESS(err);
    if (!ok) {
        ik_fail("ICU line iterator: %s", u_errorName(err));
        goto done;
    }
    for (int32_t b = ubrk_following(bi, 0); b != UBRK_DONE; b = ubrk_next(bi)) {
        int32_t status = ubrk_getRuleStatus(bi);
        out[to_cp[b]] = status >= UBRK_LINE_HARD && status < UBRK_LINE_HARD_LIMIT
                            ? IK_BREAK_HARD
                            : IK_BREAK_ALLOWED;
    }
    out[n] = out[n] ? out[n] : IK_BREAK_ALLOWED;
done:
    ubrk_close(bi);
    free(u16);
    free(to_cp);
    return ok;
}

bool ik_text_breaks(const char *utf8, size_t len, const char *lang, size_t **offsets,
                    size_t *count)
{
    size_t n = 0;
    uint32_t *cps = ik_utf8_to_utf32(utf8, len, &n, NULL);
    uint8_t *brk = ik_xmalloc(n + 1);
    size_t *out = ik_xmalloc((n + 1) * sizeof *out);
    size_t c = 0;
    bool ok = ik_bidi_breaks(cps, n, lang, brk);
    for (size_t i = 1; ok && i <= n; i++)
        if (brk[i])
            out[c++] = i;
    free(brk);
    free(cps);
    if (!ok) {
        free(out);
        return false;
    }
    *offsets = out;
    *count = c;
    return true;
}

/* ---- [SECTION] order ----------------------------------------------------- */
bool ik_text_order(const char *utf8, size_t len, IkDirection dir, bool content, size_t **order,
                   size_t *count)
{
    size_t n0 = 0, n = 0, *map = NULL, c = 0;
    bool ok = false;
    uint32_t *in = ik_utf8_to_utf32(utf8, len, &n0, NULL), *cps = in;
    if (content) {
        cps = ik_text_isolate_ltr_spans(in, n0, &n, &map);
    } else {
        n = n0;
    }
    FriBidiCharType *types = ik_xmalloc((n ? n : 1) * sizeof *types);
    FriBidiLevel *levels = ik_xmalloc((n ? n : 1) * sizeof *levels);
    FriBidiStrIndex *vis = ik_xmalloc((n ? n : 1) * sizeof *vis);
    size_t *out = ik_xmalloc((n ? n : 1) * sizeof *out);
    for (size_t ps = 0; ps < n;) {
        size_t pe = ps;
        while (pe < n && !ik_bidi_is_paragraph_end(cps[pe]))
            pe++;
        if (pe < n)
            pe++; /* the separator belongs to its paragraph */
        size_t pn = pe - ps;
        bool rtl;
        if (!ik_bidi_paragraph(cps + ps, pn, dir, false, types, levels, &rtl))
            goto done;
        for (size_t i = 0; i < pn; i++)
            vis[i] = (FriBidiStrIndex)i;
        FriBidiParType pdir = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
        /* flags 0: no L3 (marks keep their place as L2 leaves them). */
        if (!fribidi_reorder_line(0, types, (FriBidiStrIndex)pn, 0, pdir, levels, NULL, vis)) {
            ik_fail("bidi reordering failed");
            goto done;
        }
        for (size_t i = 0; i < pn; i++) {
            size_t logical = (size_t)vis[i];
            if (ik_bidi_removed(types[logical]))
                continue;
            size_t input = map ? map[ps + logical] : ps + logical;
            if (input != SIZE_MAX)
                out[c++] = input;
        }
        ps = pe;
    }
    ok = true;
done:
    if (ok) {
        *order = out;
        *count = c;
    } else {
        free(out);
    }
    free(vis);
    free(levels);
    free(types);
    if (cps != in)
        free(cps);
    free(in);
    free(map);
    return ok;
}
