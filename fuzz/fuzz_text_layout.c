/* Fuzz target: the paragraph layout (app/text: fribidi, HarfBuzz, ICU line
 * breaking, font fallback) with random options on arbitrary bytes, and the
 * steps incontro-text exposes: ik_text_order, ik_text_breaks,
 * ik_text_isolate_ltr_spans, plus ik_fonts_covers.
 *
 * Input: 8 option bytes, then the text. Besides the sanitizers it checks
 * what callers rely on: every line and glyph range lies inside the text and
 * the glyph array, visual order and break offsets are in range. */
#include "fuzz_common.h"

#include "incontro/text.h"

static IkFonts *fonts;

static const char *const langs[] = {"it", "en", "fr", "es", "sq", "ro", "uk", "ar",
                                    "fa-AF", "ps", "ur", "bn", "ti", "zh-Hans", "so"};
#define LANG_COUNT (sizeof langs / sizeof *langs)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    if (!getenv("IK_SOURCE_DIR"))
        setenv("IK_SOURCE_DIR", fuzz_source_dir(), 0);
    fonts = ik_fonts_create(NULL);
    if (!fonts) {
        fprintf(stderr, "fuzz_text_layout: no fonts: %s\n", ik_error());
        abort();
    }
    return 0;
}

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "fuzz_text_layout: %s:%d: violated: %s\n", __FILE__,      \
                    __LINE__, #cond);                                                 \
            abort();                                                                  \
        }                                                                             \
    } while (0)

static void check_layout(const IkLayout *l, size_t cps, int max_lines)
{
    size_t lines = ik_layout_line_count(l), glyphs = ik_layout_glyph_count(l);
    const IkGlyph *g = ik_layout_glyphs(l);
    CHECK(glyphs == 0 || g != NULL);
    CHECK(max_lines == 0 || lines <= (size_t)max_lines);
    (void)ik_layout_width(l);
    (void)ik_layout_height(l);
    (void)ik_layout_rtl(l);
    (void)ik_layout_truncated(l);
    (void)ik_layout_size(l);
    (void)ik_layout_line_height(l);
    for (size_t i = 0; i < lines; i++) {
        const IkLine *line = ik_layout_line(l, i);
        CHECK(line != NULL);
        CHECK(line->start <= line->end && line->end <= cps);
        CHECK((size_t)line->glyph_start + line->glyph_count <= glyphs);
    }
    for (size_t i = 0; i < glyphs; i++)
        CHECK(g[i].cluster <= cps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = {data, size};
    IkLayoutOptions o = {0};
    o.size_px = 1 + (int)(fuzz_byte(&in) % 200);
    o.width_px = -10 + (int)(fuzz_u16(&in) % 2011);
    unsigned flags = fuzz_byte(&in);
    o.dir = (IkDirection)(flags % 3);
    o.align = (IkAlign)((flags / 3) % 3);
    o.content = flags & 0x80;
    o.max_lines = (int)(fuzz_byte(&in) % 8);
    unsigned li = fuzz_byte(&in);
    o.lang = li % (LANG_COUNT + 1) == LANG_COUNT ? NULL : langs[li % (LANG_COUNT + 1)];
    unsigned what = fuzz_byte(&in);
    (void)fuzz_u16(&in);   /* reserved, keeps the text at byte 8 */
    const char *text = (const char *)in.data;
    size_t len = in.size;
    /* an exact-size copy, so reads past the end are caught */
    char *copy = malloc(len ? len : 1);
    if (!copy)
        abort();
    memcpy(copy, text, len);
    size_t cps = ik_utf8_length(copy, len);

    IkLayout *l = ik_text_layout(fonts, copy, len, &o);
    CHECK(l != NULL);   /* the options are valid: only bad options fail */
    check_layout(l, cps, o.max_lines);
    ik_layout_destroy(l);

    if (what & 1) {
        size_t *order = NULL, n = 0;
        if (ik_text_order(copy, len, o.dir, o.content, &order, &n)) {
            CHECK(n <= cps);
            for (size_t i = 0; i < n; i++)
                CHECK(order[i] < cps);
        }
        free(order);
    }
    if (what & 2) {
        size_t *offsets = NULL, n = 0;
        if (ik_text_breaks(copy, len, o.lang, &offsets, &n)) {
            for (size_t i = 0; i < n; i++)
                CHECK(offsets[i] <= cps && (i == 0 || offsets[i] > offsets[i - 1]));
            CHECK(cps == 0 || (n > 0 && offsets[n - 1] == cps));
        }
        free(offsets);
    }
    if (what & 4) {
        size_t count = 0, *map = NULL, out = 0;
        uint32_t *u = ik_utf8_to_utf32(copy, len, &count, NULL);
        uint32_t *iso = ik_text_isolate_ltr_spans(u, count, &out, &map);
        for (size_t i = 0; i < out; i++)
            CHECK(map[i] == SIZE_MAX || map[i] < count);
        free(iso);
        free(map);
        free(u);
    }
    if (what & 8) {
        /* the fonts check wants a C string */
        char *s = fuzz_str(in.data, len);
        uint32_t missing = 0;
        (void)ik_fonts_covers(fonts, o.lang ? o.lang : "it", s, &missing);
        (void)ik_fonts_line_height(fonts, o.lang, o.size_px);
        (void)ik_text_lang_rtl(o.lang);
        free(s);
    }
    free(copy);
    return 0;
}
