/* fonts: the font list, lazy loading and per-character fallback.
 *
 * [SECTION] types      - one entry per fonts.list line
 * [SECTION] list       - parsing fonts.list, finding files and .ttc faces
 * [SECTION] loading    - HarfBuzz fonts for shaping, FreeType faces for pixels
 * [SECTION] sizes      - optical size per script, line boxes
 * [SECTION] fallback   - which font draws a character
 * [SECTION] coverage   - ik_fonts_covers for the pack checker */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-ot.h>
#include <unicode/uloc.h>

#include "text_internal.h"

/* ---- [SECTION] types ----------------------------------------------------- */
#define MAX_SCRIPTS 12
#define MAX_LANGS 8
#define MAX_SEARCH 8
/* Letters of a script sampled (evenly across the font's) to measure it. */
#define SAMPLE_LETTERS 150

typedef struct {
    char *path;                 /* resolved file path; NULL when not found */
    char *name;                 /* file name as listed, for messages */
    char *family;               /* .ttc family to pick; NULL = face 0 */
    int face_index;             /* resolved face index, -1 until known */
    hb_script_t scripts[MAX_SCRIPTS]; /* scripts it is chosen for */
    int script_count;
    bool any_script;            /* scripts=* */
    char *langs[MAX_LANGS];     /* reserved for these languages (prefixes) */
    int lang_count;
    bool tried;                 /* loading was attempted */
    hb_blob_t *blob;            /* mapped file, shared by the HarfBuzz face */
    hb_face_t *hb_face;
    hb_font_t *hb_font;         /* scaled to upem: advances in font units */
    unsigned upem;
    hb_font_extents_t extents;  /* line box, font units */
    float optical;              /* size against the base font's; 0: not yet measured */
    FT_Face ft;                 /* for rasterization, opened on demand */
    int ft_size;                /* pixel size ft is set to */
} Font;

struct IkFonts {
    Font *fonts;                /* in fallback order */
    int count;
    int base;                   /* index of the base font */
    float reference;            /* the base font's letter height; 0: not yet measured */
    FT_Library ft;              /* created on the first ik_fonts_face */
};

/* ---- [SECTION] list ------------------------------------------------------ */
static char *default_list(void)
{
    const char *env = getenv("IK_FONTS_LIST");
    if (env && *env)
        return ik_xstrdup(env);
    const char *src = getenv("IK_SOURCE_DIR");
    if (src && *src) {
        char *p = ik_path_join(src, "assets/fonts.list");
        if (ik_file_exists(p))
            return p;
        free(p);
    }
    const char *candidates[] = {IK_SOURCE_DIR "/assets/fonts.list",
                                "/usr/share/incontro/fonts.list", "assets/fonts.list"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (ik_file_exists(candidates[i]))
            return ik_xstrdup(candidates[i]);
    return ik_xstrdup(candidates[0]);
}

/* Next whitespace-separated token of *s; a value may be "quoted". */
static char *next_token(char **s)
{
    char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return NULL;
    char *start = p, *out = p;
    bool quoted = false;
    for (; *p; p++) {
        if (*p == '"') {
            quoted = !quoted;
            continue;
        }
        if (!quoted && (*p == ' ' || *p == '\t'))
            break;
        *out++ = *p;
    }
    if (*p)
        p++;
    *out = '\0';
    *s = p;
    return start;
}

static char *find_file(const char *name, char *const *search, int search_count,
                       const char *list_dir)
{
    if (name[0] == '/')
        return ik_file_exists(name) ? ik_xstrdup(name) : NULL;
    char *p = ik_path_join(list_dir, name);
    if (ik_file_exists(p))
        return p;
    free(p);
    for (int i = 0; i < search_count; i++) {
        p = ik_path_join(search[i], name);
        if (ik_file_exists(p))
            return p;
        free(p);
    }
    return NULL;
}

static bool parse_line(IkFonts *f, char *line, const char *list, int lineno,
                       char **search, int *search_count, const char *list_dir)
{
    char *s = line;
    char *tok = next_token(&s);
    if (!tok)
        return true;
    if (strcmp(tok, "search") == 0) {
        char *dir = next_token(&s);
        if (!dir)
            return ik_fail("%s:%d: search needs a folder", list, lineno);
        if (*search_count < MAX_SEARCH)
            search[(*search_count)++] = ik_xstrdup(dir);
        return true;
    }
    f->fonts = ik_xrealloc(f->fonts, (size_t)f->count + 1, sizeof *f->fonts);
    Font *font = &f->fonts[f->count++];
    memset(font, 0, sizeof *font);
    font->name = ik_xstrdup(tok);
    font->face_index = -1;
    font->path = find_file(tok, search, *search_count, list_dir);
    while ((tok = next_token(&s))) {
        char *eq = strchr(tok, '=');
        char *value = eq ? eq + 1 : NULL;
        if (eq)
            *eq = '\0';
        if (strcmp(tok, "base") == 0) {
            f->base = f->count - 1;
        } else if (strcmp(tok, "scripts") == 0 && value) {
            for (char *sc = strtok(value, ","); sc; sc = strtok(NULL, ",")) {
                if (strcmp(sc, "*") == 0)
                    font->any_script = true;
                else if (font->script_count < MAX_SCRIPTS)
                    font->scripts[font->script_count++] = hb_script_from_string(sc, -1);
            }
        } else if (strcmp(tok, "langs") == 0 && value) {
            for (char *l = strtok(value, ","); l; l = strtok(NULL, ","))
                if (font->lang_count < MAX_LANGS)
                    font->langs[font->lang_count++] = ik_xstrdup(l);
        } else if (strcmp(tok, "family") == 0 && value) {
            font->family = ik_xstrdup(value);
        } else {
            return ik_fail("%s:%d: unknown option \"%s\"", list, lineno, tok);
        }
    }
    if (!font->path)
        ik_log(IK_LOG_WARN, "%s:%d: font file %s not found; its characters fall back",
               list, lineno, font->name);
    return true;
}

IkFonts *ik_fonts_create(const char *fonts_list)
{
    char *list = fonts_list ? ik_xstrdup(fonts_list) : default_list();
    char *text = NULL, *list_dir = NULL;
    char *search[MAX_SEARCH];
    int search_count = 0;
    IkFonts *f = ik_xcalloc(1, sizeof *f);
    f->base = -1;
    text = ik_file_read(list, NULL);
    if (!text) {
        ik_fail_prefix("font list");
        goto fail;
    }
    list_dir = ik_xstrdup(list);
    char *slash = strrchr(list_dir, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(list_dir, ".");
    int lineno = 0;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *hash = strchr(line, '#');
        if (hash && (hash == line || hash[-1] == ' ' || hash[-1] == '\t'))
            *hash = '\0';
        if (!parse_line(f, line, list, lineno, search, &search_count, list_dir))
            goto fail;
    }
    if (f->count == 0) {
        ik_fail("%s: no fonts listed", list);
        goto fail;
    }
    if (f->base < 0)
        f->base = 0;
    if (!f->fonts[f->base].path) {
        ik_fail("%s: base font %s not found", list, f->fonts[f->base].name);
        goto fail;
    }
    if (!ik_fonts_hb(f, f->base, NULL)) {
        ik_fail_prefix("%s", list);
        goto fail;
    }
    for (int i = 0; i < search_count; i++)
        free(search[i]);
    free(text);
    free(list_dir);
    free(list);
    return f;
fail:
    for (int i = 0; i < search_count; i++)
        free(search[i]);
    free(text);
    free(list_dir);
    free(list);
    ik_fonts_destroy(f);
    return NULL;
}

/* Unloads one font: loaded again (ik_fonts_hb) when next needed. */
static void unload(Font *font)
{
    if (font->hb_font)
        hb_font_destroy(font->hb_font);
    if (font->hb_face)
        hb_face_destroy(font->hb_face);
    if (font->blob)
        hb_blob_destroy(font->blob);
    if (font->ft)
        FT_Done_Face(font->ft);
    font->hb_font = NULL;
    font->hb_face = NULL;
    font->blob = NULL;
    font->ft = NULL;
    font->ft_size = 0;
    font->tried = false;
}

void ik_fonts_destroy(IkFonts *fonts)
{
    if (!fonts)
        return;
    for (int i = 0; i < fonts->count; i++) {
        Font *font = &fonts->fonts[i];
        unload(font);
        for (int j = 0; j < font->lang_count; j++)
            free(font->langs[j]);
        free(font->path);
        free(font->name);
        free(font->family);
    }
    if (fonts->ft)
        FT_Done_FreeType(fonts->ft);
    free(fonts->fonts);
    free(fonts);
}

void ik_fonts_release(IkFonts *fonts)
{
    for (int i = 0; fonts && i < fonts->count; i++)
        if (i != fonts->base)
            unload(&fonts->fonts[i]);
}

/* ---- [SECTION] loading --------------------------------------------------- */
/* The face index of family in a collection, read from the name table (so
 * "Noto Sans CJK SC" is found whatever its position in the .ttc). */
static int face_of_family(hb_blob_t *blob, const char *family)
{
    unsigned n = hb_face_count(blob);
    for (unsigned i = 0; i < n; i++) {
        hb_face_t *face = hb_face_create(blob, i);
        char name[128];
        unsigned len = sizeof name;
        hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, hb_language_from_string("en", -1),
                            &len, name);
        bool match = strcmp(name, family) == 0;
        if (!match) {
            len = sizeof name;
            hb_ot_name_get_utf8(face, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY,
                                hb_language_from_string("en", -1), &len, name);
            match = strcmp(name, family) == 0;
        }
        hb_face_destroy(face);
        if (match)
            return (int)i;
    }
    return -1;
}

hb_font_t *ik_fonts_hb(IkFonts *fonts, int font, unsigned *upem)
{
    if (font < 0 || font >= fonts->count)
        return NULL;
    Font *f = &fonts->fonts[font];
    if (!f->tried) {
        f->tried = true;
        if (!f->path) {
            ik_fail("font file %s not found", f->name);
            return NULL;
        }
        f->blob = hb_blob_create_from_file_or_fail(f->path);
        if (!f->blob) {
            ik_fail("cannot read font %s", f->path);
            return NULL;
        }
        f->face_index = 0;
        if (f->family) {
            f->face_index = face_of_family(f->blob, f->family);
            if (f->face_index < 0) {
                ik_log(IK_LOG_WARN, "%s has no face \"%s\"", f->path, f->family);
                hb_blob_destroy(f->blob);
                f->blob = NULL;
                ik_fail("%s has no face \"%s\"", f->path, f->family);
                return NULL;
            }
        }
        f->hb_face = hb_face_create(f->blob, (unsigned)f->face_index);
        f->upem = hb_face_get_upem(f->hb_face);
        if (hb_face_get_glyph_count(f->hb_face) == 0 || f->upem == 0) {
            ik_fail("%s is not a usable font", f->path);
            hb_face_destroy(f->hb_face);
            f->hb_face = NULL;
            return NULL;
        }
        f->hb_font = hb_font_create(f->hb_face);
        hb_font_get_h_extents(f->hb_font, &f->extents);
    }
    if (upem)
        *upem = f->upem;
    if (!f->hb_font)
        ik_fail("font %s could not be loaded", f->name);
    return f->hb_font;
}

FT_Face ik_fonts_face(IkFonts *fonts, int font, int size_px)
{
    if (!fonts || size_px <= 0 || !ik_fonts_hb(fonts, font, NULL))
        return NULL;
    Font *f = &fonts->fonts[font];
    if (!fonts->ft && FT_Init_FreeType(&fonts->ft) != 0) {
        fonts->ft = NULL;
        ik_fail("cannot initialise FreeType");
        return NULL;
    }
    if (!f->ft) {
        /* Over HarfBuzz's mapping of the file: one read-only mapping per
         * font, shared with the page cache, nothing copied to the heap. */
        unsigned len = 0;
        const char *data = hb_blob_get_data(f->blob, &len);
        if (FT_New_Memory_Face(fonts->ft, (const FT_Byte *)data, (FT_Long)len, f->face_index,
                               &f->ft) != 0) {
            f->ft = NULL;
            ik_fail("FreeType cannot open %s", f->path);
            return NULL;
        }
        f->ft_size = 0;
    }
    if (f->ft_size != size_px) {
        if (FT_Set_Pixel_Sizes(f->ft, 0, (FT_UInt)size_px) != 0) {
            ik_fail("%s: cannot set size %d", f->path, size_px);
            return NULL;
        }
        f->ft_size = size_px;
    }
    return f->ft;
}

int ik_fonts_base(const IkFonts *fonts) { return fonts->base; }
int ik_fonts_count(const IkFonts *fonts) { return fonts->count; }

bool ik_fonts_has(IkFonts *fonts, int font, uint32_t cp)
{
    hb_font_t *hb = ik_fonts_hb(fonts, font, NULL);
    hb_codepoint_t g;
    return hb && hb_font_get_nominal_glyph(hb, cp, &g) && g != 0;
}

static bool lang_matches(const char *lang, const char *prefix)
{
    size_t n = strlen(prefix);
    return lang && strncasecmp(lang, prefix, n) == 0 && (lang[n] == '\0' || lang[n] == '-' ||
                                                          lang[n] == '_');
}

/* ---- [SECTION] sizes ------------------------------------------------------
 * Scripts drawn at one pixel size do not read as one size: Nastaliq's
 * joined letters are small, Naskh's a little smaller than Latin. What the
 * eye reads as a script's size is the height of its letters as they occur
 * in words, so each font is measured on its own letters, shaped in short
 * words, and drawn larger by how much its median letter is shorter than the
 * base font's (never smaller: the style's size is the floor). */
static int compare_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static bool is_letter(hb_unicode_funcs_t *uf, uint32_t cp)
{
    hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
    hb_codepoint_t a, b;
    return (gc == HB_UNICODE_GENERAL_CATEGORY_OTHER_LETTER ||
            gc == HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER) &&
           !hb_unicode_decompose(uf, cp, &a, &b);
}

/* Median ink height, in font units, of the glyphs font draws (marks and
 * other glyphs without advance aside) for its letters of script, sampled
 * evenly across the font and shaped three to a word. 0 when none. */
static float letter_height(IkFonts *fonts, int font, hb_script_t script)
{
    hb_font_t *hb = ik_fonts_hb(fonts, font, NULL);
    if (!hb)
        return 0;
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_set_t *all = hb_set_create();
    hb_face_collect_unicodes(fonts->fonts[font].hb_face, all);
    size_t n = 0, cap = 256;
    uint32_t *letters = ik_xmalloc(cap * sizeof *letters);
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(all, &cp);) {
        if (hb_unicode_script(uf, cp) != script || !is_letter(uf, cp))
            continue;
        if (n == cap) {
            cap *= 2;
            letters = ik_xrealloc(letters, cap, sizeof *letters);
        }
        letters[n++] = cp;
    }
    hb_set_destroy(all);
    size_t samples = n < SAMPLE_LETTERS ? n : SAMPLE_LETTERS;
    int *heights = ik_xmalloc((3 * samples + 1) * sizeof *heights);
    size_t count = 0;
    hb_buffer_t *b = hb_buffer_create();
    for (size_t k = 0; k + 3 <= samples; k += 3) {
        uint32_t word[3];
        for (size_t j = 0; j < 3; j++)
            word[j] = letters[(k + j) * n / samples];
        hb_buffer_clear_contents(b);
        hb_buffer_add_codepoints(b, word, 3, 0, 3);
        hb_buffer_set_script(b, script);
        hb_buffer_guess_segment_properties(b);
        hb_shape(hb, b, NULL, 0);
        unsigned gn = 0;
        hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &gn);
        hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &gn);
        for (unsigned g = 0; g < gn && count < 3 * samples; g++) {
            hb_glyph_extents_t e;
            if (pos[g].x_advance > 0 && hb_font_get_glyph_extents(hb, info[g].codepoint, &e) &&
                e.height != 0)
                heights[count++] = e.height < 0 ? -e.height : e.height;
        }
    }
    hb_buffer_destroy(b);
    float median = 0;
    if (count) {
        qsort(heights, count, sizeof *heights, compare_int);
        median = (float)heights[count / 2];
    }
    free(heights);
    free(letters);
    return median;
}

float ik_fonts_optical(IkFonts *fonts, int font)
{
    if (!fonts || font < 0 || font >= fonts->count)
        return 1;
    Font *f = &fonts->fonts[font];
    if (f->optical > 0)
        return f->optical;
    f->optical = 1;
    Font *base = &fonts->fonts[fonts->base];
    /* Symbol fonts and the base font itself keep the style's size. */
    if (font == fonts->base || f->any_script || f->script_count == 0 ||
        f->scripts[0] == HB_SCRIPT_COMMON || base->script_count == 0)
        return 1;
    if (fonts->reference <= 0)
        fonts->reference = letter_height(fonts, fonts->base, base->scripts[0]);
    float own = letter_height(fonts, font, f->scripts[0]);
    if (own > 0 && fonts->reference > own)
        f->optical = fonts->reference / own;
    return f->optical;
}

int ik_fonts_px(IkFonts *fonts, int font, int size_px)
{
    return (int)lroundf((float)size_px * ik_fonts_optical(fonts, font));
}

void ik_fonts_box(IkFonts *fonts, int font, int size_px, float *ascent, float *descent)
{
    *ascent = *descent = 0;
    if (!ik_fonts_hb(fonts, font, NULL))
        return;
    const Font *f = &fonts->fonts[font];
    float scale = (float)ik_fonts_px(fonts, font, size_px) / (float)f->upem;
    *ascent = (float)f->extents.ascender * scale;
    *descent = (float)(f->extents.line_gap - f->extents.descender) * scale;
}

static bool is_reserved_for(const Font *f, const char *lang);

/* The script lang is written in (ICU's likely subtags: "ur" -> Arab), or
 * HB_SCRIPT_INVALID when ICU does not know. */
static hb_script_t lang_script(const char *lang)
{
    char full[ULOC_FULLNAME_CAPACITY], script[ULOC_SCRIPT_CAPACITY];
    UErrorCode err = U_ZERO_ERROR;
    uloc_addLikelySubtags(lang, full, sizeof full, &err);
    if (U_FAILURE(err))
        return HB_SCRIPT_INVALID;
    int32_t n = uloc_getScript(full, script, sizeof script, &err);
    if (U_FAILURE(err) || n <= 0)
        return HB_SCRIPT_INVALID;
    return hb_script_from_string(script, n);
}

int ik_fonts_line_height(IkFonts *fonts, const char *lang, int size_px)
{
    if (!fonts || size_px <= 0)
        return 0;
    float asc, desc, a, d;
    ik_fonts_box(fonts, fonts->base, size_px, &asc, &desc);
    hb_script_t script = lang_script(lang ? lang : "it");
    int font = -1;
    for (int pass = 0; pass < 2 && font < 0; pass++)
        for (int i = 0; i < fonts->count && font < 0; i++) {
            const Font *f = &fonts->fonts[i];
            bool fits = pass == 0 ? f->lang_count && is_reserved_for(f, lang) : !f->lang_count;
            if (fits && f->script_count && f->scripts[0] == script && ik_fonts_hb(fonts, i, NULL))
                font = i;
        }
    if (font >= 0) {
        ik_fonts_box(fonts, font, size_px, &a, &d);
        asc = a > asc ? a : asc;
        desc = d > desc ? d : desc;
    }
    return (int)lroundf(asc + desc);
}

/* ---- [SECTION] fallback -------------------------------------------------- */
static bool has_script(const Font *f, hb_script_t script)
{
    if (f->any_script)
        return true;
    for (int i = 0; i < f->script_count; i++)
        if (f->scripts[i] == script)
            return true;
    return false;
}

static bool is_reserved_for(const Font *f, const char *lang)
{
    for (int j = 0; j < f->lang_count; j++)
        if (lang_matches(lang, f->langs[j]))
            return true;
    return false;
}

const char *ik_fonts_path(const IkFonts *fonts, int font)
{
    return font >= 0 && font < fonts->count ? fonts->fonts[font].path : NULL;
}

bool ik_fonts_serves(const IkFonts *fonts, int font, const char *lang)
{
    if (font < 0 || font >= fonts->count)
        return false;
    const Font *f = &fonts->fonts[font];
    return f->lang_count == 0 || is_reserved_for(f, lang);
}

static bool is_mark(uint32_t cp)
{
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK || cp == 0x200C || cp == 0x200D ||
           (cp >= 0xFE00 && cp <= 0xFE0F);
}

int ik_fonts_pick(IkFonts *fonts, const char *lang, uint32_t cp, hb_script_t script, int prev)
{
    hb_script_t own = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
    bool neutral = own == HB_SCRIPT_COMMON || own == HB_SCRIPT_INHERITED ||
                   own == HB_SCRIPT_UNKNOWN;
    /* Marks and joiners stay with their base; spaces and punctuation stay in
     * the run's font when it is a font of the run's script (not a symbol
     * font that happened to draw the previous character). */
    if (prev >= 0 && (ik_text_invisible(cp) || (is_mark(cp) && ik_fonts_has(fonts, prev, cp))))
        return prev;
    /* Noto Nastaliq Urdu draws its closing parenthesis facing the same way
     * as its opening one, so once HarfBuzz mirrors brackets for right to
     * left both halves of a pair point one way: mirrored characters come
     * from a font of the script that is not reserved for one language. */
    bool mirrored = hb_unicode_mirroring(hb_unicode_funcs_get_default(), cp) != cp;
    if (prev >= 0 && neutral && has_script(&fonts->fonts[prev], script) &&
        ik_fonts_has(fonts, prev, cp) && !(mirrored && fonts->fonts[prev].lang_count))
        return prev;
    if (ik_text_invisible(cp))
        return prev >= 0 ? prev : fonts->base;
    /* 1: a font reserved for the language (Urdu's Nastaliq), 2: any font of
     * the script not reserved for another language, 3: any font at all. */
    for (int i = 0; i < fonts->count; i++) {
        Font *f = &fonts->fonts[i];
        if (f->lang_count && !mirrored && is_reserved_for(f, lang) && has_script(f, script) &&
            ik_fonts_has(fonts, i, cp))
            return i;
    }
    for (int i = 0; i < fonts->count; i++) {
        Font *f = &fonts->fonts[i];
        if (!f->lang_count && has_script(f, script) && ik_fonts_has(fonts, i, cp))
            return i;
    }
    if (script != own && !neutral) {
        for (int i = 0; i < fonts->count; i++) {
            Font *f = &fonts->fonts[i];
            if (!f->lang_count && has_script(f, own) && ik_fonts_has(fonts, i, cp))
                return i;
        }
    }
    for (int i = 0; i < fonts->count; i++)
        if (ik_fonts_has(fonts, i, cp))
            return i;
    return fonts->base;
}

/* ---- [SECTION] coverage -------------------------------------------------- */
bool ik_text_invisible(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return true;
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    if (gc == HB_UNICODE_GENERAL_CATEGORY_FORMAT)
        return true;
    /* Default ignorables HarfBuzz hides (variation selectors, fillers). */
    return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
           cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x3164 ||
           (cp >= 0x180B && cp <= 0x180F);
}

void ik_text_scripts(const uint32_t *cps, size_t n, hb_script_t *out)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t last = HB_SCRIPT_INVALID;
    size_t pending = 0; /* neutrals before the first real script */
    for (size_t i = 0; i < n; i++) {
        hb_script_t s = hb_unicode_script(uf, cps[i]);
        if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN) {
            out[i] = last;
            if (last == HB_SCRIPT_INVALID)
                pending = i + 1;
            continue;
        }
        if (last == HB_SCRIPT_INVALID)
            for (size_t j = 0; j < pending; j++)
                out[j] = s;
        last = s;
        out[i] = s;
    }
    if (last == HB_SCRIPT_INVALID)
        for (size_t i = 0; i < n; i++)
            out[i] = HB_SCRIPT_LATIN;
}

bool ik_fonts_covers(IkFonts *fonts, const char *lang, const char *s, uint32_t *missing)
{
    size_t n = 0;
    bool ok = true;
    if (!fonts || !s)
        return true;
    uint32_t *cps = ik_utf8_to_utf32(s, strlen(s), &n, NULL);
    hb_script_t *scripts = ik_xmalloc((n ? n : 1) * sizeof *scripts);
    ik_text_scripts(cps, n, scripts);
    int prev = -1;
    for (size_t i = 0; i < n; i++) {
        if (ik_text_invisible(cps[i]))
            continue;
        int f = ik_fonts_pick(fonts, lang, cps[i], scripts[i], prev);
        if (!ik_fonts_has(fonts, f, cps[i])) {
            if (missing)
                *missing = cps[i];
            ok = false;
            break;
        }
        prev = f;
    }
    free(scripts);
    free(cps);
    return ok;
}
