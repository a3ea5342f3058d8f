/* Reference screenshots of a few scenes per screen size, each in a language
 * of another script, compared on the pixels of their text only: the frame
 * record says where every text was drawn, and everything else (pictograms,
 * panels, anti-aliased shapes) is left out of the comparison, so a change
 * of shape drawing does not fail it while a text that moved, changed size,
 * lost a glyph or was cut does. The references in tests/shots keep only
 * those text boxes (the rest painted flat). Run with IK_UPDATE_REFERENCE=1
 * to rewrite them after a deliberate change of text drawing or layout, then
 * LOOK at them before committing; a failing comparison writes what it saw
 * to IK_BUILD_DIR/shots-diff/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>

#include "../../app/content/content_internal.h"
#include "../../app/content/search_internal.h"
#include "../../app/text/text_internal.h"
#include "incontro/core.h"
#include "incontro/kiosk.h"
#include "data_fixture.h"
#include "screen_fixture.h"
#include "text_fixture.h"

/* A pixel differs when a channel moves by more than this; inside a text box
 * a pixel is ink when it differs so from the box's background. */
#define PIXEL_TOLERANCE 64
/* Hinting or FreeType versions move a few edge pixels over the whole
 * screen; a wrong, missing or moved glyph changes many in one text. */
#define INK_TOLERANCE 0.03
#define TEXT_TOLERANCE 0.25
#define TEXT_PIXELS 12
/* Outside the text boxes the references are this flat colour. */
#define MASK 0xFF00FFu

typedef struct {
    int w, h;
    const char *lang;
    IkSceneId scene;
} Shot;

/* Every listed size, a script per size, scenes whose text does not follow
 * the clock (the neutral screen's time, "open now" on the service card) or
 * the search ranking (the directory's results). */
static const Shot shots[] = {
    {1080, 1920, "ar", IK_SCENE_HOME},     {1080, 1920, "ar", IK_SCENE_HELP},
    {1080, 1920, "ar", IK_SCENE_LANGUAGE}, {1920, 1080, "it", IK_SCENE_HOME},
    {1920, 1080, "it", IK_SCENE_HELP},     {1920, 1080, "it", IK_SCENE_TOPICS},
    {800, 1280, "zh-Hans", IK_SCENE_HOME}, {800, 1280, "zh-Hans", IK_SCENE_TOPICS},
    {800, 1280, "zh-Hans", IK_SCENE_HELP}, {1366, 768, "ur", IK_SCENE_HOME},
    {1366, 768, "ur", IK_SCENE_TOPICS},    {1024, 768, "bn", IK_SCENE_HOME},
    {1024, 768, "bn", IK_SCENE_LANGUAGE},  {1280, 800, "ti", IK_SCENE_HOME},
    {1280, 800, "ti", IK_SCENE_TOPICS},
};

static IkContent *content;

static int setup(void **state)
{
    return test_screen_start() ? text_setup(state) : -1;
}

static int teardown(void **state)
{
    ik_content_close(content);
    text_teardown(state);
    SDL_Quit();
    return 0;
}

static uint32_t pixel(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch))[x] & 0xFFFFFF;
}

static void put(SDL_Surface *s, int x, int y, uint32_t v)
{
    ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x] = v | 0xFF000000u;
}

static bool differ(uint32_t a, uint32_t b)
{
    for (int sh = 0; sh < 24; sh += 8) {
        int d = (int)((a >> sh) & 255) - (int)((b >> sh) & 255);
        if (d > PIXEL_TOLERANCE || d < -PIXEL_TOLERANCE)
            return true;
    }
    return false;
}

/* The texts of the frame, clipped to the screen: the boxes compared. */
static size_t text_boxes(const IkUi *ui, IkRect *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ui->item_count && n < max; i++) {
        const IkItem *it = &ui->items[i];
        if (it->kind != IK_ITEM_TEXT)
            continue;
        IkRect r = it->rect;
        int x1 = r.x + r.w < ui->width ? r.x + r.w : ui->width;
        int y1 = r.y + r.h < ui->height ? r.y + r.h : ui->height;
        r.x = r.x < 0 ? 0 : r.x;
        r.y = r.y < 0 ? 0 : r.y;
        r.w = x1 - r.x;
        r.h = y1 - r.y;
        if (r.w > 0 && r.h > 0)
            out[n++] = r;
    }
    return n;
}

/* The screen as drawn, with everything outside the text boxes painted MASK. */
static SDL_Surface *masked_shot(IkGfx *gfx, const IkRect *boxes, size_t n, int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    assert_int_equal(SDL_RenderReadPixels(ik_gfx_renderer(gfx), NULL, SDL_PIXELFORMAT_ARGB8888,
                                          s->pixels, s->pitch), 0);
    uint8_t *keep = ik_xcalloc((size_t)w * h, 1);
    for (size_t i = 0; i < n; i++)
        for (int y = boxes[i].y; y < boxes[i].y + boxes[i].h; y++)
            memset(keep + (size_t)y * w + boxes[i].x, 1, (size_t)boxes[i].w);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (!keep[(size_t)y * w + x])
                put(s, x, y, MASK);
    free(keep);
    return s;
}

/* The most common colour of the box in s: the ground the text stands on. */
static uint32_t ground(const SDL_Surface *s, IkRect r)
{
    uint32_t seen[16] = {0};
    int count[16] = {0}, kinds = 0, best = 0;
    for (int y = r.y; y < r.y + r.h; y += 2)
        for (int x = r.x; x < r.x + r.w; x += 2) {
            uint32_t v = pixel(s, x, y);
            int k = 0;
            while (k < kinds && seen[k] != v)
                k++;
            if (k == kinds && kinds < 16)
                seen[kinds++] = v;
            if (k < kinds && ++count[k] > count[best])
                best = k;
        }
    return seen[best];
}

typedef struct {
    size_t ink, differ;         /* over every text box */
    double worst;               /* the highest share in one box */
    IkRect worst_box;
} Comparison;

/* Compares a and b (masked shots of one size) over the text boxes of a and
 * wherever b shows text a has none at (a text moved away). */
static Comparison compare(const SDL_Surface *a, const SDL_Surface *b, const IkRect *boxes,
                          size_t n)
{
    Comparison c = {0, 0, 0, {0, 0, 0, 0}};
    for (size_t i = 0; i < n; i++) {
        IkRect r = boxes[i];
        uint32_t bg = ground(a, r);
        size_t ink = 0, d = 0;
        for (int y = r.y; y < r.y + r.h; y++)
            for (int x = r.x; x < r.x + r.w; x++) {
                uint32_t pa = pixel(a, x, y), pb = pixel(b, x, y);
                ink += differ(pa, bg) || differ(pb, bg);
                d += differ(pa, pb);
            }
        c.ink += ink;
        c.differ += d;
        double share = ink ? (double)d / (double)ink : (double)(d > 0);
        if (d >= TEXT_PIXELS && share > c.worst) {
            c.worst = share;
            c.worst_box = r;
        }
    }
    /* Text the reference has where this frame has none. */
    size_t stray = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++)
            stray += pixel(a, x, y) == MASK && pixel(b, x, y) != MASK;
    c.ink += stray;
    c.differ += stray;
    if (stray >= TEXT_PIXELS && c.worst < 1) {
        c.worst = 1;
        c.worst_box = (IkRect){0, 0, a->w, a->h};
    }
    return c;
}

static char *reference_path(const Shot *s)
{
    const char *src = getenv("IK_SOURCE_DIR");
    return ik_xasprintf("%s/tests/shots/%dx%d-%s-%s.png", src && *src ? src : IK_SOURCE_DIR,
                        s->w, s->h, s->lang, ik_scene_name(s->scene));
}

static void check(const Shot *s, bool update)
{
    IkGfxOptions o = {s->w, s->h, true, true};
    IkGfx *gfx = ik_gfx_create(&o, fonts);
    assert_non_null(gfx);
    IkKiosk *k = ik_xcalloc(1, sizeof *k);
    ik_kiosk_init(k, content, layouts, gfx, NULL, 0);
    k->frozen = true;
    /* A Tuesday morning, so nothing on screen depends on when the test runs. */
    k->wall_offset = 1796117400 - time(NULL);    /* 2026-12-01 10:30 in Rome */
    ik_tour_stage(k, s->scene, s->lang);
    ik_kiosk_draw(k);
    IkRect *boxes = ik_xcalloc(IK_UI_MAX_ITEMS, sizeof *boxes);
    size_t n = text_boxes(&k->ui, boxes, IK_UI_MAX_ITEMS);
    assert_true(n > 0);
    SDL_Surface *now = masked_shot(gfx, boxes, n, s->w, s->h);
    char *path = reference_path(s);
    if (update) {
        assert_int_equal(IMG_SavePNG(now, path), 0);
        printf("wrote %s\n", path);
    } else {
        SDL_Surface *loaded = IMG_Load(path);
        if (!loaded)
            fail_msg("%s: no reference (run with IK_UPDATE_REFERENCE=1, then look at it)", path);
        SDL_Surface *ref = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(loaded);
        assert_int_equal(ref->w, s->w);
        assert_int_equal(ref->h, s->h);
        Comparison c = compare(now, ref, boxes, n);
        double share = c.ink ? (double)c.differ / (double)c.ink : 0;
        printf("%dx%d %s %s: %.2f%% of the text's pixels differ, %.0f%% in the worst text\n",
               s->w, s->h, s->lang, ik_scene_name(s->scene), share * 100, c.worst * 100);
        if (share > INK_TOLERANCE || c.worst > TEXT_TOLERANCE) {
            const char *build = getenv("IK_BUILD_DIR");
            char *dir = ik_xasprintf("%s/shots-diff", build && *build ? build : ".");
            mkdir(dir, 0755);
            char *out = ik_xasprintf("%s/%dx%d-%s-%s.png", dir, s->w, s->h, s->lang,
                                     ik_scene_name(s->scene));
            IMG_SavePNG(now, out);
            fail_msg("%s: %.2f%% of the text's pixels differ, %.0f%% in the text at "
                     "[%d,%d,%d,%d] (this frame: %s)", path, share * 100, c.worst * 100,
                     c.worst_box.x, c.worst_box.y, c.worst_box.w, c.worst_box.h, out);
        }
        SDL_FreeSurface(ref);
    }
    free(path);
    SDL_FreeSurface(now);
    free(boxes);
    ik_kiosk_release(k);
    free(k);
    ik_gfx_destroy(gfx);
}

static void references_match_on_text(void **state)
{
    (void)state;
    content = ik_content_open(test_pack_path());
    assert_non_null(content);
    const char *u = getenv("IK_UPDATE_REFERENCE");
    bool update = u && *u && strcmp(u, "0") != 0;
    for (size_t i = 0; i < sizeof shots / sizeof *shots; i++)
        check(&shots[i], update);
}

/* What searches on content kept for the next keystroke. */
static bool search_kept(void)
{
    IkSearchCache *c = ik_search_cache(ik_content_db(content));
    assert_non_null(c);
    return c->rows_kept || c->found_kept || c->cards || c->words;
}

/* True when the file of font is mapped (looked at without loading it). */
static bool font_mapped(int font)
{
    char *maps = ik_file_read("/proc/self/maps", NULL);
    assert_non_null(maps);
    bool mapped = strstr(maps, ik_fonts_path(fonts, font)) != NULL;
    free(maps);
    return mapped;
}

/* A session's end leaves nothing of it: not the searches its reader typed,
 * nor the texts and glyphs of its screens; the next screen is drawn whole. */
static void a_session_end_forgets_it(void **state)
{
    (void)state;
    if (!content)
        content = ik_content_open(test_pack_path());
    assert_non_null(content);
    IkGfxOptions o = {1080, 1920, true, true};
    IkGfx *gfx = ik_gfx_create(&o, fonts);
    assert_non_null(gfx);
    IkKiosk *k = ik_xcalloc(1, sizeof *k);
    ik_kiosk_init(k, content, layouts, gfx, NULL, 0);
    k->frozen = true;
    const char *queries[] = {"p", "ps", "psic", "psicologo", "psicologo bam"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        size_t n = 0;
        IkSearchResult *r = ik_content_search(content, "it", queries[i], NULL, &n);
        assert_non_null(r);
        ik_search_results_free(r, n);
    }
    ik_tour_stage(k, IK_SCENE_DIRECTORY, "ar");
    ik_kiosk_draw(k);
    assert_true(search_kept());
    assert_true(ik_layout_cache_bytes(layouts) > 0);
    assert_true(ik_atlas_bytes(ik_gfx_atlas(gfx)) > 0);
    int arabic = ik_fonts_pick(fonts, "ar", 0x0628, HB_SCRIPT_ARABIC, -1);
    assert_true(arabic >= 0);
    assert_true(font_mapped(arabic));

    ik_kiosk_reset(k);
    assert_false(font_mapped(arabic));
    assert_false(search_kept());
    assert_int_equal(ik_layout_cache_bytes(layouts), 0);
    assert_int_equal(ik_atlas_bytes(ik_gfx_atlas(gfx)), 0);
    assert_int_equal(ik_kiosk_scene(k), IK_SCENE_ATTRACT);
    ik_kiosk_draw(k);
    assert_true(ik_atlas_bytes(ik_gfx_atlas(gfx)) > 0);
    /* the attract screen's next language drops the one before's glyphs */
    k->frozen = false;
    ik_kiosk_tick(k, 60000);
    assert_int_equal(ik_atlas_bytes(ik_gfx_atlas(gfx)), 0);
    ik_kiosk_draw(k);
    assert_true(ik_atlas_bytes(ik_gfx_atlas(gfx)) > 0);
    /* the searches after it find as before */
    size_t n = 0;
    IkSearchResult *r = ik_content_search(content, "it", "psicologo", NULL, &n);
    assert_non_null(r);
    assert_true(n > 0);
    ik_search_results_free(r, n);
    ik_kiosk_release(k);
    free(k);
    ik_gfx_destroy(gfx);
    ik_content_close(content);
    content = NULL;
}

/* The comparison sees a text that changed: one word of a label replaced. */
static void a_changed_word_fails(void **state)
{
    (void)state;
    const int w = 600, h = 200;
    IkGfxOptions o = {w, h, true, true};
    IkGfx *gfx = ik_gfx_create(&o, fonts);
    assert_non_null(gfx);
    SDL_Surface *shot[2];
    IkRect boxes[4];
    size_t n = 0;
    const char *texts[2] = {"Orientamento civico per le famiglie",
                            "Orientamento civile per le famiglie"};
    for (int i = 0; i < 2; i++) {
        IkUi *ui = ik_xcalloc(1, sizeof *ui);
        ui->layouts = layouts;
        ik_ui_begin(ui, gfx, NULL, "it", false, 1, false);
        ik_ui_text(ui, texts[i], (IkRect){20, 40, 560, 0}, ik_ui_style(ui, IK_TEXT_BODY));
        n = text_boxes(ui, boxes, 4);
        shot[i] = masked_shot(gfx, boxes, n, w, h);
        free(ui);
    }
    Comparison same = compare(shot[0], shot[0], boxes, n);
    assert_int_equal(same.differ, 0);
    Comparison c = compare(shot[1], shot[0], boxes, n);
    assert_true(c.worst > TEXT_TOLERANCE || (double)c.differ / (double)c.ink > INK_TOLERANCE);
    SDL_FreeSurface(shot[0]);
    SDL_FreeSurface(shot[1]);
    ik_gfx_destroy(gfx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_changed_word_fails),
        cmocka_unit_test(a_session_end_forgets_it),
        cmocka_unit_test(references_match_on_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
