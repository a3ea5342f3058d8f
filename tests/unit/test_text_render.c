/* Reference images: one paragraph per script (tests/text/render_LANG.txt)
 * laid out and drawn through the glyph atlas on a software renderer, then
 * compared with tests/text/render_LANG.png with a tolerance (font hinting or
 * FreeType versions move a few edge pixels, not words). Run with
 * IK_UPDATE_REFERENCE=1 to rewrite the references after a deliberate
 * change; LOOK at them before committing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>

#include "incontro/core.h"
#include "incontro/glyphs.h"
#include "incontro/text.h"

#define WIDTH 600
#define SIZE 28
#define MARGIN 16
/* A pixel differs when a channel moves by more than this; a pixel is ink
 * (part of the text) when it differs so from the white background. */
#define PIXEL_TOLERANCE 64
/* Font hinting or FreeType versions move a few edge pixels, spread over the
 * text; a missing, extra or moved glyph changes many in one place. So an
 * image fails when more than INK_TOLERANCE of the text's own pixels differ,
 * or when, in any window of half an em by an em, more than WINDOW_TOLERANCE
 * of the ink (and at least WINDOW_PIXELS pixels) differ. Shares of the
 * whole image would let a dropped glyph pass (0.1% of it). */
#define INK_TOLERANCE 0.02
#define WINDOW_TOLERANCE 0.20
#define WINDOW_PIXELS 6

static IkFonts *fonts;

static int setup(void **state)
{
    (void)state;
    fonts = ik_fonts_create(NULL);
    return fonts ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ik_fonts_destroy(fonts);
    return 0;
}

static const char *source_dir(void)
{
    const char *s = getenv("IK_SOURCE_DIR");
    return s && *s ? s : IK_SOURCE_DIR;
}

/* Draws text as `incontro-text render --content` does. Caller frees. */
static SDL_Surface *draw(const char *lang, const char *text)
{
    IkLayoutOptions o = {.lang = lang, .size_px = SIZE, .width_px = WIDTH, .content = true};
    IkLayout *l = ik_text_layout(fonts, text, strlen(text), &o);
    assert_non_null(l);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, WIDTH + 2 * MARGIN,
                                                    ik_layout_height(l) + 2 * MARGIN, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    assert_non_null(r);
    IkGlyphAtlas *atlas = ik_atlas_create(r, fonts, 4u << 20);
    assert_non_null(atlas);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    assert_true(ik_atlas_draw(atlas, l, MARGIN, MARGIN, (SDL_Color){0, 0, 0, 255}));
    SDL_RenderPresent(r);
    ik_atlas_destroy(atlas);
    SDL_DestroyRenderer(r);
    ik_layout_destroy(l);
    return s;
}

static bool channels_differ(uint32_t a, uint32_t b)
{
    for (int sh = 0; sh < 24; sh += 8) {
        int d = (int)((a >> sh) & 255) - (int)((b >> sh) & 255);
        if (d > PIXEL_TOLERANCE || d < -PIXEL_TOLERANCE)
            return true;
    }
    return false;
}

/* summed-area table of a w x h grid of 0/1: sat[(y)*(w+1)+x] counts the
 * cells above and left of (x, y) */
static uint32_t *sums(const uint8_t *cells, int w, int h)
{
    uint32_t *sat = ik_xcalloc((size_t)(w + 1) * (h + 1), sizeof *sat);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            sat[(y + 1) * (w + 1) + x + 1] = cells[y * w + x] + sat[y * (w + 1) + x + 1] +
                                             sat[(y + 1) * (w + 1) + x] - sat[y * (w + 1) + x];
    return sat;
}

static uint32_t box(const uint32_t *sat, int w, int x0, int y0, int x1, int y1)
{
    return sat[y1 * (w + 1) + x1] - sat[y0 * (w + 1) + x1] - sat[y1 * (w + 1) + x0] +
           sat[y0 * (w + 1) + x0];
}

typedef struct {
    double ink_share;       /* differing pixels / ink pixels */
    double worst_window;    /* the highest share in one window */
    bool fails;
} Difference;

/* a and b of the same size; ink is the union of both drawings' text */
static Difference difference(SDL_Surface *a, SDL_Surface *b)
{
    SDL_Surface *ca = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *cb = SDL_ConvertSurfaceFormat(b, SDL_PIXELFORMAT_ARGB8888, 0);
    int w = ca->w, h = ca->h;
    uint8_t *ink = ik_xcalloc((size_t)w * h, 1), *diff = ik_xcalloc((size_t)w * h, 1);
    size_t n_ink = 0, n_diff = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *pa = (const uint32_t *)((const uint8_t *)ca->pixels + y * ca->pitch);
        const uint32_t *pb = (const uint32_t *)((const uint8_t *)cb->pixels + y * cb->pitch);
        for (int x = 0; x < w; x++) {
            ink[y * w + x] = channels_differ(pa[x], 0xFFFFFF) || channels_differ(pb[x], 0xFFFFFF);
            diff[y * w + x] = channels_differ(pa[x], pb[x]);
            n_ink += ink[y * w + x];
            n_diff += diff[y * w + x];
        }
    }
    Difference r = {.ink_share = n_ink ? (double)n_diff / (double)n_ink : (double)(n_diff > 0)};
    uint32_t *si = sums(ink, w, h), *sd = sums(diff, w, h);
    int ww = SIZE / 2, wh = SIZE, step = SIZE / 4;
    for (int y = 0; y + wh <= h; y += step)
        for (int x = 0; x + ww <= w; x += step) {
            uint32_t i = box(si, w, x, y, x + ww, y + wh), d = box(sd, w, x, y, x + ww, y + wh);
            double share = i ? (double)d / i : 0;
            if (share > r.worst_window && d >= WINDOW_PIXELS)
                r.worst_window = share;
        }
    r.fails = r.ink_share > INK_TOLERANCE || r.worst_window > WINDOW_TOLERANCE;
    free(si);
    free(sd);
    free(ink);
    free(diff);
    SDL_FreeSurface(ca);
    SDL_FreeSurface(cb);
    return r;
}

static void check(const char *lang)
{
    char *txt = ik_xasprintf("%s/tests/text/render_%s.txt", source_dir(), lang);
    char *png = ik_xasprintf("%s/tests/text/render_%s.png", source_dir(), lang);
    char *text = ik_file_read(txt, NULL);
    assert_non_null(text);
    text[strcspn(text, "\n")] = '\0';
    SDL_Surface *got = draw(lang, text);
    const char *update = getenv("IK_UPDATE_REFERENCE");
    if (update && *update == '1') {
        assert_int_equal(IMG_SavePNG(got, png), 0);
        printf("wrote %s\n", png);
    } else {
        SDL_Surface *want = IMG_Load(png);
        if (!want)
            fail_msg("%s: %s (IK_UPDATE_REFERENCE=1 writes it)", png, IMG_GetError());
        if (want->w != got->w || want->h != got->h) {
            char *out = ik_xasprintf("render_%s.actual.png", lang);
            IMG_SavePNG(got, out);
            fail_msg("%s: %dx%d, drawn %dx%d (see %s)", png, want->w, want->h, got->w, got->h,
                     out);
        }
        Difference d = difference(got, want);
        printf("%s: %.3f%% of the text's pixels differ, %.1f%% in the worst window\n", lang,
               d.ink_share * 100, d.worst_window * 100);
        if (d.fails) {
            char *out = ik_xasprintf("render_%s.actual.png", lang);
            IMG_SavePNG(got, out);
            fail_msg("%s: %.2f%% of the text's pixels differ, %.1f%% in one window (see %s)",
                     png, d.ink_share * 100, d.worst_window * 100, out);
        }
        SDL_FreeSurface(want);
    }
    SDL_FreeSurface(got);
    free(text);
    free(txt);
    free(png);
}

/* the paragraph of render_LANG.txt (caller frees) */
static char *paragraph(const char *lang)
{
    char *txt = ik_xasprintf("%s/tests/text/render_%s.txt", source_dir(), lang);
    char *text = ik_file_read(txt, NULL);
    if (!text)
        fail_msg("%s", ik_error());
    text[strcspn(text, "\n")] = '\0';
    free(txt);
    return text;
}

/* A glyph missing from a drawing (a font that lost a character, a cache
 * that dropped one) must fail the comparison, wherever it is: here the
 * glyph at the middle of the paragraph is painted over. */
static void test_dropped_glyph_fails(void **state)
{
    (void)state;
    char *text = paragraph("it");
    SDL_Surface *want = draw("it", text);
    SDL_Surface *got = draw("it", text);
    IkLayoutOptions o = {.lang = "it", .size_px = SIZE, .width_px = WIDTH, .content = true};
    IkLayout *l = ik_text_layout(fonts, text, strlen(text), &o);
    const IkGlyph *g = ik_layout_glyphs(l);
    size_t k = ik_layout_glyph_count(l) / 2;
    while (text[g[k].cluster] == ' ' || g[k + 1].y != g[k].y)
        k++;
    SDL_Rect r = {MARGIN + g[k].x, MARGIN + g[k].y - SIZE, g[k + 1].x - g[k].x, SIZE + SIZE / 3};
    printf("dropped '%c' at %d,%d (%dx%d)\n", text[g[k].cluster], r.x, r.y, r.w, r.h);
    SDL_FillRect(got, &r, SDL_MapRGB(got->format, 255, 255, 255));
    Difference d = difference(got, want);
    printf("a dropped glyph: %.3f%% of the text's pixels differ, %.1f%% in the worst window\n",
           d.ink_share * 100, d.worst_window * 100);
    assert_true(d.fails);
    ik_layout_destroy(l);
    SDL_FreeSurface(want);
    SDL_FreeSurface(got);
    free(text);
}

static void test_ar(void **state) { (void)state; check("ar"); }
static void test_ur(void **state) { (void)state; check("ur"); }
static void test_bn(void **state) { (void)state; check("bn"); }
static void test_ti(void **state) { (void)state; check("ti"); }
static void test_zh(void **state) { (void)state; check("zh-Hans"); }
static void test_uk(void **state) { (void)state; check("uk"); }
static void test_it(void **state) { (void)state; check("it"); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ar), cmocka_unit_test(test_ur), cmocka_unit_test(test_bn),
        cmocka_unit_test(test_ti), cmocka_unit_test(test_zh), cmocka_unit_test(test_uk),
        cmocka_unit_test(test_it), cmocka_unit_test(test_dropped_glyph_fails),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
