/* [SECTION] names  [SECTION] stack  [SECTION] session  [SECTION] kiosk
 * [SECTION] input  [SECTION] time */
#include "incontro/scenes.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"
#include "fallback.h"

#define ATTRACT_CYCLE_MS 3000
#define CORNER 140

static const char *const scene_names[IK_SCENE_COUNT] = {
    "attract", "neutral", "language", "home", "topics",
    "topic", "directory", "service", "help", "operator", "out-of-service",
};

/* ---- names -------------------------------------------------------------- */
const char *ik_scene_name(IkSceneId scene)
{
    return scene < IK_SCENE_COUNT ? scene_names[scene] : "?";
}

bool ik_scene_from_name(const char *name, IkSceneId *scene)
{
    for (int i = 0; i < IK_SCENE_COUNT; i++)
        if (strcmp(scene_names[i], name) == 0) {
            *scene = (IkSceneId)i;
            return true;
        }
    return false;
}

/* ---- stack -------------------------------------------------------------- */
void ik_stack_reset(IkSceneStack *stack, IkSceneId root)
{
    stack->items[0] = root;
    stack->count = 1;
}

void ik_stack_push(IkSceneStack *stack, IkSceneId scene)
{
    if (stack->count > 0 && stack->items[stack->count - 1] == scene)
        return;     /* pressing a door twice does not stack it twice */
    if (stack->count == IK_STACK_MAX) {
        memmove(stack->items + 1, stack->items + 2,
                (IK_STACK_MAX - 2) * sizeof stack->items[0]);
        stack->count--;
    }
    stack->items[stack->count++] = scene;
}

bool ik_stack_pop(IkSceneStack *stack)
{
    if (stack->count <= 1)
        return false;
    stack->count--;
    return true;
}

IkSceneId ik_stack_top(const IkSceneStack *stack)
{
    return stack->count > 0 ? stack->items[stack->count - 1] : IK_SCENE_ATTRACT;
}

void ik_stack_unwind(IkSceneStack *stack, IkSceneId scene)
{
    for (int i = stack->count - 1; i >= 0; i--)
        if (stack->items[i] == scene) {
            stack->count = i + 1;
            return;
        }
    ik_stack_push(stack, scene);
}

/* ---- configuration and session ------------------------------------------ */
void ik_config_defaults(IkConfig *config)
{
    memset(config, 0, sizeof *config);
    config->idle_seconds = 90;
    config->update_interval = 3600;
    config->idle_countdown = 15;
    config->pack_memory_mb = -1;
}

void ik_session_reset(IkSession *session, const char *default_lang, IkSceneId root)
{
    memset(session, 0, sizeof *session);
    snprintf(session->lang, sizeof session->lang, "%s",
             default_lang && *default_lang ? default_lang : IK_SOURCE_LANG);
    session->age = -1;
    ik_stack_reset(&session->stack, root);
}

/* ---- kiosk -------------------------------------------------------------- */
static void drop_caches(IkKiosk *k)
{
    ik_search_results_free(k->results, k->result_count);
    k->results = NULL;
    k->result_count = 0;
    k->results_key[0] = '\0';
    ik_service_free(k->service);
    k->service = NULL;
    k->service_key[0] = '\0';
    ik_blocks_free(k->blocks, k->block_count);
    k->blocks = NULL;
    k->block_count = 0;
    k->blocks_key[0] = '\0';
}

void ik_kiosk_init(IkKiosk *k, IkContent *content, IkLayoutCache *layouts, IkGfx *gfx,
                   const IkConfig *config, uint64_t now)
{
    memset(k, 0, sizeof *k);
    k->content = content;
    k->ui.layouts = layouts;
    k->gfx = gfx;
    if (config)
        k->config = *config;
    else
        ik_config_defaults(&k->config);
    k->now = k->started = k->attract_since = now;
    ik_session_reset(&k->s, k->config.default_lang, IK_SCENE_ATTRACT);
    ik_idle_init(&k->idle, (uint32_t)k->config.idle_seconds, now);
    ik_gestures_init(&k->gestures);
    k->long_press_corner = CORNER;
    k->heard = -1;
    k->dirty = true;
}

void ik_kiosk_release(IkKiosk *k)
{
    ik_kiosk_listen_stop(k);
    drop_caches(k);
}

IkSceneId ik_kiosk_scene(const IkKiosk *k)
{
    return ik_stack_top(&k->s.stack);
}

/* Drops the laid-out texts, glyphs and fonts of the language on screen
 * before another takes its place: what the next screens need is made again
 * as they are drawn, so memory holds one language's, not every one seen. */
static void shed_language(IkKiosk *k, bool trim)
{
    ik_layout_cache_clear(k->ui.layouts);
    ik_fonts_release(ik_layout_cache_fonts(k->ui.layouts));
    if (k->gfx)
        ik_atlas_clear(ik_gfx_atlas(k->gfx));
#ifdef __GLIBC__
    if (trim)
        malloc_trim(0);
#endif
}

bool ik_kiosk_set_lang(IkKiosk *k, const char *lang)
{
    if (k->content && !ik_content_language_find(k->content, lang))
        return ik_fail("unknown language '%s'", lang);
    if (strcmp(k->s.lang, lang) != 0)
        shed_language(k, true);
    snprintf(k->s.lang, sizeof k->s.lang, "%s", lang);
    k->s.lang_chosen = true;
    memset(&k->s.keys, 0, sizeof k->s.keys);
    k->dirty = true;
    return true;
}

void ik_kiosk_go(IkKiosk *k, IkSceneId scene)
{
    ik_stack_push(&k->s.stack, scene);
    ik_kinetic_stop(&k->kinetic);
    k->kinetic_offset = NULL;
    k->dirty = true;
}

static void forget(IkKiosk *k, IkSceneId root)
{
    ik_kiosk_listen_stop(k);
    /* with no pack to show, every way out of a session leads here */
    if (k->out_of_service)
        root = IK_SCENE_OUT_OF_SERVICE;
    ik_session_reset(&k->s, k->config.default_lang, root);
    ik_kinetic_stop(&k->kinetic);
    k->kinetic_offset = NULL;
    drop_caches(k);
    /* Nothing of the session stays: the searches it typed, the texts and
     * glyphs of its language; and the memory goes back. */
    ik_content_release(k->content);
    shed_language(k, true);
    k->attract_index = 0;
    k->attract_since = k->now;
    k->dirty = true;
}

void ik_kiosk_quick_exit(IkKiosk *k)
{
    forget(k, IK_SCENE_NEUTRAL);
}

void ik_kiosk_reset(IkKiosk *k)
{
    forget(k, IK_SCENE_ATTRACT);
}

time_t ik_kiosk_wall(const IkKiosk *k)
{
    return time(NULL) + k->wall_offset + (time_t)((k->now - k->started) / 1000);
}

static bool lang_rtl(const IkKiosk *k, const char *lang)
{
    const IkLanguage *l = k->content ? ik_content_language_find(k->content, lang) : NULL;
    return l ? l->rtl : ik_text_lang_rtl(lang);
}

/* How long before an idle reset the countdown shows (ms; 0 = never): the
 * configured seconds, at most half the idle time. */
static uint64_t countdown_ms(const IkKiosk *k)
{
    if (k->config.idle_seconds <= 0)
        return 0;
    uint64_t c = (uint64_t)k->config.idle_countdown * 1000, half = (uint64_t)k->config.idle_seconds * 500;
    return c < half ? c : half;
}

static bool counting_down(const IkKiosk *k)
{
    IkSceneId scene = ik_kiosk_scene(k);
    return scene != IK_SCENE_ATTRACT && scene != IK_SCENE_NEUTRAL &&
           scene != IK_SCENE_OUT_OF_SERVICE && !k->frozen &&
           countdown_ms(k) > 0 && ik_idle_remaining(&k->idle, k->now) <= countdown_ms(k);
}

/* Whole seconds left before the reset, as the countdown shows them. */
static int seconds_left(const IkKiosk *k)
{
    return (int)((ik_idle_remaining(&k->idle, k->now) + 999) / 1000);
}

/* "Still there?": the seconds left on a shrinking ring and a button to go
 * on. The whole screen behind answers a touch as "continue" (a tap meant to
 * wake the kiosk must not press what lies under it); quick exit stays on top. */
static void idle_countdown(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkRect screen = ik_ui_canvas(ui);
    const IkHit *exit = ik_ui_find(ui, "quick-exit");
    IkRect exit_rect = exit ? exit->rect : (IkRect){0, 0, 0, 0};
    if (ui->gfx) {
        /* A veil over the scene, around the quick-exit button, which stays
         * as it was: one tap still leaves. */
        SDL_Color veil = t->bg;
        veil.a = 215;
        IkRect e = exit ? exit_rect : (IkRect){0, 0, 0, 0};
        IkRect parts[4] = {{0, 0, screen.w, e.y},
                           {0, e.y + e.h, screen.w, screen.h - e.y - e.h},
                           {0, e.y, e.x, e.h},
                           {e.x + e.w, e.y, screen.w - e.x - e.w, e.h}};
        for (int i = 0; i < 4; i++)
            if (parts[i].w > 0 && parts[i].h > 0)
                ik_gfx_fill_rect(ui->gfx, parts[i], veil);
    }
    ik_ui_hit(ui, "idle-continue", screen);
    int pad = ik_ui_gap(ui, IK_GAP_LARGE), gap = ik_ui_gap(ui, IK_GAP);
    int w = screen.w * 4 / 5 < ik_ui_dp(ui, 900) ? screen.w * 4 / 5 : ik_ui_dp(ui, 900);
    IkTextStyle qs = ik_ui_style(ui, IK_TEXT_HEADING);
    qs.align = IK_ALIGN_CENTER;
    qs.id = "idle-warning";
    const char *question = ik_ui_str(ui, "common.idle_warning");
    int ring = ik_ui_dp(ui, 170);
    IkButton b = ik_ui_button_of(ui, IK_ICON_CHECK, ik_ui_str(ui, "common.idle_continue"), NULL);
    b.bg = t->accent;
    b.fg = t->on_accent;
    b.outline = false;
    IkSize bs = ik_ui_button_size(ui, &b, w - 2 * pad);
    int qh = ik_ui_measure(ui, question, w - 2 * pad, qs).h;
    IkRect card = ik_ui_center(screen, w, pad + qh + gap + ring + gap + bs.h + pad);
    ik_ui_panel(ui, card, t->surface);
    ik_ui_outline(ui, card, 0);
    IkRect in = ik_ui_inset(card, pad);
    ik_ui_text(ui, question, ik_ui_cut_top(&in, qh, gap), qs);
    IkRect rr = ik_ui_center(ik_ui_cut_top(&in, ring, gap), ring, ring);
    int left = seconds_left(k), total = (int)(countdown_ms(k) / 1000);
    if (ui->gfx) {
        float cx = rr.x + rr.w / 2.0f, cy = rr.y + rr.h / 2.0f, rad = ring / 2.0f - ik_ui_dp(ui, 8);
        float width = (float)ik_ui_dp(ui, 12);
        ik_gfx_ring(ui->gfx, cx, cy, rad, width, t->surface_alt);
        float frac = total > 0 ? (float)left / (float)total : 0;
        if (frac > 0)
            ik_gfx_arc(ui->gfx, cx, cy, rad, width, -1.5707963f, -1.5707963f + frac * 6.2831853f,
                       t->accent);
    }
    char num[16];
    snprintf(num, sizeof num, "%d", left);
    IkTextStyle ns = ik_ui_style(ui, IK_TEXT_HUGE);
    ns.align = IK_ALIGN_CENTER;
    ns.center_v = true;
    ns.ltr = true;
    ns.id = "idle-seconds";
    ik_ui_text(ui, num, rr, ns);
    ik_ui_button_ex(ui, "idle-continue", ik_ui_center(in, bs.w, bs.h), &b);
    if (exit)
        ik_ui_hit(ui, "quick-exit", exit_rect);
    k->countdown_shown = left;
}

/* A discreet note in the bottom end corner while the pack has expired. */
static void out_of_date_note(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_SMALL);
    st.color = ui->theme.muted;
    st.id = "out-of-date";
    const char *text = ik_scene_fallback(k->s.lang)->text[IK_FALLBACK_OUT_OF_DATE];
    int pad = ik_ui_gap(ui, IK_GAP_TIGHT);
    IkRect screen = ik_ui_canvas(ui);
    IkSize size = ik_ui_measure(ui, text, screen.w / 2, st);
    IkRect band = ik_ui_cut_bottom(&screen, size.h + 2 * pad, 0);
    IkRect r = ik_ui_cut_end(ui, &band, size.w + 2 * pad, 0);
    ik_ui_panel(ui, r, ui->theme.surface_alt);
    ik_ui_text(ui, text, ik_ui_inset(r, pad), st);
}

void ik_kiosk_draw(IkKiosk *k)
{
    IkSceneId scene = ik_kiosk_scene(k);
    if (scene != k->shown && k->on_scene)
        k->on_scene(k, scene);
    k->shown = scene;
    if (ik_kiosk_listening(k) && k->spoken_scene != scene)
        ik_kiosk_listen_stop(k);        /* what was read is no longer there */
    if (k->gfx) {
        int w, h;
        ik_gfx_size(k->gfx, &w, &h);
        ik_ui_screen(&k->ui, w, h, ik_ui_scale(w, h, k->config.screen_inches, k->config.viewing_cm));
    }
    ik_ui_begin(&k->ui, k->gfx, k->content, k->s.lang, lang_rtl(k, k->s.lang),
                k->s.large_text ? 1.3f : 1.0f, k->s.contrast);
    /* A scene may ask for one more frame (a scroll offset it corrected). */
    k->dirty = false;
    ik_scene_ops(scene)->draw(k);
    if (k->out_of_date && k->content)
        out_of_date_note(k);
    if (counting_down(k))
        idle_countdown(k);
    else
        k->countdown_shown = 0;
    k->last_draw = k->now;
    k->drawn_minute = ik_kiosk_wall(k) / 60;
}

bool ik_kiosk_press(IkKiosk *k, const char *id)
{
    IkSceneId scene = ik_kiosk_scene(k);
    bool handled = true;
    if (k->out_of_service)
        return false;   /* nothing leads anywhere from there */
    k->dirty = true;
    /* Nothing leads back from the neutral screen (no back, home or help):
     * only its own touch, which starts a new session. */
    if (scene == IK_SCENE_NEUTRAL) {
        const IkSceneOps *ops = ik_scene_ops(scene);
        return ops->press && ops->press(k, id);
    }
    if (strcmp(id, "listen") == 0 && ik_kiosk_listening(k))
        ik_kiosk_listen_stop(k);
    else if (strcmp(id, "idle-continue") == 0)
        ik_idle_touch(&k->idle, k->now);    /* the touch itself already did */
    else if (strcmp(id, "quick-exit") == 0)
        ik_kiosk_quick_exit(k);
    else if (strcmp(id, "help") == 0)
        ik_kiosk_go(k, IK_SCENE_HELP);
    else if (strcmp(id, "back") == 0) {
        if (!ik_stack_pop(&k->s.stack))
            ik_stack_reset(&k->s.stack, IK_SCENE_HOME);
        ik_kinetic_stop(&k->kinetic);
    } else if (strcmp(id, "home") == 0)
        ik_stack_unwind(&k->s.stack, IK_SCENE_HOME);
    else if (strcmp(id, "language") == 0 && scene != IK_SCENE_ATTRACT &&
             scene != IK_SCENE_NEUTRAL && scene != IK_SCENE_LANGUAGE)
        ik_kiosk_go(k, IK_SCENE_LANGUAGE);
    else if (strcmp(id, "text-size") == 0)
        k->s.large_text = !k->s.large_text;
    else if (strcmp(id, "contrast") == 0)
        k->s.contrast = !k->s.contrast;
    else {
        const IkSceneOps *ops = ik_scene_ops(scene);
        handled = ops->press && ops->press(k, id);
    }
    return handled;
}

/* ---- input -------------------------------------------------------------- */
/* A long, mostly horizontal swipe toward the reading end goes back (left to
 * right in Italian, right to left in Arabic), where a back button is shown. */
static bool swipe_back(const IkKiosk *k, const IkGesture *g)
{
    float ax = g->dx < 0 ? -g->dx : g->dx, ay = g->dy < 0 ? -g->dy : g->dy;
    if (ax < 300 || ax < 2 * ay || !ik_ui_find(&k->ui, "back"))
        return false;
    return k->ui.rtl ? g->dx < 0 : g->dx > 0;
}

static void handle_gestures(IkKiosk *k)
{
    IkGesture g;
    while (ik_gestures_next(&k->gestures, &g)) {
        switch (g.type) {
        case IK_GESTURE_TAP: {
            const IkHit *hit = ik_ui_hit_at(&k->ui, g.x, g.y);
            if (hit) {
                char id[IK_UI_ID_MAX];
                /* The press may rebuild the hit list; keep the id. */
                snprintf(id, sizeof id, "%s", hit->id);
                ik_kiosk_press(k, id);
            }
            break;
        }
        case IK_GESTURE_LONG_PRESS:
            if (g.x < k->long_press_corner && g.y < k->long_press_corner &&
                k->config.operator_pin_hash[0] && !k->out_of_service &&
                ik_kiosk_scene(k) != IK_SCENE_OPERATOR) {
                k->s.pin[0] = '\0';
                k->s.pin_wrong = false;
                k->s.operator_open = false;
                ik_kiosk_go(k, IK_SCENE_OPERATOR);
            }
            break;
        case IK_GESTURE_DRAG: {
            IkScrollView *v = ik_ui_scroll_at(&k->ui, g.x, g.y);
            if (v) {
                *v->offset -= g.dy;
                if (*v->offset < 0)
                    *v->offset = 0;
                if (*v->offset > v->max)
                    *v->offset = v->max;
                k->dirty = true;
            }
            break;
        }
        case IK_GESTURE_RELEASE:
        case IK_GESTURE_SWIPE: {
            if (g.type == IK_GESTURE_SWIPE && swipe_back(k, &g)) {
                ik_kiosk_press(k, "back");
                break;
            }
            IkScrollView *v = ik_ui_scroll_at(&k->ui, g.x, g.y);
            if (v) {
                k->kinetic_offset = v->offset;
                k->kinetic_max = v->max;
                ik_kinetic_fling(&k->kinetic, -g.vy);
            }
            break;
        }
        }
    }
}

void ik_kiosk_pointer_down(IkKiosk *k, int x, int y)
{
    /* Any touch but on the listen button (which stops it itself) ends the
     * reading: the reader is doing something else. */
    const IkHit *hit = ik_kiosk_listening(k) ? ik_ui_hit_at(&k->ui, x, y) : NULL;
    if (ik_kiosk_listening(k) && (!hit || strcmp(hit->id, "listen") != 0))
        ik_kiosk_listen_stop(k);
    ik_idle_touch(&k->idle, k->now);
    ik_kinetic_stop(&k->kinetic);
    ik_gestures_down(&k->gestures, x, y, k->now);
    handle_gestures(k);
}

void ik_kiosk_pointer_move(IkKiosk *k, int x, int y)
{
    ik_idle_touch(&k->idle, k->now);
    ik_gestures_move(&k->gestures, x, y, k->now);
    handle_gestures(k);
}

void ik_kiosk_pointer_up(IkKiosk *k, int x, int y)
{
    ik_idle_touch(&k->idle, k->now);
    ik_gestures_up(&k->gestures, x, y, k->now);
    handle_gestures(k);
}

/* ---- time --------------------------------------------------------------- */
static int min_wait(int a, uint64_t b)
{
    int bi = b > 3600000 ? 3600000 : (int)b;
    return a < 0 || bi < a ? bi : a;
}

int ik_kiosk_tick(IkKiosk *k, uint64_t now)
{
    uint64_t before = k->now;
    int wait = -1;
    if (now > k->now)
        k->now = now;
    ik_gestures_tick(&k->gestures, k->now);
    handle_gestures(k);
    IkSceneId scene = ik_kiosk_scene(k);

    if (ik_kinetic_active(&k->kinetic) && k->kinetic_offset) {
        uint64_t dt = k->now - before;
        float d = ik_kinetic_step(&k->kinetic, (uint32_t)(dt > 100 ? 100 : dt));
        float *o = k->kinetic_offset;
        *o += d;
        if (*o < 0 || *o > k->kinetic_max) {
            *o = *o < 0 ? 0 : k->kinetic_max;
            ik_kinetic_stop(&k->kinetic);
        }
        k->dirty = true;
        if (ik_kinetic_active(&k->kinetic))
            wait = 16;
    }
    if (scene == IK_SCENE_OUT_OF_SERVICE) {
        ik_idle_touch(&k->idle, k->now);    /* no session to forget */
    } else if (scene == IK_SCENE_ATTRACT && !k->frozen) {
        if (k->now >= k->attract_since + ATTRACT_CYCLE_MS) {
            shed_language(k, false);
            k->attract_index++;
            k->attract_since = k->now;
            k->dirty = true;
        }
        wait = min_wait(wait, k->attract_since + ATTRACT_CYCLE_MS - k->now);
        ik_idle_touch(&k->idle, k->now);    /* nothing to forget here */
    } else if (k->config.idle_seconds > 0) {
        if (ik_idle_expired(&k->idle, k->now) && k->gestures.state == IK_POINTER_UP) {
            ik_kiosk_reset(k);
            ik_idle_touch(&k->idle, k->now);
        } else {
            uint64_t left = ik_idle_remaining(&k->idle, k->now), cd = countdown_ms(k);
            /* Sleep until the countdown, then wake each second it shows. */
            if (left > cd)
                wait = min_wait(wait, left - cd);
            else {
                if (counting_down(k) && seconds_left(k) != k->countdown_shown)
                    k->dirty = true;
                wait = min_wait(wait, left % 1000 ? left % 1000 : 1000);
            }
        }
    }
    if (scene == IK_SCENE_NEUTRAL && !k->frozen) { /* the clock on screen */
        if (ik_kiosk_wall(k) / 60 != k->drawn_minute)
            k->dirty = true;
        wait = min_wait(wait, 60000 - (ik_kiosk_wall(k) % 60) * 1000);
    }
    int listen = ik_kiosk_listen_tick(k);
    if (listen >= 0)
        wait = min_wait(wait, (uint64_t)listen);
    int g = ik_gestures_timeout(&k->gestures, k->now);
    if (g >= 0)
        wait = min_wait(wait, (uint64_t)g);
    return wait;
}

void ik_kiosk_key(IkKiosk *k, IkKey key)
{
    IkSceneId scene = ik_kiosk_scene(k);
    ik_idle_touch(&k->idle, k->now);
    if (key != IK_KEY_SHIFT)
        memset(k->shift_at, 0, sizeof k->shift_at);
    if (scene == IK_SCENE_NEUTRAL)
        return;
    switch (key) {
    case IK_KEY_ESCAPE:
        ik_kiosk_quick_exit(k);
        break;
    case IK_KEY_SHIFT:
        memmove(k->shift_at, k->shift_at + 1, sizeof k->shift_at - sizeof k->shift_at[0]);
        k->shift_at[2] = k->now + 1;    /* + 1: 0 means "no press" */
        if (k->shift_at[0] && k->shift_at[2] - k->shift_at[0] <= IK_SHIFT_EXIT_MS) {
            memset(k->shift_at, 0, sizeof k->shift_at);
            ik_kiosk_quick_exit(k);
        }
        break;
    case IK_KEY_BACKSPACE:
        if (scene == IK_SCENE_DIRECTORY)
            ik_kiosk_press(k, "key:backspace");
        break;
    case IK_KEY_OTHER:
        break;
    }
}

void ik_kiosk_text(IkKiosk *k, const char *utf8)
{
    char id[IK_UI_ID_MAX];
    ik_idle_touch(&k->idle, k->now);
    if (ik_kiosk_scene(k) != IK_SCENE_DIRECTORY || !utf8 || !*utf8)
        return;
    snprintf(id, sizeof id, "key:%s", strcmp(utf8, " ") == 0 ? "space" : utf8);
    k->s.keyboard_open = true;
    ik_kiosk_press(k, id);
}
