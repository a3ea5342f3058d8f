/* ui: RTL mirroring of layout boxes, the hit list, scroll views and the top
 * bar, without a window (drawing is skipped when gfx is NULL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/ui.h"
#include "text_fixture.h"

static IkUi ui;

static void mirror_maps_start_to_end(void **state)
{
    (void)state;
    IkRect r = {20, 5, 200, 90};
    IkRect m = ik_ui_mirror(r, 0, IK_CANVAS_W, true);
    assert_int_equal(m.x, IK_CANVAS_W - 220);
    assert_int_equal(m.y, 5);
    assert_int_equal(m.w, 200);
    IkRect back = ik_ui_mirror(m, 0, IK_CANVAS_W, true);
    assert_memory_equal(&back, &r, sizeof r);
    IkRect same = ik_ui_mirror(r, 0, IK_CANVAS_W, false);
    assert_memory_equal(&same, &r, sizeof r);
    /* Inside a parent at 1000..1500, a child at the start goes to its end. */
    ik_ui_begin(&ui, NULL, layouts, NULL, "ar", true, 1, false);
    IkRect parent = {1000, 0, 500, 100};
    IkRect c = ik_ui_sub(&ui, parent, 10, 10, 100, 50);
    assert_int_equal(c.x, 1390);
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    c = ik_ui_sub(&ui, parent, 10, 10, 100, 50);
    assert_int_equal(c.x, 1010);
}

static void hit_list_finds_visible_widgets(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    ik_ui_hit(&ui, "a", (IkRect){0, 0, 100, 100});
    ik_ui_hit(&ui, "b", (IkRect){50, 50, 100, 100});    /* drawn later: on top */
    ik_ui_hit(&ui, "off", (IkRect){-500, 0, 100, 100});  /* off the canvas */
    assert_non_null(ik_ui_find(&ui, "a"));
    assert_null(ik_ui_find(&ui, "off"));
    assert_null(ik_ui_find(&ui, "nope"));
    assert_string_equal(ik_ui_hit_at(&ui, 60, 60)->id, "b");
    assert_string_equal(ik_ui_hit_at(&ui, 10, 10)->id, "a");
    assert_null(ik_ui_hit_at(&ui, 500, 500));
}

static void scroll_view_clips_and_clamps(void **state)
{
    (void)state;
    float offset = 5000;
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    ik_ui_scroll_begin(&ui, (IkRect){0, 200, 800, 400}, &offset);
    IkRect r = ik_ui_box(&ui, 0, 5300, 800, 100);       /* shifted up by the offset */
    assert_int_equal(r.y, 300);
    ik_ui_hit(&ui, "inside", r);
    ik_ui_hit(&ui, "above", ik_ui_box(&ui, 0, 5000, 800, 100));  /* y = 0..100: clipped away */
    ik_ui_hit(&ui, "edge", ik_ui_box(&ui, 0, 5550, 800, 100));   /* half visible */
    assert_true(ik_ui_scroll_end(&ui, 1000));          /* 1000 tall: max offset 600 */
    assert_true(offset == 600);
    assert_non_null(ik_ui_find(&ui, "inside"));
    assert_null(ik_ui_find(&ui, "above"));
    const IkHit *edge = ik_ui_find(&ui, "edge");
    assert_non_null(edge);
    assert_int_equal(edge->rect.y + edge->rect.h, 600);
    assert_non_null(ik_ui_scroll_at(&ui, 10, 300));
    assert_null(ik_ui_scroll_at(&ui, 10, 100));
    /* Boxes after the view are not shifted. */
    assert_int_equal(ik_ui_box(&ui, 0, 700, 10, 10).y, 700);
}

static void top_bar_mirrors_in_rtl(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    ik_ui_bar(&ui, "x", IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    const char *ids[] = {"back", "home", "help", "quick-exit", "text-size", "contrast"};
    IkRect ltr[6];
    for (int i = 0; i < 6; i++) {
        assert_non_null(ik_ui_find(&ui, ids[i]));
        ltr[i] = ik_ui_find(&ui, ids[i])->rect;
    }
    assert_true(ltr[0].x < IK_CANVAS_W / 2);           /* back at the left */
    assert_true(ltr[3].x > IK_CANVAS_W / 2);           /* quick exit at the right */
    ik_ui_begin(&ui, NULL, layouts, NULL, "ar", true, 1, false);
    ik_ui_bar(&ui, "x", IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    for (int i = 0; i < 6; i++) {
        IkRect r = ik_ui_find(&ui, ids[i])->rect;
        assert_int_equal(r.x, IK_CANVAS_W - ltr[i].x - ltr[i].w);
        assert_int_equal(r.y, ltr[i].y);
    }
    /* No widget of the bar overlaps another. */
    for (size_t i = 0; i < ui.hit_count; i++)
        for (size_t j = i + 1; j < ui.hit_count; j++) {
            IkRect a = ui.hits[i].rect, b = ui.hits[j].rect;
            assert_true(a.x + a.w <= b.x || b.x + b.w <= a.x);
        }
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    ik_ui_bar(&ui, "x", 0);
    assert_null(ik_ui_find(&ui, "back"));
    assert_non_null(ik_ui_find(&ui, "quick-exit"));
}

static void keyboards_follow_their_script(void **state)
{
    (void)state;
    assert_int_equal(ik_ui_keyboard_for("ar"), IK_KEYS_ARABIC);
    assert_int_equal(ik_ui_keyboard_for("fa-AF"), IK_KEYS_PERSIAN);
    assert_int_equal(ik_ui_keyboard_for("ps"), IK_KEYS_PASHTO);
    assert_int_equal(ik_ui_keyboard_for("ur"), IK_KEYS_URDU);
    assert_int_equal(ik_ui_keyboard_for("uk"), IK_KEYS_UKRAINIAN);
    assert_int_equal(ik_ui_keyboard_for("bn"), IK_KEYS_LATIN);
    assert_int_equal(ik_ui_keyboard_for("zh-Hans"), IK_KEYS_LATIN);
    assert_true(ik_ui_keyboard_has(IK_KEYS_LATIN, "à"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_LATIN, "ș"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_ARABIC, "ة"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_URDU, "ے"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_PASHTO, "ښ"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_UKRAINIAN, "ї"));
    assert_false(ik_ui_keyboard_has(IK_KEYS_LATIN, "ب"));

    /* An Arabic keyboard starts at the right even in an Italian interface;
     * a Latin one starts at the left even in an Arabic interface. */
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, IK_CANVAS_W, 480}, IK_KEYS_ARABIC, true);
    assert_true(ik_ui_find(&ui, "key:ض")->rect.x > ik_ui_find(&ui, "key:ص")->rect.x);
    ik_ui_begin(&ui, NULL, layouts, NULL, "ar", true, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, IK_CANVAS_W, 480}, IK_KEYS_LATIN, true);
    assert_true(ik_ui_find(&ui, "key:q")->rect.x < ik_ui_find(&ui, "key:w")->rect.x);
    assert_non_null(ik_ui_find(&ui, "key:space"));
    assert_non_null(ik_ui_find(&ui, "key:backspace"));
    assert_non_null(ik_ui_find(&ui, "key:switch"));
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, IK_CANVAS_W, 480}, IK_KEYS_LATIN, false);
    assert_null(ik_ui_find(&ui, "key:switch"));     /* nothing to switch to */
    assert_non_null(ik_ui_find(&ui, "key:z"));
    /* Every key lies inside the keyboard's box. */
    for (size_t i = 0; i < ui.hit_count; i++) {
        IkRect r = ui.hits[i].rect;
        assert_true(r.y >= 600 && r.y + r.h <= 1080 && r.x >= 0 && r.x + r.w <= IK_CANVAS_W);
    }
}

static void larger_text_scales_sizes(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1.0f, false);
    int normal = ik_ui_px(&ui, IK_TEXT_BODY);
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1.3f, true);
    assert_true(ik_ui_px(&ui, IK_TEXT_BODY) > normal);
    IkTheme a = ik_ui_theme(false), b = ik_ui_theme(true);
    assert_memory_not_equal(&a.bg, &b.bg, sizeof a.bg);
}

/* Without a window text is measured by its shaped layout, not guessed from
 * its length: twenty narrow letters fit a line where "characters x px/2"
 * wanted two, and a wide word takes more than one. */
static void text_is_measured_without_a_window(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, layouts, NULL, "it", false, 1, false);
    IkTextStyle st = ik_ui_style(&ui, IK_TEXT_BODY);
    int px = ik_ui_px(&ui, IK_TEXT_BODY);
    IkLayoutOptions o = {.lang = "it", .size_px = px, .width_px = 10 * px};
    IkTextExtent narrow, wide;
    const char *thin = "iiiiiiiiiiiiiiiiiiii", *fat = "WWWWWWWWWWWWWWWWWWWW";
    assert_true(ik_text_measure(layouts, thin, &o, &narrow));
    assert_true(ik_text_measure(layouts, fat, &o, &wide));
    assert_int_equal(narrow.lines, 1);
    assert_true(wide.lines >= 2);
    assert_int_equal(ik_ui_text_height(&ui, thin, 10 * px, st), narrow.height);
    assert_int_equal(ik_ui_text_height(&ui, fat, 10 * px, st), wide.height);
    assert_int_equal(ik_ui_text(&ui, fat, (IkRect){0, 0, 10 * px, 0}, st), wide.height);
    assert_true(wide.word_cut);
    assert_false(narrow.word_cut || narrow.ellipsized);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mirror_maps_start_to_end),
        cmocka_unit_test(hit_list_finds_visible_widgets),
        cmocka_unit_test(scroll_view_clips_and_clamps),
        cmocka_unit_test(top_bar_mirrors_in_rtl),
        cmocka_unit_test(keyboards_follow_their_script),
        cmocka_unit_test(larger_text_scales_sizes),
        cmocka_unit_test(text_is_measured_without_a_window),
    };
    return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
