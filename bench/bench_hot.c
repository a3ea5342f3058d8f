/* bench_hot: the kiosk's hot paths, one function each, so that callgrind
 * can count their instructions (bench/callgrind runs this with
 * --toggle-collect=hot_*), which unlike wall time is stable on a busy
 * machine. Run alone it prints wall time per call.
 *
 *   hot_layout  lays out, uncached, every paragraph of the longest Arabic
 *               page and of the longest Italian one (fonts warm)
 *   hot_draw    draws one frame of the directory's result list, software
 *               renderer at 1920x1080, caches warm (no present)
 *   hot_search  one keystroke of search-as-you-type (every prefix of a few
 *               queries in three scripts, averaged)
 *
 * Usage: bench_hot [layout|draw|search]... (none: all). IK_PACK names the
 * pack. Prints "NAME CALLS ms-per-call"; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "incontro/core.h"
#include "incontro/kiosk.h"

/* noipa: no inlining and no clones (hot_layout.isra.0), so callgrind finds them */
#define NOINLINE __attribute__((noipa))

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The blocks of the topic of lang with the most text. */
static IkBlock *longest_page(IkContent *c, const char *lang, size_t *count)
{
    size_t n = 0, best = 0;
    IkBlock *page = NULL;
    IkTopic *t = ik_content_topics(c, lang, &n);
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t nb = 0, len = 0;
        bool fallback;
        IkBlock *b = ik_content_topic_blocks(c, lang, t[i].id, &nb, &fallback);
        for (size_t j = 0; j < nb; j++)
            len += strlen(b[j].text);
        if (len > best) {
            ik_blocks_free(page, *count);
            page = b;
            *count = nb;
            best = len;
        } else {
            ik_blocks_free(b, nb);
        }
    }
    ik_topics_free(t, n);
    return page;
}

/* The work of each path is in a function of its own; hot_* wrap it, so the
 * warm-up calls (fonts opened, glyphs rasterized) go uncounted. */
NOINLINE static size_t layout_all(IkFonts *fonts, const IkBlock *blocks, size_t n, const char *lang)
{
    size_t glyphs = 0;
    IkLayoutOptions o = {.lang = lang, .size_px = 34, .width_px = 1400, .content = true};
    for (size_t i = 0; i < n; i++) {
        IkLayout *l = ik_text_layout(fonts, blocks[i].text, strlen(blocks[i].text), &o);
        glyphs += ik_layout_glyph_count(l);
        ik_layout_destroy(l);
    }
    return glyphs;
}

static volatile size_t sink;     /* keeps hot_* from tail-calling their work */

NOINLINE static size_t hot_layout(IkFonts *fonts, const IkBlock *blocks, size_t n, const char *lang)
{
    sink = layout_all(fonts, blocks, n, lang);
    return sink;
}

NOINLINE static void draw_frame(IkKiosk *k)
{
    k->dirty = true;
    ik_kiosk_draw(k);
}

NOINLINE static void hot_draw(IkKiosk *k)
{
    draw_frame(k);
    sink = 0;
}

NOINLINE static size_t hot_search(IkContent *c, const char *lang, const char *query, size_t len)
{
    IkSearchFilter f = {0};
    size_t n = 0;
    char prefix[128];
    f.age = -1;
    f.limit = 60;
    snprintf(prefix, sizeof prefix, "%.*s", (int)len, query);
    IkSearchResult *r = ik_content_search(c, lang, prefix, &f, &n);
    ik_search_results_free(r, n);
    return n;
}

static bool wanted(int argc, char **argv, const char *name)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    const char *pack = getenv("IK_PACK");
    IkContent *content = pack ? ik_content_open(pack) : NULL;
    IkFonts *fonts = content ? ik_fonts_create(NULL) : NULL;
    if (!fonts) {
        fprintf(stderr, "bench_hot: %s\n", pack ? ik_error() : "IK_PACK names no pack");
        return 1;
    }
    printf("%-8s %6s %12s\n", "path", "calls", "ms per call");
    if (wanted(argc, argv, "layout")) {
        size_t na = 0, ni = 0;
        IkBlock *ar = longest_page(content, "ar", &na), *it = longest_page(content, "it", &ni);
        layout_all(fonts, ar, na, "ar");    /* fonts opened, shaping plans made */
        layout_all(fonts, it, ni, "it");
        const int calls = 10;
        double t0 = now_ms();
        for (int i = 0; i < calls; i++) {
            hot_layout(fonts, ar, na, "ar");
            hot_layout(fonts, it, ni, "it");
        }
        printf("%-8s %6d %12.3f  (%zu + %zu paragraphs, ar + it)\n", "layout", 2 * calls,
               (now_ms() - t0) / (2 * calls), na, ni);
        ik_blocks_free(ar, na);
        ik_blocks_free(it, ni);
    }
    if (wanted(argc, argv, "draw")) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        if (SDL_Init(SDL_INIT_VIDEO) != 0) {
            fprintf(stderr, "bench_hot: %s\n", SDL_GetError());
            return 1;
        }
        IkGfxOptions go = {1920, 1080, true, true};
        IkGfx *gfx = ik_gfx_create(&go, fonts);
        IkLayoutCache *layouts = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
        IkKiosk *k = ik_xcalloc(1, sizeof *k);
        IkConfig config;
        ik_config_defaults(&config);
        config.idle_seconds = 0;
        ik_kiosk_init(k, content, layouts, gfx, &config, 0);
        ik_kiosk_set_lang(k, "it");
        ik_stack_reset(&k->s.stack, IK_SCENE_LANGUAGE);
        ik_stack_push(&k->s.stack, IK_SCENE_HOME);
        ik_kiosk_go(k, IK_SCENE_DIRECTORY);
        draw_frame(k);                      /* layouts made, glyphs rasterized */
        const int calls = 20;
        double t0 = now_ms();
        for (int i = 0; i < calls; i++)
            hot_draw(k);
        printf("%-8s %6d %12.3f  (directory, 1920x1080, %s)\n", "draw", calls,
               (now_ms() - t0) / calls, ik_gfx_renderer_name(gfx));
        ik_kiosk_release(k);
        free(k);
        ik_layout_cache_destroy(layouts);
        ik_gfx_destroy(gfx);
        SDL_Quit();
    }
    if (wanted(argc, argv, "search")) {
        static const struct {
            const char *lang, *query;
        } queries[] = {
            {"it", "supporto psicologico"}, {"it", "doposcuola"}, {"it", "genitori prato"},
            {"en", "homework help"},        {"ar", "دعم نفسي"},    {"uk", "психолог"},
        };
        int calls = 0;
        size_t hits = 0;
        double t0 = now_ms();
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
            const char *s = queries[q].query;
            for (size_t len = 1; len <= strlen(s); len++) {
                if (((unsigned char)s[len] & 0xC0) == 0x80)
                    continue;               /* inside a UTF-8 sequence */
                hits += hot_search(content, queries[q].lang, s, len);
                calls++;
            }
        }
        printf("%-8s %6d %12.3f  (keystrokes of %zu queries, %zu results in all)\n", "search",
               calls, (now_ms() - t0) / calls, sizeof queries / sizeof *queries, hits);
    }
    ik_fonts_destroy(fonts);
    ik_content_close(content);
    return 0;
}
