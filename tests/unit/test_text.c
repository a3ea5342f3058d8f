/* text module: font fallback, wrapping, ellipsis, LTR isolation of phone
 * numbers, bad input, and no .notdef for any line of the repository's
 * content and translations. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/text.h"

static IkFonts *fonts;

static int setup(void **state)
{
    (void)state;
    fonts = ik_fonts_create(NULL);
    if (!fonts)
        fprintf(stderr, "fonts: %s\n", ik_error());
    return fonts ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ik_fonts_destroy(fonts);
    return 0;
}

static IkLayout *lay(const char *text, const char *lang, int width, int max_lines)
{
    IkLayoutOptions o = {.lang = lang, .size_px = 24, .width_px = width, .max_lines = max_lines};
    IkLayout *l = ik_text_layout(fonts, text, strlen(text), &o);
    assert_non_null(l);
    return l;
}

static const char *family_of_cluster(const IkLayout *l, uint32_t cluster)
{
    const IkGlyph *g = ik_layout_glyphs(l);
    for (size_t i = 0; i < ik_layout_glyph_count(l); i++)
        if (g[i].cluster == cluster) {
            FT_Face f = ik_fonts_face(fonts, g[i].font, 24);
            return f ? f->family_name : "?";
        }
    return "(none)";
}

static void assert_no_notdef(const IkLayout *l, const char *what)
{
    const IkGlyph *g = ik_layout_glyphs(l);
    for (size_t i = 0; i < ik_layout_glyph_count(l); i++)
        if (g[i].id == 0)
            fail_msg(".notdef at code point %u of %s", g[i].cluster, what);
}

/* ---- fallback ------------------------------------------------------------ */
static void test_urdu_gets_nastaliq(void **state)
{
    (void)state;
    /* The same letters: Nastaliq for ur, Naskh for ar. */
    IkLayout *ur = lay("سلام دنیا", "ur", 0, 0);
    IkLayout *ar = lay("سلام دنیا", "ar", 0, 0);
    assert_string_equal(family_of_cluster(ur, 0), "Noto Nastaliq Urdu");
    assert_string_equal(family_of_cluster(ar, 0), "Noto Naskh Arabic");
    assert_true(ik_fonts_line_height(fonts, "ur", 24) >= ik_fonts_line_height(fonts, "it", 24) * 17 / 10);
    assert_true(ik_layout_rtl(ur));
    ik_layout_destroy(ur);
    ik_layout_destroy(ar);
}

/* Noto Nastaliq Urdu draws its ")" facing the same way as its "(": once
 * mirrored for right to left, a pair in Urdu showed "((". Brackets come
 * from one font that draws them as a pair. */
static void test_urdu_brackets_face_each_other(void **state)
{
    (void)state;
    const char *text = "(\u0648\u0627\u062F\u06CC\u0627\u06BA) \u0627\u0648\u0631 (ABC)";
    IkLayout *l = lay(text, "ur", 0, 0);
    uint32_t open[] = {0, 22}, close[] = {13, 26};
    for (int i = 0; i < 2; i++) {
        const char *a = family_of_cluster(l, open[i]), *b = family_of_cluster(l, close[i]);
        assert_true(text[open[i]] == '(' && text[close[i]] == ')');
        assert_string_equal(a, b);
        assert_string_not_equal(a, "Noto Nastaliq Urdu");
    }
    ik_layout_destroy(l);
}

static void test_cjk_face(void **state)
{
    (void)state;
    IkLayout *l = lay("你好，INCONTRO", "zh-Hans", 0, 0);
    assert_string_equal(family_of_cluster(l, 0), "Noto Sans CJK SC");
    assert_string_equal(family_of_cluster(l, 2), "Noto Sans CJK SC");
    assert_string_equal(family_of_cluster(l, 3), "Noto Sans");
    assert_no_notdef(l, "zh");
    ik_layout_destroy(l);
}

static void test_digits_and_latin_in_arabic(void **state)
{
    (void)state;
    const char *s = "اتصل بالرقم 112 أو WhatsApp";
    IkLayout *l = lay(s, "ar", 0, 0);
    assert_no_notdef(l, s);
    assert_string_equal(family_of_cluster(l, 23), "Noto Sans"); /* "W" */
    uint32_t missing = 0;
    assert_true(ik_fonts_covers(fonts, "ar", s, &missing));
    assert_true(ik_fonts_covers(fonts, "ti", "ሰላም ☎ 112 → ★", &missing));
    assert_true(ik_fonts_covers(fonts, "bn", "ক্ষমতা ১১২", &missing));
    assert_false(ik_fonts_covers(fonts, "it", "a\xF3\xA0\x80\x80" "b", &missing)); /* U+E0000 */
    assert_int_equal(missing, 0xE0000);
    ik_layout_destroy(l);
}

/* ---- wrapping and ellipsis ---------------------------------------------- */
static void test_wrapping(void **state)
{
    (void)state;
    const char *s = "In caso di emergenza chiamate il 112: il servizio è gratuito, "
                    "attivo giorno e notte e risponde in molte lingue.";
    IkLayout *l = lay(s, "it", 300, 0);
    size_t n = ik_layout_line_count(l);
    assert_true(n >= 3);
    assert_int_equal(ik_layout_line(l, 0)->start, 0);
    for (size_t i = 0; i < n; i++) {
        const IkLine *line = ik_layout_line(l, i);
        assert_true(line->width <= 300);
        assert_false(line->rtl);
        assert_int_equal(line->x, 0);
        if (i > 0)
            assert_int_equal(line->start, ik_layout_line(l, i - 1)->end);
    }
    assert_int_equal(ik_layout_line(l, n - 1)->end, ik_utf8_length(s, strlen(s)));
    assert_int_equal(ik_layout_height(l), (int)n * ik_fonts_line_height(fonts, "it", 24));
    ik_layout_destroy(l);
    /* Right-to-left paragraphs align right. */
    l = lay("مرحباً بك في إنكونترو، اتصل بالرقم 112 في حالات الطوارئ", "ar", 250, 0);
    assert_true(ik_layout_line_count(l) >= 2);
    const IkLine *line = ik_layout_line(l, 0);
    assert_true(line->rtl);
    assert_int_equal(line->x + line->width, 250);
    ik_layout_destroy(l);
}

static uint32_t ellipsis_id(const IkGlyph *g)
{
    FT_Face f = ik_fonts_face(fonts, g->font, 24);
    return f ? FT_Get_Char_Index(f, 0x2026) : 0;
}

static void test_ellipsis(void **state)
{
    (void)state;
    IkLayout *l = lay("Servizio di orientamento civico per famiglie e ragazzi", "it", 200, 1);
    assert_int_equal(ik_layout_line_count(l), 1);
    assert_true(ik_layout_truncated(l));
    const IkLine *line = ik_layout_line(l, 0);
    assert_true(line->width <= 200);
    const IkGlyph *last = &ik_layout_glyphs(l)[line->glyph_start + line->glyph_count - 1];
    assert_int_equal(last->id, ellipsis_id(last));
    ik_layout_destroy(l);
    /* In RTL the ellipsis ends the reading: on the left. */
    l = lay("خدمة التوجيه المدني للعائلات والشباب في المنطقة", "ar", 200, 1);
    assert_true(ik_layout_truncated(l));
    line = ik_layout_line(l, 0);
    assert_true(line->width <= 200);
    const IkGlyph *first = &ik_layout_glyphs(l)[line->glyph_start];
    assert_int_equal(first->id, ellipsis_id(first));
    assert_int_equal(line->x + line->width, 200);
    ik_layout_destroy(l);
    /* Text that fits is not truncated. */
    l = lay("Aiuto", "it", 200, 1);
    assert_false(ik_layout_truncated(l));
    ik_layout_destroy(l);
    /* max_lines 2 of a long text. */
    l = lay("uno due tre quattro cinque sei sette otto nove dieci undici dodici", "it", 120, 2);
    assert_int_equal(ik_layout_line_count(l), 2);
    assert_true(ik_layout_truncated(l));
    ik_layout_destroy(l);
}

/* ---- phone numbers ------------------------------------------------------ */
/* True when indices a..b appear in increasing, adjacent order. */
static bool ltr_unit(const size_t *order, size_t n, size_t a, size_t b)
{
    for (size_t i = 0; i < n; i++)
        if (order[i] == a) {
            for (size_t k = 0; k <= b - a; k++)
                if (i + k >= n || order[i + k] != a + k)
                    return false;
            return true;
        }
    return false;
}

static void test_phone_numbers_stay_ltr(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t start, end; /* code points of the number, inclusive */
    } cases[] = {
        {"اتصل بالرقم +39 055 123 4567 الآن", 12, 27},
        {"شماره 800 290 290 رایگان است", 6, 16},
        {"برای کمک به 1522 زنگ بزنید", 12, 15},
        {"ہنگامی صورت میں 112 پر کال کریں", 16, 18},
        {"ایمیل info@example.org بفرستید", 6, 21},
        {"ويب https://www.example.org/aiuto?x=1 الآن", 4, 36},
        {"د 9:00-13:00 پورې خلاص دی", 2, 11},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t *order = NULL, n = 0;
        const char *s = cases[c].text;
        assert_true(ik_text_order(s, strlen(s), IK_DIR_AUTO, true, &order, &n));
        assert_int_equal(n, ik_utf8_length(s, strlen(s)));
        if (!ltr_unit(order, n, cases[c].start, cases[c].end))
            fail_msg("case %zu: %s not left to right", c, s);
        free(order);
    }
    /* Without --content UAX #9 reverses the groups of +39 055 ... */
    size_t *order = NULL, n = 0;
    const char *s = cases[0].text;
    assert_true(ik_text_order(s, strlen(s), IK_DIR_AUTO, false, &order, &n));
    assert_false(ltr_unit(order, n, cases[0].start, cases[0].end));
    free(order);
    /* The transform itself: LRI ... PDI around the number, map back. */
    uint32_t in[] = {'a', ' ', '1', '1', '2', ' ', 'b'};
    size_t out_n = 0, *map = NULL;
    uint32_t *out = ik_text_isolate_ltr_spans(in, 7, &out_n, &map);
    assert_int_equal(out_n, 9);
    assert_int_equal(out[2], 0x2066);
    assert_int_equal(out[6], 0x2069);
    assert_int_equal(map[2], SIZE_MAX);
    assert_int_equal(map[3], 2);
    free(out);
    free(map);
    /* A phone number in a laid-out Arabic line does not break inside. */
    IkLayoutOptions o = {.lang = "ar", .size_px = 24, .width_px = 230, .content = true};
    s = "اتصل بالرقم +39 055 123 4567 الآن";
    IkLayout *l = ik_text_layout(fonts, s, strlen(s), &o);
    assert_non_null(l);
    for (size_t i = 0; i < ik_layout_line_count(l); i++) {
        uint32_t st = ik_layout_line(l, i)->start;
        assert_false(st > 12 && st <= 27);
    }
    ik_layout_destroy(l);
}

/* ---- bad input ---------------------------------------------------------- */
static void test_bad_input(void **state)
{
    (void)state;
    IkLayoutOptions o = {.lang = "it", .size_px = 0};
    assert_null(ik_text_layout(fonts, "x", 1, &o));
    assert_true(strlen(ik_error()) > 0);
    o.size_px = -3;
    assert_null(ik_text_layout(fonts, "x", 1, &o));
    assert_null(ik_text_layout(NULL, "x", 1, &o));
    /* Invalid UTF-8 becomes U+FFFD, drawn. */
    IkLayout *l = lay("a\xC3\x28z\xFF", "it", 0, 0);
    assert_true(ik_layout_glyph_count(l) >= 4);
    ik_layout_destroy(l);
    /* Unassigned code points, controls, lone combining marks: no crash. */
    l = lay("\xCD\xB8\xF4\x8F\xBF\xBF\t\x01\xCC\x81\xE2\x80\xAE" "abc", "ar", 100, 0);
    ik_layout_destroy(l);
    /* Zero and negative widths: one line. */
    l = lay("uno due tre quattro", "it", 0, 0);
    assert_int_equal(ik_layout_line_count(l), 1);
    ik_layout_destroy(l);
    l = lay("uno due tre quattro", "it", -50, 0);
    assert_int_equal(ik_layout_line_count(l), 1);
    ik_layout_destroy(l);
    /* A width narrower than one letter: one cluster per line, still ends. */
    l = lay("abcdef", "it", 1, 0);
    assert_int_equal(ik_layout_line_count(l), 6);
    ik_layout_destroy(l);
    /* Empty text, newline-only text. */
    l = lay("", "it", 100, 0);
    assert_int_equal(ik_layout_line_count(l), 1);
    ik_layout_destroy(l);
    l = lay("a\nb\r\nc", "it", 100, 0);
    assert_int_equal(ik_layout_line_count(l), 3);
    ik_layout_destroy(l);
    /* Missing list, missing base font. */
    assert_null(ik_fonts_create("/nonexistent/fonts.list"));
    assert_non_null(strstr(ik_error(), "/nonexistent/fonts.list"));
    char path[] = "/tmp/ik_fonts_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *list = "NoSuchFont.ttf base\n";
    assert_true(write(fd, list, strlen(list)) == (ssize_t)strlen(list));
    close(fd);
    assert_null(ik_fonts_create(path));
    assert_non_null(strstr(ik_error(), "NoSuchFont.ttf"));
    /* A missing fallback font only loses its characters. */
    FILE *f = fopen(path, "w");
    fputs("search /usr/share/fonts/truetype/noto\nNotoSans-Regular.ttf base\n"
          "Gone.ttf scripts=Arab\n", f);
    fclose(f);
    IkFonts *partial = ik_fonts_create(path);
    assert_non_null(partial);
    IkLayoutOptions po = {.lang = "ar", .size_px = 20};
    IkLayout *pl = ik_text_layout(partial, "سلام abc", strlen("سلام abc"), &po);
    assert_non_null(pl);
    ik_layout_destroy(pl);
    ik_fonts_destroy(partial);
    unlink(path);
}

static void test_long_paragraph(void **state)
{
    (void)state;
    /* 100,000 characters, mixed scripts, and one without any space. */
    IkBuf b = {0};
    while (ik_utf8_length(b.data ? b.data : "", b.len) < 100000)
        ik_buf_puts(&b, "Chiamate il 112 oppure اتصل بالرقم 1522 الآن ");
    clock_t t0 = clock();
    IkLayoutOptions o = {.lang = "ar", .size_px = 20, .width_px = 600, .content = true};
    IkLayout *l = ik_text_layout(fonts, b.data, b.len, &o);
    assert_non_null(l);
    assert_true(ik_layout_line_count(l) > 500);
    ik_layout_destroy(l);
    b.len = 0;
    for (int i = 0; i < 100000; i++)
        ik_buf_puts(&b, "x");
    l = ik_text_layout(fonts, b.data, b.len, &o);
    assert_non_null(l);
    assert_true(ik_layout_line_count(l) > 100);
    ik_layout_destroy(l);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("two 100,000-character paragraphs: %.2f s\n", secs);
    assert_true(secs < 20);
    ik_buf_free(&b);
}

/* ---- content ------------------------------------------------------------ */
static void check_file(const char *path, const char *lang, size_t *lines)
{
    char *text = ik_file_read(path, NULL);
    assert_non_null(text);
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        IkLayoutOptions o = {.lang = lang, .size_px = 20, .content = true};
        IkLayout *l = ik_text_layout(fonts, line, strlen(line), &o);
        assert_non_null(l);
        const IkGlyph *g = ik_layout_glyphs(l);
        for (size_t i = 0; i < ik_layout_glyph_count(l); i++)
            if (g[i].id == 0)
                fail_msg("%s: .notdef in \"%s\" at code point %u", path, line, g[i].cluster);
        ik_layout_destroy(l);
        (*lines)++;
    }
    free(text);
}

static void walk(const char *dir, const char *lang, size_t *lines)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = ik_path_join(dir, e->d_name);
        if (e->d_type == DT_DIR) {
            walk(p, lang, lines);
        } else if (ik_str_ends_with(p, ".po")) {
            char *code = ik_xstrndup(e->d_name, strlen(e->d_name) - 3);
            check_file(p, code, lines);
            free(code);
        } else if (ik_str_ends_with(p, ".csv") || ik_str_ends_with(p, ".md")) {
            check_file(p, lang, lines);
        }
        free(p);
    }
    closedir(d);
}

static void test_content_has_no_notdef(void **state)
{
    (void)state;
    const char *src = getenv("IK_SOURCE_DIR");
    if (!src)
        src = IK_SOURCE_DIR;
    size_t lines = 0;
    char *content = ik_path_join(src, "content");
    char *translations = ik_path_join(src, "translations");
    walk(content, "it", &lines);
    walk(translations, "it", &lines);
    printf("%zu lines of content and translations drawn without .notdef\n", lines);
    assert_true(lines > 100);
    free(content);
    free(translations);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urdu_gets_nastaliq),
        cmocka_unit_test(test_urdu_brackets_face_each_other),
        cmocka_unit_test(test_cjk_face),
        cmocka_unit_test(test_digits_and_latin_in_arabic),
        cmocka_unit_test(test_wrapping),
        cmocka_unit_test(test_ellipsis),
        cmocka_unit_test(test_phone_numbers_stay_ltr),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_long_paragraph),
        cmocka_unit_test(test_content_has_no_notdef),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
