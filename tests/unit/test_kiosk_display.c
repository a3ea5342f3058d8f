/* The display goes away and comes back (SDL's renderer-reset and display
 * events, as a GPU reset or an unplugged monitor send them): the window and
 * renderer are made again and the same frame is drawn, pixel for pixel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "incontro/core.h"
#include "incontro/kiosk.h"

static char *frame(IkKiosk *k, const char *name, size_t *size)
{
    char path[256];
    snprintf(path, sizeof path, "/tmp/ik_test_display_%d_%s.png", (int)getpid(), name);
    ik_kiosk_draw(k);
    assert_true(ik_gfx_save_png(k->gfx, path));
    char *png = ik_file_read(path, size);
    assert_non_null(png);
    remove(path);
    return png;
}

static SDL_Event event(Uint32 type, Uint8 display_event)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.display.event = display_event;
    return e;
}

static void test_renderer_made_again(void **state)
{
    (void)state;
    /* software: no GL driver whose own allocations the sanitizer reports */
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
    IkFonts *fonts = ik_fonts_create(NULL);
    assert_non_null(fonts);
    IkLayoutCache *layouts = ik_layout_cache_create(fonts, 1 << 20);
    IkDisplay d = {.options = {960, 540, true, true}, .fonts = fonts};
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, ik_gfx_create(&d.options, fonts), NULL, 0);
    ik_kiosk_swap(&k, NULL);            /* no pack: everything drawn is compiled in */
    k.frozen = true;
    size_t n1, n2, n3;
    char *before = frame(&k, "before", &n1);

    SDL_Event e = event(SDL_RENDER_DEVICE_RESET, 0);
    assert_true(ik_kiosk_display_event(&d, &k, &e, 0));
    assert_int_equal(d.rebuilds, 1);
    assert_non_null(k.gfx);
    assert_true(k.dirty);
    char *after = frame(&k, "after", &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1);

    e = event(SDL_DISPLAYEVENT, SDL_DISPLAYEVENT_DISCONNECTED);
    assert_true(ik_kiosk_display_event(&d, &k, &e, 10));
    assert_int_equal(d.rebuilds, 1);    /* nothing to draw on until it is back */
    e = event(SDL_DISPLAYEVENT, SDL_DISPLAYEVENT_CONNECTED);
    assert_true(ik_kiosk_display_event(&d, &k, &e, 20));
    assert_int_equal(d.rebuilds, 2);
    char *again = frame(&k, "again", &n3);
    assert_int_equal(n1, n3);
    assert_memory_equal(before, again, n1);
    e = event(SDL_RENDER_TARGETS_RESET, 0);
    assert_true(ik_kiosk_display_event(&d, &k, &e, 30));
    assert_int_equal(d.rebuilds, 3);
    /* other events are not the display's */
    e = event(SDL_MOUSEMOTION, 0);
    assert_false(ik_kiosk_display_event(&d, &k, &e, 40));

    free(before);
    free(after);
    free(again);
    ik_kiosk_release(&k);
    ik_gfx_destroy(k.gfx);
    ik_layout_cache_destroy(layouts);
    ik_fonts_destroy(fonts);
    SDL_Quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_renderer_made_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
