/* ik_text_isolate_ltr_spans on realistic contact data inside right-to-left
 * (and left-to-right) sentences: which characters become one left-to-right
 * unit, and that `order --content` then shows each unit's characters left
 * to right in logical order. Expected strings mark LRI/PDI as ⟦ ⟧ and an
 * added LRO/PDF (Arabic-Indic digits) as ⟪ ⟫. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/text.h"

static const struct {
    const char *text, *want;
} cases[] = {
    /* Italian formats inside Arabic, Persian, Pashto and Urdu sentences. */
    {"اتصل بالرقم +39 055 123 4567 الآن", "اتصل بالرقم ⟦+39 055 123 4567⟧ الآن"},
    {"اتصل بالرقم +39 (055) 123-4567 الآن", "اتصل بالرقم ⟦+39 (055) 123-4567⟧ الآن"},
    {"اتصل على 055/1234567 الآن", "اتصل على ⟦055/1234567⟧ الآن"},
    {"اتصل على 055-123.45.67 الآن", "اتصل على ⟦055-123.45.67⟧ الآن"},
    {"الرقم المجاني 800 290 290.", "الرقم المجاني ⟦800 290 290⟧."},
    {"الرقم 19696، مجاني", "الرقم ⟦19696⟧، مجاني"},
    {"رقم الطوارئ 112؟", "رقم الطوارئ ⟦112⟧؟"},
    {"اتصل 0039 0574 123456 أو +39 333 1234567",
     "اتصل ⟦0039 0574 123456⟧ أو ⟦+39 333 1234567⟧"},
    {"اتصل بلندن +44 20 7946 0958.", "اتصل بلندن ⟦+44 20 7946 0958⟧."},
    {"مدد کے لیے 800 290 290 پر کال کریں۔", "مدد کے لیے ⟦800 290 290⟧ پر کال کریں۔"},
    {"د مرستې لپاره +39 333 1234567 ته زنګ ووهئ.",
     "د مرستې لپاره ⟦+39 333 1234567⟧ ته زنګ ووهئ."},
    {"+39 055 123 4567 هو الرقم", "⟦+39 055 123 4567⟧ هو الرقم"},
    {"الرقم هو +39 055 123 4567", "الرقم هو ⟦+39 055 123 4567⟧"},
    {"الرقم «+39 055 123 4567» مجاني", "الرقم «⟦+39 055 123 4567⟧» مجاني"},
    /* The label goes with its number ("tel:" alone would end up after it). */
    {"اتصل tel: 800 290 290", "اتصل ⟦tel: 800 290 290⟧"},
    {"الهاتف Tel.+39 055 1234567.", "الهاتف ⟦Tel.+39 055 1234567⟧."},
    {"hotel: 800", "hotel: ⟦800⟧"},
    /* Several numbers: each is its own unit, in sentence order. */
    {"اتصل 800 290 290 و 112 و 1522", "اتصل ⟦800 290 290⟧ و ⟦112⟧ و ⟦1522⟧"},
    {"اتصل 800 290 290 / 1522", "اتصل ⟦800 290 290⟧ / ⟦1522⟧"},
    {"الهاتف: 055 1234567 / 055 7654321؛ البريد: a@b.it",
     "الهاتف: ⟦055 1234567⟧ / ⟦055 7654321⟧؛ البريد: ⟦a@b.it⟧"},
    /* Brackets stay paired: inside the unit together, or outside together. */
    {"الرقم (055 1234567) مجاني", "الرقم ⟦(055 1234567)⟧ مجاني"},
    {"(+39 055 123 4567) هو الرقم", "⟦(+39 055 123 4567)⟧ هو الرقم"},
    {"الرقم (+39 055 123 4567)، مجاني", "الرقم ⟦(+39 055 123 4567)⟧، مجاني"},
    {"الرقم [055 1234567] مجاني", "الرقم [⟦055 1234567⟧] مجاني"},
    {"(055) 123-4567، فوري", "⟦(055) 123-4567⟧، فوري"},
    {"الرقم (+39) 055 1234567", "الرقم ⟦(+39) 055 1234567⟧"},
    {"الرقم (055 123", "الرقم (⟦055 123⟧"},
    /* Arabic-Indic digits are AN: the unit needs an override as well. */
    {"اتصل ٠٥٥ ١٢٣ ٤٥٦٧ الآن", "اتصل ⟦⟪٠٥٥ ١٢٣ ٤٥٦٧⟫⟧ الآن"},
    {"اتصل +٣٩ ٠٥٥ ١٢٣ ٤٥٦٧ الآن", "اتصل ⟦⟪+٣٩ ٠٥٥ ١٢٣ ٤٥٦٧⟫⟧ الآن"},
    {"ساعات العمل ٩:٠٠-١٣:٠٠", "ساعات العمل ⟦⟪٩:٠٠-١٣:٠٠⟫⟧"},
    /* Persian digits are EN: an isolate is enough. */
    {"برای کمک با شماره ۸۰۰ ۲۹۰ ۲۹۰ تماس بگیرید.",
     "برای کمک با شماره ⟦۸۰۰ ۲۹۰ ۲۹۰⟧ تماس بگیرید."},
    {"ساعت کاری: ۰۹:۰۰ – ۱۳:۰۰", "ساعت کاری: ⟦۰۹:۰۰ – ۱۳:۰۰⟧"},
    /* Times and dates read the same whatever the dash. */
    {"مفتوح 9:00-13:00 من الاثنين", "مفتوح ⟦9:00-13:00⟧ من الاثنين"},
    {"مفتوح 09:00 – 13:00 من الاثنين", "مفتوح ⟦09:00 – 13:00⟧ من الاثنين"},
    {"مفتوح 9.00 - 13.00 و 15:00—18:00", "مفتوح ⟦9.00 - 13.00⟧ و ⟦15:00—18:00⟧"},
    {"الموعد 29/11/2026 في المكتب", "الموعد ⟦29/11/2026⟧ في المكتب"},
    {"القانون 47/2017 يحمي النساء", "القانون ⟦47/2017⟧ يحمي النساء"},
    {"من 800 290 290 – 1522", "من ⟦800 290 290⟧ – ⟦1522⟧"},
    /* URLs: sentence punctuation stays outside, a URL's own ")" inside. */
    {"زوروا https://www.example.org/a/b?x=1&y=2 للمزيد",
     "زوروا ⟦https://www.example.org/a/b?x=1&y=2⟧ للمزيد"},
    {"الموقع https://www.example.org/a/b?x=1&y=2.", "الموقع ⟦https://www.example.org/a/b?x=1&y=2⟧."},
    {"الموقع (https://www.example.org/a/b) للمزيد", "الموقع (⟦https://www.example.org/a/b⟧) للمزيد"},
    {"الموقع https://www.example.org/a/b، للمزيد", "الموقع ⟦https://www.example.org/a/b⟧، للمزيد"},
    {"الموقع www.example.org؟", "الموقع ⟦www.example.org⟧؟"},
    {"https://example.org/a_(b) هو الرابط", "⟦https://example.org/a_(b)⟧ هو الرابط"},
    {"الرابط https://example.org/a_(b)).", "الرابط ⟦https://example.org/a_(b)⟧)."},
    /* E-mail addresses. */
    {"راسلونا info@example.org.", "راسلونا ⟦info@example.org⟧."},
    {"راسلونا nome.cognome+tag@sub.example.co.uk، شكرا",
     "راسلونا ⟦nome.cognome+tag@sub.example.co.uk⟧، شكرا"},
    {"راسلونا (info@example.org) شكرا", "راسلونا (⟦info@example.org⟧) شكرا"},
    /* Left-to-right text: isolating changes nothing a reader sees. */
    {"Call +39 055 123 4567 now.", "Call ⟦+39 055 123 4567⟧ now."},
    {"Write to info@example.org, or www.example.org.",
     "Write to ⟦info@example.org⟧, or ⟦www.example.org⟧."},
    /* Not contact data: left to plain UAX #9. */
    {"الخطوات 1. 2. 3. بسيطة", "الخطوات 1. 2. 3. بسيطة"},
    {"خصم 50% على الكل", "خصم 50% على الكل"},
    {"عمره 3 anni", "عمره 3 anni"},
    {"عندي 3 أولاد و 12 سنة", "عندي 3 أولاد و 12 سنة"},
    {"المبلغ 1.500 يورو", "المبلغ ⟦1.500⟧ يورو"}, /* reads the same either way */
    {"الكود A123B والرقم", "الكود A123B والرقم"},
    {"", ""},
};

static char *marked(const uint32_t *cps, size_t n)
{
    uint32_t *m = ik_xmalloc((n + 1) * sizeof *m);
    for (size_t i = 0; i < n; i++)
        m[i] = cps[i] == 0x2066   ? 0x27E6
               : cps[i] == 0x2069 ? 0x27E7
               : cps[i] == 0x202D ? 0x27EA
               : cps[i] == 0x202C ? 0x27EB
                                  : cps[i];
    char *s = ik_utf32_to_utf8(m, n);
    free(m);
    return s;
}

static void test_isolated_spans(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t n = 0, out_n = 0, *map = NULL;
        uint32_t *in = ik_utf8_to_utf32(cases[c].text, strlen(cases[c].text), &n, NULL);
        uint32_t *out = ik_text_isolate_ltr_spans(in, n, &out_n, &map);
        char *got = marked(out, out_n);
        if (strcmp(got, cases[c].want) != 0)
            fail_msg("case %zu\n  want %s\n  got  %s", c, cases[c].want, got);
        /* The map points every kept character back at itself. */
        size_t k = 0;
        for (size_t i = 0; i < out_n; i++) {
            if (map[i] == SIZE_MAX)
                continue;
            assert_int_equal(map[i], k);
            assert_int_equal(out[i], in[k]);
            k++;
        }
        assert_int_equal(k, n);
        free(got);
        free(out);
        free(map);
        free(in);
    }
}

/* Visual order (--content, either paragraph direction): each isolated
 * span's characters appear left to right, consecutive, in logical order,
 * and every input character appears once. */
static void test_spans_read_left_to_right(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        for (int d = 0; d < 3; d++) {
            IkDirection dir = d == 0 ? IK_DIR_RTL : d == 1 ? IK_DIR_LTR : IK_DIR_AUTO;
            const char *s = cases[c].text;
            size_t n = 0, *order = NULL, cn = 0, *map = NULL, on = 0;
            assert_true(ik_text_order(s, strlen(s), dir, true, &order, &n));
            uint32_t *in = ik_utf8_to_utf32(s, strlen(s), &cn, NULL);
            assert_int_equal(n, cn);
            uint32_t *out = ik_text_isolate_ltr_spans(in, cn, &on, &map);
            char *seen = ik_xcalloc(cn + 1, 1);
            for (size_t i = 0; i < n; i++) {
                assert_true(order[i] < cn);
                assert_false(seen[order[i]]);
                seen[order[i]] = 1;
            }
            for (size_t i = 0; i < on; i++) {
                if (out[i] != 0x2066)
                    continue;
                size_t a = SIZE_MAX, b = 0;
                for (size_t j = i + 1; j < on && out[j] != 0x2069; j++)
                    if (map[j] != SIZE_MAX) {
                        a = a == SIZE_MAX ? map[j] : a;
                        b = map[j];
                    }
                size_t at = 0;
                while (at < n && order[at] != a)
                    at++;
                for (size_t k = a; k <= b; k++)
                    if (at + k - a >= n || order[at + k - a] != k)
                        fail_msg("case %zu dir %d: span %zu..%zu not left to right in %s", c,
                                 d, a, b, s);
            }
            free(seen);
            free(out);
            free(map);
            free(in);
            free(order);
        }
    }
}

/* Adversarial shapes: bounded output, no hang. */
static void test_isolate_pathological(void **state)
{
    (void)state;
    const char *unit[] = {"1 ", "+", "(", "tel:", "9:00 – ", "a@", "http://", "٠", "(1)"};
    for (size_t u = 0; u < sizeof unit / sizeof *unit; u++) {
        size_t len = strlen(unit[u]), reps = 20000 / len;
        char *s = ik_xmalloc(reps * len + 8);
        for (size_t r = 0; r < reps; r++)
            memcpy(s + r * len, unit[u], len);
        memcpy(s + reps * len, "123", 4);
        size_t n = 0, *order = NULL;
        assert_true(ik_text_order(s, strlen(s), IK_DIR_RTL, true, &order, &n));
        assert_int_equal(n, ik_utf8_length(s, strlen(s)));
        free(order);
        free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isolated_spans),
        cmocka_unit_test(test_spans_read_left_to_right),
        cmocka_unit_test(test_isolate_pathological),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
