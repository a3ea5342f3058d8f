/* Finding a widget as a reader does: when it is below the fold, scroll the
 * scene's first scroll view down half a view at a time until it shows or
 * the end is reached. Included by test files (each its own program). */
#ifndef INCONTRO_TESTS_KIOSK_SCROLL_H
#define INCONTRO_TESTS_KIOSK_SCROLL_H

#include "incontro/scenes.h"

/* Draws k and returns the visible widget id (scrolled to), or NULL. */
static const IkHit *find_scrolling(IkKiosk *k, const char *id)
{
    ik_kiosk_draw(k);
    const IkHit *h = ik_ui_find(&k->ui, id);
    while (!h && k->ui.scroll_count > 0) {
        IkScrollView *v = &k->ui.scrolls[0];
        if (*v->offset >= v->max)
            break;
        *v->offset += v->rect.h / 2.0f;
        if (*v->offset > v->max)
            *v->offset = v->max;
        ik_kiosk_draw(k);
        h = ik_ui_find(&k->ui, id);
    }
    return h;
}

#endif
