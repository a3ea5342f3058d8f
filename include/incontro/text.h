/* text: fonts with per-script/per-language fallback, and paragraph layout
 * (bidi with fribidi, shaping with HarfBuzz, UAX #14 line breaking with ICU,
 * per-line reordering). No SDL here: drawing lives in gfx, which rasterizes
 * the glyph ids this module produces with the FreeType faces it exposes. */
#ifndef INCONTRO_TEXT_H
#define INCONTRO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ft2build.h>
#include FT_FREETYPE_H

/* ---- fonts -------------------------------------------------------------- */
typedef struct IkFonts IkFonts;

/* Loads the font list (assets/fonts.list format; NULL = the built-in default
 * path search). Font files are opened lazily, on the first glyph that needs
 * them. NULL with ik_error() on a missing list or a missing base font. */
IkFonts *ik_fonts_create(const char *fonts_list);
void ik_fonts_destroy(IkFonts *fonts);
/* Unloads every font but the base one (their mapped files and faces): each
 * is loaded again when text needs it, so only the scripts on screen stay in
 * memory. No hb_font_t or FT_Face from before may be used after it. */
void ik_fonts_release(IkFonts *fonts);

/* The FreeType face of font `font` (an index from IkGlyph.font) set to
 * size_px pixels per em. Owned by fonts; valid until the next call with a
 * different size for the same font or until ik_fonts_destroy. NULL if the
 * font cannot be loaded. */
FT_Face ik_fonts_face(IkFonts *fonts, int font, int size_px);

/* How much larger than the style's size font `font` is drawn so that its
 * script reads as large as the base font's (>= 1; 1 for the base font and
 * symbol fonts): the ratio of the base font's median letter height to this
 * font's, both measured on the fonts' own letters shaped in short words,
 * once per font. */
float ik_fonts_optical(IkFonts *fonts, int font);
/* Height in pixels of a line of lang's own script at size_px: the taller of
 * the base font's line box and that of the font lang's script takes (at its
 * optical size). Lines of a layout are measured by their own fonts; this is
 * for room planned before there is text. */
int ik_fonts_line_height(IkFonts *fonts, const char *lang, int size_px);

/* True when the fonts can draw every character of s for lang without a
 * .notdef glyph; otherwise *missing gets the first code point that cannot. */
bool ik_fonts_covers(IkFonts *fonts, const char *lang, const char *s,
                     uint32_t *missing);

/* The fonts as files, for tools that reference the same files (the exported
 * web page): how many fonts the list has (fallback order), the resolved
 * file of font `font` (NULL when not found; owned by fonts), and whether it
 * serves lang (reserved for no language, or for lang: fonts.list langs=). */
int ik_fonts_count(const IkFonts *fonts);
const char *ik_fonts_path(const IkFonts *fonts, int font);
bool ik_fonts_serves(const IkFonts *fonts, int font, const char *lang);

/* ---- layout ------------------------------------------------------------- */
typedef enum { IK_DIR_AUTO, IK_DIR_LTR, IK_DIR_RTL } IkDirection;
typedef enum { IK_ALIGN_START, IK_ALIGN_CENTER, IK_ALIGN_END } IkAlign;

typedef struct {
    const char *lang;   /* BCP 47 code ("ar", "fa-AF", "zh-Hans"); NULL = "it" */
    int size_px;        /* pixels per em, > 0 */
    int width_px;       /* wrap width; <= 0 means one line, no wrapping */
    IkDirection dir;    /* paragraph direction; AUTO = from the first strong */
    IkAlign align;      /* START follows the paragraph direction */
    int max_lines;      /* 0 = no limit; past it the last line ends in an ellipsis */
    bool content;       /* keep phone numbers, URLs, e-mails LTR as one unit */
    bool trim;          /* labels: a line's box is the base font's and the ink
                           of its glyphs; other fonts' taller boxes count only
                           as far as their glyphs reach (a Nastaliq label's box
                           is mostly empty). Latin lines are unchanged. */
} IkLayoutOptions;

typedef struct {
    uint32_t id;        /* glyph id in the font */
    uint16_t font;      /* font index, for ik_fonts_face */
    uint16_t size;      /* pixels per em it is drawn at (the font's optical
                           size for options.size_px) */
    int32_t x, y;       /* pen position of the glyph origin, pixels, from the
                           layout's top-left corner (y = baseline) */
    uint32_t cluster;   /* code-point offset in the input of its cluster */
} IkGlyph;

typedef struct {
    uint32_t start;     /* first code point of the line (input offsets) */
    uint32_t end;       /* one past the last */
    int32_t y;          /* baseline */
    int32_t top;        /* top of the line's box; the next line's starts at
                           top + height */
    int32_t height;     /* from the fonts on this line (and the base font) */
    int32_t x;          /* left edge of the line's ink box after alignment */
    int32_t width;      /* advance width of the line, rounded up */
    bool rtl;           /* the line's paragraph direction */
    uint32_t glyph_start; /* its glyphs: ik_layout_glyphs()[glyph_start...] */
    uint32_t glyph_count;
} IkLine;

typedef struct IkLayout IkLayout;

/* Lays out one paragraph (UTF-8; invalid bytes are shown as U+FFFD, a
 * newline starts a new line). Returns NULL only on bad options, with
 * ik_error(). The result owns its glyphs; the fonts must outlive it. */
IkLayout *ik_text_layout(IkFonts *fonts, const char *utf8, size_t len,
                         const IkLayoutOptions *options);
void ik_layout_destroy(IkLayout *layout);

int ik_layout_width(const IkLayout *layout);    /* widest line, pixels */
int ik_layout_height(const IkLayout *layout);   /* the lines' heights added */
bool ik_layout_rtl(const IkLayout *layout);     /* resolved paragraph dir */
size_t ik_layout_line_count(const IkLayout *layout);
const IkLine *ik_layout_line(const IkLayout *layout, size_t i);
size_t ik_layout_glyph_count(const IkLayout *layout);
/* Glyphs in visual order, left to right. Owned by layout. */
const IkGlyph *ik_layout_glyphs(const IkLayout *layout);
bool ik_layout_truncated(const IkLayout *layout); /* ellipsis was added */

/* Direction of a language's script (true for ar, fa*, ps, ur, he...). */
bool ik_text_lang_rtl(const char *lang);

int ik_layout_size(const IkLayout *layout);        /* options.size_px */
int ik_layout_line_height(const IkLayout *layout); /* its tallest line's height */
/* True when a word wider than width_px had to be broken between letters. */
bool ik_layout_word_cut(const IkLayout *layout);
/* Heap bytes the layout holds (for caches that bound their memory). */
size_t ik_layout_bytes(const IkLayout *layout);

/* ---- layout cache and measuring ------------------------------------------
 * The one measuring path: whoever needs to know how much room text takes
 * (a widget, a layout box, a test without a window) asks the same cache
 * that the drawing code draws from, so what is measured is what is drawn. */
typedef struct IkLayoutCache IkLayoutCache;
#define IK_LAYOUT_CACHE_BYTES (2u << 20) /* a few screens' worth of layouts */

/* A cache of layouts keyed by (text, options), least recently used evicted
 * first once the layouts hold more than max_bytes (layouts used since the
 * last ik_layout_cache_frame are kept even past the bound). The fonts must
 * outlive it. Never fails. */
IkLayoutCache *ik_layout_cache_create(IkFonts *fonts, size_t max_bytes);
void ik_layout_cache_destroy(IkLayoutCache *cache);
/* The layout of (text, options), shaped once. Owned by the cache, valid at
 * least until the next ik_layout_cache_frame. NULL with ik_error() only on
 * bad options. */
const IkLayout *ik_layout_cache_get(IkLayoutCache *cache, const char *text,
                                    const IkLayoutOptions *options);
/* Marks a frame start: layouts of earlier frames become evictable. */
void ik_layout_cache_frame(IkLayoutCache *cache);
/* Drops every layout (between frames: none drawn is still in use). */
void ik_layout_cache_clear(IkLayoutCache *cache);
IkFonts *ik_layout_cache_fonts(const IkLayoutCache *cache);   /* borrowed */
size_t ik_layout_cache_bytes(const IkLayoutCache *cache);     /* held now */
size_t ik_layout_cache_hits(const IkLayoutCache *cache);
size_t ik_layout_cache_misses(const IkLayoutCache *cache);

typedef struct {
    int width;          /* widest line, px (rounded up: the text fits in it) */
    int height;         /* sum of the lines' heights, px */
    int lines;          /* lines laid out (at most options.max_lines) */
    int line_height;    /* tallest line, px */
    bool ellipsized;    /* max_lines cut the text: the last line ends in "…" */
    bool word_cut;      /* a word wider than width_px was broken inside */
} IkTextExtent;

/* How much room text takes when laid out with options (size_px, width_px,
 * max_lines, lang, ...): read from the same cached layout that is drawn.
 * False with ik_error() only on bad options (*out is then zeroed). */
bool ik_text_measure(IkLayoutCache *cache, const char *text,
                     const IkLayoutOptions *options, IkTextExtent *out);

/* ---- the steps of the layout, for incontro-text and the tests ----------- */
/* Wraps phone numbers, URLs and e-mail addresses in LRI ... PDI so they read
 * left to right as one unit inside right-to-left text (what `content`
 * applies before bidi). Returns a malloc'd array of *out_count code points;
 * (*map)[i] (malloc'd, caller frees) is the input index of output i, or
 * SIZE_MAX for an inserted isolate. Never fails. */
uint32_t *ik_text_isolate_ltr_spans(const uint32_t *cps, size_t count,
                                    size_t *out_count, size_t **map);
/* Visual order of one line of UTF-8 text by UAX #9 rules up to L2 (no L3):
 * *order (malloc'd, caller frees) receives *count code-point indices of the
 * input, left to right; characters that X9 removes are left out. Paragraph
 * separators inside split paragraphs. content: ik_text_isolate_ltr_spans
 * first. False with ik_error() only on a resource failure. */
bool ik_text_order(const char *utf8, size_t len, IkDirection dir, bool content,
                   size_t **order, size_t *count);
/* Direction of the first strong character of the text (UAX #9 P2, without
 * skipping isolates): LTR, RTL, or AUTO when it has none. */
IkDirection ik_text_strong_direction(const char *utf8, size_t len);
/* UAX #14 line-break opportunities (ICU): *offsets (malloc'd, caller frees)
 * receives *count code-point offsets k (a break between k-1 and k), the
 * end of the text included. lang tailors (NULL = root rules). */
bool ik_text_breaks(const char *utf8, size_t len, const char *lang,
                    size_t **offsets, size_t *count);
/* UAX #29 sentence boundaries (ICU, tailored for lang; NULL = root):
 * *offsets (malloc'd, caller frees; NULL when count is 0) receives *count
 * code-point offsets where a sentence ends, the end of the text included.
 * False with ik_error() only on a resource failure. */
bool ik_text_sentences(const char *utf8, size_t len, const char *lang,
                       size_t **offsets, size_t *count);

#endif
