/* bench_text: layout and drawing of a full 1920x1080 screen of text per
 * script, cold (new fonts, empty atlas and layout cache) and warm (cached
 * layouts, resident glyphs), and the glyph atlas's memory. Prints figures;
 * asserts nothing (speed targets live here, not in timed tests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "incontro/core.h"
#include "incontro/glyphs.h"
#include "incontro/text.h"

#define SCREEN_W 1920
#define SCREEN_H 1080
#define SIZE 32
#define WARM_FRAMES 20

static const struct {
    const char *lang;
    const char *text;
} samples[] = {
    {"it", "In caso di emergenza chiamate il 112; per la violenza il 1522, gratuito e "
           "multilingue. Il servizio di orientamento civico aiuta famiglie e ragazzi."},
    {"uk", "Ласкаво просимо. У надзвичайній ситуації телефонуйте 112. Ця послуга "
           "безкоштовна і доступна багатьма мовами для родин і дітей."},
    {"ar", "مرحباً بك في إنكونترو. اتصل بالرقم +39 055 123 4567 أو 112 في حالات الطوارئ، "
           "الخدمة مجانية ومتاحة بعدة لغات للعائلات والأطفال."},
    {"ur", "خوش آمدید۔ ہنگامی صورت میں 112 پر کال کریں یا 1522 پر رابطہ کریں۔ یہ خدمت "
           "مفت ہے اور کئی زبانوں میں دستیاب ہے۔"},
    {"bn", "স্বাগতম। জরুরি অবস্থায় ১১২ নম্বরে ফোন করুন। শিক্ষা, ক্ষমতা, স্বাস্থ্য এবং "
           "সম্প্রদায়ের জন্য সহায়তা বিনামূল্যে পাওয়া যায়।"},
    {"ti", "እንቋዕ ብደሓን መጻእኩም። ኣብ ህጹጽ ኩነታት ናብ 112 ደውሉ። እዚ ኣገልግሎት ብነጻ እዩ "
           "ንስድራቤታትን ቆልዑን ብብዙሓት ቋንቋታት ይረክብ።"},
    {"zh-Hans", "欢迎使用 INCONTRO。紧急情况请拨打 112。本服务免费，为家庭和儿童提供"
                "多种语言的帮助、教育支持和心理支持。"},
};

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* One screen: paragraphs stacked until the screen is full. Returns glyphs. */
static size_t screen(IkLayoutCache *cache, IkGlyphAtlas *atlas, SDL_Renderer *r, const char *lang,
                     const char *text, double *layout_ms, double *draw_ms)
{
    IkLayoutOptions o = {.lang = lang, .size_px = SIZE, .width_px = SCREEN_W - 80,
                         .content = true};
    size_t glyphs = 0;
    int y = 20, i = 0;
    ik_layout_cache_frame(cache);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    while (y < SCREEN_H) {
        /* Each paragraph differs (a counter) so a screen is many layouts. */
        char *p = ik_xasprintf("%d. %s", ++i, text);
        double t0 = now_ms();
        const IkLayout *l = ik_layout_cache_get(cache, p, &o);
        double t1 = now_ms();
        if (!l) {
            fprintf(stderr, "bench_text: %s\n", ik_error());
            exit(1);
        }
        ik_atlas_draw(atlas, l, 40, y, (SDL_Color){0, 0, 0, 255});
        double t2 = now_ms();
        *layout_ms += t1 - t0;
        *draw_ms += t2 - t1;
        glyphs += ik_layout_glyph_count(l);
        y += ik_layout_height(l) + 8;
        free(p);
    }
    SDL_RenderPresent(r);
    return glyphs;
}

int main(void)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, SCREEN_W, SCREEN_H, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    if (!r) {
        fprintf(stderr, "bench_text: no software renderer: %s\n", SDL_GetError());
        return 1;
    }
    printf("bench_text: %dx%d screen of %d px text per script, software renderer\n", SCREEN_W,
           SCREEN_H, SIZE);
    printf("%-8s %7s %12s %12s %12s %12s %10s %8s\n", "lang", "glyphs", "cold layout",
           "cold draw", "warm layout", "warm draw", "atlas KiB", "resident");
    for (size_t k = 0; k < sizeof samples / sizeof *samples; k++) {
        double t0 = now_ms();
        IkFonts *fonts = ik_fonts_create(NULL);
        if (!fonts) {
            fprintf(stderr, "bench_text: %s\n", ik_error());
            return 1;
        }
        double fonts_ms = now_ms() - t0;
        IkLayoutCache *cache = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
        IkGlyphAtlas *atlas = ik_atlas_create(r, fonts, 16u << 20);
        double cl = 0, cd = 0, wl = 0, wd = 0;
        size_t glyphs = screen(cache, atlas, r, samples[k].lang, samples[k].text, &cl, &cd);
        for (int f = 0; f < WARM_FRAMES; f++)
            screen(cache, atlas, r, samples[k].lang, samples[k].text, &wl, &wd);
        printf("%-8s %7zu %9.2f ms %9.2f ms %9.3f ms %9.2f ms %10zu %8zu  (fonts %.2f ms, "
               "cache %zu hits / %zu misses)\n",
               samples[k].lang, glyphs, cl, cd, wl / WARM_FRAMES, wd / WARM_FRAMES,
               ik_atlas_bytes(atlas) / 1024, ik_atlas_glyphs(atlas), fonts_ms,
               ik_layout_cache_hits(cache), ik_layout_cache_misses(cache));
        ik_atlas_destroy(atlas);
        ik_layout_cache_destroy(cache);
        ik_fonts_destroy(fonts);
    }
    /* A long paragraph: layout cost per character without caches. */
    IkFonts *fonts = ik_fonts_create(NULL);
    IkBuf b = {0};
    while (b.len < 200000)
        ik_buf_puts(&b, samples[2].text);
    IkLayoutOptions o = {.lang = "ar", .size_px = SIZE, .width_px = 1800, .content = true};
    double t0 = now_ms();
    IkLayout *l = ik_text_layout(fonts, b.data, b.len, &o);
    double ms = now_ms() - t0;
    printf("one %zu-character Arabic paragraph: %.1f ms, %zu lines\n", ik_utf8_length(b.data, b.len),
           ms, ik_layout_line_count(l));
    ik_layout_destroy(l);
    ik_buf_free(&b);
    ik_fonts_destroy(fonts);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    return 0;
}
