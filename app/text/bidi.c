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
#define LRO 0x202Du
#define PDF 0x202Cu

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
           c == ']' || c == '\'';
}
/* Arabic-Indic digits are bidi type AN: an isolate alone does not keep
 * their groups left to right, so spans holding them get an override. */
static bool is_arabic_digit(uint32_t c)
{
    return c >= 0x660 && c <= 0x669;
}
/* Net '(' minus ')' (or '[' minus ']') in cps[s, e). */
static long paren_balance(const uint32_t *cps, size_t s, size_t e, uint32_t open, uint32_t close)
{
    long d = 0;
    for (size_t k = s; k < e; k++)
        d += cps[k] == open ? 1 : cps[k] == close ? -1 : 0;
    return d;
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
    if (i > 0 && is_url_char(cps[i - 1]) && cps[i - 1] != '(' && cps[i - 1] != '[' &&
        cps[i - 1] != '\'')
        return 0;
    if (!has_prefix(cps, n, i, "http://") && !has_prefix(cps, n, i, "https://") &&
        !has_prefix(cps, n, i, "www."))
        return 0;
    size_t e = i;
    while (e < n && is_url_char(cps[e]))
        e++;
    /* Sentence punctuation after a URL is not part of it; a closing bracket
     * is, when the URL opened it (".../Foo_(bar)"). */
    while (e > i && is_trailing_punct(cps[e - 1])) {
        if (cps[e - 1] == ')' && paren_balance(cps, i, e, '(', ')') == 0)
            break;
        if (cps[e - 1] == ']' && paren_balance(cps, i, e, '[', ']') == 0)
            break;
        e--;
    }
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
    /* The last dot of what is left (a full stop after the address is not). */
    dot = 0;
    for (size_t k = at + 1; k < e; k++)
        if (cps[k] == '.')
            dot = k;
    return dot > at + 1 && dot + 2 < e + 1 && e - dot > 2 ? e : 0;
}

/* End of a time "9:00", "09.00" (or its Arabic-Indic form) at j, or 0. */
static size_t time_at(const uint32_t *cps, size_t n, size_t j)
{
    size_t e = j;
    while (e < n && e - j < 2 && is_digit(cps[e]))
        e++;
    if (e == j || e + 2 >= n || (cps[e] != ':' && cps[e] != '.') || !is_digit(cps[e + 1]) ||
        !is_digit(cps[e + 2]))
        return 0;
    return e + 3 < n && is_digit(cps[e + 3]) ? 0 : e + 3;
}
static bool is_range_dash(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014 || c == 0x2212;
}
/* At e (just after a time's last digit), a dash with spaces around it then
 * another time: the index of that time, or 0. */
static size_t time_range_next(const uint32_t *cps, size_t n, size_t e)
{
    if (e < 4 || !is_digit(cps[e - 1]) || !is_digit(cps[e - 2]) ||
        (cps[e - 3] != ':' && cps[e - 3] != '.') || !is_digit(cps[e - 4]))
        return 0;
    size_t k = e, spaces = 0;
    while (k < n && (cps[k] == ' ' || cps[k] == 0xA0 || cps[k] == 0x202F) && spaces < 2)
        k++, spaces++;
    if (k >= n || !is_range_dash(cps[k]))
        return 0;
    size_t d = ++k;
    while (k < n && (cps[k] == ' ' || cps[k] == 0xA0 || cps[k] == 0x202F) && k - d < 2)
        k++;
    if (spaces == 0 && k == d)
        return 0; /* unspaced: the ordinary separator rule takes it */
    return time_at(cps, n, k) ? k : 0;
}

/* End of a phone number (or a time range like 9:00-13:00) starting at i,
 * or 0: digit groups joined by single separators, at least three digits. */
static size_t phone_at(const uint32_t *cps, size_t n, size_t i)
{
    if (i > 0 && (is_digit(cps[i - 1]) || is_ascii_alnum(cps[i - 1]) || cps[i - 1] == '+'))
        return 0;
    size_t e = i, digits = 0, last_digit = 0;
    if (cps[e] == '(')
        e++;
    if (e < n && cps[e] == '+')
        e++;
    while (e < n) {
        if (is_digit(cps[e])) {
            digits++;
            last_digit = ++e;
            continue;
        }
        uint32_t c = cps[e];
        /* "09:00 – 13:00": a spaced dash joins two times, as "9:00-13:00". */
        size_t t = time_range_next(cps, n, e);
        if (t) {
            e = t;
            continue;
        }
        bool sep = c == ' ' || c == 0xA0 || c == 0x202F || c == '-' || c == 0x2010 ||
                   c == 0x2011 || c == 0x2013 || c == 0x2014 || c == 0x2212 || c == '.' || c == '/' || c == ':' ||
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
    /* Brackets stay paired: an isolate cut between "(" and ")" leaves each
     * half to be mirrored on its own. "(055 1234567)" takes its ")"; a
     * lone "(" inside ends the number before it; a leading one is left to
     * the sentence (the caller retries after it). */
    long depth = 0;
    for (size_t k = i; k < last_digit; k++) {
        if (cps[k] == '(' && paren_balance(cps, k, last_digit, '(', ')') > 0) {
            if (last_digit < n && cps[last_digit] == ')' && depth == 0 &&
                paren_balance(cps, k, last_digit, '(', ')') == 1)
                return last_digit + 1;
            if (k == i)
                return 0;
            size_t end = k;
            while (end > i && !is_digit(cps[end - 1]))
                end--;
            size_t d = 0;
            for (size_t j = i; j < end; j++)
                d += is_digit(cps[j]);
            return d >= 3 ? end : 0;
        }
        depth += cps[k] == '(' ? 1 : cps[k] == ')' ? -1 : 0;
        if (depth < 0)
            return 0; /* a ")" this span did not open */
    }
    return last_digit;
}

/* "tel: 800 290 290", "Tel. +39 ...", "fax:055...": the label reads with
 * its number (left alone, "tel:" would sit on the far side of it). */
static size_t tel_at(const uint32_t *cps, size_t n, size_t i)
{
    if ((i > 0 && is_ascii_alnum(cps[i - 1])) ||
        (!has_prefix(cps, n, i, "tel") && !has_prefix(cps, n, i, "fax")))
        return 0;
    size_t j = i + 3;
    if (j >= n || (cps[j] != ':' && cps[j] != '.'))
        return 0;
    j++;
    while (j < n && j - i < 6 && (cps[j] == ' ' || cps[j] == 0xA0))
        j++;
    if (j >= n || !(is_digit(cps[j]) || cps[j] == '+' || cps[j] == '('))
        return 0;
    return phone_at(cps, n, j);
}

uint32_t *ik_text_isolate_ltr_spans(const uint32_t *cps, size_t count, size_t *out_count,
                                    size_t **map)
{
    /* A span (one character at least) adds at most four controls. */
    uint32_t *out = ik_xmalloc((count * 5 + 1) * sizeof *out);
    size_t *m = ik_xmalloc((count * 5 + 1) * sizeof *m);
    size_t o = 0;
    for (size_t i = 0; i < count;) {
        size_t e = url_at(cps, count, i);
        if (!e)
            e = email_at(cps, count, i);
        if (!e && (is_digit(cps[i]) || cps[i] == '+' || cps[i] == '('))
            e = phone_at(cps, count, i);
        if (!e)
            e = tel_at(cps, count, i);
        if (!e) {
            out[o] = cps[i];
            m[o++] = i++;
            continue;
        }
        bool override = false;
        for (size_t k = i; k < e; k++)
            override = override || is_arabic_digit(cps[k]);
        out[o] = LRI;
        m[o++] = SIZE_MAX;
        if (override) {
            out[o] = LRO;
            m[o++] = SIZE_MAX;
        }
        for (; i < e; i++) {
            out[o] = cps[i];
            m[o++] = i;
        }
        if (override) {
            out[o] = PDF;
            m[o++] = SIZE_MAX;
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

/* ---- [SECTION] strong direction ------------------------------------------ */
IkDirection ik_text_strong_direction(const char *utf8, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = ik_utf8_decode(utf8 + i, len - i, &cp);
        if (n == 0)
            break;
        i += n;
        FriBidiCharType t = fribidi_get_bidi_type(cp);
        if (FRIBIDI_IS_STRONG(t) && !FRIBIDI_IS_EXPLICIT(t))
            return FRIBIDI_IS_RTL(t) ? IK_DIR_RTL : IK_DIR_LTR;
    }
    return IK_DIR_AUTO;
}
