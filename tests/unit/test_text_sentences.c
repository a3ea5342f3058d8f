/* text: sentence boundaries in every script the kiosk reads aloud (the
 * sentence being heard is highlighted, so the offsets must be right). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/text.h"

static void sentences_in_every_script(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *text;
        size_t ends[4];     /* code-point offsets, 0-terminated */
    } cases[] = {
        {"it", "Ciao. Come stai? Bene!", {6, 17, 22}},
        {"it", "Chiama il 112. Subito.", {15, 22}},
        {"ar", "مرحبا. كيف حالك؟ بخير", {7, 17, 21}},
        {"ur", "آپ کیسے ہیں۔ ٹھیک", {13, 17}},
        {"bn", "আমি ভালো। তুমি?", {10, 15}},
        {"ti", "ሰላም። ከመይ ኣለኻ፧", {5, 13}},
        {"zh-Hans", "你好。我很好。", {3, 7}},
        {"it", "Una sola frase senza punto", {26}},
        {"it", "", {0}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t *off = NULL, n = 99;
        assert_true(ik_text_sentences(cases[i].text, strlen(cases[i].text), cases[i].lang, &off, &n));
        size_t want = 0;
        while (want < 4 && cases[i].ends[want])
            want++;
        if (n != want)
            fail_msg("case %zu (%s): %zu sentences, want %zu", i, cases[i].lang, n, want);
        for (size_t k = 0; k < n; k++)
            if (off[k] != cases[i].ends[k])
                fail_msg("case %zu (%s): sentence %zu ends at %zu, want %zu", i, cases[i].lang, k,
                         off[k], cases[i].ends[k]);
        free(off);
    }
}

/* Invalid bytes count as one code point each, as everywhere in text. */
static void sentences_with_invalid_bytes(void **state)
{
    (void)state;
    const char text[] = "A\xff. B.";
    size_t *off = NULL, n = 0;
    assert_true(ik_text_sentences(text, strlen(text), NULL, &off, &n));
    assert_int_equal(n, 2);
    assert_int_equal(off[1], ik_utf8_length(text, strlen(text)));
    free(off);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sentences_in_every_script),
        cmocka_unit_test(sentences_with_invalid_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
