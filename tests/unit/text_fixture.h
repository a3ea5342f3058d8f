/* Real fonts and a layout cache for tests that measure or lay out text, with
 * or without a window: cmocka group setup/teardown. Included by test files
 * (each its own program), so the definitions are static. */
#ifndef INCONTRO_TESTS_TEXT_FIXTURE_H
#define INCONTRO_TESTS_TEXT_FIXTURE_H

#include "incontro/text.h"

static IkFonts *fonts;
static IkLayoutCache *layouts;

static int text_setup(void **state)
{
    (void)state;
    fonts = ik_fonts_create(NULL);
    if (!fonts)
        return -1;
    layouts = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
    return 0;
}

static int text_teardown(void **state)
{
    (void)state;
    ik_layout_cache_destroy(layouts);
    ik_fonts_destroy(fonts);
    return 0;
}

#endif
