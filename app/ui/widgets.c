/* [SECTION] text  [SECTION] fitting  [SECTION] panels  [SECTION] buttons
 * [SECTION] chips. Text is measured with the same shaped layout that is
 * drawn. Essential text (the default) is never cut: it wraps, then shrinks
 * down to IK_UI_FIT_FLOOR of its size; only text marked may_cut (a long
 * description with a way to read the rest) ends in an ellipsis. */
#include "incontro/ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

/* ---- text --------------------------------------------------------------- */
static const float text_points[] = {96, 60, 44, 34, 28, 30};

int ik_ui_px(const IkUi *ui, IkTextSize size)
{
    return (int)lroundf(text_points[size] * ui->text_scale * ui->unit);
}

const char *ik_ui_str(const IkUi *ui, const char *key)
{
    if (!ui->content)
        return key;
    return ik_content_ui(ui->content, ui->lang, key);
}

IkTextStyle ik_ui_style(const IkUi *ui, IkTextSize size)
{
    IkTextStyle s = {0};
    s.size = size;
    s.color = ui->theme.text;
    s.align = IK_ALIGN_START;
    return s;
}

static int style_px(const IkUi *ui, IkTextStyle st)
{
    return st.px > 0 ? st.px : ik_ui_px(ui, st.size);
}

static int floor_px(const IkUi *ui, IkTextStyle st)
{
    return (int)lroundf(ik_ui_px(ui, st.size) * IK_UI_FIT_FLOOR);
}

/* The paragraph direction of text in style st. */
static bool para_rtl(const IkUi *ui, IkTextStyle st)
{
    if (st.ltr)
        return false;
    return st.lang ? ik_text_lang_rtl(st.lang) : ui->rtl;
}

/* ---- runs against the paragraph's direction -------------------------------
 * "الوديان الإتروسكية (Valli Etrusche)": broken after "(Valli", bidi puts the
 * bracket and the two words of the name at opposite ends of two lines. */
#define MAX_RUNS 8
typedef struct {
    uint32_t open, close;       /* code points of the brackets */
    size_t from, to;            /* bytes of the run, brackets included */
} Run;

/* Bracketed runs of text holding a space whose first strong character is
 * of the other direction than the paragraph's. */
static int against_runs(const char *text, bool rtl, Run *out, int max)
{
    struct { uint32_t cp; size_t byte; char close; } stack[4];
    int depth = 0, n = 0;
    uint32_t cp = 0;
    for (size_t i = 0; text[i] && n < max; i++) {
        char c = text[i];
        if ((c == '(' || c == '[') && depth < 4) {
            stack[depth].cp = cp;
            stack[depth].byte = i;
            stack[depth++].close = c == '(' ? ')' : ']';
        } else if (depth > 0 && c == stack[depth - 1].close) {
            depth--;
            size_t from = stack[depth].byte + 1;
            IkDirection d = ik_text_strong_direction(text + from, i - from);
            if (memchr(text + from, ' ', i - from) &&
                (rtl ? d == IK_DIR_LTR : d == IK_DIR_RTL))
                out[n++] = (Run){stack[depth].cp, cp, stack[depth].byte, i + 1};
        }
        if (((unsigned char)c & 0xC0) != 0x80)
            cp++;
    }
    return n;
}

static const IkLayout *layout_plain(IkUi *ui, const char *text, int w, IkTextStyle st);

/* text with the spaces of each such run that fits w on one line made
 * no-break (U+00A0, same advance, same code-point offsets); NULL when
 * nothing changes. Caller frees. */
static char *keep_runs(IkUi *ui, const char *text, int w, IkTextStyle st)
{
    Run runs[MAX_RUNS];
    int n = strchr(text, '(') || strchr(text, '[') ? against_runs(text, para_rtl(ui, st), runs, MAX_RUNS) : 0;
    IkBuf b = {0};
    size_t from = 0;
    for (int i = 0; i < n; i++) {
        char *run = ik_xstrndup(text + runs[i].from, runs[i].to - runs[i].from);
        const IkLayout *l = layout_plain(ui, run, 0, st);
        bool fits = l && ik_layout_width(l) <= w;
        free(run);
        if (!fits)
            continue;
        ik_buf_append(&b, text + from, runs[i].from - from);
        for (size_t k = runs[i].from; k < runs[i].to; k++)
            if (text[k] == ' ')
                ik_buf_puts(&b, "\xC2\xA0");
            else
                ik_buf_append(&b, text + k, 1);
        from = runs[i].to;
    }
    if (!b.data)
        return NULL;
    ik_buf_puts(&b, text + from);
    return b.data;
}

/* True when a line of l starts inside such a run of text. */
static bool splits_run(IkUi *ui, const IkLayout *l, const char *text, IkTextStyle st)
{
    Run runs[MAX_RUNS];
    if (!strchr(text, '(') && !strchr(text, '['))
        return false;
    int n = against_runs(text, para_rtl(ui, st), runs, MAX_RUNS);
    for (size_t i = 1; i < ik_layout_line_count(l); i++) {
        uint32_t start = ik_layout_line(l, i)->start;
        for (int k = 0; k < n; k++)
            if (start > runs[k].open && start <= runs[k].close)
                return true;
    }
    return false;
}

/* The layout of text in style st wrapped at w (w <= 0: one line); lines
 * are limited (with an ellipsis) only for text that may be cut. NULL only
 * on bad options (logged). */
static const IkLayout *layout_of(IkUi *ui, const char *text, int w, IkTextStyle st)
{
    IK_ASSERT(ui->layouts);
    if (!text)
        return NULL;
    char *kept = w > 0 ? keep_runs(ui, text, w, st) : NULL;
    const IkLayout *l = layout_plain(ui, kept ? kept : text, w, st);
    free(kept);
    return l;
}

static const IkLayout *layout_plain(IkUi *ui, const char *text, int w, IkTextStyle st)
{
    const char *lang = st.lang ? st.lang : ui->lang;
    IkLayoutOptions o = {0};
    o.lang = lang;
    o.size_px = style_px(ui, st);
    o.width_px = w > 0 ? w : 0;
    o.dir = para_rtl(ui, st) ? IK_DIR_RTL : IK_DIR_LTR;
    o.align = st.align;
    /* A forced-LTR run (a phone number) still sits at the reading start. */
    if (st.ltr && ui->rtl && st.align == IK_ALIGN_START)
        o.align = IK_ALIGN_END;
    o.max_lines = st.may_cut ? st.max_lines : 0;
    o.content = st.content || st.ltr;
    o.trim = st.trim;
    const IkLayout *l = ik_layout_cache_get(ui->layouts, text, &o);
    if (!l)
        ik_log(IK_LOG_WARN, "text not laid out: %s", ik_error());
    return l;
}

IkSize ik_ui_measure(IkUi *ui, const char *text, int max_w, IkTextStyle st)
{
    IkSize s = {0, 0};
    if (!text || !*text)
        return s;
    const IkLayout *l = layout_of(ui, text, max_w, st);
    s.w = ik_layout_width(l);
    s.h = ik_layout_height(l);
    return s;
}

int ik_ui_text_height(IkUi *ui, const char *text, int w, IkTextStyle st)
{
    return ik_ui_measure(ui, text, w, st).h;
}

int ik_ui_line_height(IkUi *ui, IkTextStyle st)
{
    /* A line in the language's own script: its fonts decide (Nastaliq's
     * line is taller than a Latin one). */
    IK_ASSERT(ui->layouts);
    return ik_fonts_line_height(ik_layout_cache_fonts(ui->layouts), st.lang ? st.lang : ui->lang,
                                style_px(ui, st));
}

/* Marks the code points of text inside a unit the content pipeline keeps
 * whole (a phone number, URL or e-mail address); NULL when there is none.
 * Caller frees. */
static bool *kept_units(const char *text)
{
    size_t n = 0, m = 0, *map = NULL;
    uint32_t *cps = ik_utf8_to_utf32(text, strlen(text), &n, NULL);
    uint32_t *out = ik_text_isolate_ltr_spans(cps, n, &m, &map);
    bool *inside = NULL;
    int depth = 0;
    for (size_t i = 0; i < m; i++) {
        if (map[i] == SIZE_MAX)
            depth += out[i] == 0x2069 ? -1 : 1;
        else if (depth > 0) {
            if (!inside)
                inside = ik_xcalloc(n + 1, sizeof *inside);
            inside[map[i]] = true;
        }
    }
    free(map);
    free(out);
    free(cps);
    return inside;
}

/* True when every line of l but the last ends at a break opportunity of
 * text (no word was cut to make it fit); content: nor inside a phone
 * number, URL or e-mail address. */
static bool breaks_at_words(const IkLayout *l, const char *text, bool content)
{
    size_t n = ik_layout_line_count(l);
    if (n <= 1)
        return true;
    size_t *offs = NULL, count = 0;
    if (!ik_text_breaks(text, strlen(text), NULL, &offs, &count))
        return true;
    bool *inside = content ? kept_units(text) : NULL;
    if (inside) {
        size_t k = 0;
        for (size_t j = 0; j < count; j++)
            if (offs[j] == 0 || !inside[offs[j] - 1] || !inside[offs[j]])
                offs[k++] = offs[j];
        count = k;
        free(inside);
    }
    bool ok = true;
    for (size_t i = 0; i + 1 < n && ok; i++) {
        uint32_t end = ik_layout_line(l, i)->end;
        bool found = false;
        for (size_t j = 0; j < count && !found; j++)
            found = offs[j] == end;
        /* A break after spaces: the line may end before them. */
        for (size_t j = 0; j < count && !found; j++)
            found = offs[j] > end && offs[j] <= ik_layout_line(l, i + 1)->start;
        ok = found;
    }
    free(offs);
    return ok;
}

/* Where the lines of l lie when drawn with its top-left corner at (x, y). */
static IkRect ink_of(const IkLayout *l, int x, int y)
{
    int x0 = 0, x1 = 0;
    for (size_t i = 0; i < ik_layout_line_count(l); i++) {
        const IkLine *line = ik_layout_line(l, i);
        if (i == 0 || line->x < x0)
            x0 = line->x;
        if (i == 0 || line->x + line->width > x1)
            x1 = line->x + line->width;
    }
    IkRect r = {x + x0, y, x1 - x0, ik_layout_height(l)};
    return r;
}

/* Highlights the code points [mark_from, mark_to) of layout l drawn at
 * (x, y): on each line, one box per visual run of their glyphs (a run ends
 * where the next glyph starts, or at the line's end). */
static void mark(IkUi *ui, const IkLayout *l, int x, int y, IkTextStyle st)
{
    const IkGlyph *g = ik_layout_glyphs(l);
    int lh = ik_layout_line_height(l), pad = ik_ui_dp(ui, 4);
    const IkLine *first = ik_layout_line(l, 0);
    for (size_t i = 0; i < ik_layout_line_count(l); i++) {
        const IkLine *line = ik_layout_line(l, i);
        int top = y + (line->y - first->y);
        size_t end = line->glyph_start + line->glyph_count;
        for (size_t j = line->glyph_start; j < end;) {
            if (g[j].cluster < st.mark_from || g[j].cluster >= st.mark_to) {
                j++;
                continue;
            }
            size_t k = j;
            while (k < end && g[k].cluster >= st.mark_from && g[k].cluster < st.mark_to)
                k++;
            /* A run from the line's first glyph starts at the line's edge:
             * a glyph's ink may reach past its origin (Nastaliq tails). */
            int x0 = j == line->glyph_start ? line->x : g[j].x;
            int x1 = k < end ? g[k].x : line->x + line->width;
            if (x1 < x0) {      /* glyphs of a right-to-left run */
                int tmp = x0;
                x0 = x1;
                x1 = tmp;
            }
            ik_gfx_fill_round(ui->gfx, (IkRect){x + x0 - pad, top, x1 - x0 + 2 * pad, lh},
                              (float)pad, st.mark);
            j = k;
        }
    }
}

int ik_ui_text(IkUi *ui, const char *text, IkRect r, IkTextStyle st)
{
    if (!text || !*text)
        return 0;
    int nominal = ik_ui_px(ui, st.size);
    /* Essential text in a bounded box: smaller before it is cut. */
    if (!st.may_cut && (r.h > 0 || st.max_lines > 0))
        st = ik_ui_fit(ui, text, r.w, r.h > 0 ? r.h : 1 << 20, st);
    const IkLayout *l = layout_of(ui, text, r.w, st);
    bool content = st.content || st.ltr;
    bool whole = !l || breaks_at_words(l, text, content);
    if (!whole && !st.may_cut && r.h <= 0 && st.max_lines <= 0) {
        /* As tall as it needs, but a word (a phone number kept whole) is
         * wider than the box: smaller before it is cut. */
        st = ik_ui_fit(ui, text, r.w, 1 << 20, st);
        l = layout_of(ui, text, r.w, st);
        whole = !l || breaks_at_words(l, text, content);
    }
    IkRect ink = l ? ink_of(l, r.x, r.y) : (IkRect){r.x, r.y, 0, 0};
    bool cut = l && ik_layout_truncated(l);
    int h = ink.h;
    if (st.center_v)
        ink.y = r.y + (r.h - h) / 2;
    if (l && ui->gfx && ik_ui_visible(ui, ink)) {
        if (st.mark_to > st.mark_from)
            mark(ui, l, r.x, ink.y, st);
        ik_gfx_layout(ui->gfx, l, r.x, ink.y, st.color);
    }
    IkItem *it = ik_ui_record_text(ui, st.id, text, ink, r);
    if (it) {
        it->px = style_px(ui, st);
        it->floor_px = (int)lroundf(nominal * IK_UI_FIT_FLOOR);
        it->essential = !st.may_cut;
        it->ellipsized = cut;
        it->shrunk = it->px < nominal;
        it->split = l && splits_run(ui, l, text, st);
        it->word_cut = !whole;
        /* One pixel of rounding either way is not an overflow. */
        it->overflow = ink.x < r.x - 1 || ink.x + ink.w > r.x + r.w + 1 ||
                       (r.h > 0 && (ink.y < r.y - 1 || ink.y + ink.h > r.y + r.h + 1));
    }
    return h;
}

/* ---- fitting ------------------------------------------------------------ */
IkTextStyle ik_ui_fit(IkUi *ui, const char *text, int w, int h, IkTextStyle st)
{
    int base = style_px(ui, st);
    int lowest = floor_px(ui, st);
    if (lowest > base)
        lowest = base;
    st.px = base;
    if (!text || !*text || w <= 0)
        return st;
    int want = st.max_lines;
    for (int px = base; px >= lowest;) {
        IkTextStyle probe = st;
        probe.px = px;
        probe.max_lines = 0;
        probe.may_cut = false;
        const IkLayout *l = layout_of(ui, text, w, probe);
        if (!l)
            return st;      /* bad options (logged) */
        int lh = ik_layout_line_height(l);
        int room = lh > 0 ? h / lh : 1;
        int limit = want > 0 && want < room ? want : room;
        int lines = (int)ik_layout_line_count(l);
        st.px = px;
        /* Not even one line fits a box that short: smaller, too. */
        if (lines <= limit && ik_layout_width(l) <= w &&
            breaks_at_words(l, text, st.content || st.ltr) &&
            !splits_run(ui, l, text, probe)) {
            if (st.may_cut)
                st.max_lines = limit;
            return st;
        }
        if (px == lowest)
            break;
        px -= px > 40 ? 3 : 2;
        if (px < lowest)
            px = lowest;
    }
    /* The floor: text that may be cut is; essential text wraps in full and
     * the record says it overflowed. */
    if (st.may_cut && st.max_lines <= 0) {
        int lh = ik_ui_line_height(ui, st);
        st.max_lines = lh > 0 && h / lh > 0 ? h / lh : 1;
    }
    return st;
}

/* ---- panels ------------------------------------------------------------- */
void ik_ui_panel(IkUi *ui, IkRect r, SDL_Color c)
{
    if (ui->gfx && ik_ui_visible(ui, r))
        ik_gfx_fill_round(ui->gfx, r, (float)ik_ui_dp(ui, 18), c);
}

void ik_ui_outline(IkUi *ui, IkRect r, float radius)
{
    if (ui->gfx && ik_ui_visible(ui, r))
        ik_gfx_stroke_round(ui->gfx, r, radius > 0 ? radius : (float)ik_ui_dp(ui, 18),
                            (float)ik_ui_dp(ui, 3) < 2 ? 2 : (float)ik_ui_dp(ui, 3),
                            ui->theme.border);
}

int ik_ui_group_begin(IkUi *ui, const char *id, IkRect r)
{
    int before = ui->owner;
    IkItem *it = ik_ui_record(ui, IK_ITEM_PANEL, id, r);
    if (it)
        ui->owner = (int)(it - ui->items);
    return before;
}

void ik_ui_group_end(IkUi *ui, int before)
{
    ui->owner = before;
}

/* ---- buttons ------------------------------------------------------------ */
IkButton ik_ui_button_of(const IkUi *ui, IkIcon icon, const char *label, const char *sub)
{
    IkButton b = {0};
    b.icon = icon;
    b.label = label;
    b.sub = sub;
    b.bg = ui->theme.surface_alt;
    b.fg = ui->theme.text;
    b.outline = true;
    b.size = IK_TEXT_LABEL;
    return b;
}

static int pad_x(const IkUi *ui) { return ik_ui_dp(ui, 18); }
static int pad_y(const IkUi *ui) { return ik_ui_dp(ui, 10); }

/* The pictogram of a button in a row: as tall as a line of its label,
 * unless the button asks for a size. */
static int row_icon(IkUi *ui, const IkButton *b)
{
    if (b->icon == IK_ICON_NONE)
        return 0;
    if (b->icon_size > 0)
        return b->icon_size;
    return ik_ui_dp(ui, 44 * ui->text_scale);
}

static IkTextStyle label_style(const IkUi *ui, const IkButton *b)
{
    IkTextStyle st = ik_ui_style(ui, b->size);
    st.color = b->fg;
    st.trim = true;     /* a label's box is what its letters take */
    return st;
}

static IkTextStyle sub_style(const IkUi *ui, const IkButton *b)
{
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_SMALL);
    st.color = b->fg;
    return st;
}

/* A control at r: its hit target, and the texts drawn next belong to the
 * item its hit recorded (ui->owner; the caller restores *before). False,
 * with nothing more to draw, when none of it shows. */
static bool control_begin(IkUi *ui, const char *id, IkRect r, int *before)
{
    ik_ui_hit(ui, id, r);
    if (!ik_ui_visible(ui, r))
        return false;
    *before = ui->owner;
    if (ui->item_count > 0 && strcmp(ui->items[ui->item_count - 1].id, id) == 0)
        ui->owner = (int)ui->item_count - 1;
    return true;
}

/* A control's size grown to a touch target each way, then cut to max_w
 * (when positive): buttons and chips alike. */
static IkSize touch_size(const IkUi *ui, IkSize s, int max_w)
{
    int t = ik_ui_target(ui);
    if (s.w < t)
        s.w = t;
    if (s.h < t)
        s.h = t;
    if (max_w > 0 && s.w > max_w)
        s.w = max_w;
    return s;
}

IkSize ik_ui_button_size(IkUi *ui, const IkButton *b, int max_w)
{
    IkSize s;
    int px = pad_x(ui), py = pad_y(ui), gap = ik_ui_gap(ui, IK_GAP_SMALL);
    IkTextStyle ls = label_style(ui, b), ss = sub_style(ui, b);
    if (b->stacked) {
        int tw = max_w > 0 ? max_w - 2 * px : 0;
        IkSize l = ik_ui_measure(ui, b->label, tw, ls);
        IkSize u = ik_ui_measure(ui, b->sub, tw, ss);
        int icon = b->icon != IK_ICON_NONE ? (b->icon_size > 0 ? b->icon_size : row_icon(ui, b)) : 0;
        s.w = (l.w > u.w ? l.w : u.w);
        if (icon > s.w)
            s.w = icon;
        s.w += 2 * px;
        s.h = 2 * py + icon + (icon && l.h ? gap / 2 : 0) + l.h + (u.h ? gap / 2 + u.h : 0);
    } else {
        int icon = row_icon(ui, b);
        int fixed = 2 * px + (icon ? icon + gap : 0);
        int tw = max_w > 0 ? max_w - fixed : 0;
        IkSize l = ik_ui_measure(ui, b->label, tw, ls);
        IkSize u = ik_ui_measure(ui, b->sub, tw, ss);
        s.w = fixed + (l.w > u.w ? l.w : u.w);
        int th = l.h + (u.h ? gap / 2 + u.h : 0);
        s.h = 2 * py + (th > icon ? th : icon);
    }
    /* A label laid out at exactly its own width may wrap on rounding. */
    s.w += 2;
    return touch_size(ui, s, max_w);
}

void ik_ui_button_ex(IkUi *ui, const char *id, IkRect r, const IkButton *b)
{
    int before;
    if (!control_begin(ui, id, r, &before))
        return;
    float radius = (float)ik_ui_dp(ui, 18);
    if (ui->gfx) {
        ik_gfx_fill_round(ui->gfx, r, radius, b->bg);
        if (b->outline || ui->contrast)
            ik_ui_outline(ui, r, radius);
    }
    int px = pad_x(ui), py = pad_y(ui), gap = ik_ui_gap(ui, IK_GAP_SMALL);
    IkTextStyle ls = label_style(ui, b), ss = sub_style(ui, b);
    IkRect in = ik_ui_inset2(r, px, py);
    bool has_label = b->label && *b->label, has_sub = b->sub && *b->sub;
    if (b->stacked) {
        /* Pictogram on top, label and sub-label centred below, the whole
         * block centred in the button. */
        ls.align = ss.align = IK_ALIGN_CENTER;
        int sub_h = has_sub ? ik_ui_measure(ui, b->sub, in.w, ss).h : 0;
        int room = in.h - (sub_h ? sub_h + gap / 2 : 0);
        int label_h = 0;
        if (has_label) {
            /* The label first gets the room a pictogram does not need. */
            int icon_min = b->icon != IK_ICON_NONE ? ik_ui_dp(ui, 40) : 0;
            ls = ik_ui_fit(ui, b->label, in.w, room - icon_min - (icon_min ? gap / 2 : 0), ls);
            label_h = ik_ui_measure(ui, b->label, in.w, ls).h;
        }
        int icon = 0;
        if (b->icon != IK_ICON_NONE) {
            icon = room - label_h - (label_h ? gap / 2 : 0);
            int want = b->icon_size > 0 ? b->icon_size : row_icon(ui, b);
            if (icon > want)
                icon = want;
            if (icon > in.w)
                icon = in.w;
            if (icon < 0)
                icon = 0;
        }
        int total = icon + (icon && label_h ? gap / 2 : 0) + label_h + (sub_h ? gap / 2 + sub_h : 0);
        int y = in.y + (in.h - total) / 2;
        if (icon) {
            ik_ui_icon(ui, b->icon, (IkRect){in.x + (in.w - icon) / 2, y, icon, icon}, b->fg);
            y += icon + (label_h ? gap / 2 : 0);
        }
        if (has_label)
            y += ik_ui_text(ui, b->label, (IkRect){in.x, y, in.w, label_h}, ls) + gap / 2;
        if (has_sub)
            ik_ui_text(ui, b->sub, (IkRect){in.x, y, in.w, sub_h}, ss);
        ui->owner = before;
        return;
    }
    int icon = row_icon(ui, b);
    if (icon > in.h)
        icon = in.h;
    if (!has_label) {
        /* Icon only: centred. */
        if (icon)
            ik_ui_icon(ui, b->icon, ik_ui_center(r, icon, icon), b->fg);
        ui->owner = before;
        return;
    }
    IkRect text = in;
    if (icon) {
        IkRect ib = ik_ui_cut_start(ui, &text, icon, gap);
        ik_ui_icon(ui, b->icon, ik_ui_center(ib, icon, icon), b->fg);
    }
    ls.align = icon ? IK_ALIGN_START : IK_ALIGN_CENTER;
    ss.align = ls.align;
    int sub_h = has_sub ? ik_ui_measure(ui, b->sub, text.w, ss).h : 0;
    ls = ik_ui_fit(ui, b->label, text.w, text.h - (sub_h ? sub_h + gap / 2 : 0), ls);
    int label_h = ik_ui_measure(ui, b->label, text.w, ls).h;
    int y = text.y + (text.h - label_h - (sub_h ? sub_h + gap / 2 : 0)) / 2;
    y += ik_ui_text(ui, b->label, (IkRect){text.x, y, text.w, label_h}, ls);
    if (has_sub)
        ik_ui_text(ui, b->sub, (IkRect){text.x, y + gap / 2, text.w, sub_h}, ss);
    ui->owner = before;
}

void ik_ui_button(IkUi *ui, const char *id, IkRect r, IkIcon icon, const char *label,
                  const char *sub, SDL_Color bg, SDL_Color fg)
{
    IkButton b = ik_ui_button_of(ui, icon, label, sub);
    b.bg = bg;
    b.fg = fg;
    /* A light button on a light ground needs an outline to be seen. */
    b.outline = bg.r + bg.g + bg.b > 3 * 200 || ui->contrast;
    b.stacked = icon != IK_ICON_NONE && r.h > r.w * 3 / 4 && r.h >= ik_ui_dp(ui, 200);
    if (b.stacked) {
        b.size = IK_TEXT_HEADING;
        b.icon_size = r.h * 2 / 5;
    }
    ik_ui_button_ex(ui, id, r, &b);
}

/* ---- chips -------------------------------------------------------------- */
static IkTextStyle chip_style(const IkUi *ui, bool on)
{
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_SMALL);
    st.color = on ? ui->theme.on_accent : ui->theme.text;
    st.align = IK_ALIGN_CENTER;
    st.trim = true;
    return st;
}

/* Room at the chip's start for the check mark, and at its end. */
static int chip_start(const IkUi *ui) { return ik_ui_dp(ui, 52); }
static int chip_end(const IkUi *ui) { return ik_ui_dp(ui, 24); }

IkSize ik_ui_chip_size(IkUi *ui, const char *label, int max_w)
{
    IkTextStyle st = chip_style(ui, false);
    int fixed = chip_start(ui) + chip_end(ui);
    IkSize l = ik_ui_measure(ui, label, max_w > 0 ? max_w - fixed : 0, st);
    IkSize s = {l.w + fixed + 2, l.h + 2 * ik_ui_dp(ui, 12)};
    return touch_size(ui, s, max_w);
}

void ik_ui_chip(IkUi *ui, const char *id, IkRect r, const char *label, bool on)
{
    int before;
    if (!control_begin(ui, id, r, &before))
        return;
    const IkTheme *t = &ui->theme;
    float radius = (float)(r.h < ik_ui_dp(ui, 80) ? r.h / 2 : ik_ui_dp(ui, 40));
    if (ui->gfx) {
        ik_gfx_fill_round(ui->gfx, r, radius, on ? t->accent : t->surface);
        if (!on || ui->contrast)
            ik_ui_outline(ui, r, radius);
    }
    IkTextStyle st = chip_style(ui, on);
    /* A narrow chip (a number) keeps its width for text, check or not. */
    bool narrow = r.w < chip_start(ui) + chip_end(ui) + ik_ui_dp(ui, 40);
    int start = narrow ? ik_ui_dp(ui, 8) : chip_start(ui);
    int end = narrow ? ik_ui_dp(ui, 8) : chip_end(ui);
    /* Off, no check mark: the label sits in the middle of the chip. */
    if (!on && !narrow)
        start = end = (start + end) / 2;
    IkRect in = ik_ui_inset2(r, 0, ik_ui_dp(ui, 6));
    if (on && !narrow) {
        /* The check mark at the start, clear of the rounded end. */
        int s = ik_ui_dp(ui, 28);
        IkRect room = ik_ui_inset2(in, ik_ui_dp(ui, 14), 0);
        IkRect c = ik_ui_cut_start(ui, &room, s, 0);
        ik_ui_icon(ui, IK_ICON_CHECK, ik_ui_center(c, s, s), st.color);
    }
    ik_ui_cut_start(ui, &in, start, 0);
    ik_ui_cut_end(ui, &in, end, 0);
    st.center_v = true;
    ik_ui_text(ui, label, in, st);
    ui->owner = before;
}
