/* text's layout cache and ik_text_measure: one shaping per (text, options),
 * memory held under its byte bound with the least recently used layouts
 * going first, layouts of the current frame never freed under a caller, and
 * measures that are the drawn layout's own. */
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
#include "text_fixture.h"

static const IkLayoutOptions body = {.lang = "it", .size_px = 24, .width_px = 300};

static void same_text_is_shaped_once(void **state)
{
    (void)state;
    IkLayoutCache *c = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
    const IkLayout *a = ik_layout_cache_get(c, "Servizi vicino a te", &body);
    const IkLayout *b = ik_layout_cache_get(c, "Servizi vicino a te", &body);
    assert_non_null(a);
    assert_ptr_equal(a, b);
    IkLayoutOptions wider = body;
    wider.width_px = 301;
    assert_ptr_not_equal(ik_layout_cache_get(c, "Servizi vicino a te", &wider), a);
    assert_int_equal(ik_layout_cache_hits(c), 1);
    assert_int_equal(ik_layout_cache_misses(c), 2);
    assert_ptr_equal(ik_layout_cache_fonts(c), fonts);
    ik_layout_cache_destroy(c);
    ik_layout_cache_destroy(NULL);
}

/* Many frames of different texts: the memory stays near the bound, and the
 * text used in every frame stays cached while the others come and go. */
static void memory_stays_under_the_bound(void **state)
{
    (void)state;
    const size_t bound = 64 * 1024;
    IkLayoutCache *c = ik_layout_cache_create(fonts, bound);
    const IkLayout *keep = NULL;
    size_t most = 0;
    for (int frame = 0; frame < 200; frame++) {
        ik_layout_cache_frame(c);
        keep = ik_layout_cache_get(c, "Aiuto subito", &body);
        for (int i = 0; i < 5; i++) {
            char text[96];
            snprintf(text, sizeof text, "Servizio numero %d, aperto oggi dalle 9 alle 18", frame * 5 + i);
            assert_non_null(ik_layout_cache_get(c, text, &body));
        }
        if (ik_layout_cache_bytes(c) > most)
            most = ik_layout_cache_bytes(c);
    }
    assert_true(most <= bound + bound / 4);     /* one frame's layouts past it at most */
    assert_true(ik_layout_cache_bytes(c) > bound / 2);
    size_t misses = ik_layout_cache_misses(c);
    assert_ptr_equal(ik_layout_cache_get(c, "Aiuto subito", &body), keep);
    assert_int_equal(ik_layout_cache_misses(c), misses);
    /* The oldest ones were evicted: asking again shapes again. */
    assert_non_null(ik_layout_cache_get(c, "Servizio numero 0, aperto oggi dalle 9 alle 18", &body));
    assert_int_equal(ik_layout_cache_misses(c), misses + 1);
    ik_layout_cache_destroy(c);
}

/* A frame that needs more than the bound keeps every layout it asked for:
 * callers hold them until the frame ends. */
static void layouts_of_this_frame_are_never_freed(void **state)
{
    (void)state;
    IkLayoutCache *c = ik_layout_cache_create(fonts, 1);
    ik_layout_cache_frame(c);
    const IkLayout *held[20];
    for (int i = 0; i < 20; i++) {
        char text[32];
        snprintf(text, sizeof text, "riga %d", i);
        held[i] = ik_layout_cache_get(c, text, &body);
        assert_non_null(held[i]);
    }
    for (int i = 0; i < 20; i++)        /* still valid (ASan would see a free) */
        assert_int_equal(ik_layout_line_count(held[i]), 1);
    ik_layout_cache_frame(c);
    assert_non_null(ik_layout_cache_get(c, "riga nuova", &body));
    assert_true(ik_layout_cache_bytes(c) < 4096);  /* the old frame went */
    ik_layout_cache_destroy(c);
}

static void measure_reads_the_drawn_layout(void **state)
{
    (void)state;
    IkLayoutCache *c = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
    const char *text = "Orientamento civico per famiglie e ragazzi appena arrivati";
    IkLayoutOptions o = body;
    o.max_lines = 2;
    o.width_px = 200;
    IkTextExtent e;
    assert_true(ik_text_measure(c, text, &o, &e));
    const IkLayout *l = ik_layout_cache_get(c, text, &o);
    assert_int_equal(e.width, ik_layout_width(l));
    assert_int_equal(e.height, ik_layout_height(l));
    assert_int_equal(e.lines, 2);
    assert_true(e.ellipsized);
    assert_false(e.word_cut);
    assert_true(e.width <= 200);
    assert_true(e.line_height > 24);
    o.max_lines = 0;
    assert_true(ik_text_measure(c, text, &o, &e));
    assert_true(e.lines > 2);
    assert_false(e.ellipsized);
    /* Bad options fail with a message and a zeroed extent. */
    o.size_px = 0;
    assert_false(ik_text_measure(c, text, &o, &e));
    assert_int_equal(e.height, 0);
    assert_true(strlen(ik_error()) > 0);
    ik_layout_cache_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_text_is_shaped_once),
        cmocka_unit_test(memory_stays_under_the_bound),
        cmocka_unit_test(layouts_of_this_frame_are_never_freed),
        cmocka_unit_test(measure_reads_the_drawn_layout),
    };
    return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
