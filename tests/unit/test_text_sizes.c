/* text sizes: scripts drawn at their optical size (each reads as large as
 * Latin at the same style, judged by the criteria type designers pair
 * scripts with), line heights from the fonts on each line, and lines filled
 * by unrounded advances so that text measured at a width fits in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include "incontro/core.h"
#include "incontro/text.h"
#include "text_fixture.h"

#define SIZE 100

static IkLayout *lay(const char *text, const char *lang, int width)
{
    IkLayoutOptions o = {.lang = lang, .size_px = SIZE, .width_px = width};
    IkLayout *l = ik_text_layout(fonts, text, strlen(text), &o);
    assert_non_null(l);
    return l;
}

/* Ink height in pixels of glyph g as drawn (unhinted outline). */
static double glyph_ink(const IkGlyph *g, bool *advances)
{
    FT_Face f = ik_fonts_face(fonts, g->font, g->size);
    assert_non_null(f);
    assert_int_equal(FT_Load_Glyph(f, g->id, FT_LOAD_NO_HINTING), 0);
    FT_BBox b;
    FT_Outline_Get_CBox(&f->glyph->outline, &b);
    if (advances)
        *advances = f->glyph->advance.x > 0;
    return (b.yMax - b.yMin) / 64.0;
}

/* The tallest glyph of text in lang (one letter: its height). */
static double tallest(const char *text, const char *lang)
{
    IkLayout *l = lay(text, lang, 0);
    double h = 0;
    for (size_t i = 0; i < ik_layout_glyph_count(l); i++) {
        double g = glyph_ink(&ik_layout_glyphs(l)[i], NULL);
        h = g > h ? g : h;
    }
    ik_layout_destroy(l);
    return h;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median ink height of the spacing glyphs of a real paragraph: for Latin
 * text, its x-height (lowercase without ascenders dominates). */
static double running_height(const char *lang)
{
    char *path = ik_xasprintf("%s/tests/text/render_%s.txt",
                              getenv("IK_SOURCE_DIR") ? getenv("IK_SOURCE_DIR") : IK_SOURCE_DIR,
                              lang);
    char *text = ik_file_read(path, NULL);
    assert_non_null(text);
    text[strcspn(text, "\n")] = '\0';
    IkLayout *l = lay(text, lang, 0);
    size_t n = ik_layout_glyph_count(l), k = 0;
    double *h = ik_xmalloc((n + 1) * sizeof *h);
    for (size_t i = 0; i < n; i++) {
        bool advances;
        double g = glyph_ink(&ik_layout_glyphs(l)[i], &advances);
        if (advances && g > 0)
            h[k++] = g;
    }
    qsort(h, k, sizeof *h, compare_double);
    double median = k ? h[k / 2] : 0;
    free(h);
    ik_layout_destroy(l);
    free(text);
    free(path);
    return median;
}

static void assert_near(double got, double want, double tolerance, const char *what)
{
    if (got < want * (1 - tolerance) || got > want * (1 + tolerance))
        fail_msg("%s: %.1f px, wanted %.1f px within %.0f%%", what, got, want, tolerance * 100);
}

/* Naskh's alef stands as tall as a Latin ascender; Bengali letters hang
 * from a headline at the Latin cap height; Ethiopic letters are cap-high.
 * At one pixel size Naskh and Bengali stood about 12% short. */
static void scripts_pair_with_latin(void **state)
{
    (void)state;
    double ascender = tallest("l", "it"), cap = tallest("H", "it");
    assert_near(tallest("ا", "ar"), ascender, 0.06, "Naskh alef vs Latin l");
    assert_near(tallest("ক", "bn"), cap, 0.06, "Bengali ka vs Latin H");
    assert_near(tallest("ሀ", "ti"), cap, 0.06, "Ethiopic ha vs Latin H");
}

/* Nastaliq's joined letters are small: drawn at the Latin pixel size its
 * running text stood at 0.83 of Latin's x-height. It now reads at least as
 * large, and not oversized. */
static void nastaliq_reads_as_large_as_latin(void **state)
{
    (void)state;
    double latin = running_height("it"), urdu = running_height("ur");
    if (urdu < latin || urdu > latin * 1.35)
        fail_msg("Nastaliq running text %.1f px against Latin's %.1f px", urdu, latin);
}

/* No script is drawn smaller than the style; the base and symbol fonts at
 * the style's size; the factor is the fonts' own (a list that names the
 * Naskh font first for Urdu measures it as Naskh). */
static void optical_sizes_never_shrink(void **state)
{
    (void)state;
    for (int i = 0; i < ik_fonts_count(fonts); i++)
        assert_true(ik_fonts_optical(fonts, i) >= 1.0f);
    IkLayout *l = lay("abc", "it", 0);
    assert_true(ik_fonts_optical(fonts, ik_layout_glyphs(l)[0].font) == 1.0f);
    assert_int_equal(ik_layout_glyphs(l)[0].size, SIZE);
    ik_layout_destroy(l);
    l = lay("مدد", "ur", 0);
    float nastaliq = ik_fonts_optical(fonts, ik_layout_glyphs(l)[0].font);
    assert_true(nastaliq > 1.2f);
    assert_int_equal(ik_layout_glyphs(l)[0].size, (int)(SIZE * nastaliq + 0.5f));
    ik_layout_destroy(l);
}

/* Each line is as tall as the fonts on it: a line of Latin digits inside
 * Urdu text keeps Latin's height, the Nastaliq lines their own; the lines
 * tile without gaps. */
static void line_height_follows_the_line(void **state)
{
    (void)state;
    IkLayout *l = lay("فوری مدد\n0039 055 1234\nفوری مدد", "ur", 0);
    assert_int_equal(ik_layout_line_count(l), 3);
    const IkLine *a = ik_layout_line(l, 0), *b = ik_layout_line(l, 1), *c = ik_layout_line(l, 2);
    assert_int_equal(b->height, ik_fonts_line_height(fonts, "it", SIZE));
    assert_int_equal(a->height, ik_fonts_line_height(fonts, "ur", SIZE));
    assert_true(a->height > b->height * 2);
    assert_int_equal(c->height, a->height);
    assert_int_equal(b->top, a->top + a->height);
    assert_int_equal(c->top, b->top + b->height);
    assert_int_equal(ik_layout_height(l), c->top + c->height);
    assert_int_equal(ik_layout_line_height(l), a->height);
    assert_true(b->y > b->top && b->y < b->top + b->height);
    ik_layout_destroy(l);
    /* Wrapped Italian: one pitch for every line. */
    l = lay("uno due tre quattro cinque sei sette otto nove dieci", "it", 5 * SIZE);
    assert_true(ik_layout_line_count(l) >= 3);
    assert_int_equal(ik_layout_height(l),
                     (int)ik_layout_line_count(l) * ik_fonts_line_height(fonts, "it", SIZE));
    ik_layout_destroy(l);
}

/* Lines are filled by unrounded advances: forty letters whose advances,
 * each rounded to a pixel, add up to more than the width still fit it. */
static void unrounded_advances_fill_lines(void **state)
{
    (void)state;
    char text[41];
    memset(text, 'l', 40);
    text[40] = '\0';
    bool found = false;
    for (int size = 10; size <= 60 && !found; size++) {
        IkLayoutOptions o = {.lang = "it", .size_px = size};
        IkLayout *two = ik_text_layout(fonts, "ll", 2, &o);
        IkLayout *all = ik_text_layout(fonts, text, 40, &o);
        int rounded = ik_layout_glyphs(two)[1].x;     /* one advance, rounded */
        int width = ik_layout_width(all);             /* forty, unrounded, rounded up */
        if (40 * rounded > width) {
            found = true;
            o.width_px = width;
            IkLayout *wrapped = ik_text_layout(fonts, text, 40, &o);
            assert_int_equal(ik_layout_line_count(wrapped), 1);
            ik_layout_destroy(wrapped);
        }
        ik_layout_destroy(two);
        ik_layout_destroy(all);
    }
    assert_true(found);
}

/* What is measured fits where it is measured: laid out again at its own
 * measured width, text stays on one line (a rounded-down width broke
 * about half of these). */
static void measured_width_fits(void **state)
{
    (void)state;
    static const char *const texts[][2] = {
        {"it", "Orientamento civico"}, {"it", "Supporto psicologico"},
        {"uk", "Психологічна підтримка"}, {"ar", "الدعم النفسي"},
        {"ur", "نفسیاتی مدد"}, {"bn", "মানসিক সহায়তা"}, {"ti", "ስነ-ኣእምሮኣዊ ደገፍ"},
        {"zh-Hans", "心理支持"}, {"so", "Taageero nafsiyeed"}, {"fr", "Soutien à la parentalité"},
    };
    for (int size = 20; size <= 44; size += 3)
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            IkLayoutOptions o = {.lang = texts[i][0], .size_px = size};
            IkTextExtent one, again;
            assert_true(ik_text_measure(layouts, texts[i][1], &o, &one));
            o.width_px = one.width;
            assert_true(ik_text_measure(layouts, texts[i][1], &o, &again));
            if (again.lines != 1)
                fail_msg("\"%s\" at %d px: %d px wide, wraps at that width", texts[i][1], size,
                         one.width);
        }
}

/* A label laid out with trim: its box is the base font's, grown only as far
 * as its glyphs' ink reaches. A Latin label keeps the line box it had; an
 * Urdu label sheds most of Nastaliq's tall line box yet holds all its ink
 * (untrimmed, a one-word key or button stood more than twice Latin's). */
static void trimmed_labels_hug_their_ink(void **state)
{
    (void)state;
    static const char *const labels[][2] = {
        {"it", "Aiuto"}, {"ur", "مدد"}, {"ur", "فوری مدد"}, {"ur", "ڈ"},
        {"ar", "مساعدة"}, {"bn", "সাহায্য"}, {"ti", "ሓገዝ"}, {"zh-Hans", "帮助"},
    };
    int latin = ik_fonts_line_height(fonts, "it", SIZE);
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        const char *lang = labels[i][0], *text = labels[i][1];
        IkLayoutOptions o = {.lang = lang, .size_px = SIZE};
        IkLayout *full = ik_text_layout(fonts, text, strlen(text), &o);
        o.trim = true;
        IkLayout *trim = ik_text_layout(fonts, text, strlen(text), &o);
        assert_non_null(full);
        assert_non_null(trim);
        const IkLine *line = ik_layout_line(trim, 0);
        if (line->height < latin || line->height > ik_layout_line(full, 0)->height)
            fail_msg("%s \"%s\": trimmed %d px, Latin line %d, untrimmed %d", lang, text,
                     line->height, latin, ik_layout_line(full, 0)->height);
        assert_int_equal(ik_layout_width(trim), ik_layout_width(full));
        for (size_t g = 0; g < ik_layout_glyph_count(trim); g++) {
            const IkGlyph *gl = &ik_layout_glyphs(trim)[g];
            FT_Face f = ik_fonts_face(fonts, gl->font, gl->size);
            assert_non_null(f);
            assert_int_equal(FT_Load_Glyph(f, gl->id, FT_LOAD_NO_HINTING), 0);
            FT_BBox b;
            FT_Outline_Get_CBox(&f->glyph->outline, &b);
            double top = gl->y - b.yMax / 64.0, bottom = gl->y - b.yMin / 64.0;
            if (b.yMax > b.yMin && (top < line->top - 0.5 || bottom > line->top + line->height + 0.5))
                fail_msg("%s \"%s\": glyph %u inks %.1f..%.1f outside the line's %d..%d", lang,
                         text, gl->id, top, bottom, line->top, line->top + line->height);
        }
        ik_layout_destroy(full);
        ik_layout_destroy(trim);
    }
    /* Latin: exactly the untrimmed box. */
    IkLayoutOptions o = {.lang = "it", .size_px = SIZE, .trim = true};
    IkLayout *l = ik_text_layout(fonts, "Aiuto", 5, &o);
    assert_int_equal(ik_layout_height(l), latin);
    ik_layout_destroy(l);
    /* Nastaliq: much less than its own line. */
    l = ik_text_layout(fonts, "مدد", strlen("مدد"), &(IkLayoutOptions){.lang = "ur",
                                                                          .size_px = SIZE,
                                                                          .trim = true});
    assert_true(ik_layout_height(l) * 3 < ik_fonts_line_height(fonts, "ur", SIZE) * 2);
    ik_layout_destroy(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scripts_pair_with_latin),
        cmocka_unit_test(nastaliq_reads_as_large_as_latin),
        cmocka_unit_test(optical_sizes_never_shrink),
        cmocka_unit_test(line_height_follows_the_line),
        cmocka_unit_test(unrounded_advances_fill_lines),
        cmocka_unit_test(measured_width_fits),
        cmocka_unit_test(trimmed_labels_hug_their_ink),
    };
    return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
