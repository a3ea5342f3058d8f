/* Small validators shared by the readers: ids, times, contact data. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool ik_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > IK_MAX_ID)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
            return false;
    return true;
}

int ik_parse_time(const char *s)
{
    /* HH:MM or HH:MM:SS (HSDS allows seconds; they must be 00) */
    size_t n = strlen(s);
    if (n != 5 && n != 8)
        return -1;
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
        !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
        return -1;
    if (n == 8 && strcmp(s + 5, ":00") != 0)
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return -1;
    return h * 60 + m;
}

/* ---- contacts ------------------------------------------------------------- */
/* A decimal digit of any script we ship (ASCII, Arabic-Indic, Extended
 * Arabic-Indic, Bengali, fullwidth) as its value, or -1. */
static int digit_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= 0x660 && cp <= 0x669) return (int)(cp - 0x660);
    if (cp >= 0x6F0 && cp <= 0x6F9) return (int)(cp - 0x6F0);
    if (cp >= 0x9E6 && cp <= 0x9EF) return (int)(cp - 0x9E6);
    if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
    return -1;
}

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0 || cp == 0x202F ||
           cp == 0x2009 || cp == 0x3000;
}

typedef struct {
    char **items;
    size_t count, cap;
} List;

static void list_add(List *l, char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], s) == 0) {
            free(s);
            return;
        }
    if (l->count == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->items = ik_xrealloc(l->items, l->cap, sizeof(char *));
    }
    l->items[l->count++] = s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool token_char(uint32_t cp)
{
    return !is_space_cp(cp) && cp != '<' && cp != '>' && cp != '"' && cp != '(' &&
           cp != ')' && cp != 0x300C && cp != 0x300D && cp != 0xFF08 && cp != 0xFF09;
}

/* strips trailing sentence punctuation (ASCII, and "。", "،", "؟", "۔"...) */
static void trim_punctuation(char *tok)
{
    size_t tl = strlen(tok);
    while (tl && strchr(".,;:!?'", tok[tl - 1]))
        tok[--tl] = '\0';
    while (tl >= 2 && (unsigned char)tok[tl - 1] >= 0x80) {
        size_t k = tl - 1;
        while (k && ((unsigned char)tok[k] & 0xC0) == 0x80)
            k--;
        uint32_t cp;
        if (!ik_utf8_decode(tok + k, tl - k, &cp) ||
            !(cp == 0x3002 || cp == 0x060C || cp == 0x061F || cp == 0x06D4 || cp == 0xFF0C ||
              cp == 0x3001 || cp == 0x0964 || cp == 0x1362))
            break;
        tl = k;
        tok[tl] = '\0';
    }
}

/* A URL or e-mail: a whitespace-delimited token at i with "://", "www." or
 * '@'. Adds it (e-mails lower-cased) and returns where it ends, else i. */
static size_t url_or_email(const char *s, const uint32_t *cps, const size_t *off, size_t n,
                           size_t i, List *l)
{
    if (!token_char(cps[i]) || (i > 0 && token_char(cps[i - 1])))
        return i;
    size_t j = i;
    while (j < n && token_char(cps[j]))
        j++;
    char *tok = ik_xstrndup(s + off[i], off[j] - off[i]);
    trim_punctuation(tok);
    bool url = strstr(tok, "://") || ik_str_starts_with(tok, "www.");
    char *at = strchr(tok, '@');
    bool mail = at && at != tok && strchr(at, '.') && !strchr(tok, '%');
    if (!url && !mail) {
        free(tok);
        return i;
    }
    for (char *p = tok; *p && mail; p++)
        *p = (char)tolower((unsigned char)*p);
    list_add(l, tok);
    return j;
}

/* A phone-like run at i: '+' or a digit, then digits with single spaces,
 * dots or dashes between groups; kept when it has 5+ digits or a '+', or is
 * 3 digits, or 4 starting with 15 (112, 1522: four-digit numbers are years
 * more often than phones). Returns where it ends (i when none starts). */
static size_t phone_number(const uint32_t *cps, size_t n, size_t i, List *l)
{
    int d = digit_value(cps[i]);
    bool plus = cps[i] == '+' && i + 1 < n && digit_value(cps[i + 1]) >= 0;
    if ((d < 0 && !plus) ||
        (i > 0 && (digit_value(cps[i - 1]) >= 0 ||
                   isalpha((int)(cps[i - 1] < 128 ? cps[i - 1] : 0)) || cps[i - 1] == '%')))
        return i;
    IkBuf b = {0};
    size_t j = i + plus, digits = 0, groups = 1;
    if (plus)
        ik_buf_puts(&b, "+");
    while (j < n) {
        int v = digit_value(cps[j]);
        if (v >= 0) {
            char c = (char)('0' + v);
            ik_buf_append(&b, &c, 1);
            digits++;
            j++;
            continue;
        }
        /* a separator joins groups of a number ("800 290 290") but a year
         * after a short number ("47/2017") stays apart */
        if (!((cps[j] == ' ' || cps[j] == 0xA0 || cps[j] == '.') && j + 1 < n &&
              digit_value(cps[j + 1]) >= 0 && digits >= 2))
            break;
        size_t k = j + 1, next = 0;
        while (k < n && digit_value(cps[k]) >= 0) {
            k++;
            next++;
        }
        if (next < 2 || next > 4)
            break;
        groups++;
        j++;
    }
    bool after_alpha = j < n && cps[j] < 128 && isalpha((int)cps[j]);
    bool keep = !after_alpha && b.data &&
                (plus || digits >= 5 || (digits == 3 && groups == 1) ||
                 (digits == 4 && b.data[0] == '1' && b.data[1] == '5'));
    if (keep)
        list_add(l, ik_xstrdup(b.data));
    ik_buf_free(&b);
    return j > i ? j : i + 1;
}

char *ik_contacts(const char *s)
{
    size_t n = 0;
    size_t *off = NULL;
    uint32_t *cps = ik_utf8_to_utf32(s, strlen(s), &n, &off);
    List l = {0};
    for (size_t i = 0; i < n;) {
        size_t j = url_or_email(s, cps, off, n, i, &l);
        if (j == i)
            j = phone_number(cps, n, i, &l);
        i = j > i ? j : i + 1;
    }
    if (l.count)
        qsort(l.items, l.count, sizeof(char *), cmp_str);
    IkBuf out = {0};
    for (size_t k = 0; k < l.count; k++) {
        ik_buf_puts(&out, l.items[k]);
        ik_buf_puts(&out, "\n");
        free(l.items[k]);
    }
    free(l.items);
    free(cps);
    free(off);
    return out.data ? out.data : ik_xstrdup("");
}
