/* ui: typing on the on-screen keyboards of every script: Bengali InScript
 * (conjuncts and vowel signs shaped by HarfBuzz from letters typed in
 * logical order, Shift for one letter), Tigrinya fidel (a consonant, then
 * its vowel order replacing it), the other scripts, the switch to Latin,
 * and every letter of every interface string and directory name typeable
 * by a reader of that language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/ui.h"
#include "text_fixture.h"

/* Presses the ids in order; each must be a key. */
static void keys(IkKeyboard own, IkKeyState *st, char *text, size_t size,
                 const char *const *ids)
{
    for (; *ids; ids++)
        if (!ik_ui_keyboard_press(own, st, text, size, *ids))
            fail_msg("%s is no key", *ids);
}

static void bengali_inscript_in_logical_order(void **state)
{
    (void)state;
    IkKeyState st = {0};
    char text[64] = "";
    /* মনোবিদ: ম ন ো ব ি দ — the signs after their consonants */
    static const char *const word[] = {"key:ম", "key:ন", "key:ো", "key:ব", "key:ি", "key:দ", NULL};
    keys(IK_KEYS_BENGALI, &st, text, sizeof text, word);
    assert_string_equal(text, "মনোবিদ");
    /* ক্ষ: ক, hasanta, ষ (on the Shift layer, for one letter) */
    text[0] = '\0';
    static const char *const conjunct[] = {"key:ক", "key:্", "key:shift", "key:ষ", NULL};
    keys(IK_KEYS_BENGALI, &st, text, sizeof text, conjunct);
    assert_string_equal(text, "ক্ষ");
    assert_false(st.shift);                     /* one letter long */
    /* অভিভাবক starts with an independent vowel from the Shift layer */
    text[0] = '\0';
    static const char *const parent[] = {"key:shift", "key:অ", "key:shift", "key:ভ", "key:ি",
                                         "key:shift", "key:ভ", "key:া", "key:ব", "key:ক", NULL};
    keys(IK_KEYS_BENGALI, &st, text, sizeof text, parent);
    assert_string_equal(text, "অভিভাবক");
    /* Shift pressed twice is off again; a base letter leaves it on */
    ik_ui_keyboard_press(IK_KEYS_BENGALI, &st, text, sizeof text, "key:shift");
    ik_ui_keyboard_press(IK_KEYS_BENGALI, &st, text, sizeof text, "key:shift");
    assert_false(st.shift);
    /* backspace takes one letter (three bytes here), never half of one */
    ik_ui_keyboard_press(IK_KEYS_BENGALI, &st, text, sizeof text, "key:backspace");
    assert_string_equal(text, "অভিভাব");
    for (int i = 0; i < 20; i++)
        ik_ui_keyboard_press(IK_KEYS_BENGALI, &st, text, sizeof text, "key:backspace");
    assert_string_equal(text, "");
    /* the keyboard has what Bengali words need, on one layer or the other */
    static const char *const letters[] = {"ক", "ষ", "অ", "ঋ", "ৎ", "ং", "ঁ", "়", "ড", "য়", "্"};
    for (size_t i = 0; i < sizeof letters / sizeof *letters; i++)
        if (!ik_ui_keyboard_has(IK_KEYS_BENGALI, letters[i]))
            fail_msg("no Bengali key for %s", letters[i]);
}

static void tigrinya_consonant_then_order(void **state)
{
    (void)state;
    IkKeyState st = {0};
    char text[64] = "";
    /* ሓገዝ: ሐ then its 4th order ሓ; ገ; ዘ then its 6th order ዝ */
    static const char *const word[] = {"key:ሐ", "key:ሓ", "key:ገ", "key:ዘ", "key:ዝ", NULL};
    keys(IK_KEYS_ETHIOPIC, &st, text, sizeof text, word);
    assert_string_equal(text, "ሓገዝ");
    /* another order of the same consonant corrects the last syllable */
    ik_ui_keyboard_press(IK_KEYS_ETHIOPIC, &st, text, sizeof text, "key:ዙ");
    assert_string_equal(text, "ሓገዙ");
    /* a consonant twice is two syllables: ለለ, then ለሉ */
    text[0] = '\0';
    static const char *const twice[] = {"key:ለ", "key:ለ", "key:ሉ", NULL};
    keys(IK_KEYS_ETHIOPIC, &st, text, sizeof text, twice);
    assert_string_equal(text, "ለሉ");
    /* the orders row shows the orders of the last consonant only */
    IkUi ui = {.layouts = layouts};
    ik_ui_begin(&ui, NULL, NULL, "ti", false, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, 1920, 480}, IK_KEYS_ETHIOPIC, &st, "ሓገዘ");
    assert_non_null(ik_ui_find(&ui, "key:ዙ"));
    assert_non_null(ik_ui_find(&ui, "key:ዟ"));
    assert_null(ik_ui_find(&ui, "key:ሉ"));
    assert_null(ik_ui_find(&ui, "key:shift"));
    assert_non_null(ik_ui_find(&ui, "key:switch"));
    ik_ui_begin(&ui, NULL, NULL, "ti", false, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, 1920, 480}, IK_KEYS_ETHIOPIC, &st, "");
    assert_null(ik_ui_find(&ui, "key:ዙ"));
    assert_non_null(ik_ui_find(&ui, "key:ዘ"));
    /* what a typist needs first for each syllable */
    assert_int_equal(ik_ui_keyboard_prefix(0x12DD), 0x12D8);   /* ዝ -> ዘ */
    assert_int_equal(ik_ui_keyboard_prefix(0x12D8), 0);        /* a first order: none */
    assert_int_equal(ik_ui_keyboard_prefix('a'), 0);
    assert_int_equal(ik_ui_keyboard_prefix(0x1257), 0);        /* unassigned */
    assert_true(ik_ui_keyboard_has(IK_KEYS_ETHIOPIC, "ዝ"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_ETHIOPIC, "ቑ"));
    assert_false(ik_ui_keyboard_has(IK_KEYS_LATIN, "ዝ"));
}

static void switch_space_and_limits(void **state)
{
    (void)state;
    IkKeyState st = {0};
    char text[8] = "";
    assert_true(ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "key:space"));
    assert_string_equal(text, "");              /* no leading space */
    ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "key:switch");
    assert_true(st.latin);
    ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "key:n");
    ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "key:space");
    assert_string_equal(text, "n ");
    /* a full field takes no more, and no half letter */
    for (int i = 0; i < 10; i++)
        ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "key:ب");
    assert_string_equal(text, "n بب");
    assert_false(ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "key:done"));
    assert_false(ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "result:0"));
    assert_false(ik_ui_keyboard_press(IK_KEYS_ARABIC, &st, text, sizeof text, "key:"));
    /* pinyin: Latin letters and ü, nothing to switch to */
    assert_true(ik_ui_keyboard_has(IK_KEYS_PINYIN, "ü"));
    assert_false(ik_ui_keyboard_has(IK_KEYS_PINYIN, "à"));
    IkUi ui = {.layouts = layouts};
    ik_ui_begin(&ui, NULL, NULL, "zh-Hans", false, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, 1920, 480}, IK_KEYS_PINYIN, &(IkKeyState){0}, "");
    assert_null(ik_ui_find(&ui, "key:switch"));
    assert_non_null(ik_ui_find(&ui, "key:x"));
    /* a broken letter at the end goes with one backspace */
    char bad[8] = "a\xE0\xA6";
    ik_ui_keyboard_press(IK_KEYS_BENGALI, &st, bad, sizeof bad, "key:backspace");
    assert_string_equal(bad, "a");
}

/* Conjuncts are the shaping engine's work: ক ্ ষ becomes one glyph. */
static void conjunct_is_shaped(void **state)
{
    (void)state;
    IkLayoutOptions o = {.lang = "bn", .size_px = 40};
    IkLayout *l = ik_text_layout(fonts, "ক্ষ", strlen("ক্ষ"), &o);
    assert_non_null(l);
    assert_true(ik_layout_glyph_count(l) < 3);
    ik_layout_destroy(l);
    /* a pre-base vowel sign typed after its consonant is drawn before it */
    l = ik_text_layout(fonts, "কি", strlen("কি"), &o);
    assert_int_equal(ik_layout_glyph_count(l), 2);
    const IkGlyph *g = ik_layout_glyphs(l);
    assert_int_equal(g[0].cluster, 0);          /* one cluster */
    assert_true(g[0].x <= g[1].x);
    ik_layout_destroy(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bengali_inscript_in_logical_order),
        cmocka_unit_test(tigrinya_consonant_then_order),
        cmocka_unit_test(switch_space_and_limits),
        cmocka_unit_test(conjunct_is_shaped),
    };
    return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
