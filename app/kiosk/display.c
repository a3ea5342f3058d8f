/* The window and renderer survive the display: when the renderer is reset
 * (a GPU reset, a lost context) or a display comes back after going away
 * (a monitor unplugged and plugged in again), the window, renderer and glyph
 * atlas are made again from scratch, and the frame redrawn. */
#include "incontro/kiosk.h"

#include "incontro/core.h"

#define RETRY_MS 2000

IkGfx *ik_kiosk_display_open(IkDisplay *d)
{
    /* Full screen at the display's own size: a window of the canvas size
     * on a smaller output is cropped by Wayland compositors such as cage. */
    SDL_DisplayMode mode;
    if (d->fit_display && SDL_GetDesktopDisplayMode(0, &mode) == 0) {
        d->options.width = mode.w;
        d->options.height = mode.h;
    }
    return ik_gfx_create(&d->options, d->fonts);
}

static void rebuild(IkDisplay *d, IkKiosk *k, const char *why, uint64_t now)
{
    ik_log(IK_LOG_WARN, "display: %s: making the window and renderer again", why);
    ik_gfx_destroy(k->gfx);
    k->gfx = ik_kiosk_display_open(d);
    k->dirty = true;
    if (!k->gfx) {
        /* no display yet: draw nothing, try again soon */
        ik_log(IK_LOG_ERROR, "display: %s; trying again in %d s", ik_error(), RETRY_MS / 1000);
        d->retry_at = now + RETRY_MS;
        return;
    }
    d->retry_at = 0;
    d->rebuilds++;
    SDL_ShowCursor(d->cursor ? SDL_ENABLE : SDL_DISABLE);
}

bool ik_kiosk_display_event(IkDisplay *d, IkKiosk *k, const SDL_Event *e, uint64_t now)
{
    switch (e->type) {
    case SDL_RENDER_DEVICE_RESET:
        rebuild(d, k, "the renderer was reset", now);
        return true;
    case SDL_RENDER_TARGETS_RESET:
        rebuild(d, k, "the renderer lost its textures", now);
        return true;
    case SDL_DISPLAYEVENT:
        if (e->display.event == SDL_DISPLAYEVENT_DISCONNECTED) {
            ik_log(IK_LOG_WARN, "display: display %u went away", (unsigned)e->display.display);
            return true;
        }
        if (e->display.event == SDL_DISPLAYEVENT_CONNECTED) {
            rebuild(d, k, "a display came back", now);
            return true;
        }
        return false;
    default:
        return false;
    }
}

void ik_kiosk_display_tick(IkDisplay *d, IkKiosk *k, uint64_t now)
{
    if (d->retry_at && now >= d->retry_at)
        rebuild(d, k, "no window yet", now);
}
