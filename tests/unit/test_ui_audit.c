/* The layout checks (ik_ui_audit) catch each kind of defect found by
 * looking at the screens, and the widgets no longer make them: one test per
 * kind, laid out with the real fonts where text matters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/ui.h"
#include "pack_fixture.h"

/* A frame on a canvas of w x h, measured with the real fonts. */
static IkUi *frame(const char *lang, bool rtl, int w, int h)
{
    IkUi *ui = ik_xcalloc(1, sizeof *ui);
    ui->layouts = layouts;
    ik_ui_screen(ui, w, h, 0);
    ik_ui_begin(ui, NULL, NULL, lang, rtl, 1, false);
    return ui;
}

/* How many problems the audit finds whose line contains what. */
static int problems(const IkUi *ui, const char *what)
{
    IkBuf out = {0};
    ik_ui_audit(ui, &out);
    int n = 0;
    for (const char *p = out.data; p && (p = strstr(p, what)); p++)
        n++;
    if (n)
        fprintf(stderr, "%s", out.data);
    ik_buf_free(&out);
    return n;
}

/* The check mark of a chosen chip was drawn past the chip's end edge in
 * right-to-left layouts (half of it cut off). */
static void chip_check_mark_stays_inside(void **state)
{
    (void)state;
    for (int rtl = 0; rtl < 2; rtl++) {
        IkUi *ui = frame(rtl ? "ar" : "it", rtl, 1080, 1920);
        ik_ui_chip(ui, "area:all", (IkRect){100, 300, 520, 70}, rtl ? "كل المناطق" : "Tutte le aree",
                   true);
        assert_int_equal(ik_ui_audit(ui, NULL), 0);
        /* The check mark is recorded, at the reading start of the chip. */
        const IkItem *icon = NULL;
        for (size_t i = 0; i < ui->item_count; i++)
            if (ui->items[i].kind == IK_ITEM_ICON)
                icon = &ui->items[i];
        assert_non_null(icon);
        assert_true(rtl ? icon->rect.x > 100 + 260 : icon->rect.x < 100 + 260);
        free(ui);
    }
    /* A pictogram past its widget's edge is reported. */
    IkUi *ui = frame("ar", true, 1080, 1920);
    ik_ui_hit(ui, "chip", (IkRect){100, 300, 520, 70});
    ui->owner = (int)ui->item_count - 1;
    ik_ui_icon(ui, IK_ICON_CHECK, (IkRect){600, 320, 30, 30}, ui->theme.text);
    ui->owner = -1;
    assert_int_equal(problems(ui, "pictogram outside its widget"), 1);
    free(ui);
}

/* A pictogram drawn over a label is reported. */
static void pictogram_over_text_is_reported(void **state)
{
    (void)state;
    IkUi *ui = frame("it", false, 1920, 1080);
    ik_ui_text(ui, "Orientamento civico", (IkRect){100, 100, 600, 0}, ik_ui_style(ui, IK_TEXT_BODY));
    ik_ui_icon(ui, IK_ICON_CIVIC, (IkRect){120, 100, 40, 40}, ui->theme.text);
    assert_int_equal(problems(ui, "pictogram and text overlap"), 1);
    free(ui);
}

/* True when a line of text laid out plainly (no help from ui) at width w
 * starts inside its code points [open, close]. */
static bool plain_split(const char *lang, const char *text, int px, int w, uint32_t open,
                        uint32_t close)
{
    IkLayoutOptions o = {0};
    o.lang = lang;
    o.size_px = px;
    o.width_px = w;
    o.dir = ik_text_lang_rtl(lang) ? IK_DIR_RTL : IK_DIR_LTR;
    IkLayout *l = ik_text_layout(fonts, text, strlen(text), &o);
    assert_non_null(l);
    bool split = false;
    for (size_t i = 1; i < ik_layout_line_count(l); i++) {
        uint32_t s = ik_layout_line(l, i)->start;
        split = split || (s > open && s <= close);
    }
    ik_layout_destroy(l);
    return split;
}

static uint32_t cp_offset(const char *text, const char *at)
{
    return (uint32_t)ik_utf8_length(text, (size_t)(at - text));
}

/* A card's town and area in Arabic, "Cecina · الوديان الإتروسكية (Valli
 * Etrusche)", wrapped with "(Valli" on one line and "Etrusche)" on the
 * next: bidi sent the bracket and the two halves of the name to opposite
 * ends. The name is now kept whole when it fits a line, and the audit
 * reports a split one. */
static void bracketed_name_is_not_split(void **state)
{
    (void)state;
    const char *langs[] = {"ar", "ur", "fa-AF", "it"};
    const char *texts[] = {"Cecina · الوديان الإتروسكية (Valli Etrusche)",
                           "Cecina · اتروسکی وادیاں (Valli Etrusche)",
                           "Cecina · دره‌های اتروسک (Valli Etrusche)",
                           "Piana di Firenze e Prato (السهل بين فلورنسا)"};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        IkUi *ui = frame(langs[t], ik_text_lang_rtl(langs[t]), 1080, 1920);
        IkTextStyle st = ik_ui_style(ui, IK_TEXT_SMALL);
        int px = ik_ui_px(ui, IK_TEXT_SMALL);
        const char *text = texts[t];
        uint32_t open = cp_offset(text, strchr(text, '(')), close = cp_offset(text, strchr(text, ')'));
        int whole = ik_ui_measure(ui, text, 0, st).w;
        int run = ik_ui_measure(ui, strchr(text, '('), 0, st).w;
        /* Widths where the plain layout splits the name but it fits a line. */
        int tried = 0;
        for (int w = whole - 1; w > run + 2; w -= 7) {
            if (!plain_split(langs[t], text, px, w, open, close))
                continue;
            tried++;
            ik_ui_begin(ui, NULL, NULL, langs[t], ik_text_lang_rtl(langs[t]), 1, false);
            ik_ui_text(ui, text, (IkRect){40, 200, w, 0}, st);
            assert_false(ui->items[0].split);
            assert_int_equal(ik_ui_audit(ui, NULL), 0);
        }
        assert_true(tried > 0);
        /* Narrower than the name itself: it must break, and that is reported. */
        ik_ui_begin(ui, NULL, NULL, langs[t], ik_text_lang_rtl(langs[t]), 1, false);
        ik_ui_text(ui, text, (IkRect){40, 200, run * 3 / 4, 0}, st);
        assert_int_equal(problems(ui, "split across lines"), 1);
        free(ui);
    }
}

/* A word wider than its box was broken between letters ("Françai|s" on a
 * language tile, a phone number on the service card in larger text): it
 * now shrinks first, and a word that fits no line even at the floor is
 * reported. */
static void word_cut_is_reported(void **state)
{
    (void)state;
    IkUi *ui = frame("so", false, 1920, 1080);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    const char *texts[] = {"Soomaali", "+39 000 000 0011"};
    for (size_t i = 0; i < 2; i++) {
        st.ltr = i == 1;
        st.content = i == 1;
        int w = ik_ui_measure(ui, texts[i], 0, st).w;
        /* Narrower than the word, wider than it is at the floor. */
        int box = w * 17 / 20;
        for (int bounded = 0; bounded < 2; bounded++) {
            ik_ui_begin(ui, NULL, NULL, "so", false, 1, false);
            ik_ui_text(ui, texts[i], (IkRect){100, 100, box, bounded ? 200 : 0}, st);
            assert_false(ui->items[0].word_cut);
            assert_true(ui->items[0].shrunk);
            assert_int_equal(ik_ui_audit(ui, NULL), 0);
        }
        ik_ui_begin(ui, NULL, NULL, "so", false, 1, false);
        ik_ui_text(ui, texts[i], (IkRect){100, 100, w / 2, 0}, st);
        assert_int_equal(problems(ui, "word cut across lines"), 1);
    }
    free(ui);
}

/* A box shorter than one line of a tall script (Urdu Nastaliq on a
 * language tile) kept the text at its size, spilling out: it shrinks. */
static void one_line_taller_than_its_box_shrinks(void **state)
{
    (void)state;
    IkUi *ui = frame("it", false, 1080, 1920);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    st.lang = "ur";
    st.center_v = true;
    int lh = ik_ui_line_height(ui, st);
    ik_ui_text(ui, "اردو", (IkRect){100, 100, 400, lh * 17 / 20}, st);
    assert_true(ui->items[0].shrunk);
    assert_false(ui->items[0].overflow);
    assert_int_equal(ik_ui_audit(ui, NULL), 0);
    free(ui);
}

/* A nearly square landscape screen in larger text had no room for every
 * bar button in one row; squeezed, their captions were cut mid-word. Help
 * and quick exit now take a row at the foot, as in portrait. */
static void bar_on_a_square_screen_keeps_words(void **state)
{
    (void)state;
    const int sizes[][2] = {{1000, 1000}, {2064, 1918}, {1024, 768}, {800, 600}};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        IkUi *ui = frame("so", false, sizes[i][0], sizes[i][1]);
        ik_ui_begin(ui, NULL, content, "so", false, 1.3f, false);
        ik_ui_bar(ui, "Faham", IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
        assert_int_equal(ik_ui_audit(ui, NULL), 0);
        assert_non_null(ik_ui_find(ui, "quick-exit"));
        assert_non_null(ik_ui_find(ui, "help"));
        free(ui);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chip_check_mark_stays_inside),
        cmocka_unit_test(pictogram_over_text_is_reported),
        cmocka_unit_test(bracketed_name_is_not_split),
        cmocka_unit_test(word_cut_is_reported),
        cmocka_unit_test(one_line_taller_than_its_box_shrinks),
        cmocka_unit_test(bar_on_a_square_screen_keeps_words),
    };
    return cmocka_run_group_tests(tests, pack_setup, pack_teardown);
}
