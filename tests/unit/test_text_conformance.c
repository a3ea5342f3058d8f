/* Unicode's own conformance files run through the engine's code path: the
 * functions `incontro-text order` and `incontro-text breaks` call
 * (ik_text_order, ik_text_breaks). Prints the pass rates and the first
 * failures; asserts >= 99.9% for UAX #9 and >= 99.6% for UAX #14. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/text.h"
#include "data_fixture.h"

#define BIDI_TEST "/usr/share/unicode/BidiCharacterTest.txt"
#define BREAK_TEST "/usr/share/unicode/auxiliary/LineBreakTest.txt"

/* Code points as UTF-8; false when one cannot be encoded (a surrogate). */
static bool encode(const uint32_t *cps, size_t n, IkBuf *out)
{
    out->len = 0;
    for (size_t i = 0; i < n; i++) {
        char b[4];
        size_t k = ik_utf8_encode(cps[i], b);
        if (!k)
            return false;
        ik_buf_append(out, b, k);
    }
    ik_buf_append(out, "", 0);
    return true;
}

static void test_bidi_character_test(void **state)
{
    (void)state;
    FILE *f = test_open_data(BIDI_TEST, "unicode-data");
    char *line = NULL;
    size_t cap = 0, total = 0, passed = 0, shown = 0;
    long lineno = 0;
    IkBuf text = {0};
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *fields[5];
        char *p = line;
        int nf = 0;
        for (; nf < 5; nf++) {
            fields[nf] = p;
            char *semi = strchr(p, ';');
            if (!semi)
                break;
            *semi = '\0';
            p = semi + 1;
        }
        if (nf < 4)
            continue;
        fields[4][strcspn(fields[4], "\r\n")] = '\0';
        uint32_t cps[256];
        size_t n = 0;
        for (char *s = fields[0]; *s && n < 256;) {
            char *end;
            unsigned long v = strtoul(s, &end, 16);
            if (end == s)
                break;
            cps[n++] = (uint32_t)v;
            s = end;
        }
        int d = atoi(fields[1]);
        IkDirection dir = d == 0 ? IK_DIR_LTR : d == 1 ? IK_DIR_RTL : IK_DIR_AUTO;
        size_t expect[256], ne = 0;
        for (char *s = fields[4]; *s && ne < 256;) {
            char *end;
            unsigned long v = strtoul(s, &end, 10);
            if (end == s)
                break;
            expect[ne++] = v;
            s = end;
        }
        total++;
        size_t *order = NULL, count = 0;
        bool ok = encode(cps, n, &text) && ik_text_order(text.data, text.len, dir, false,
                                                         &order, &count);
        ok = ok && count == ne && (ne == 0 || memcmp(order, expect, ne * sizeof *order) == 0);
        if (ok)
            passed++;
        else if (shown++ < 10)
            fprintf(stderr, "%s:%ld: order differs\n", BIDI_TEST, lineno);
        free(order);
    }
    free(line);
    ik_buf_free(&text);
    fclose(f);
    double rate = total ? 100.0 * (double)passed / (double)total : 0;
    printf("BidiCharacterTest: %zu/%zu passed (%.3f%%)\n", passed, total, rate);
    assert_true(total > 90000);
    assert_true(rate >= 99.9);
}

static void test_line_break_test(void **state)
{
    (void)state;
    FILE *f = test_open_data(BREAK_TEST, "unicode-data");
    char *line = NULL;
    size_t cap = 0, total = 0, passed = 0, skipped = 0, shown = 0;
    long lineno = 0;
    IkBuf text = {0};
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        uint32_t cps[512];
        size_t n = 0, expect[512], ne = 0;
        /* "× 0023 ÷ 0020 ×": ÷ (C3 B7) after code point k-1 is a break at k. */
        for (char *s = line; *s;) {
            if ((unsigned char)s[0] == 0xC3 && (unsigned char)s[1] == 0xB7) {
                if (n > 0 && ne < 512)
                    expect[ne++] = n;
                s += 2;
            } else if (isxdigit((unsigned char)*s)) {
                char *end;
                cps[n < 512 ? n++ : n] = (uint32_t)strtoul(s, &end, 16);
                s = end;
            } else {
                s++;
            }
        }
        if (n == 0)
            continue;
        if (!encode(cps, n, &text)) {
            skipped++;
            continue;
        }
        total++;
        size_t *offsets = NULL, count = 0;
        bool ok = ik_text_breaks(text.data, text.len, NULL, &offsets, &count) && count == ne &&
                  memcmp(offsets, expect, ne * sizeof *offsets) == 0;
        if (ok)
            passed++;
        else if (shown++ < 10)
            fprintf(stderr, "%s:%ld: breaks differ\n", BREAK_TEST, lineno);
        free(offsets);
    }
    free(line);
    ik_buf_free(&text);
    fclose(f);
    double rate = total ? 100.0 * (double)passed / (double)total : 0;
    printf("LineBreakTest: %zu/%zu passed (%.3f%%), %zu not encodable as UTF-8\n", passed, total,
           rate, skipped);
    assert_true(total > 7000);
    assert_true(rate >= 99.6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bidi_character_test),
        cmocka_unit_test(test_line_break_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
