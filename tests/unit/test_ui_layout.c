/* ui: RTL mirroring of layout boxes, the hit list, scroll views and the top
 * bar, without a window (drawing is skipped when gfx is NULL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/ui.h"
#include "text_fixture.h"

static IkUi ui;

/* The fonts measure text; the UI borrows their layout cache. */
static int setup(void **state)
{
    if (text_setup(state) != 0)
        return -1;
    ui.layouts = layouts;
    return 0;
}

static void mirror_maps_start_to_end(void **state)
{
    (void)state;
    IkRect r = {20, 5, 200, 90};
    IkRect m = ik_ui_mirror(r, 0, 1920, true);
    assert_int_equal(m.x, 1920 - 220);
    assert_int_equal(m.y, 5);
    assert_int_equal(m.w, 200);
    IkRect back = ik_ui_mirror(m, 0, 1920, true);
    assert_memory_equal(&back, &r, sizeof r);
    IkRect same = ik_ui_mirror(r, 0, 1920, false);
    assert_memory_equal(&same, &r, sizeof r);
    /* Inside a parent at 1000..1500, a child at the start goes to its end. */
    ik_ui_begin(&ui, NULL, NULL, "ar", true, 1, false);
    IkRect parent = {1000, 0, 500, 100};
    IkRect rest = parent;
    IkRect c = ik_ui_cut_start(&ui, &rest, 100, 10);
    assert_int_equal(c.x, 1400);
    assert_int_equal(rest.x, 1000);
    assert_int_equal(rest.w, 390);
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    rest = parent;
    c = ik_ui_cut_start(&ui, &rest, 100, 10);
    assert_int_equal(c.x, 1000);
    assert_int_equal(rest.x, 1110);
}

static void hit_list_finds_visible_widgets(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
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
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    IkRect c = ik_ui_scroll_begin(&ui, (IkRect){0, 200, 800, 400}, &offset);
    IkRect r = {c.x, c.y + 5100, 800, 100};             /* shifted up by the offset */
    assert_int_equal(r.y, 300);
    ik_ui_hit(&ui, "inside", r);
    ik_ui_hit(&ui, "above", (IkRect){c.x, c.y + 4800, 800, 100});  /* clipped away */
    ik_ui_hit(&ui, "edge", (IkRect){c.x, c.y + 5350, 800, 100});   /* half visible */
    assert_true(ik_ui_scroll_end(&ui, 1000));          /* 1000 tall: max offset 600 */
    assert_true(offset == 600);
    assert_non_null(ik_ui_find(&ui, "inside"));
    assert_null(ik_ui_find(&ui, "above"));
    const IkHit *edge = ik_ui_find(&ui, "edge");
    assert_non_null(edge);
    assert_int_equal(edge->rect.y + edge->rect.h, 600);
    assert_non_null(ik_ui_scroll_at(&ui, 10, 300));
    assert_null(ik_ui_scroll_at(&ui, 10, 100));
    /* Hits after the view are not clipped to it. */
    ik_ui_hit(&ui, "after", (IkRect){0, 700, 100, 100});
    assert_non_null(ik_ui_find(&ui, "after"));
}

static void top_bar_mirrors_in_rtl(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    ik_ui_bar(&ui, "x", IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    const char *ids[] = {"back", "home", "help", "quick-exit", "text-size", "contrast"};
    IkRect ltr[6];
    for (int i = 0; i < 6; i++) {
        assert_non_null(ik_ui_find(&ui, ids[i]));
        ltr[i] = ik_ui_find(&ui, ids[i])->rect;
    }
    assert_true(ltr[0].x < ui.width / 2);           /* back at the left */
    assert_true(ltr[3].x > ui.width / 2);           /* quick exit at the right */
    ik_ui_begin(&ui, NULL, NULL, "ar", true, 1, false);
    ik_ui_bar(&ui, "x", IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    for (int i = 0; i < 6; i++) {
        IkRect r = ik_ui_find(&ui, ids[i])->rect;
        assert_int_equal(r.x, ui.width - ltr[i].x - ltr[i].w);
        assert_int_equal(r.y, ltr[i].y);
    }
    /* No widget of the bar overlaps another. */
    for (size_t i = 0; i < ui.hit_count; i++)
        for (size_t j = i + 1; j < ui.hit_count; j++) {
            IkRect a = ui.hits[i].rect, b = ui.hits[j].rect;
            assert_true(a.x + a.w <= b.x || b.x + b.w <= a.x);
        }
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
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
    assert_int_equal(ik_ui_keyboard_for("fa"), IK_KEYS_PERSIAN);
    assert_int_equal(ik_ui_keyboard_for("bn"), IK_KEYS_BENGALI);
    assert_int_equal(ik_ui_keyboard_for("ti"), IK_KEYS_ETHIOPIC);
    assert_int_equal(ik_ui_keyboard_for("zh-Hans"), IK_KEYS_PINYIN);
    assert_int_equal(ik_ui_keyboard_for("so"), IK_KEYS_LATIN);
    assert_true(ik_ui_keyboard_has(IK_KEYS_LATIN, "à"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_LATIN, "ș"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_ARABIC, "ة"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_URDU, "ے"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_PASHTO, "ښ"));
    assert_true(ik_ui_keyboard_has(IK_KEYS_UKRAINIAN, "ї"));
    assert_false(ik_ui_keyboard_has(IK_KEYS_LATIN, "ب"));

    /* An Arabic keyboard starts at the right even in an Italian interface;
     * a Latin one starts at the left even in an Arabic interface. */
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, ui.width, 480}, IK_KEYS_ARABIC, &(IkKeyState){0}, "");
    assert_true(ik_ui_find(&ui, "key:ض")->rect.x > ik_ui_find(&ui, "key:ص")->rect.x);
    ik_ui_begin(&ui, NULL, NULL, "ar", true, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, ui.width, 480}, IK_KEYS_ARABIC,
                   &(IkKeyState){.latin = true}, "");
    assert_true(ik_ui_find(&ui, "key:q")->rect.x < ik_ui_find(&ui, "key:w")->rect.x);
    assert_non_null(ik_ui_find(&ui, "key:space"));
    assert_non_null(ik_ui_find(&ui, "key:backspace"));
    assert_non_null(ik_ui_find(&ui, "key:switch"));
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    ik_ui_keyboard(&ui, (IkRect){0, 600, ui.width, 480}, IK_KEYS_LATIN, &(IkKeyState){0}, "");
    assert_null(ik_ui_find(&ui, "key:switch"));     /* nothing to switch to */
    assert_non_null(ik_ui_find(&ui, "key:z"));
    /* Every key lies inside the keyboard's box. */
    for (size_t i = 0; i < ui.hit_count; i++) {
        IkRect r = ui.hits[i].rect;
        assert_true(r.y >= 600 && r.y + r.h <= 1080 && r.x >= 0 && r.x + r.w <= ui.width);
    }
}

static void larger_text_scales_sizes(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1.0f, false);
    int normal = ik_ui_px(&ui, IK_TEXT_BODY);
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1.3f, true);
    assert_true(ik_ui_px(&ui, IK_TEXT_BODY) > normal);
    IkTheme a = ik_ui_theme(false), b = ik_ui_theme(true);
    assert_memory_not_equal(&a.bg, &b.bg, sizeof a.bg);
}

/* Rows and columns: basis within min/max, room left to growers by weight,
 * missing room taken from what spans can give above their min. */
static void distribute_keeps_constraints(void **state)
{
    (void)state;
    int sizes[3];
    IkSpan a[3] = {{100, 50, 0, 1}, {100, 50, 150, 1}, {100, 100, 0, 0}};
    assert_int_equal(ik_ui_distribute(500, 10, a, 3, sizes), 500);
    assert_int_equal(sizes[1], 150);                    /* stopped at its max */
    assert_int_equal(sizes[2], 100);                    /* does not grow */
    assert_int_equal(sizes[0], 500 - 20 - 150 - 100);   /* took the rest */
    /* Too little room: the shrinkable spans give, none below its min. */
    assert_int_equal(ik_ui_distribute(280, 10, a, 3, sizes), 280);
    assert_true(sizes[0] >= 50 && sizes[1] >= 50 && sizes[2] == 100);
    assert_int_equal(sizes[0] + sizes[1] + sizes[2] + 20, 280);
    /* The mins do not fit: the total says so. */
    assert_int_equal(ik_ui_distribute(100, 10, a, 3, sizes), 220);
    IkSpan b[2] = {{0, 0, 0, 1}, {0, 0, 0, 3}};
    ik_ui_distribute(400, 0, b, 2, sizes);
    assert_int_equal(sizes[0], 100);
    assert_int_equal(sizes[1], 300);
}

/* A row written once reads start to end in both directions. */
static void row_mirrors_in_rtl(void **state)
{
    (void)state;
    IkSpan s[3] = {{100, 0, 0, 0}, {200, 0, 0, 0}, {50, 0, 0, 1}};
    IkRect ltr[3], rtl[3], r = {100, 20, 600, 80};
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    ik_ui_row(&ui, r, 10, s, 3, ltr);
    assert_int_equal(ltr[0].x, 100);
    assert_int_equal(ltr[1].x, 210);
    assert_int_equal(ltr[2].x + ltr[2].w, 700);         /* the grower fills the row */
    ik_ui_begin(&ui, NULL, NULL, "ar", true, 1, false);
    ik_ui_row(&ui, r, 10, s, 3, rtl);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rtl[i].x, 100 + 700 - (ltr[i].x + ltr[i].w));
        assert_int_equal(rtl[i].w, ltr[i].w);
        assert_int_equal(rtl[i].y, 20);
    }
    /* Cutting from the end takes the right edge in LTR, the left in RTL. */
    IkRect rest = r;
    assert_int_equal(ik_ui_cut_end(&ui, &rest, 50, 0).x, 100);
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    rest = r;
    assert_int_equal(ik_ui_cut_end(&ui, &rest, 50, 0).x, 650);
}

/* Flows wrap like words, grids take as many columns as fit. */
static void flow_and_grid(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
    int w[4] = {300, 300, 300, 900};
    IkRect out[4];
    int h = ik_ui_flow(&ui, (IkRect){0, 0, 700, 0}, w, 4, 50, 10, out);
    assert_int_equal(out[1].x, 310);
    assert_int_equal(out[2].y, 60);                     /* third wraps */
    assert_int_equal(out[3].w, 700);                    /* too wide: narrowed */
    assert_int_equal(out[3].y, 120);
    assert_int_equal(h, 170);
    ik_ui_begin(&ui, NULL, NULL, "ar", true, 1, false);
    ik_ui_flow(&ui, (IkRect){0, 0, 700, 0}, w, 4, 50, 10, out);
    assert_int_equal(out[0].x, 400);                    /* starts at the right */
    assert_int_equal(ik_ui_grid_columns(1000, 6, 300, 0, 20), 3);
    assert_int_equal(ik_ui_grid_columns(1000, 2, 300, 0, 20), 2);
    assert_int_equal(ik_ui_grid_columns(100, 6, 300, 0, 20), 1);
    IkRect g[5];
    assert_int_equal(ik_ui_grid(&ui, (IkRect){0, 0, 620, 0}, 5, 2, 40, 20, g), 40 * 3 + 20 * 2);
    assert_int_equal(g[0].x, 320);                      /* RTL: first cell at the right */
    assert_int_equal(g[2].y, 60);
}

/* The scale: 1 at 1080 points on the short side; a known screen keeps
 * targets at 9 mm and body text at its visual angle. */
static void scale_keeps_physical_sizes(void **state)
{
    (void)state;
    assert_true(ik_ui_scale(1920, 1080, 0, 0) == 1.0f);
    assert_true(ik_ui_scale(1080, 1920, 0, 0) == 1.0f);
    assert_true(ik_ui_scale(3840, 2160, 0, 0) == 2.0f);
    /* 21-inch 1080p: body (34 points) at least 28 px, targets at least 64 px. */
    float u = ik_ui_scale(1920, 1080, 21, 0);
    assert_true(34 * u >= 28 && 64 * u >= 64);
    /* A 10-inch 1280 x 800 tablet: a target of 64 points is at least 9 mm. */
    u = ik_ui_scale(1280, 800, 10, 0);
    float px_per_mm = sqrtf(1280.f * 1280 + 800.f * 800) / (10 * 25.4f);
    assert_true(64 * u / px_per_mm >= IK_UI_TARGET_MM - 0.01f);
    assert_true(u > ik_ui_scale(1280, 800, 0, 0));
    /* Readers further away get larger text. */
    assert_true(ik_ui_scale(1920, 1080, 21, 150) > ik_ui_scale(1920, 1080, 21, 60));
}

/* Without a window text is measured by its shaped layout, not guessed from
 * its length: twenty narrow letters fit a line where "characters x px/2"
 * wanted two, and a wide word takes more than one. */
static void text_is_measured_without_a_window(void **state)
{
    (void)state;
    ik_ui_begin(&ui, NULL, NULL, "it", false, 1, false);
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
        cmocka_unit_test(distribute_keeps_constraints),
        cmocka_unit_test(row_mirrors_in_rtl),
        cmocka_unit_test(flow_and_grid),
        cmocka_unit_test(scale_keeps_physical_sizes),
        cmocka_unit_test(text_is_measured_without_a_window),
    };
    return cmocka_run_group_tests(tests, setup, text_teardown);
}
