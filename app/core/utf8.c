/* UTF-8 decoding and encoding, strict per RFC 3629. */
#include "incontro/core.h"

#include <stdlib.h>

size_t ik_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t c;
    size_t len;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        c = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        c = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
    if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
        (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
        return 0;
    *cp = c;
    return len;
}

size_t ik_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

bool ik_utf8_valid(const char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    uint32_t cp;

    while (i < n) {
        size_t len = ik_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            if (bad)
                *bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

uint32_t *ik_utf8_to_utf32(const char *s, size_t n, size_t *count,
                           size_t **byte_offsets)
{
    uint32_t *out = ik_xmalloc((n + 1) * sizeof *out);
    size_t *offsets = byte_offsets ? ik_xmalloc((n + 1) * sizeof *offsets)
                                   : NULL;
    size_t i = 0, k = 0;

    while (i < n) {
        uint32_t cp;
        size_t len = ik_utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            cp = IK_REPLACEMENT_CHAR;
            len = 1;
        }
        if (offsets)
            offsets[k] = i;
        out[k++] = cp;
        i += len;
    }
    if (offsets) {
        offsets[k] = n;
        *byte_offsets = offsets;
    }
    out[k] = 0;
    *count = k;
    return out;
}

char *ik_utf32_to_utf8(const uint32_t *cps, size_t count)
{
    char *out = ik_xmalloc(count * 4 + 1);
    size_t k = 0;

    for (size_t i = 0; i < count; i++) {
        size_t len = ik_utf8_encode(cps[i], out + k);
        if (len == 0)
            len = ik_utf8_encode(IK_REPLACEMENT_CHAR, out + k);
        k += len;
    }
    out[k] = '\0';
    return out;
}

size_t ik_utf8_length(const char *s, size_t n)
{
    size_t i = 0, count = 0;
    uint32_t cp;

    while (i < n) {
        size_t len = ik_utf8_decode(s + i, n - i, &cp);
        i += len ? len : 1;
        count++;
    }
    return count;
}
