/* layout: one paragraph of text to positioned glyphs, in the order UAX #9
 * asks: levels (fribidi), itemize by level, script and font, shape each run
 * (HarfBuzz), break opportunities (ICU), fill lines by shaped advances,
 * reorder each line's pieces (L1-L2), align, truncate with an ellipsis.
 *
 * [SECTION] types       - the layout and the work state of one call
 * [SECTION] public      - ik_text_layout and the getters
 * [SECTION] paragraph   - itemize, shape, break, fill
 * [SECTION] lines       - reorder and place one line's glyphs */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"

/* ---- [SECTION] types ----------------------------------------------------- */
#define MAX_SIZE_PX 2048
#define ELLIPSIS 0x2026u
/* Advances are summed unrounded; this absorbs float error only. */
#define FIT_SLACK 0.01f

struct IkLayout {
    IkGlyph *glyphs;            /* all lines' glyphs, each line left to right */
    size_t glyph_count, glyph_cap;
    IkLine *lines;
    size_t line_count, line_cap;
    int width;                  /* widest line */
    int height;                 /* all lines */
    int size_px;
    int line_height;            /* tallest line */
    bool rtl;                   /* first paragraph's direction */
    bool truncated;
    bool word_cut;              /* a word was broken between letters */
};

typedef struct {                /* one shaped glyph, before placement */
    uint32_t id;
    uint32_t cluster;           /* index into the work arrays */
    float advance, dx, dy;      /* pixels */
    float top, bottom;          /* ink above and below the baseline (trim only) */
} Shaped;

typedef struct {                /* a run: one level, script and font */
    size_t start, end;          /* code points [start, end) */
    int font;
    int px;                     /* the font's pixel size (optical size) */
    bool rtl;
    size_t glyph_start, glyph_end; /* into Work.shaped, HarfBuzz order */
} Run;

typedef struct {                /* a stretch of one run on one level of a line */
    size_t start, end;          /* code points */
    size_t run;
    int level;
} Piece;

typedef struct {                /* everything one ik_text_layout call needs */
    IkFonts *fonts;
    const IkLayoutOptions *o;
    const char *lang;
    IkLayout *out;
    const uint32_t *cps;        /* the text laid out (after `content`) */
    const size_t *map;          /* work index -> input index (SIZE_MAX: inserted) */
    size_t n;
    int max_lines;
    /* Per-paragraph scratch, sized for the whole text once. */
    FriBidiCharType *types;
    FriBidiLevel *levels;
    hb_script_t *scripts;
    int *font_of;
    float *advance;             /* advance of the cluster starting here */
    uint8_t *cluster_start;     /* 1 where a glyph cluster starts */
    uint8_t *breaks;
    size_t *run_of;
    Run *runs;
    size_t run_count, run_cap;
    Shaped *shaped;
    size_t shaped_count, shaped_cap;
    Piece *pieces;              /* the current line's, in visual order */
    size_t piece_count, piece_cap;
    hb_buffer_t *buf;
} Work;

typedef struct {                /* one paragraph being laid out */
    size_t start, end;          /* work indices [start, end) */
    bool rtl;                   /* its resolved direction */
    bool last;                  /* the text's last paragraph */
    uint32_t *shape_cps;        /* its text as shaped (controls as spaces) */
} Paragraph;

static bool layout_paragraph(Work *w, size_t ps, size_t pe, bool last);
static bool place_line(Work *w, const Paragraph *p, size_t ls, size_t le, bool ellipsis);

/* ---- [SECTION] public ---------------------------------------------------- */
bool ik_text_lang_rtl(const char *lang)
{
    static const char *rtl[] = {"ar", "fa", "ps", "ur", "he", "iw", "yi", "dv", "ckb", "sd", "ug"};
    if (!lang)
        return false;
    for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++) {
        size_t n = strlen(rtl[i]);
        if (strncasecmp(lang, rtl[i], n) == 0 && (lang[n] == '\0' || lang[n] == '-' ||
                                                  lang[n] == '_'))
            return true;
    }
    return false;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x205F || c == 0x2028 || c == 0x0B || c == 0x0C;
}

/* Input index of work index i (inserted isolates map to the next input). */
static uint32_t input_index(const Work *w, size_t i)
{
    if (!w->map)
        return (uint32_t)i;
    while (i < w->n && w->map[i] == SIZE_MAX)
        i++;
    if (i >= w->n) {
        size_t j = w->n;
        while (j > 0 && w->map[j - 1] == SIZE_MAX)
            j--;
        return j ? (uint32_t)(w->map[j - 1] + 1) : 0;
    }
    return (uint32_t)w->map[i];
}

static bool check_options(const IkFonts *fonts, const IkLayoutOptions *options)
{
    if (!fonts || !options)
        return ik_fail("text layout: no fonts or no options");
    if (options->size_px <= 0 || options->size_px > MAX_SIZE_PX)
        return ik_fail("text layout: font size %d px is out of range (1..%d)", options->size_px,
                       MAX_SIZE_PX);
    if (options->max_lines < 0)
        return ik_fail("text layout: max_lines %d is negative", options->max_lines);
    return true;
}

/* Each paragraph laid out in turn, until the text or max_lines ends. */
static bool layout_paragraphs(Work *w)
{
    IkLayout *l = w->out;
    size_t ps = 0;
    do {
        size_t pe = ps;
        while (pe < w->n && !ik_bidi_is_paragraph_end(w->cps[pe]))
            pe++;
        bool last = pe >= w->n;
        if (w->max_lines && l->line_count >= (size_t)w->max_lines)
            break;
        if (!layout_paragraph(w, ps, pe, last))
            return false;
        ps = pe + 1;
        if (!last && w->cps[pe] == 0x0D && ps < w->n && w->cps[ps] == 0x0A)
            ps++; /* CRLF is one paragraph end */
        if (!last && ps >= w->n && !(w->max_lines && l->line_count >= (size_t)w->max_lines))
            /* Text ending in a newline: an empty last line, as editors show. */
            return layout_paragraph(w, w->n, w->n, true);
    } while (ps < w->n);
    return true;
}

/* Alignment needs the box width: the wrap width, or the widest line. */
static void align_lines(IkLayout *l, const IkLayoutOptions *options)
{
    int box = options->width_px > 0 ? options->width_px : l->width;
    for (size_t i = 0; i < l->line_count; i++) {
        IkLine *line = &l->lines[i];
        IkAlign a = options->align;
        int x = 0;
        bool right = (a == IK_ALIGN_START && line->rtl) || (a == IK_ALIGN_END && !line->rtl);
        if (a == IK_ALIGN_CENTER)
            x = (box - line->width) / 2;
        else if (right)
            x = box - line->width;
        line->x = x;
        for (uint32_t g = 0; g < line->glyph_count; g++)
            l->glyphs[line->glyph_start + g].x += x;
    }
}

static void free_work(Work *w)
{
    hb_buffer_destroy(w->buf);
    free(w->types);
    free(w->levels);
    free(w->scripts);
    free(w->font_of);
    free(w->advance);
    free(w->cluster_start);
    free(w->breaks);
    free(w->run_of);
    free(w->runs);
    free(w->shaped);
    free(w->pieces);
}

/* The pipeline: decode, isolate left-to-right spans in content, lay out
 * each paragraph (itemize, shape, break, reorder: layout_paragraph), then
 * align the lines. */
IkLayout *ik_text_layout(IkFonts *fonts, const char *utf8, size_t len,
                         const IkLayoutOptions *options)
{
    Work w = {0};
    uint32_t *input = NULL, *isolated = NULL;
    size_t *map = NULL, n = 0;
    if (!check_options(fonts, options))
        return NULL;
    if (!utf8)
        len = 0;
    IkLayout *l = ik_xcalloc(1, sizeof *l);
    w.fonts = fonts;
    w.o = options;
    w.lang = options->lang ? options->lang : "it";
    w.out = l;
    w.max_lines = options->max_lines;
    l->size_px = options->size_px;
    input = ik_utf8_to_utf32(utf8 ? utf8 : "", len, &n, NULL);
    w.cps = input;
    w.n = n;
    if (options->content) {
        isolated = ik_text_isolate_ltr_spans(input, n, &w.n, &map);
        w.cps = isolated;
        w.map = map;
    }
    size_t cap = w.n + 1;
    w.types = ik_xmalloc(cap * sizeof *w.types);
    w.levels = ik_xmalloc(cap * sizeof *w.levels);
    w.scripts = ik_xmalloc(cap * sizeof *w.scripts);
    w.font_of = ik_xmalloc(cap * sizeof *w.font_of);
    w.advance = ik_xmalloc(cap * sizeof *w.advance);
    w.cluster_start = ik_xmalloc(cap);
    w.breaks = ik_xmalloc(cap);
    w.run_of = ik_xmalloc(cap * sizeof *w.run_of);
    w.buf = hb_buffer_create();
    bool ok = layout_paragraphs(&w);
    if (ok)
        align_lines(l, options);
    free_work(&w);
    free(isolated);
    free(map);
    free(input);
    if (!ok) {
        ik_layout_destroy(l);
        return NULL;
    }
    return l;
}

void ik_layout_destroy(IkLayout *layout)
{
    if (!layout)
        return;
    free(layout->glyphs);
    free(layout->lines);
    free(layout);
}

int ik_layout_width(const IkLayout *l) { return l ? l->width : 0; }
int ik_layout_height(const IkLayout *l) { return l ? l->height : 0; }
bool ik_layout_rtl(const IkLayout *l) { return l && l->rtl; }
size_t ik_layout_line_count(const IkLayout *l) { return l ? l->line_count : 0; }
const IkLine *ik_layout_line(const IkLayout *l, size_t i)
{
    return l && i < l->line_count ? &l->lines[i] : NULL;
}
size_t ik_layout_glyph_count(const IkLayout *l) { return l ? l->glyph_count : 0; }
const IkGlyph *ik_layout_glyphs(const IkLayout *l) { return l ? l->glyphs : NULL; }
bool ik_layout_truncated(const IkLayout *l) { return l && l->truncated; }
int ik_layout_size(const IkLayout *l) { return l ? l->size_px : 0; }
int ik_layout_line_height(const IkLayout *l) { return l ? l->line_height : 0; }
bool ik_layout_word_cut(const IkLayout *l) { return l && l->word_cut; }
size_t ik_layout_bytes(const IkLayout *l)
{
    return l ? sizeof *l + l->glyph_cap * sizeof *l->glyphs + l->line_cap * sizeof *l->lines : 0;
}

/* ---- [SECTION] paragraph ------------------------------------------------- */
static void add_run(Work *w, size_t start, size_t end, int font, bool rtl)
{
    if (w->run_count == w->run_cap) {
        w->run_cap = w->run_cap ? w->run_cap * 2 : 16;
        w->runs = ik_xrealloc(w->runs, w->run_cap, sizeof *w->runs);
    }
    w->runs[w->run_count++] = (Run){start, end, font, ik_fonts_px(w->fonts, font, w->o->size_px),
                                    rtl, 0, 0};
}

static Shaped *push_shaped(Work *w)
{
    if (w->shaped_count == w->shaped_cap) {
        w->shaped_cap = w->shaped_cap ? w->shaped_cap * 2 : 256;
        w->shaped = ik_xrealloc(w->shaped, w->shaped_cap, sizeof *w->shaped);
    }
    return &w->shaped[w->shaped_count++];
}

/* Shapes run r with the paragraph around it as context (so Arabic joins
 * across font and level changes). False when HarfBuzz runs out of memory. */
static bool shape(Work *w, Run *r, const Paragraph *p)
{
    size_t ps = p->start, pe = p->end;
    unsigned upem = 1000;
    hb_font_t *font = ik_fonts_hb(w->fonts, r->font, &upem);
    float scale = (float)r->px / (float)upem;
    r->glyph_start = w->shaped_count;
    if (!font) {
        /* The font file went missing: nothing drawn, but nothing crashes. */
        r->glyph_end = w->shaped_count;
        return true;
    }
    hb_buffer_t *b = w->buf;
    hb_buffer_clear_contents(b);
    hb_buffer_add_codepoints(b, p->shape_cps, (int)(pe - ps), (unsigned)(r->start - ps),
                             (int)(r->end - r->start));
    hb_buffer_set_direction(b, r->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(b, w->scripts[r->start]);
    hb_buffer_set_language(b, hb_language_from_string(w->lang, -1));
    hb_buffer_set_flags(b, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES |
                               (r->start == ps ? HB_BUFFER_FLAG_BOT : 0) |
                               (r->end == pe ? HB_BUFFER_FLAG_EOT : 0));
    hb_shape(font, b, NULL, 0);
    if (!hb_buffer_allocation_successful(b))
        return ik_fail("text layout: out of memory while shaping");
    unsigned count = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &count);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &count);
    for (unsigned i = 0; i < count; i++) {
        Shaped *s = push_shaped(w);
        s->id = info[i].codepoint;
        s->cluster = info[i].cluster + (uint32_t)ps;
        s->advance = (float)pos[i].x_advance * scale;
        s->dx = (float)pos[i].x_offset * scale;
        s->dy = (float)pos[i].y_offset * scale;
        w->advance[s->cluster] += s->advance;
        w->cluster_start[s->cluster] = 1;
        s->top = s->bottom = 0;
        hb_glyph_extents_t e;
        if (w->o->trim && hb_font_get_glyph_extents(font, s->id, &e) && e.height != 0) {
            s->top = ((float)e.y_bearing) * scale + s->dy;
            s->bottom = -((float)(e.y_bearing + e.height)) * scale - s->dy;
        }
    }
    r->glyph_end = w->shaped_count;
    return true;
}

/* Shapes "…" in the font that has it; returns its advance. */
static float shape_ellipsis(Work *w, Shaped *ell, int *count, int *font_index)
{
    float width = 0;
    *count = 0;
    *font_index = ik_fonts_pick(w->fonts, w->lang, ELLIPSIS, HB_SCRIPT_COMMON, -1);
    unsigned upem = 1000;
    hb_font_t *font = ik_fonts_hb(w->fonts, *font_index, &upem);
    if (!font)
        return 0;
    float scale = (float)ik_fonts_px(w->fonts, *font_index, w->o->size_px) / (float)upem;
    hb_buffer_t *b = w->buf;
    hb_buffer_clear_contents(b);
    uint32_t e = ELLIPSIS;
    hb_buffer_add_codepoints(b, &e, 1, 0, 1);
    hb_buffer_guess_segment_properties(b);
    hb_shape(font, b, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    for (unsigned i = 0; i < n && *count < 8; i++) {
        ell[(*count)++] = (Shaped){info[i].codepoint, 0, pos[i].x_advance * scale,
                                   pos[i].x_offset * scale, pos[i].y_offset * scale, 0, 0};
        width += pos[i].x_advance * scale;
    }
    return width;
}

/* The steps of one paragraph, in order; each can fail (on a resource). */
static bool resolve_levels(Work *w, Paragraph *p);
static bool itemize(Work *w, Paragraph *p);
static bool shape_runs(Work *w, Paragraph *p);
static bool find_breaks(Work *w, Paragraph *p);
static bool fill_lines(Work *w, Paragraph *p);

static bool layout_paragraph(Work *w, size_t ps, size_t pe, bool last)
{
    Paragraph p = {.start = ps, .end = pe, .last = last};
    bool ok = resolve_levels(w, &p);
    if (ok && ps == pe)
        ok = place_line(w, &p, ps, pe, false);  /* an empty line keeps its height */
    else if (ok)
        ok = itemize(w, &p) && shape_runs(w, &p) && find_breaks(w, &p) && fill_lines(w, &p);
    free(p.shape_cps);
    return ok;
}

/* Bidi: the paragraph's direction and each character's level (UAX #9). */
static bool resolve_levels(Work *w, Paragraph *p)
{
    size_t ps = p->start;
    if (!ik_bidi_paragraph(w->cps + ps, p->end - ps, w->o->dir, ik_text_lang_rtl(w->lang),
                           w->types + ps, w->levels + ps, &p->rtl))
        return false;
    if (w->out->line_count == 0)
        w->out->rtl = p->rtl;
    return true;
}

/* Runs of one level, one script and one font (fallback per character). */
static bool itemize(Work *w, Paragraph *p)
{
    size_t ps = p->start, pe = p->end;
    ik_text_scripts(w->cps + ps, pe - ps, w->scripts + ps);
    int prev = -1;
    for (size_t i = ps; i < pe; i++) {
        if (i > ps && (w->levels[i] != w->levels[i - 1] || w->scripts[i] != w->scripts[i - 1]))
            prev = -1;
        w->font_of[i] = ik_fonts_pick(w->fonts, w->lang, w->cps[i], w->scripts[i], prev);
        prev = w->font_of[i];
    }
    w->run_count = 0;
    size_t rs = ps;
    for (size_t i = ps + 1; i <= pe; i++) {
        if (i == pe || w->levels[i] != w->levels[rs] || w->scripts[i] != w->scripts[rs] ||
            w->font_of[i] != w->font_of[rs]) {
            add_run(w, rs, i, w->font_of[rs], w->levels[rs] & 1);
            rs = i;
        }
    }
    for (size_t r = 0; r < w->run_count; r++)
        for (size_t i = w->runs[r].start; i < w->runs[r].end; i++)
            w->run_of[i] = r;
    return true;
}

/* HarfBuzz glyphs of every run, and the advance of each cluster. Controls
 * (tabs) are shaped as spaces rather than drawn as .notdef boxes. */
static bool shape_runs(Work *w, Paragraph *p)
{
    size_t ps = p->start, n = p->end - ps;
    const uint32_t *cps = w->cps + ps;
    p->shape_cps = ik_xmalloc(n * sizeof *p->shape_cps);
    for (size_t i = 0; i < n; i++)
        p->shape_cps[i] = (cps[i] < 0x20 || (cps[i] >= 0x7F && cps[i] < 0xA0)) ? ' ' : cps[i];
    memset(w->advance + ps, 0, n * sizeof *w->advance);
    memset(w->cluster_start + ps, 0, n);
    w->shaped_count = 0;
    for (size_t r = 0; r < w->run_count; r++)
        if (!shape(w, &w->runs[r], p))
            return false;
    return true;
}

/* UAX #14 break opportunities; none inside an isolated phone number or URL. */
static bool find_breaks(Work *w, Paragraph *p)
{
    size_t ps = p->start, pe = p->end;
    if (!ik_bidi_breaks(w->cps + ps, pe - ps, w->lang, w->breaks + ps))
        return false;
    if (w->map) {
        int depth = 0;
        for (size_t i = ps; i < pe; i++) {
            if (w->map[i] == SIZE_MAX)
                depth += (w->cps[i] == 0x2066 || w->cps[i] == 0x202D) ? 1 : -1;
            else if (depth > 0 && i > ps && w->breaks[i] == IK_BREAK_ALLOWED)
                w->breaks[i] = IK_BREAK_NONE;
        }
    }
    return true;
}

/* End of the line starting at `start`: the last break opportunity before
 * the shaped advances pass the width, a forced break, or (a word wider
 * than the line) the last cluster boundary that fits; *cut says which. */
static size_t line_end(const Work *w, const Paragraph *p, size_t start, bool *cut)
{
    bool wrap = w->o->width_px > 0;
    float limit = (float)w->o->width_px;
    size_t end = 0; /* 0: no break opportunity seen yet */
    float width = 0, trailing = 0;
    *cut = false;
    for (size_t i = start; i < p->end; i++) {
        width += w->advance[i];
        trailing = is_space(w->cps[i]) ? trailing + w->advance[i] : 0;
        if (wrap && width - trailing > limit + FIT_SLACK && i > start) {
            if (end)
                return end;
            size_t k = i;
            while (k > start + 1 && !w->cluster_start[k])
                k--;
            *cut = true;
            return k > start ? k : start + 1;
        }
        size_t next = i + 1;
        if (next == p->end || w->breaks[next]) {
            end = next;
            if (next < p->end && w->breaks[next] == IK_BREAK_HARD)
                return end;
        }
    }
    return end ? end : p->end;
}

/* How much of [start, end) fits beside an ellipsis of width ew. */
static size_t fit_before_ellipsis(const Work *w, size_t start, size_t end, float ew)
{
    float x = 0, limit = (float)w->o->width_px;
    size_t fit = start;
    for (size_t k = start; k < end; k++) {
        x += w->advance[k];
        if (k + 1 < end && !w->cluster_start[k + 1])
            continue;
        if (x + ew > limit + FIT_SLACK)
            break;
        fit = k + 1;
    }
    return fit;
}

/* Greedy line filling by unrounded shaped advances; each line is placed as
 * it is found. The last line max_lines allows takes an ellipsis. */
static bool fill_lines(Work *w, Paragraph *p)
{
    size_t start = p->start;
    while (start < p->end) {
        bool cut = false;
        size_t end = line_end(w, p, start, &cut);
        bool more = end < p->end || !p->last;
        bool at_limit = w->max_lines && w->out->line_count + 1 >= (size_t)w->max_lines;
        if (at_limit && more) {
            size_t fit = end;
            if (w->o->width_px > 0) {
                Shaped ell[8];
                int ell_count = 0, ell_font = 0;
                fit = fit_before_ellipsis(w, start, p->end,
                                          shape_ellipsis(w, ell, &ell_count, &ell_font));
            }
            w->out->truncated = true;
            return place_line(w, p, start, fit, true);
        }
        if (cut)
            w->out->word_cut = true;
        if (!place_line(w, p, start, end, false))
            return false;
        start = end;
    }
    return true;
}

/* ---- [SECTION] lines ----------------------------------------------------- */
static IkGlyph *push_glyph(IkLayout *l)
{
    if (l->glyph_count == l->glyph_cap) {
        l->glyph_cap = l->glyph_cap ? l->glyph_cap * 2 : 64;
        l->glyphs = ik_xrealloc(l->glyphs, l->glyph_cap, sizeof *l->glyphs);
    }
    return &l->glyphs[l->glyph_count++];
}

/* Glyphs of run r whose cluster lies in [a, b): a contiguous stretch, found
 * by binary search since HarfBuzz keeps clusters monotonic. */
static void run_glyphs(const Work *w, const Run *r, size_t a, size_t b, size_t *from, size_t *to)
{
    size_t lo = r->glyph_start, hi = r->glyph_end;
    /* In a right-to-left run clusters decrease along the buffer. */
    size_t x = lo, y = hi;
    while (x < y) { /* first glyph not before a (LTR) / first with cluster < b (RTL) */
        size_t m = x + (y - x) / 2;
        if (r->rtl ? w->shaped[m].cluster >= b : w->shaped[m].cluster < a)
            x = m + 1;
        else
            y = m;
    }
    *from = x;
    y = hi;
    while (x < y) {
        size_t m = x + (y - x) / 2;
        if (r->rtl ? w->shaped[m].cluster >= a : w->shaped[m].cluster < b)
            x = m + 1;
        else
            y = m;
    }
    *to = x;
}

/* Rule L2: reverse every maximal sequence at level >= k, from the highest
 * level down to the lowest odd one. */
static void reorder_pieces(Piece *p, size_t n)
{
    int hi = 0, lo_odd = 127;
    for (size_t i = 0; i < n; i++) {
        if (p[i].level > hi)
            hi = p[i].level;
        if ((p[i].level & 1) && p[i].level < lo_odd)
            lo_odd = p[i].level;
    }
    for (int k = hi; k >= lo_odd && k > 0; k--) {
        for (size_t i = 0; i < n;) {
            if (p[i].level < k) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && p[j].level >= k)
                j++;
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                Piece t = p[a];
                p[a] = p[b];
                p[b] = t;
            }
            i = j;
        }
    }
}

/* Rule L1 on the line's levels (trailing whitespace takes the paragraph
 * level), then its pieces (a run's stretch on one level) put in visual
 * order by rule L2, into w->pieces. ve: the line's end without trailing
 * spaces, which hang past it. False on a resource failure. */
static bool reorder_line(Work *w, const Paragraph *p, size_t ls, size_t le, size_t ve)
{
    size_t ps = p->start;
    w->piece_count = 0;
    if (ve <= ls)
        return true;
    if (!fribidi_reorder_line(0, w->types + ps, (FriBidiStrIndex)(le - ls),
                              (FriBidiStrIndex)(ls - ps),
                              p->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR, w->levels + ps,
                              NULL, NULL))
        return ik_fail("text layout: reordering a line failed");
    for (size_t i = ls; i < ve;) {
        size_t j = i + 1;
        while (j < ve && w->run_of[j] == w->run_of[i] && w->levels[j] == w->levels[i])
            j++;
        if (w->piece_count == w->piece_cap) {
            w->piece_cap = w->piece_cap ? w->piece_cap * 2 : 16;
            w->pieces = ik_xrealloc(w->pieces, w->piece_cap, sizeof *w->pieces);
        }
        w->pieces[w->piece_count++] = (Piece){i, j, w->run_of[i], w->levels[i]};
        i = j;
    }
    reorder_pieces(w->pieces, w->piece_count);
    return true;
}

static float put_glyphs(IkLayout *l, const Shaped *s, size_t n, int font, int px, float pen,
                        int32_t baseline, uint32_t cluster)
{
    for (size_t i = 0; i < n; i++) {
        IkGlyph *g = push_glyph(l);
        *g = (IkGlyph){s[i].id, (uint16_t)font, (uint16_t)px, (int32_t)lroundf(pen + s[i].dx),
                       baseline - (int32_t)lroundf(s[i].dy), cluster};
        pen += s[i].advance;
    }
    return pen;
}

/* A trimmed line's box: the base font's, grown to the ink of its glyphs
 * (labels of one style sit alike; a tall script takes what it draws).
 * *ink_up / *ink_down: the ink passed the base font's box there. */
static void trim_box(Work *w, float *asc, float *desc, bool *ink_up, bool *ink_down)
{
    ik_fonts_box(w->fonts, ik_fonts_base(w->fonts), w->o->size_px, asc, desc);
    *ink_up = *ink_down = false;
    for (size_t k = 0; k < w->piece_count; k++) {
        const Run *r = &w->runs[w->pieces[k].run];
        size_t from, to;
        run_glyphs(w, r, w->pieces[k].start, w->pieces[k].end, &from, &to);
        for (size_t g = from; g < to; g++) {
            if (w->shaped[g].top > *asc) {
                *asc = w->shaped[g].top;
                *ink_up = true;
            }
            if (w->shaped[g].bottom > *desc) {
                *desc = w->shaped[g].bottom;
                *ink_down = true;
            }
        }
    }
}

/* The line's box from the fonts on it: the base font's (so lines of one
 * paragraph in one script keep an even rhythm) and every font a piece of
 * it (and its ellipsis font, if >= 0) is drawn in, each at its optical
 * size. A Latin-only line inside Urdu text gets a Latin line's height. */
static void place_box(Work *w, IkLine *line, int ell_font)
{
    IkLayout *l = w->out;
    float asc, desc, a, d;
    bool ink_up = false, ink_down = false;
    if (w->o->trim) {
        trim_box(w, &asc, &desc, &ink_up, &ink_down);
    } else {
        ik_fonts_box(w->fonts, ik_fonts_base(w->fonts), w->o->size_px, &asc, &desc);
        for (size_t k = 0; k <= w->piece_count; k++) {
            int font = k < w->piece_count ? w->runs[w->pieces[k].run].font : ell_font;
            if (font < 0)
                continue;
            ik_fonts_box(w->fonts, font, w->o->size_px, &a, &d);
            asc = a > asc ? a : asc;
            desc = d > desc ? d : desc;
        }
    }
    /* Whole pixels per line: lines of one kind keep one pitch; ink that
     * sets a trimmed line's box is never cut by the rounding. */
    int32_t up = ink_up ? (int32_t)ceilf(asc) : (int32_t)lroundf(asc);
    line->top = l->height;
    line->y = line->top + up;
    line->height = ink_up || ink_down ? up + (int32_t)ceilf(asc + desc - (float)up)
                                      : (int32_t)lroundf(asc + desc);
    l->height = line->top + line->height;
    if (line->height > l->line_height)
        l->line_height = line->height;
}

/* Adds the line [ls, le) of paragraph p: reordered, its glyphs placed left
 * to right on its baseline, an ellipsis after its text in reading order
 * (at the right of a left-to-right line, at the left of a right-to-left
 * one) when asked. */
static bool place_line(Work *w, const Paragraph *p, size_t ls, size_t le, bool ellipsis)
{
    IkLayout *l = w->out;
    size_t ve = le;
    while (ve > ls && (is_space(w->cps[ve - 1]) || ik_text_invisible(w->cps[ve - 1])))
        ve--;
    if (!reorder_line(w, p, ls, le, ve))
        return false;
    if (l->line_count == l->line_cap) {
        l->line_cap = l->line_cap ? l->line_cap * 2 : 8;
        l->lines = ik_xrealloc(l->lines, l->line_cap, sizeof *l->lines);
    }
    IkLine *line = &l->lines[l->line_count];
    memset(line, 0, sizeof *line);
    line->start = input_index(w, ls);
    line->end = ellipsis ? input_index(w, p->end) : input_index(w, le);
    line->rtl = p->rtl;
    line->glyph_start = (uint32_t)l->glyph_count;
    l->line_count++;
    Shaped ell[8];
    int ell_count = 0, ell_font = ik_fonts_base(w->fonts);
    if (ellipsis)
        shape_ellipsis(w, ell, &ell_count, &ell_font);
    int ell_px = ik_fonts_px(w->fonts, ell_font, w->o->size_px);
    place_box(w, line, ellipsis ? ell_font : -1);
    float pen = 0;
    uint32_t ell_cluster = line->end > line->start ? line->end - 1 : line->start;
    if (ellipsis && p->rtl)
        pen = put_glyphs(l, ell, (size_t)ell_count, ell_font, ell_px, pen, line->y, ell_cluster);
    for (size_t k = 0; k < w->piece_count; k++) {
        const Piece *piece = &w->pieces[k];
        const Run *r = &w->runs[piece->run];
        size_t from, to;
        run_glyphs(w, r, piece->start, piece->end, &from, &to);
        for (size_t g = from; g < to; g++)
            pen = put_glyphs(l, &w->shaped[g], 1, r->font, r->px, pen, line->y,
                             input_index(w, w->shaped[g].cluster));
    }
    if (ellipsis && !p->rtl)
        pen = put_glyphs(l, ell, (size_t)ell_count, ell_font, ell_px, pen, line->y, ell_cluster);
    line->glyph_count = (uint32_t)(l->glyph_count - line->glyph_start);
    /* Rounded up, so that text measured at this width fits in it again. */
    line->width = (int32_t)ceilf(pen - FIT_SLACK);
    if (line->width > l->width)
        l->width = line->width;
    return true;
}
