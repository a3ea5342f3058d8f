/* export-html on the repository's pack (IK_PACK): every page is there with
 * the catalog's texts, every topic, service and help number; the html
 * element carries lang and dir (mirrored for Arabic); tags are balanced;
 * the fonts the style sheet names are in the folder and nothing is fetched
 * from elsewhere; an unknown language is refused naming the pack's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"
#include "incontro/text.h"

static char root[256];
static const char *pack;
static IkContent *content;

static int setup(void **state)
{
    (void)state;
    pack = getenv("IK_PACK");
    if (!pack || !ik_file_exists(pack)) {
        fprintf(stderr, "IK_PACK names no pack (build the `pack` target)\n");
        return -1;
    }
    snprintf(root, sizeof root, "/tmp/ik_test_export_html_XXXXXX");
    if (!mkdtemp(root))
        return -1;
    content = ik_content_open(pack);
    return content ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    ik_content_close(content);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static char *read_page(const char *dir, const char *name)
{
    char *path = ik_path_join(dir, name);
    char *text = ik_file_read(path, NULL);
    if (!text)
        fail_msg("%s: %s", path, ik_error());
    free(path);
    return text;
}

/* s as the page writes text: &, <, >, " escaped. */
static char *escaped(const char *s)
{
    IkBuf b = {0};
    for (; *s; s++) {
        if (*s == '&')
            ik_buf_puts(&b, "&amp;");
        else if (*s == '<')
            ik_buf_puts(&b, "&lt;");
        else if (*s == '>')
            ik_buf_puts(&b, "&gt;");
        else if (*s == '"')
            ik_buf_puts(&b, "&quot;");
        else
            ik_buf_append(&b, s, 1);
    }
    return b.data ? b.data : ik_xstrdup("");
}

/* The page's text without its tags (a number inside a sentence sits in a
 * left-to-right span). */
static char *without_tags(const char *page)
{
    IkBuf b = {0};
    for (const char *p = page; *p; p++) {
        if (*p == '<') {
            const char *gt = strchr(p, '>');
            if (!gt)
                break;
            p = gt;
        } else {
            ik_buf_append(&b, p, 1);
        }
    }
    return b.data ? b.data : ik_xstrdup("");
}

static void assert_has(const char *page, const char *name, const char *text)
{
    char *e = escaped(text), *t = without_tags(page);
    if (!strstr(t, e))
        fail_msg("%s lacks \"%s\"", name, e);
    free(t);
    free(e);
}

/* Every element closed in order (void elements and "/>" excepted). */
static void assert_balanced(const char *page, const char *name)
{
    static const char *const empty[] = {"meta", "link", "br", "img", "hr", "input"};
    char stack[64][16];
    int depth = 0;
    for (const char *p = strchr(page, '<'); p; p = strchr(p + 1, '<')) {
        if (p[1] == '!')
            continue;
        bool closing = p[1] == '/';
        const char *s = p + 1 + closing;
        size_t n = strcspn(s, " \t\n/>");
        const char *gt = strchr(s, '>');
        assert_non_null(gt);
        char tag[16];
        snprintf(tag, sizeof tag, "%.*s", (int)(n < 15 ? n : 15), s);
        bool is_void = gt[-1] == '/';
        for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
            is_void |= strcmp(tag, empty[i]) == 0;
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], tag) != 0)
                fail_msg("%s: </%s> closes <%s>", name, tag, depth ? stack[depth - 1] : "nothing");
            depth--;
        } else if (!is_void) {
            assert_true(depth < 64);
            snprintf(stack[depth++], sizeof stack[0], "%s", tag);
        }
    }
    if (depth != 0)
        fail_msg("%s: <%s> never closed", name, stack[depth - 1]);
}

/* The file name export-html gives an id ("topic-ID.html"); the ids of the
 * repository's content are plain. */
static char *page_of(const char *prefix, const char *id)
{
    return ik_xasprintf("%s%s.html", prefix, id);
}

/* A list entry: its title on the list page, and its own page (PREFIX<id>)
 * balanced and holding the title. */
static void assert_entry(const char *dir, const char *list, const char *list_name,
                         const char *prefix, const char *id, const char *title)
{
    assert_has(list, list_name, title);
    char *name = page_of(prefix, id);
    char *page = read_page(dir, name);
    assert_has(page, name, title);
    assert_balanced(page, name);
    free(page);
    free(name);
}

static void check_language(const char *lang, bool rtl)
{
    char *dir = ik_path_join(root, lang);
    assert_true(ik_pack_export_html(pack, lang, dir));

    /* Home: lang and dir, the three doors with their texts. */
    char *home = read_page(dir, "index.html");
    char *html = ik_xasprintf("<html lang=\"%s\" dir=\"%s\">", lang, rtl ? "rtl" : "ltr");
    assert_non_null(strstr(home, html));
    free(html);
    static const char *const keys[] = {"home.title", "home.door.learn", "home.door.learn.subtitle",
                                       "home.door.directory", "home.door.help",
                                       "common.quick_exit", "common.help"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        assert_has(home, "index.html", ik_content_ui(content, lang, keys[i]));
    assert_non_null(strstr(home, "href=\"topics.html\""));
    assert_non_null(strstr(home, "href=\"directory.html\""));
    assert_non_null(strstr(home, "href=\"help.html\""));

    /* Topics: every title, every page. */
    size_t nt = 0;
    IkTopic *topics = ik_content_topics(content, lang, &nt);
    assert_true(nt > 0);
    char *list = read_page(dir, "topics.html");
    for (size_t i = 0; i < nt; i++)
        assert_entry(dir, list, "topics.html", "topic-", topics[i].id, topics[i].title);
    ik_topics_free(topics, nt);
    free(list);

    /* Directory: every service as a card and as a page. */
    size_t ns = 0;
    IkSearchFilter f = {0};
    f.age = -1;
    IkSearchResult *r = ik_content_search(content, lang, "", &f, &ns);
    assert_non_null(r);
    assert_int_equal(ns, ik_content_service_count(content));
    char *directory = read_page(dir, "directory.html");
    for (size_t i = 0; i < ns; i++)
        assert_entry(dir, directory, "directory.html", "service-", r[i].id, r[i].name);
    ik_search_results_free(r, ns);
    free(directory);

    /* Help: each number as a left-to-right span and a tel: link. */
    size_t nh = 0;
    IkHelpline *lines = ik_content_helplines(content, lang, &nh);
    assert_true(nh >= 5);
    char *help = read_page(dir, "help.html");
    for (size_t i = 0; i < nh; i++) {
        char *span = ik_xasprintf("<span dir=\"ltr\">%s</span>", lines[i].number);
        assert_has(help, "help.html", lines[i].name);
        assert_non_null(strstr(help, span));
        free(span);
    }
    assert_non_null(strstr(help, "href=\"tel:112\""));
    assert_non_null(strstr(help, "href=\"tel:1522\""));
    ik_helplines_free(lines, nh);

    /* Quick exit leads to a page that names nothing of the project. */
    char *neutral = read_page(dir, "neutral.html");
    assert_has(neutral, "neutral.html", ik_content_ui(content, lang, "neutral.title"));
    assert_null(strstr(neutral, "help.html"));
    assert_null(strstr(neutral, "INCONTRO"));

    const char *pages[] = {"index.html", "topics.html", "directory.html", "help.html", "neutral.html"};
    char *texts[] = {home, NULL, NULL, help, neutral};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        char *t = texts[i] ? texts[i] : read_page(dir, pages[i]);
        assert_balanced(t, pages[i]);
        assert_null(strstr(t, "<script"));
        assert_null(strstr(t, "http://"));
        assert_null(strstr(t, "https://"));
        if (!texts[i])
            free(t);
    }

    /* Fonts: each url() is a file in the folder; the base font is one. */
    char *css = read_page(dir, "style.css");
    assert_null(strstr(css, "http"));
    assert_non_null(strstr(css, "url(\"fonts/NotoSans-Regular.ttf\")"));
    for (const char *u = strstr(css, "url(\""); u; u = strstr(u + 1, "url(\"")) {
        const char *end = strchr(u + 5, '"');
        char *file = ik_xstrndup(u + 5, (size_t)(end - u - 5));
        char *path = ik_path_join(dir, file);
        if (!ik_file_exists(path))
            fail_msg("style.css names %s, which is not there", file);
        free(path);
        free(file);
    }
    free(css);
    free(home);
    free(help);
    free(neutral);
    free(dir);
}

static void italian_pages(void **state)
{
    (void)state;
    check_language("it", false);
}

/* Arabic mirrors (dir="rtl") and, as the kiosk does, spans Urdu text in
 * Nastaliq with its taller lines wherever an Urdu name appears. */
static void arabic_pages(void **state)
{
    (void)state;
    check_language("ar", true);
    char *dir = ik_path_join(root, "ar");
    char *css = read_page(dir, "style.css");
    assert_non_null(strstr(css, "NotoNaskhArabic-Regular.ttf"));
    free(css);
    free(dir);
}

static void urdu_pages(void **state)
{
    (void)state;
    check_language("ur", true);
    char *dir = ik_path_join(root, "ur");
    char *css = read_page(dir, "style.css");
    /* The page's own font stack starts with Nastaliq, at the kiosk's optical
     * size and line height for Urdu. */
    const char *rule = strstr(css, ":root { font-family: ");
    assert_non_null(rule);
    const char *nastaliq = strstr(css, "NotoNastaliqUrdu-Regular.ttf");
    assert_non_null(nastaliq);
    /* "ikN" of the Nastaliq @font-face is the first family of :root. */
    const char *face = nastaliq;
    while (face > css && strncmp(face, "font-family: \"", 14) != 0)
        face--;
    size_t n = strcspn(face + 14, "\"");
    assert_memory_equal(rule + 21, face + 13, n + 2);
    char want[64];
    IkFonts *fonts = ik_fonts_create(NULL);
    assert_non_null(fonts);
    snprintf(want, sizeof want, "line-height: %.3f", ik_fonts_line_height(fonts, "ur", 1000) / 1000.0);
    ik_fonts_destroy(fonts);
    assert_non_null(strstr(rule, want));
    assert_non_null(strstr(css, "size-adjust: "));
    free(css);
    free(dir);
}

static void unknown_language_refused(void **state)
{
    (void)state;
    char *dir = ik_path_join(root, "xx");
    assert_false(ik_pack_export_html(pack, "xx", dir));
    assert_non_null(strstr(ik_error(), "no language 'xx'"));
    assert_non_null(strstr(ik_error(), " ar "));
    assert_false(ik_file_exists(dir));
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(italian_pages),
        cmocka_unit_test(arabic_pages),
        cmocka_unit_test(urdu_pages),
        cmocka_unit_test(unknown_language_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
