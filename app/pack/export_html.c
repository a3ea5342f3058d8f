/* export-html: the content of a pack in one language as a static web site
 * (home, topics and their pages, the directory by area and category with a
 * page per service, the help numbers, the neutral page quick exit leads
 * to). Same texts as the kiosk, the same Noto font files (local() first,
 * then a copy in DIR/fonts), the same sizes on a 1920 px wide window;
 * right-to-left languages mirror through dir="rtl". No script, nothing
 * fetched from elsewhere: a peer for benchmarks and a take-away for
 * partners' websites.
 *
 * [SECTION] writing     - escaping, contact spans, files
 * [SECTION] fonts       - which font files the texts use; @font-face
 * [SECTION] pictograms  - one SVG sprite per page
 * [SECTION] pages       - frame, home, topics, topic, directory, service, help
 * [SECTION] export      - ik_pack_export_html */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incontro/content.h"
#include "incontro/text.h"
#include "internal.h"

#define MAX_FONTS 64
#define MAX_LANGS 32

typedef struct {
    IkContent *content;
    IkFonts *fonts;
    const IkLanguage *language;     /* the page language */
    const char *lang;
    const char *dir;                /* output folder */
    bool used[MAX_FONTS];           /* fonts some text on a page needs */
    char langs[MAX_LANGS][16];      /* languages of spans with their own lang= */
    int lang_count;
    IkBuf page;                     /* the page being written */
} Export;

/* ---- [SECTION] writing ---------------------------------------------------- */
static void escape(IkBuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': ik_buf_puts(b, "&amp;"); break;
        case '<': ik_buf_puts(b, "&lt;"); break;
        case '>': ik_buf_puts(b, "&gt;"); break;
        case '"': ik_buf_puts(b, "&quot;"); break;
        default: ik_buf_append(b, s + i, 1); break;
        }
    }
}

/* Marks the fonts the kiosk's own layout picks for s in lang. */
static void note_fonts(Export *e, const char *s, const char *lang)
{
    IkLayoutOptions o = {.lang = lang, .size_px = 34, .content = true};
    IkLayout *l = ik_text_layout(e->fonts, s, strlen(s), &o);
    if (!l)
        return;
    const IkGlyph *g = ik_layout_glyphs(l);
    for (size_t i = 0; i < ik_layout_glyph_count(l); i++)
        if (g[i].font < MAX_FONTS)
            e->used[g[i].font] = true;
    ik_layout_destroy(l);
}

static void note_lang(Export *e, const char *lang)
{
    for (int i = 0; i < e->lang_count; i++)
        if (strcmp(e->langs[i], lang) == 0)
            return;
    if (e->lang_count < MAX_LANGS)
        snprintf(e->langs[e->lang_count++], sizeof e->langs[0], "%s", lang);
}

/* Text of the page language, escaped. */
static void text(Export *e, const char *s)
{
    note_fonts(e, s, e->lang);
    escape(&e->page, s, strlen(s));
}

/* Running text: phone numbers, URLs and e-mail addresses become left to
 * right spans, as the kiosk isolates them, so "+39 055 123 4567" keeps its
 * digit groups in order inside Arabic. */
static void prose(Export *e, const char *s)
{
    size_t n = 0, out = 0, *map = NULL;
    uint32_t *cps = ik_utf8_to_utf32(s, strlen(s), &n, NULL);
    uint32_t *iso = ik_text_isolate_ltr_spans(cps, n, &out, &map);
    const char *close[16];
    int depth = 0;
    note_fonts(e, s, e->lang);
    for (size_t i = 0; i < out; i++) {
        char u[4];
        if (map[i] == SIZE_MAX && (iso[i] == 0x2066 || iso[i] == 0x202D) && depth < 16) {
            bool embed = iso[i] == 0x2066;
            ik_buf_puts(&e->page, embed ? "<span dir=\"ltr\">" : "<bdo dir=\"ltr\">");
            close[depth++] = embed ? "</span>" : "</bdo>";
        } else if (map[i] == SIZE_MAX && (iso[i] == 0x2069 || iso[i] == 0x202C) && depth > 0) {
            ik_buf_puts(&e->page, close[--depth]);
        } else {
            escape(&e->page, u, ik_utf8_encode(iso[i], u));
        }
    }
    while (depth > 0)
        ik_buf_puts(&e->page, close[--depth]);
    free(map);
    free(iso);
    free(cps);
}

/* Text in another language than the page's: its own lang (and direction),
 * so screen readers and the fonts follow it. */
static void text_in(Export *e, const char *s, const char *lang)
{
    if (strcmp(lang, e->lang) == 0) {
        text(e, s);
        return;
    }
    const IkLanguage *l = ik_content_language_find(e->content, lang);
    bool rtl = l ? l->rtl : ik_text_lang_rtl(lang);
    note_lang(e, lang);
    note_fonts(e, s, lang);
    ik_buf_printf(&e->page, "<span lang=\"%s\" dir=\"%s\">", lang, rtl ? "rtl" : "ltr");
    escape(&e->page, s, strlen(s));
    ik_buf_puts(&e->page, "</span>");
}

static const char *ui(Export *e, const char *key)
{
    return ik_content_ui(e->content, e->lang, key);
}

/* A file name part from an id: letters, digits, '-' kept, the rest as _XX. */
static void name_part(IkBuf *b, const char *id)
{
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-')
            ik_buf_append(b, p, 1);
        else
            ik_buf_printf(b, "_%02X", *p);
    }
}

/* "PREFIX<id>.html", the file of a topic, service or filtered directory. */
static void page_name(IkBuf *b, const char *prefix, const char *id)
{
    ik_buf_puts(b, prefix);
    name_part(b, id);
    ik_buf_puts(b, ".html");
}

static bool write_file(Export *e, const char *name, const IkBuf *b)
{
    char *path = ik_path_join(e->dir, name);
    bool ok = ik_file_write_atomic(path, b->data ? b->data : "", b->len);
    free(path);
    return ok;
}

/* A hard link where the file system allows it, a copy otherwise. */
static bool copy_file(const char *from, const char *to)
{
    bool ok = false;
    char buf[65536];
    int in = -1, out = -1;
    unlink(to);
    if (link(from, to) == 0)
        return true;
    in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        ik_fail("%s: %s", from, strerror(errno));
        goto fail;
    }
    out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        ik_fail("%s: %s", to, strerror(errno));
        goto fail;
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n == 0)
            break;
        if (n < 0 || write(out, buf, (size_t)n) != n) {
            ik_fail("%s: %s", n < 0 ? from : to, strerror(errno));
            goto fail;
        }
    }
    ok = true;
fail:
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && ok)
        ok = ik_fail("%s: %s", to, strerror(errno));
    return ok;
}

static bool make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return ik_fail("%s: %s", path, strerror(errno));
    return true;
}

/* ---- [SECTION] fonts ------------------------------------------------------ */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* font-family list for lang: fonts reserved for it first, then the others
 * that serve it, in fonts.list order; only fonts some page uses. */
static void font_stack(Export *e, IkBuf *b, const char *lang)
{
    int n = ik_fonts_count(e->fonts);
    bool first = true;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n && i < MAX_FONTS; i++) {
            bool reserved = !ik_fonts_serves(e->fonts, i, "");
            if (!e->used[i] || !ik_fonts_serves(e->fonts, i, lang) || reserved != (pass == 0))
                continue;
            ik_buf_printf(b, "%s\"ik%d\"", first ? "" : ", ", i);
            first = false;
        }
    ik_buf_puts(b, first ? "sans-serif" : ", sans-serif");
}

/* Line height as the kiosk spaces lines of the language's own script. */
static double line_height(Export *e, const char *lang)
{
    return ik_fonts_line_height(e->fonts, lang, 1000) / 1000.0;
}

static bool write_fonts(Export *e, IkBuf *css)
{
    char *dir = ik_path_join(e->dir, "fonts");
    bool ok = make_dir(dir);
    for (int i = 0; ok && i < ik_fonts_count(e->fonts) && i < MAX_FONTS; i++) {
        const char *path = ik_fonts_path(e->fonts, i);
        if (!e->used[i] || !path)
            continue;
        char *to = ik_path_join(dir, base_name(path));
        ok = copy_file(path, to);
        free(to);
        /* local() names the installed face (a .ttc holds several). */
        FT_Face face = ik_fonts_face(e->fonts, i, 34);
        const char *ps = face ? FT_Get_Postscript_Name(face) : NULL;
        ik_buf_printf(css, "@font-face { font-family: \"ik%d\"; src: ", i);
        if (ps)
            ik_buf_printf(css, "local(\"%s\"), ", ps);
        ik_buf_printf(css, "url(\"fonts/%s\"); font-display: block; ", base_name(path));
        /* Drawn at the optical size the kiosk draws the script at. */
        float optical = ik_fonts_optical(e->fonts, i);
        if (optical > 1.0f)
            ik_buf_printf(css, "size-adjust: %.1f%%; ", optical * 100);
        ik_buf_puts(css, "}\n");
    }
    free(dir);
    /* The page language's fonts, then a rule for each language whose
     * spans need other fonts or another line height (Urdu's Nastaliq). */
    IkBuf root = {0};
    font_stack(e, &root, e->lang);
    ik_buf_printf(&root, "; line-height: %.3f; }\n", line_height(e, e->lang));
    ik_buf_printf(css, ":root { font-family: %s", root.data);
    for (int i = 0; i < e->lang_count; i++) {
        IkBuf rule = {0};
        font_stack(e, &rule, e->langs[i]);
        ik_buf_printf(&rule, "; line-height: %.3f; }\n", line_height(e, e->langs[i]));
        if (strcmp(rule.data, root.data) != 0)
            ik_buf_printf(css, ":lang(%s) { font-family: %s", e->langs[i], rule.data);
        ik_buf_free(&rule);
    }
    ik_buf_free(&root);
    return ok;
}

/* Sizes are the kiosk's pixels on its 1920 px canvas, in rem of its body
 * text (34 px at 1920 px wide), so the page keeps the kiosk's density there
 * and shrinks with a narrower window. Colours are the kiosk's theme. */
static const char style_css[] =
    "html { font-size: clamp(16px, 1.7708vw, 34px); }\n"
    "* { box-sizing: border-box; }\n"
    "body { margin: 0; background: #F3EFE6; color: #1E2A32; }\n"
    "a { color: inherit; }\n"
    "a:focus-visible { outline: 0.15rem solid #1F6E8C; outline-offset: 0.1rem; }\n"
    ".i { width: 1.6rem; height: 1.6rem; fill: currentColor; flex: none; }\n"
    ".bar { display: flex; align-items: center; gap: 0.44rem; height: 3.53rem;"
    " padding: 0 0.59rem; background: #FFFFFF; border-bottom: 0.09rem solid #C9C2B4; }\n"
    ".bar .title { flex: 1; margin: 0 0.3rem; font-size: 1.294rem; font-weight: normal;"
    " white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }\n"
    ".btn { display: flex; align-items: center; gap: 0.4rem; height: 2.65rem; min-width: 7.06rem;"
    " padding: 0 0.7rem; border-radius: 0.65rem; background: #E4EEF2; font-size: 0.882rem;"
    " text-decoration: none; }\n"
    ".btn.help { background: #B8322A; color: #FFFFFF; }\n"
    ".btn.exit { background: #3B4A54; color: #FFFFFF; }\n"
    ".spacer { flex: 1; }\n"
    "main { padding: 0.59rem 0.88rem; }\n"
    "h1.page { text-align: center; font-size: 1.765rem; font-weight: normal; margin: 0.6rem 0 1.2rem; }\n"
    ".lead { color: #4E5D66; margin: 0.3rem 0.9rem 0.6rem; }\n"
    ".doors { display: flex; justify-content: center; gap: 1.47rem; list-style: none; margin: 0;"
    " padding: 0; }\n"
    ".doors a { display: flex; flex-direction: column; align-items: center; justify-content: center;"
    " width: 16.47rem; height: calc(100vh - 10.4rem); min-height: 12rem; padding: 0.6rem;"
    " border-radius: 0.65rem; color: #FFFFFF; text-align: center; text-decoration: none; }\n"
    ".doors .i { width: 8rem; height: 8rem; margin-bottom: 0.9rem; }\n"
    ".doors strong { font-size: 1.294rem; font-weight: normal; }\n"
    ".doors span { font-size: 0.824rem; margin-top: 0.35rem; }\n"
    ".learn { background: #1F6E8C; } .find { background: #2E7D32; } .now { background: #B8322A; }\n"
    ".grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0.7rem 0.88rem; list-style: none;"
    " margin: 0; padding: 0 0.3rem; }\n"
    ".card { display: flex; align-items: center; gap: 0.7rem; min-height: 4.41rem;"
    " padding: 0.6rem 0.7rem; border-radius: 0.65rem; background: #FFFFFF; text-decoration: none; }\n"
    ".card .i { width: 2.6rem; height: 2.6rem; color: #1F6E8C; }\n"
    ".card.topic { font-size: 1.294rem; }\n"
    ".result { display: block; padding: 0.65rem; }\n"
    ".result strong { display: block; font-size: 0.882rem; font-weight: normal; }\n"
    ".result span { display: block; font-size: 0.824rem; color: #4E5D66; }\n"
    "article { max-width: 41.2rem; margin: 0 auto; padding: 0.9rem 1.76rem; background: #FFFFFF;"
    " border-radius: 0.65rem; }\n"
    "article h1 { font-size: 1.765rem; font-weight: normal; margin: 0 0 0.8rem; }\n"
    "article h2 { font-size: 1.294rem; font-weight: normal; color: #1F6E8C; margin: 1.4rem 0 0.8rem; }\n"
    "article p { margin: 0 0 0.82rem; }\n"
    "article li { margin-bottom: 0.35rem; }\n"
    "article li::marker { color: #1F6E8C; }\n"
    "article .now { background: #E4ECF2; border-radius: 1rem; padding: 0.2rem 1rem 0.4rem;"
    " margin: 0 0 0.9rem; }\n"
    "article .now h2 { margin: 0.5rem 0; }\n"
    ".note { color: #4E5D66; font-size: 0.88rem; }\n"
    ".directory { display: flex; gap: 0.88rem; align-items: flex-start; }\n"
    ".directory aside { flex: none; width: 16.6rem; padding: 0.7rem; border-radius: 0.65rem;"
    " background: #FFFFFF; font-size: 0.824rem; }\n"
    ".directory .results { flex: 1; }\n"
    ".directory h2 { font-size: 0.882rem; font-weight: normal; margin: 0.3rem 0 0.6rem; }\n"
    ".chips { list-style: none; margin: 0; padding: 0; }\n"
    ".chips a { display: block; margin: 0.35rem 0; padding: 0.45rem 0.9rem; border-radius: 1.1rem;"
    " border: 0.09rem solid #C9C2B4; text-decoration: none; text-align: center; }\n"
    ".chips a[aria-current], .tiles a[aria-current] { background: #1F6E8C; border-color: #1F6E8C;"
    " color: #FFFFFF; }\n"
    ".tiles { display: grid; grid-template-columns: repeat(6, 1fr); gap: 0.41rem; list-style: none;"
    " margin: 0 0 0.6rem; padding: 0; }\n"
    ".tiles a { display: flex; flex-direction: column; align-items: center; height: 6.76rem;"
    " padding: 0.4rem; border-radius: 0.65rem; background: #FFFFFF; text-align: center;"
    " text-decoration: none; font-size: 0.824rem; }\n"
    ".tiles .i { width: 2.65rem; height: 2.65rem; margin-bottom: 0.3rem; }\n"
    ".count { color: #4E5D66; font-size: 0.824rem; margin: 0.3rem 0; }\n"
    ".ribbon { display: block; margin-top: 0.6rem; padding: 0.4rem; border-radius: 0.65rem;"
    " background: #F2C94C; color: #2B2100; text-align: center; }\n"
    ".facts { display: flex; gap: 0.88rem; align-items: flex-start; }\n"
    ".facts .sheet { flex: 1; padding: 0.9rem 1.2rem; border-radius: 0.65rem; background: #FFFFFF; }\n"
    ".facts dl { margin: 0; }\n"
    ".facts h1 { font-size: 1.765rem; font-weight: normal; margin: 0 0 0.7rem; }\n"
    ".facts dt { font-size: 0.824rem; color: #4E5D66; }\n"
    ".facts dd { margin: 0 0 0.7rem; white-space: pre-line; }\n"
    ".facts dd.phone { font-size: 1.765rem; }\n"
    ".facts .side { flex: none; width: 17.35rem; }\n"
    ".badge { display: block; margin-bottom: 0.6rem; padding: 0.6rem; border-radius: 0.65rem;"
    " background: #1F6E8C; color: #FFFFFF; text-align: center; font-size: 0.824rem; }\n"
    ".inline { display: inline; margin: 0; padding: 0; list-style: none; }\n"
    ".inline li { display: inline; }\n"
    ".inline li + li::before { content: var(--sep, \", \"); }\n"
    ".lines { list-style: none; margin: 0; padding: 0; }\n"
    ".line { display: flex; gap: 1.4rem; align-items: center; min-height: 5rem; margin-bottom: 0.47rem;"
    " padding: 0.6rem; border-radius: 0.65rem; background: #FFFFFF; }\n"
    ".line .number { display: flex; align-items: center; gap: 0.6rem; flex: none; width: 12.35rem;"
    " align-self: stretch; padding: 0 0.6rem; border-radius: 0.65rem; background: #B8322A;"
    " color: #FFFFFF; font-size: 1.765rem; text-decoration: none; }\n"
    ".line .what { flex: 1; }\n"
    ".line h2 { font-size: 0.882rem; font-weight: normal; margin: 0 0 0.2rem; }\n"
    ".line p { font-size: 0.824rem; margin: 0; }\n"
    ".line .about { flex: none; width: 9.7rem; font-size: 0.824rem; color: #2E7D32; }\n"
    ".line .langs { color: #4E5D66; }\n"
    ".subtitle { font-size: 1.294rem; margin: 0.4rem 0.9rem 0.2rem; }\n"
    ".hint { color: #B8322A; margin: 0 0.9rem 0.5rem; }\n"
    ".neutral { text-align: center; margin-top: 6rem; }\n"
    "[dir=rtl] .flip { transform: scaleX(-1); }\n";

/* ---- [SECTION] pictograms -------------------------------------------------- */
/* Simple outlines on a 24-unit grid, after the kiosk's vector pictograms. */
static const struct {
    const char *name;
    const char *svg;
} pictograms[] = {
    {"back", "<path d=\"M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z\"/>"},
    {"home", "<path d=\"M12 3 2 12h3v8h5v-6h4v6h5v-8h3z\"/>"},
    {"phone", "<path d=\"M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 "
              "1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 "
              "1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z\"/>"},
    {"exit", "<path d=\"M4 3h10v2H6v14h8v2H4zm12.6 4.4L21.2 12l-4.6 4.6-1.4-1.4 2.2-2.2H9v-2h8.4"
             "l-2.2-2.2z\"/>"},
    {"book", "<path d=\"M2 5l8.5 1.5V20L2 18.5zm20 0v13.5L13.5 20V6.5z\"/>"},
    {"search", "<path d=\"M10 3a7 7 0 0 1 5.6 11.2l5.6 5.6-1.4 1.4-5.6-5.6A7 7 0 1 1 10 3zm0 2a5 5 0 "
               "1 0 0 10 5 5 0 0 0 0-10z\"/>"},
    {"warning", "<path d=\"M12 2 1 21h22zm-1 7h2v6h-2zm0 8h2v2h-2z\"/>"},
    {"scales", "<path d=\"M11 3h2v2h6l3 7a3.5 3.5 0 0 1-7 0l2.6-6H13v13h5v2H6v-2h5V6H7.4L10 12a3.5 "
               "3.5 0 0 1-7 0l3-7h5z\"/>"},
    {"school", "<path d=\"M12 3 1 9l11 6 9-4.9V17h2V9zM5 13.2v4L12 21l7-3.8v-4L12 17z\"/>"},
    {"hand", "<path d=\"M9 2h2v9h1V3h2v8h1V5h2v10a7 7 0 0 1-13 3.5L1.5 14l1.7-1L6 15V6h2v6h1z\"/>"},
    {"shield", "<path d=\"M12 1 3 5v6c0 5.5 3.8 10.7 9 12 5.2-1.3 9-6.5 9-12V5z\"/>"},
    {"chat", "<path d=\"M3 3h18v13H7l-4 4z\"/>"},
    {"people", "<path d=\"M8 4a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm8 0a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM2 19c0-4 "
               "2.7-7 6-7s6 3 6 7zm12.4 0c0-2.6-.8-4.8-2.2-6.3A5 5 0 0 1 16 12c3.3 0 6 3 6 7z\"/>"},
    {"info", "<path d=\"M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm-1 8v8h2v-8zm0-4v2h2V6z\"/>"},
    {"civic-orientation", "<path d=\"M11 2h2v3h6l3 3-3 3h-6v11h-2V13H5l-3-3 3-3h6z\"/>"},
    {"education-individual", "<path d=\"M7 3a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM2 21v-6a4 4 0 0 1 4-4h2a4 4 "
                             "0 0 1 4 4v6zm12-9 8-2v10l-8 2z\"/>"},
    {"education-group", "<path d=\"M12 3a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM5 6a2.5 2.5 0 1 1 0 5 "
                        "2.5 2.5 0 0 1 0-5zm14 0a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM8 20v-6a4 4 0 "
                        "0 1 8 0v6zm-7 0v-4a4 4 0 0 1 5.5-3.7A6 6 0 0 0 6 14v6zm17 0v-6a6 6 0 0 "
                        "0-.5-1.7A4 4 0 0 1 23 16v4z\"/>"},
    {"psychological-support", "<path d=\"M12 21 3.3 12.3a5.3 5.3 0 0 1 7.5-7.5l1.2 1.2 1.2-1.2a5.3 "
                              "5.3 0 0 1 7.5 7.5z\"/>"},
    {"parenting-support", "<path d=\"M8 2a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm9 6a2.2 2.2 0 1 1 0 4.4A2.2 "
                          "2.2 0 0 1 17 8zM3 22v-9a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v9zm11 0v-5a3 3 0 "
                          "0 1 6 0v5z\"/>"},
    {"all", "<path d=\"M3 3h8v8H3zm10 0h8v8h-8zM3 13h8v8H3zm10 0h8v8h-8z\"/>"},
    {"map", "<path d=\"M9 3 3 5v16l6-2 6 2 6-2V3l-6 2zm0 2.2 6 2v11.6l-6-2z\"/>"},
};

static const char *pictogram_id(const char *name)
{
    for (size_t i = 0; name && i < sizeof pictograms / sizeof *pictograms; i++)
        if (strcmp(pictograms[i].name, name) == 0)
            return pictograms[i].name;
    return "info";
}

static void sprite(Export *e)
{
    ik_buf_puts(&e->page, "<svg width=\"0\" height=\"0\" style=\"position:absolute\" "
                          "aria-hidden=\"true\">\n");
    for (size_t i = 0; i < sizeof pictograms / sizeof *pictograms; i++)
        ik_buf_printf(&e->page, "<symbol id=\"i-%s\" viewBox=\"0 0 24 24\">%s</symbol>\n",
                      pictograms[i].name, pictograms[i].svg);
    ik_buf_puts(&e->page, "</svg>\n");
}

/* A pictogram; flip mirrors arrows in right-to-left pages. */
static void icon(Export *e, const char *name, bool flip)
{
    ik_buf_printf(&e->page, "<svg class=\"i%s\" aria-hidden=\"true\">"
                            "<use href=\"#i-%s\"/></svg>",
                  flip ? " flip" : "", pictogram_id(name));
}


/* ---- [SECTION] pages --------------------------------------------------------- */
enum { BAR_BACK = 1, BAR_HOME = 2, BAR_HELP = 4 };
enum { TITLE_NONE, TITLE_HEADING, TITLE_SHOWN };    /* the bar's title */

static void bar_button(Export *e, const char *cls, const char *link, const char *pict,
                       const char *label, bool flip)
{
    ik_buf_printf(&e->page, "<a class=\"btn%s%s\" href=\"%s\">", cls ? " " : "", cls ? cls : "",
                  link);
    icon(e, pict, flip);
    ik_buf_puts(&e->page, "<span>");
    text(e, label);
    ik_buf_puts(&e->page, "</span></a>\n");
}

/* The page up to <main>, with the kiosk's top bar but its two toggles (a
 * browser zooms and has its own contrast settings). title_kind: the bar's
 * title is the page's heading, or only shown (the page has its own h1, so
 * the copy is hidden from screen readers), or absent. */
static void begin(Export *e, const char *title, int title_kind, unsigned flags, const char *back)
{
    ik_buf_free(&e->page);
    ik_buf_printf(&e->page, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n"
                            "<meta charset=\"utf-8\">\n"
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                            "<title>",
                  e->lang, e->language->rtl ? "rtl" : "ltr");
    text(e, title);
    /* The neutral page (no bar) names nothing of the project, not even in
     * the browser's tab. */
    bool neutral = !flags && title_kind == TITLE_NONE;
    ik_buf_printf(&e->page, "%s</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n"
                            "</head>\n<body>\n", neutral ? "" : " – INCONTRO");
    if (neutral) {
        ik_buf_puts(&e->page, "<main>\n");
        return;
    }
    sprite(e);
    ik_buf_puts(&e->page, "<header class=\"bar\">\n");
    if (flags & BAR_BACK)
        bar_button(e, NULL, back, "back", ui(e, "common.back"), true);
    if (flags & BAR_HOME)
        bar_button(e, NULL, "index.html", "home", ui(e, "common.home"), false);
    if (title_kind == TITLE_HEADING) {
        ik_buf_puts(&e->page, "<h1 class=\"title\">");
        text(e, title);
        ik_buf_puts(&e->page, "</h1>\n");
    } else if (title_kind == TITLE_SHOWN) {
        ik_buf_puts(&e->page, "<p class=\"title\" aria-hidden=\"true\">");
        text(e, title);
        ik_buf_puts(&e->page, "</p>\n");
    } else {
        ik_buf_puts(&e->page, "<div class=\"spacer\"></div>\n");
    }
    if (flags & BAR_HELP)
        bar_button(e, "help", "help.html", "phone", ui(e, "common.help"), false);
    bar_button(e, "exit", "neutral.html", "exit", ui(e, "common.quick_exit"), false);
    ik_buf_puts(&e->page, "</header>\n<main>\n");
}

static bool end(Export *e, const char *file)
{
    ik_buf_puts(&e->page, "</main>\n</body>\n</html>\n");
    return write_file(e, file, &e->page);
}

static bool home_page(Export *e)
{
    static const struct {
        const char *link, *cls, *pict, *label, *sub;
    } doors[3] = {
        {"topics.html", "learn", "book", "home.door.learn", "home.door.learn.subtitle"},
        {"directory.html", "find", "search", "home.door.directory", "home.door.directory.subtitle"},
        {"help.html", "now", "phone", "home.door.help", "home.door.help.subtitle"},
    };
    begin(e, ui(e, "home.title"), TITLE_NONE, BAR_HELP, NULL);
    ik_buf_puts(&e->page, "<h1 class=\"page\">");
    text(e, ui(e, "home.title"));
    ik_buf_puts(&e->page, "</h1>\n<ul class=\"doors\">\n");
    for (int i = 0; i < 3; i++) {
        ik_buf_printf(&e->page, "<li><a class=\"%s\" href=\"%s\">", doors[i].cls, doors[i].link);
        icon(e, doors[i].pict, false);
        ik_buf_puts(&e->page, "<strong>");
        text(e, ui(e, doors[i].label));
        ik_buf_puts(&e->page, "</strong><span>");
        text(e, ui(e, doors[i].sub));
        ik_buf_puts(&e->page, "</span></a></li>\n");
    }
    ik_buf_puts(&e->page, "</ul>\n");
    return end(e, "index.html");
}

static bool topics_page(Export *e, const IkTopic *topics, size_t n)
{
    begin(e, ui(e, "topics.title"), TITLE_HEADING, BAR_BACK | BAR_HOME | BAR_HELP, "index.html");
    ik_buf_puts(&e->page, "<p class=\"lead\">");
    text(e, ui(e, "topics.subtitle"));
    ik_buf_puts(&e->page, "</p>\n<ul class=\"grid\">\n");
    for (size_t i = 0; i < n; i++) {
        ik_buf_puts(&e->page, "<li><a class=\"card topic\" href=\"");
        page_name(&e->page, "topic-", topics[i].id);
        ik_buf_puts(&e->page, "\">");
        icon(e, topics[i].pictogram, false);
        ik_buf_puts(&e->page, "<span>");
        text_in(e, topics[i].title, topics[i].fallback ? IK_SOURCE_LANG : e->lang);
        ik_buf_puts(&e->page, "</span></a></li>\n");
    }
    ik_buf_puts(&e->page, "</ul>\n");
    return end(e, "topics.html");
}

static bool topic_page(Export *e, const IkTopic *t)
{
    size_t n = 0;
    bool fallback = false;
    IkBlock *blocks = ik_content_topic_blocks(e->content, e->lang, t->id, &n, &fallback);
    if (!blocks)
        return false;
    const char *title = t->title;
    for (size_t i = 0; i < n; i++)
        if (blocks[i].kind == IK_BLOCK_TITLE) {
            title = blocks[i].text;
            break;
        }
    begin(e, title, TITLE_SHOWN, BAR_BACK | BAR_HOME | BAR_HELP, "topics.html");
    const char *lang = e->lang;
    /* A page not translated yet (or translated from an older Italian page)
     * shows in Italian, says so in the reader's language, and tells the
     * browser. */
    if (fallback && strcmp(lang, IK_SOURCE_LANG) != 0) {
        ik_buf_puts(&e->page, "<p class=\"note\">");
        prose(e, ui(e, "topic.fallback_note"));
        ik_buf_puts(&e->page, "</p>\n");
        note_lang(e, IK_SOURCE_LANG);
        ik_buf_printf(&e->page, "<article lang=\"%s\" dir=\"ltr\">\n", IK_SOURCE_LANG);
        e->lang = IK_SOURCE_LANG;
    } else {
        ik_buf_puts(&e->page, "<article>\n");
    }
    static const char *const open_tag[] = {"<h1>", "<h2>", "<p>", "<li>", "<li>"};
    static const char *const close_tag[] = {"</h1>", "</h2>", "</p>", "</li>", "</li>"};
    const char *list = NULL;        /* the list being written: "ul", "ol" or none */
    for (size_t i = 0; i < n; i++) {
        const IkBlock *b = &blocks[i];
        const char *want = b->kind == IK_BLOCK_BULLET ? "ul" : b->kind == IK_BLOCK_NUMBER ? "ol" : NULL;
        if (list && (!want || strcmp(list, want) != 0)) {
            ik_buf_printf(&e->page, "</%s>\n", list);
            list = NULL;
        }
        if (b->kind == IK_BLOCK_ACTION) {
            /* the "what to do now" box: its lines under the reader's heading */
            bool first = i == 0 || blocks[i - 1].kind != IK_BLOCK_ACTION;
            bool last = i + 1 == n || blocks[i + 1].kind != IK_BLOCK_ACTION;
            if (first) {
                ik_buf_puts(&e->page, "<aside class=\"now\">\n<h2>");
                prose(e, ui(e, "topic.now"));
                ik_buf_puts(&e->page, "</h2>\n<ul>\n");
            }
            ik_buf_puts(&e->page, "<li>");
            prose(e, b->text);
            ik_buf_puts(&e->page, "</li>\n");
            if (last)
                ik_buf_puts(&e->page, "</ul>\n</aside>\n");
            continue;
        }
        if (want && !list) {
            ik_buf_printf(&e->page, "<%s>\n", want);
            list = want;
        }
        if (b->kind == IK_BLOCK_NUMBER)
            ik_buf_printf(&e->page, "<li value=\"%d\">", b->number);
        else
            ik_buf_puts(&e->page, open_tag[b->kind]);
        prose(e, b->text);
        ik_buf_printf(&e->page, "%s\n", close_tag[b->kind]);
    }
    if (list)
        ik_buf_printf(&e->page, "</%s>\n", list);
    ik_buf_puts(&e->page, "</article>\n");
    e->lang = lang;
    ik_blocks_free(blocks, n);
    IkBuf file = {0};
    page_name(&file, "topic-", t->id);
    bool ok = end(e, file.data);
    ik_buf_free(&file);
    return ok;
}

static const char *term_name(const IkTerm *terms, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(terms[i].code, code) == 0)
            return terms[i].name;
    return code;
}

static void demo_ribbon(Export *e)
{
    if (!ik_content_has_demo(e->content))
        return;
    ik_buf_puts(&e->page, "<p class=\"ribbon\">");
    text(e, ui(e, "service.demo_ribbon"));
    ik_buf_puts(&e->page, "</p>\n");
}

/* "<li><a href=...>" to the directory filtered by code (NULL: unfiltered),
 * marked as the current page when code is current ("" = the unfiltered
 * page is; NULL = another filter is). */
static void filter_link(Export *e, const char *prefix, const char *code, const char *current)
{
    ik_buf_puts(&e->page, "<li><a href=\"");
    if (code)
        page_name(&e->page, prefix, code);
    else
        ik_buf_puts(&e->page, "directory.html");
    bool on = current && (code ? strcmp(code, current) == 0 : !*current);
    ik_buf_printf(&e->page, "\"%s>", on ? " aria-current=\"page\"" : "");
}

/* The directory with at most one filter (area or category), as static
 * pages can hold it: every area and category is a page of its own. */
static bool directory_page(Export *e, const IkTerm *areas, size_t na, const IkTerm *cats,
                           size_t nc, const char *area, const char *category)
{
    IkSearchFilter f = {0};
    size_t n = 0;
    f.area = area;
    f.category = category;
    f.age = -1;
    IkSearchResult *r = ik_content_search(e->content, e->lang, "", &f, &n);
    if (!r)
        return false;
    begin(e, ui(e, "directory.title"), TITLE_HEADING, BAR_BACK | BAR_HOME | BAR_HELP, "index.html");
    ik_buf_puts(&e->page, "<div class=\"directory\">\n<aside aria-labelledby=\"areas\">\n"
                          "<h2 id=\"areas\">");
    text(e, ui(e, "directory.areas.title"));
    ik_buf_puts(&e->page, "</h2>\n<ul class=\"chips\">\n");
    for (size_t i = 0; i <= na; i++) {
        filter_link(e, "directory-area-", i < na ? areas[i].code : NULL, area || category ? area : "");
        if (i < na) {
            ik_buf_printf(&e->page, "%zu&nbsp; ", i + 1);
            text(e, areas[i].name);
        } else {
            text(e, ui(e, "directory.areas.all"));
        }
        ik_buf_puts(&e->page, "</a></li>\n");
    }
    ik_buf_puts(&e->page, "</ul>\n");
    demo_ribbon(e);
    ik_buf_puts(&e->page, "</aside>\n<div class=\"results\">\n<ul class=\"tiles\">\n");
    for (size_t i = 0; i <= nc; i++) {
        filter_link(e, "directory-category-", i < nc ? cats[i].code : NULL,
                    area || category ? category : "");
        icon(e, i < nc ? cats[i].code : "all", false);
        ik_buf_puts(&e->page, "<span>");
        text(e, i < nc ? cats[i].name : ui(e, "directory.categories.all"));
        ik_buf_puts(&e->page, "</span></a></li>\n");
    }
    char count[160];
    ik_content_format(count, sizeof count,
                      ik_content_plural(e->content, e->lang, "ui:directory.results.count", (long)n),
                      (int)n, 0);
    ik_buf_puts(&e->page, "</ul>\n<p class=\"count\">");
    text(e, count);
    ik_buf_puts(&e->page, "</p>\n<ul class=\"grid\">\n");
    for (size_t i = 0; i < n; i++) {
        ik_buf_puts(&e->page, "<li><a class=\"card result\" href=\"");
        page_name(&e->page, "service-", r[i].id);
        ik_buf_puts(&e->page, "\"><strong>");
        text(e, r[i].name);
        ik_buf_puts(&e->page, "</strong><span>");
        text(e, r[i].organization ? r[i].organization : "");
        ik_buf_puts(&e->page, "</span><span>");
        const char *an = r[i].area ? term_name(areas, na, r[i].area) : "";
        if (r[i].city && *r[i].city) {
            text(e, r[i].city);
            ik_buf_puts(&e->page, " · ");
        }
        text(e, an);
        ik_buf_puts(&e->page, "</span></a></li>\n");
    }
    ik_buf_puts(&e->page, "</ul>\n</div>\n</div>\n");
    ik_search_results_free(r, n);
    IkBuf file = {0};
    if (area)
        page_name(&file, "directory-area-", area);
    else if (category)
        page_name(&file, "directory-category-", category);
    else
        ik_buf_puts(&file, "directory.html");
    bool ok = end(e, file.data);
    ik_buf_free(&file);
    return ok;
}

/* "tel:" wants the digits and a leading plus only. */
static void tel_href(IkBuf *b, const char *number)
{
    ik_buf_puts(b, "tel:");
    for (const char *p = number; *p; p++)
        if ((*p >= '0' && *p <= '9') || (*p == '+' && p == number))
            ik_buf_append(b, p, 1);
}

/* A list of languages, each by its own name in its own script. */
static void language_list(Export *e, char **codes, size_t n)
{
    const char *sep = ik_content_list_separator(e->lang);
    ik_buf_puts(&e->page, "<ul class=\"inline\"");
    if (strcmp(sep, ", ") != 0)
        ik_buf_printf(&e->page, " style='--sep: \"%s\"'", sep);
    ik_buf_puts(&e->page, ">");
    for (size_t i = 0; i < n; i++) {
        const IkLanguage *l = ik_content_language_find(e->content, codes[i]);
        ik_buf_puts(&e->page, "<li>");
        text_in(e, l && l->endonym ? l->endonym : codes[i], codes[i]);
        ik_buf_puts(&e->page, "</li>");
    }
    ik_buf_puts(&e->page, "</ul>");
}

static void fact(Export *e, const char *label_key, const char *cls)
{
    ik_buf_puts(&e->page, "<dt>");
    text(e, ui(e, label_key));
    ik_buf_printf(&e->page, "</dt>\n<dd%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
                  cls ? "\"" : "");
}

static bool service_page(Export *e, const char *id)
{
    IkService *sv = ik_content_service(e->content, e->lang, id);
    if (!sv)
        return false;
    begin(e, sv->name, TITLE_SHOWN, BAR_BACK | BAR_HOME | BAR_HELP, "directory.html");
    ik_buf_puts(&e->page, "<div class=\"facts\">\n<div class=\"sheet\">\n<h1>");
    text(e, sv->name);
    ik_buf_puts(&e->page, "</h1>\n<dl>\n");
    if (sv->organization) {
        fact(e, "service.organization", NULL);
        text(e, sv->organization);
        ik_buf_puts(&e->page, "</dd>\n");
    }
    if (sv->description) {
        fact(e, "service.description", NULL);
        prose(e, sv->description);
        ik_buf_puts(&e->page, "</dd>\n");
    }
    for (size_t i = 0; i < sv->phone_count; i++) {
        fact(e, "service.phone", "phone");
        ik_buf_puts(&e->page, "<a dir=\"ltr\" href=\"");
        tel_href(&e->page, sv->phones[i].number);
        ik_buf_puts(&e->page, "\">");
        text(e, sv->phones[i].number);
        ik_buf_puts(&e->page, "</a></dd>\n");
    }
    fact(e, "service.address", NULL);
    if (sv->confidential || !sv->address) {
        text(e, ui(e, "service.address_confidential"));
    } else {
        text(e, sv->address);
        if (sv->city) {
            ik_buf_puts(&e->page, ", ");
            text(e, sv->city);
        }
    }
    ik_buf_puts(&e->page, "</dd>\n");
    if (sv->email) {
        fact(e, "service.email", NULL);
        ik_buf_puts(&e->page, "<a dir=\"ltr\" href=\"mailto:");
        escape(&e->page, sv->email, strlen(sv->email));
        ik_buf_puts(&e->page, "\">");
        text(e, sv->email);
        ik_buf_puts(&e->page, "</a></dd>\n");
    }
    if (sv->opening_count) {
        char *hours = ik_content_hours(e->content, e->lang, sv);
        fact(e, "service.hours", NULL);
        text(e, hours);
        ik_buf_puts(&e->page, "</dd>\n");
        free(hours);
    }
    if (sv->language_count) {
        fact(e, "service.languages", NULL);
        language_list(e, sv->languages, sv->language_count);
        ik_buf_puts(&e->page, "</dd>\n");
    }
    ik_buf_puts(&e->page, "</dl>\n");
    if (sv->min_age >= 0 && sv->max_age >= 0) {
        char ages[160];
        ik_content_format(ages, sizeof ages, ui(e, "service.ages"), sv->min_age, sv->max_age);
        ik_buf_puts(&e->page, "<p>");
        text(e, ages);
        ik_buf_puts(&e->page, "</p>\n");
    }
    ik_buf_puts(&e->page, "</div>\n<div class=\"side\">\n");
    if (sv->free) {
        ik_buf_puts(&e->page, "<p class=\"badge\">");
        text(e, ui(e, "service.free"));
        ik_buf_puts(&e->page, "</p>\n");
    }
    if (sv->demo)
        demo_ribbon(e);
    ik_buf_puts(&e->page, "</div>\n</div>\n");
    IkBuf file = {0};
    page_name(&file, "service-", sv->id);
    bool ok = end(e, file.data);
    ik_buf_free(&file);
    ik_service_free(sv);
    return ok;
}

static bool help_page(Export *e)
{
    size_t n = 0;
    IkHelpline *lines = ik_content_helplines(e->content, e->lang, &n);
    if (!lines)
        return false;
    begin(e, ui(e, "help.title"), TITLE_HEADING, BAR_BACK | BAR_HOME, "index.html");
    ik_buf_puts(&e->page, "<p class=\"subtitle\">");
    text(e, ui(e, "help.subtitle"));
    ik_buf_puts(&e->page, "</p>\n<p class=\"hint\">");
    prose(e, ui(e, "help.emergency_hint"));
    ik_buf_puts(&e->page, "</p>\n<ul class=\"lines\">\n");
    for (size_t i = 0; i < n; i++) {
        const IkHelpline *l = &lines[i];
        ik_buf_puts(&e->page, "<li class=\"line\"><a class=\"number\" href=\"");
        tel_href(&e->page, l->number);
        ik_buf_puts(&e->page, "\">");
        icon(e, "phone", false);
        ik_buf_puts(&e->page, "<span dir=\"ltr\">");
        text(e, l->number);
        ik_buf_puts(&e->page, "</span></a>\n<div class=\"what\"><h2>");
        prose(e, l->name);
        ik_buf_puts(&e->page, "</h2><p>");
        prose(e, l->description);
        ik_buf_puts(&e->page, "</p></div>\n<div class=\"about\">");
        if (l->free == 1) {
            ik_buf_puts(&e->page, "<div>");
            text(e, ui(e, "help.free"));
            ik_buf_puts(&e->page, "</div>");
        }
        if (l->always_open == 1) {
            ik_buf_puts(&e->page, "<div>");
            text(e, ui(e, "help.always_open"));
            ik_buf_puts(&e->page, "</div>");
        }
        if (l->languages && *l->languages) {
            char *codes = ik_xstrdup(l->languages), *save = NULL, *list[64];
            size_t nl = 0;
            for (char *c = strtok_r(codes, " ", &save); c && nl < 64; c = strtok_r(NULL, " ", &save))
                list[nl++] = c;
            ik_buf_puts(&e->page, "<div class=\"langs\">");
            text(e, ui(e, "help.languages"));
            ik_buf_puts(&e->page, " ");
            language_list(e, list, nl);
            ik_buf_puts(&e->page, "</div>");
            free(codes);
        }
        ik_buf_puts(&e->page, "</div></li>\n");
    }
    ik_buf_puts(&e->page, "</ul>\n");
    ik_helplines_free(lines, n);
    return end(e, "help.html");
}

/* Where quick exit leads: nothing on it hints at violence, help or this
 * project (no bar, no link back). */
static bool neutral_page(Export *e)
{
    begin(e, ui(e, "neutral.title"), TITLE_NONE, 0, NULL);
    ik_buf_puts(&e->page, "<div class=\"neutral\">\n<h1 class=\"page\">");
    text(e, ui(e, "neutral.title"));
    ik_buf_puts(&e->page, "</h1>\n<p class=\"lead\">");
    text(e, ui(e, "neutral.subtitle"));
    ik_buf_puts(&e->page, "</p>\n</div>\n");
    return end(e, "neutral.html");
}

/* ---- [SECTION] export --------------------------------------------------------- */
static bool directory_pages(Export *e)
{
    size_t na = 0, nc = 0, n = 0;
    IkTerm *areas = ik_content_terms(e->content, e->lang, "area", &na);
    IkTerm *cats = ik_content_terms(e->content, e->lang, "category", &nc);
    IkSearchFilter f = {0};
    f.age = -1;
    IkSearchResult *all = ik_content_search(e->content, e->lang, "", &f, &n);
    bool ok = all && directory_page(e, areas, na, cats, nc, NULL, NULL);
    for (size_t i = 0; ok && i < na; i++)
        ok = directory_page(e, areas, na, cats, nc, areas[i].code, NULL);
    for (size_t i = 0; ok && i < nc; i++)
        ok = directory_page(e, areas, na, cats, nc, NULL, cats[i].code);
    for (size_t i = 0; ok && i < n; i++)
        ok = service_page(e, all[i].id);
    ik_search_results_free(all, n);
    ik_terms_free(areas, na);
    ik_terms_free(cats, nc);
    return ok;
}

bool ik_pack_export_html(const char *pack_path, const char *lang, const char *dir)
{
    Export e = {0};
    IkTopic *topics = NULL;
    size_t nt = 0;
    IkBuf css = {0};
    bool ok = false;

    e.content = ik_content_open(pack_path);
    if (!e.content)
        goto fail;
    e.language = ik_content_language_find(e.content, lang);
    if (!e.language) {
        IkBuf have = {0};
        for (size_t i = 0; i < ik_content_language_count(e.content); i++)
            ik_buf_printf(&have, " %s", ik_content_language(e.content, i)->code);
        ik_fail("%s: no language '%s' (the pack has:%s)", pack_path, lang,
                have.data ? have.data : " none");
        ik_buf_free(&have);
        goto fail;
    }
    e.lang = e.language->code;
    e.dir = dir;
    e.fonts = ik_fonts_create(NULL);
    if (!e.fonts || !make_dir(dir))
        goto fail;
    topics = ik_content_topics(e.content, e.lang, &nt);
    if (!home_page(&e) || !topics_page(&e, topics, nt))
        goto fail;
    for (size_t i = 0; i < nt; i++)
        if (!topic_page(&e, &topics[i]))
            goto fail;
    if (!directory_pages(&e) || !help_page(&e) || !neutral_page(&e))
        goto fail;
    /* Last: the fonts every page above asked for. */
    ik_buf_puts(&css, "/* INCONTRO: the kiosk's look for the web, written by incontro-pack "
                      "export-html. */\n");
    if (!write_fonts(&e, &css))
        goto fail;
    ik_buf_puts(&css, style_css);
    ok = write_file(&e, "style.css", &css);
fail:
    ik_buf_free(&css);
    ik_buf_free(&e.page);
    ik_topics_free(topics, nt);
    ik_fonts_destroy(e.fonts);
    ik_content_close(e.content);
    return ok;
}
