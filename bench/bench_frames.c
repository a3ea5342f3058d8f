/* bench_frames: frame times while kinetic-scrolling, as a reader flings a
 * list with a finger: the directory's result list (every service of the
 * pack, unfiltered) in Italian and the longest awareness page in Arabic, at
 * 1920x1080 and 1080x1920, with the software and the accelerated renderer.
 *
 * The kiosk's own entry points do the work (pointer down/move/up, tick,
 * draw); the clock is virtual (16 ms a frame) so every run scrolls the same
 * distance, and a frame's time is ik_kiosk_draw plus ik_gfx_present, the
 * real cost on this machine. Under Xvfb (bench/peer runs it there) present
 * includes handing the frame to the X server; with SDL's offscreen driver
 * (the `bench` target) it does not. Prints p50, p99 and the worst frame;
 * asserts nothing. IK_PACK names the pack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "incontro/core.h"
#include "incontro/kiosk.h"

#define FRAME_MS 16
#define MAX_FRAMES 240      /* measured frames per case (IK_BENCH_FRAMES: fewer) */
static int FRAMES = MAX_FRAMES;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double percentile(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

/* One frame if something changed: draw and present, timed. */
static bool frame(IkKiosk *k, double *ms)
{
    ik_kiosk_tick(k, k->now + FRAME_MS);
    if (!k->dirty)
        return false;
    double t0 = now_ms();
    ik_kiosk_draw(k);
    ik_gfx_present(k->gfx);
    *ms = now_ms() - t0;
    return true;
}

/* A fling: the finger moves `dy` canvas pixels in 100 ms and lets go. */
static void fling(IkKiosk *k, int x, int y, int dy)
{
    ik_kiosk_pointer_down(k, x, y);
    for (int i = 1; i <= 6; i++) {
        ik_kiosk_tick(k, k->now + FRAME_MS);
        ik_kiosk_pointer_move(k, x, y + dy * i / 6);
    }
    ik_kiosk_pointer_up(k, x, y + dy);
}

/* Flings down the list and back up until FRAMES frames are drawn. */
static int scroll_frames(IkKiosk *k, float *offset, int x, int y, int dy, double *ms)
{
    int n = 0, idle = 0, dir = 1;
    while (n < FRAMES && idle < 4) {
        float before = *offset;
        fling(k, x, y, -dir * dy);
        int drawn = 0;
        for (int i = 0; i < 400 && n < FRAMES; i++) {
            if (frame(k, &ms[n])) {
                n++;
                drawn++;
            } else if (!ik_kinetic_active(&k->kinetic)) {
                break;
            }
        }
        /* At an end of the list the offset stops moving: turn round. */
        if (*offset == before) {
            dir = -dir;
            idle += drawn == 0;
        }
    }
    return n;
}

/* The topic of lang with the most text. */
static void longest_topic(IkKiosk *k, const char *lang, char *id, size_t size)
{
    size_t n = 0, best = 0;
    IkTopic *t = ik_content_topics(k->content, lang, &n);
    for (size_t i = 0; i < n; i++) {
        size_t nb = 0, len = 0;
        bool fallback;
        IkBlock *b = ik_content_topic_blocks(k->content, lang, t[i].id, &nb, &fallback);
        for (size_t j = 0; j < nb; j++)
            len += strlen(b[j].text);
        if (len > best && !fallback) {
            best = len;
            snprintf(id, size, "%s", t[i].id);
        }
        ik_blocks_free(b, nb);
    }
    ik_topics_free(t, n);
}

typedef struct {
    const char *name, *lang;
    IkSceneId scene;
} Case;

static bool run_case(IkContent *content, IkFonts *fonts, int w, int h, const Case *c)
{
    /* A shown window: on an X server a hidden one skips the real present. */
    IkGfxOptions go = {w, h, true, false};
    IkGfx *gfx = ik_gfx_create(&go, fonts);
    if (!gfx) {
        fprintf(stderr, "bench_frames: %s\n", ik_error());
        return false;
    }
    IkLayoutCache *layouts = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
    IkKiosk *k = ik_xcalloc(1, sizeof *k);
    IkConfig config;
    ik_config_defaults(&config);
    config.idle_seconds = 0;        /* no idle reset in the middle of a run */
    ik_kiosk_init(k, content, layouts, gfx, &config, 0);
    ik_kiosk_set_lang(k, c->lang);
    ik_stack_reset(&k->s.stack, IK_SCENE_LANGUAGE);
    ik_stack_push(&k->s.stack, IK_SCENE_HOME);
    if (c->scene == IK_SCENE_TOPIC) {
        longest_topic(k, c->lang, k->s.topic_id, sizeof k->s.topic_id);
        ik_stack_push(&k->s.stack, IK_SCENE_TOPICS);
    }
    ik_kiosk_go(k, c->scene);
    double first = 0;
    frame(k, &first);               /* cold: layouts and glyphs made */

    /* Fling in the middle of the scroll view. */
    int cw, ch;
    ik_gfx_size(gfx, &cw, &ch);
    IkScrollView *v = NULL;
    for (size_t i = 0; i < k->ui.scroll_count; i++)
        if (!v || k->ui.scrolls[i].max > v->max)
            v = &k->ui.scrolls[i];
    if (!v) {
        fprintf(stderr, "bench_frames: %s has no scroll view\n", c->name);
        return false;
    }
    int x = v->rect.x + v->rect.w / 2, y = v->rect.y + v->rect.h * 3 / 4;
    int dy = v->rect.h / 2, pages = (int)(v->max / (v->rect.h > 0 ? v->rect.h : 1)) + 1;
    double *ms = malloc(sizeof *ms * FRAMES);
    /* One pass to warm the caches (a reader's first fling), then measure. */
    scroll_frames(k, v->offset, x, y, dy, ms);
    int n = scroll_frames(k, v->offset, x, y, dy, ms);
    if (n > 0) {
        double p50 = percentile(ms, n, 0.5), p99 = percentile(ms, n, 0.99), worst = ms[n - 1];
        printf("%-9s %-4dx%-5d %-28s %5d %8.2f %8.2f %8.2f %9.1f  (%d screens)\n", ik_gfx_renderer_name(gfx), w, h,
               c->name, n, p50, p99, worst, first, pages);
    }
    free(ms);
    ik_kiosk_release(k);
    free(k);
    ik_layout_cache_destroy(layouts);
    ik_gfx_destroy(gfx);
    return n > 0;
}

/* Arguments narrow the run (for profiling one case): RENDERER (software or
 * accelerated), then SIZE (1920x1080 or 1080x1920), then CASE (list or topic). */
static bool wanted(int argc, char **argv, int i, const char *value)
{
    return argc <= i || strcmp(argv[i], value) == 0;
}

int main(int argc, char **argv)
{
    const char *pack = getenv("IK_PACK");
    const char *nf = getenv("IK_BENCH_FRAMES");
    if (nf && atoi(nf) > 0 && atoi(nf) < MAX_FRAMES)
        FRAMES = atoi(nf);
    if (!pack) {
        fprintf(stderr, "bench_frames: IK_PACK names no pack\n");
        return 1;
    }
    IkContent *content = ik_content_open(pack);
    IkFonts *fonts = content ? ik_fonts_create(NULL) : NULL;
    if (!fonts) {
        fprintf(stderr, "bench_frames: %s\n", ik_error());
        return 1;
    }
    static const Case cases[] = {
        {"result list (it, all)", "it", IK_SCENE_DIRECTORY},
        {"longest topic (ar)", "ar", IK_SCENE_TOPIC},
    };
    static const int sizes[][2] = {{1920, 1080}, {1080, 1920}};
    bool ok = true;
    printf("bench_frames: kinetic scrolling, %d frames per case after a warm-up pass, "
           "frame = draw + present (ms)\n", FRAMES);
    printf("%-9s %-10s %-28s %5s %8s %8s %8s %9s\n", "renderer", "size", "case", "frames", "p50",
           "p99", "worst", "cold 1st");
    static const char *const renderers[] = {"software", "accelerated"};
    static const char *const size_names[] = {"1920x1080", "1080x1920"};
    static const char *const case_names[] = {"list", "topic"};
    /* One SDL_Init for both renderers: a second one after SDL_Quit finds
     * no X11 driver (SDL 2.26). */
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "bench_frames: %s\n", SDL_GetError());
        return 1;
    }
    for (int r = 0; r < 2 && ok; r++) {
        if (!wanted(argc, argv, 1, renderers[r]))
            continue;
        /* named: with none, a machine without a GPU draws in software */
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, r == 0 ? "software" : "opengl");
        for (size_t s = 0; s < 2 && ok; s++)
            for (size_t c = 0; c < sizeof cases / sizeof *cases && ok; c++)
                if (wanted(argc, argv, 2, size_names[s]) && wanted(argc, argv, 3, case_names[c]))
                    ok = run_case(content, fonts, sizes[s][0], sizes[s][1], &cases[c]);
    }
    SDL_Quit();
    ik_fonts_destroy(fonts);
    ik_content_close(content);
    return ok ? 0 : 1;
}
