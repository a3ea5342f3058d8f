/* ui with real fonts (an offscreen window): short labels in fixed boxes
 * shrink before a word is cut, and with the repository's pack (IK_PACK) the
 * directory is laid out by measured text height (Urdu Nastaliq) and has an
 * age filter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/scenes.h"
#include "data_fixture.h"
#include "screen_fixture.h"
#include "text_fixture.h"
#include "incontro/kiosk.h"

void ik_scene_format(char *out, size_t size, const char *fmt, int a, int b);

static IkGfx *gfx;

static int setup(void **state)
{
    if (!test_screen_start() || text_setup(state) != 0)
        return -1;
    IkGfxOptions o = {0, 0, true, true};
    gfx = ik_gfx_create(&o, fonts);
    return gfx ? 0 : -1;
}

static int teardown(void **state)
{
    ik_gfx_destroy(gfx);
    text_teardown(state);
    SDL_Quit();
    return 0;
}

/* The layout text gets in style st at width w (st.px honoured). */
static const IkLayout *layout(const IkUi *ui, const char *text, int w, IkTextStyle st)
{
    IkLayoutOptions o = {0};
    o.lang = ui->lang;
    o.size_px = st.px > 0 ? st.px : ik_ui_px(ui, st.size);
    o.width_px = w;
    o.align = st.align;
    o.max_lines = st.max_lines;
    return ik_layout_cache_get(layouts, text, &o);
}

/* True when every line but the last ends after a space (ASCII text). */
static bool lines_end_at_spaces(const IkLayout *l, const char *text)
{
    for (size_t i = 0; i + 1 < ik_layout_line_count(l); i++) {
        uint32_t end = ik_layout_line(l, i)->end;
        if (end == 0 || text[end - 1] != ' ')
            return false;
    }
    return true;
}

/* "Orientamento civico" on a category tile with larger text used to break
 * as "Orientam|ento": the fitted size keeps the word whole. */
static void fit_shrinks_before_cutting_a_word(void **state)
{
    (void)state;
    IkUi ui = {.layouts = layouts};
    ik_ui_begin(&ui, gfx, NULL, "it", false, 1.3f, false);
    const char *label = "Orientamento civico";
    const int w = 180, h = 230 - 64 - 30;    /* a tile's label box with larger text */
    IkTextStyle st = ik_ui_style(&ui, IK_TEXT_SMALL);
    st.align = IK_ALIGN_CENTER;
    /* The case: at the full size the word does not fit the tile. */
    assert_false(lines_end_at_spaces(layout(&ui, label, w, st), label));
    IkTextStyle fit = ik_ui_fit(&ui, label, w, h, st);
    assert_true(fit.px < ik_ui_px(&ui, IK_TEXT_SMALL));
    assert_true(fit.px >= (int)(ik_ui_px(&ui, IK_TEXT_SMALL) * IK_UI_FIT_FLOOR));
    const IkLayout *l = layout(&ui, label, w, fit);
    assert_true(lines_end_at_spaces(l, label));
    assert_true(ik_layout_width(l) <= w);
    assert_true(ik_layout_height(l) <= h);
    assert_false(ik_layout_truncated(l));
}

static void fit_keeps_labels_that_fit(void **state)
{
    (void)state;
    IkUi ui = {.layouts = layouts};
    ik_ui_begin(&ui, gfx, NULL, "it", false, 1.0f, false);
    IkTextStyle st = ik_ui_style(&ui, IK_TEXT_LABEL);
    st.max_lines = 1;
    IkTextStyle fit = ik_ui_fit(&ui, "Età", 300, 70, st);
    assert_int_equal(fit.px, ik_ui_px(&ui, IK_TEXT_LABEL));
    assert_int_equal(fit.max_lines, 1);
    /* Two words that fit side by side stay on one line at full size. */
    fit = ik_ui_fit(&ui, "Tutti i servizi", 600, 200, ik_ui_style(&ui, IK_TEXT_SMALL));
    assert_int_equal(fit.px, ik_ui_px(&ui, IK_TEXT_SMALL));
}

static void fit_stops_at_the_floor(void **state)
{
    (void)state;
    IkUi ui = {.layouts = layouts};
    ik_ui_begin(&ui, gfx, NULL, "it", false, 1.0f, false);
    IkTextStyle st = ik_ui_style(&ui, IK_TEXT_HEADING);
    IkTextStyle fit = ik_ui_fit(&ui, "Precipitevolissimevolmente", 80, 200, st);
    int floor_px = (int)(ik_ui_px(&ui, IK_TEXT_HEADING) * IK_UI_FIT_FLOOR + 0.5f);
    assert_true(fit.px >= floor_px && fit.px <= floor_px + 2);
    /* Nothing to fit: the style comes back at its own size. */
    fit = ik_ui_fit(&ui, "", 80, 200, st);
    assert_int_equal(fit.px, ik_ui_px(&ui, IK_TEXT_HEADING));
}

/* Essential text wraps, then shrinks down to its floor, and is never
 * ellipsized; only text marked may_cut ends in an ellipsis. */
static void essential_text_wraps_then_shrinks(void **state)
{
    (void)state;
    IkUi *ui = calloc(1, sizeof *ui);
    ui->layouts = layouts;
    ik_ui_begin(ui, gfx, NULL, "it", false, 1.0f, false);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_LABEL);
    int line = ik_ui_line_height(ui, st);
    /* Two lines of room: it wraps at full size. */
    ik_ui_text(ui, "Telefono Azzurro per i ragazzi", (IkRect){0, 0, 300, 2 * line}, st);
    const IkItem *it = &ui->items[ui->item_count - 1];
    assert_false(it->shrunk);
    assert_false(it->ellipsized);
    assert_false(it->overflow);
    /* One line of room: smaller, not cut. */
    ik_ui_text(ui, "Telefono Azzurro", (IkRect){0, 100, 200, line}, st);
    it = &ui->items[ui->item_count - 1];
    assert_true(it->shrunk);
    assert_true(it->px >= it->floor_px);
    assert_false(it->ellipsized);
    assert_false(it->overflow);
    assert_int_equal(ik_ui_audit(ui, NULL), 0);
    /* No room even at the floor: drawn whole, recorded as an overflow. */
    ik_ui_text(ui, "Precipitevolissimevolmente", (IkRect){0, 300, 80, line}, st);
    it = &ui->items[ui->item_count - 1];
    assert_false(it->ellipsized);
    assert_true(it->overflow);
    assert_true(ik_ui_audit(ui, NULL) > 0);
    /* A description may be cut, and says so. */
    IkTextStyle ds = ik_ui_style(ui, IK_TEXT_SMALL);
    ds.may_cut = true;
    ds.max_lines = 1;
    ik_ui_text(ui, "Un servizio con una descrizione lunga che non entra in una riga", (IkRect){0, 500, 200, 0}, ds);
    it = &ui->items[ui->item_count - 1];
    assert_true(it->ellipsized);
    assert_false(it->essential);
    free(ui);
}

static IkContent *open_pack(void)
{
    IkContent *c = ik_content_open(test_pack_path());
    if (!c)
        fail_msg("%s", ik_error());
    return c;
}

/* In Urdu (Nastaliq, tall lines) the results count line sits above the
 * result cards, not under them (scrolled to, as a reader would). */
static void urdu_results_count_is_not_covered(void **state)
{
    (void)state;
    IkContent *c = open_pack();
    IkKiosk k;
    ik_kiosk_init(&k, c, layouts, gfx, NULL, 0);
    assert_true(ik_kiosk_set_lang(&k, "ur"));
    ik_kiosk_go(&k, IK_SCENE_HOME);
    ik_kiosk_go(&k, IK_SCENE_DIRECTORY);
    const IkHit *card = ik_harness_reveal(&k, "result:0");
    assert_non_null(card);
    const IkItem *count = NULL;
    for (size_t i = 0; i < k.ui.item_count; i++)
        if (strcmp(k.ui.items[i].id, "directory.results.count") == 0)
            count = &k.ui.items[i];
    assert_non_null(count);
    assert_true(count->rect.h > 0);
    assert_true(card->rect.y >= count->rect.y + count->rect.h);
    ik_kiosk_release(&k);
    ik_content_close(c);
}

/* The age filter: a chip opens a row of ages; a chosen age narrows the
 * results to services for that age and shows on the chip. */
static void age_filter_narrows_results(void **state)
{
    (void)state;
    IkContent *c = open_pack();
    IkKiosk k;
    ik_kiosk_init(&k, c, layouts, gfx, NULL, 0);
    assert_true(ik_kiosk_set_lang(&k, "en"));
    ik_kiosk_go(&k, IK_SCENE_HOME);
    ik_kiosk_go(&k, IK_SCENE_DIRECTORY);
    ik_kiosk_draw(&k);
    size_t all = k.result_count;
    assert_true(all > 0);
    assert_null(ik_ui_find(&k.ui, "age:12"));
    assert_true(ik_kiosk_press(&k, "filter:age"));
    ik_kiosk_draw(&k);
    assert_non_null(ik_ui_find(&k.ui, "age:any"));
    assert_non_null(ik_ui_find(&k.ui, "age:12"));
    assert_true(ik_kiosk_press(&k, "age:4"));
    ik_kiosk_draw(&k);
    assert_int_equal(k.s.age, 4);
    assert_null(ik_ui_find(&k.ui, "age:12"));   /* the row closes on a choice */
    assert_true(k.result_count < all);
    for (size_t i = 0; i < k.result_count; i++) {
        IkService *sv = ik_content_service(c, "en", k.results[i].id);
        assert_non_null(sv);
        assert_true(sv->min_age < 0 || sv->min_age <= 4);
        assert_true(sv->max_age < 0 || sv->max_age >= 4);
        ik_service_free(sv);
    }
    assert_true(ik_kiosk_press(&k, "filter:age"));
    assert_true(ik_kiosk_press(&k, "age:any"));
    ik_kiosk_draw(&k);
    assert_int_equal(k.s.age, -1);
    assert_int_equal(k.result_count, all);
    /* Quick exit forgets the age. */
    assert_true(ik_kiosk_press(&k, "filter:age"));
    assert_true(ik_kiosk_press(&k, "age:12"));
    ik_kiosk_quick_exit(&k);
    assert_int_equal(k.s.age, -1);
    assert_false(k.s.age_open);
    ik_kiosk_release(&k);
    ik_content_close(c);
}

/* "Speaks my language" matches the reader's language, also where the
 * reader's code carries a region or script (fa-AF, zh-Hans) and HSDS gives
 * the bare language. */
static void my_language_filter_matches_the_reader(void **state)
{
    (void)state;
    IkContent *c = open_pack();
    const char *langs[] = {"ur", "fa-AF", "zh-Hans", "ar"};
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        IkKiosk k;
        ik_kiosk_init(&k, c, layouts, gfx, NULL, 0);
        assert_true(ik_kiosk_set_lang(&k, langs[i]));
        ik_kiosk_go(&k, IK_SCENE_HOME);
        ik_kiosk_go(&k, IK_SCENE_DIRECTORY);
        ik_kiosk_draw(&k);
        size_t all = k.result_count;
        assert_true(ik_kiosk_press(&k, "filter:my-language"));
        ik_kiosk_draw(&k);
        assert_true(k.result_count > 0 && k.result_count < all);
        size_t base = strcspn(langs[i], "-");
        for (size_t r = 0; r < k.result_count; r++) {
            IkService *sv = ik_content_service(c, langs[i], k.results[r].id);
            assert_non_null(sv);
            bool speaks = false;
            for (size_t j = 0; j < sv->language_count; j++)
                speaks = speaks || strncmp(sv->languages[j], langs[i], base) == 0;
            assert_true(speaks);
            ik_service_free(sv);
        }
        ik_kiosk_release(&k);
    }
    ik_content_close(c);
}

/* The attract screen, wherever its room between the language button's row
 * and the dots holds the whole block (ripple, touch text at its largest,
 * subtitle): nothing steps down. Every language, larger text too,
 * landscape and portrait, from full height down to a third of it. */
static void attract_uses_the_room_below_the_language_button(void **state)
{
    (void)state;
    IkContent *c = open_pack();
    int checked = 0;
    for (size_t l = 0; l < ik_content_language_count(c); l++)
    for (int large = 0; large < 2; large++)
    for (int portrait = 0; portrait < 2; portrait++) {
        const char *code = ik_content_language(c, l)->code;
        const char *touch = ik_content_ui(c, code, "attract.touch");
        const char *sub = ik_content_ui(c, code, "attract.subtitle");
        int w = portrait ? 1080 : 1920, full = portrait ? 1920 : 1080;
        for (int h = full; h >= full / 3; h -= 24) {
            IkGfxOptions o = {w, h, true, true};
            IkGfx *g = ik_gfx_create(&o, fonts);
            assert_non_null(g);
            IkKiosk k;
            ik_kiosk_init(&k, c, layouts, g, NULL, 0);
            assert_true(ik_kiosk_set_lang(&k, code));
            k.s.large_text = large;
            k.frozen = true;        /* the kiosk's language, not the loop's */
            ik_kiosk_draw(&k);
            assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
            const IkHit *lang = ik_ui_find(&k.ui, "language");
            const IkItem *t = NULL;
            for (size_t i = 0; i < k.ui.item_count; i++)
                if (strcmp(k.ui.items[i].id, "attract.touch") == 0)
                    t = &k.ui.items[i];
            assert_non_null(lang);
            assert_non_null(t);
            IkTextStyle st = ik_ui_style(&k.ui, IK_TEXT_HUGE), ss = ik_ui_style(&k.ui, IK_TEXT_HEADING);
            st.align = ss.align = IK_ALIGN_CENTER;
            st.lang = ss.lang = code;
            int edge = ik_ui_gap(&k.ui, IK_GAP_EDGE), gap = ik_ui_gap(&k.ui, IK_GAP_LARGE);
            int tw = (w - 2 * edge) * 5 / 6, ripple = ik_ui_dp(&k.ui, 200);
            int th = ik_ui_measure(&k.ui, touch, tw, st).h, sh = ik_ui_measure(&k.ui, sub, tw, ss).h;
            int below = lang->rect.y + lang->rect.h;    /* the button's row ends here */
            int rest = h - edge - ik_ui_dp(&k.ui, 20) - below;  /* above the dots */
            int block = ripple + gap + th + gap + sh;
            if (block + 2 * gap <= rest) {
                /* the largest text, under the ripple, the block centred */
                assert_int_equal(t->rect.h, th);
                int y = below + (rest - block) / 2 + ripple + gap;
                assert_in_range(t->rect.y, y - 1, y + 1);
                checked++;
            }
            ik_kiosk_release(&k);
            ik_gfx_destroy(g);
        }
    }
    assert_true(checked > 0);
    ik_content_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fit_shrinks_before_cutting_a_word),
        cmocka_unit_test(fit_keeps_labels_that_fit),
        cmocka_unit_test(fit_stops_at_the_floor),
        cmocka_unit_test(essential_text_wraps_then_shrinks),
        cmocka_unit_test(urdu_results_count_is_not_covered),
        cmocka_unit_test(age_filter_narrows_results),
        cmocka_unit_test(my_language_filter_matches_the_reader),
        cmocka_unit_test(attract_uses_the_room_below_the_language_button),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
