/* [SECTION] theme  [SECTION] layout  [SECTION] hit list  [SECTION] scroll
 * [SECTION] text  [SECTION] widgets  [SECTION] top bar */
#include "incontro/ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

static SDL_Color rgb(unsigned v)
{
    SDL_Color c = {(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255};
    return c;
}

/* ---- theme -------------------------------------------------------------- */
IkTheme ik_ui_theme(bool contrast)
{
    IkTheme t;
    if (!contrast) {
        t.bg = rgb(0xF3EFE6);
        t.surface = rgb(0xFFFFFF);
        t.surface_alt = rgb(0xE4EEF2);
        t.text = rgb(0x1E2A32);
        t.muted = rgb(0x4E5D66);
        t.accent = rgb(0x1F6E8C);
        t.on_accent = rgb(0xFFFFFF);
        t.exit_bg = rgb(0x3B4A54);
        t.on_exit = rgb(0xFFFFFF);
        t.help_bg = rgb(0xB8322A);
        t.on_help = rgb(0xFFFFFF);
        t.border = rgb(0xC9C2B4);
        t.ribbon = rgb(0xF2C94C);
        t.on_ribbon = rgb(0x2B2100);
        t.good = rgb(0x2E7D32);
        t.bad = rgb(0x9A2A22);
    } else {
        t.bg = rgb(0x000000);
        t.surface = rgb(0x141414);
        t.surface_alt = rgb(0x1F1F1F);
        t.text = rgb(0xFFFFFF);
        t.muted = rgb(0xF0F0F0);
        t.accent = rgb(0xFFE600);
        t.on_accent = rgb(0x000000);
        t.exit_bg = rgb(0xFFFFFF);
        t.on_exit = rgb(0x000000);
        t.help_bg = rgb(0xFF6B5E);
        t.on_help = rgb(0x000000);
        t.border = rgb(0xFFE600);
        t.ribbon = rgb(0xFFE600);
        t.on_ribbon = rgb(0x000000);
        t.good = rgb(0x7CFF7C);
        t.bad = rgb(0xFF8A80);
    }
    return t;
}

void ik_ui_begin(IkUi *ui, IkGfx *gfx, IkLayoutCache *layouts, IkContent *content,
                 const char *lang, bool rtl, float text_scale, bool contrast)
{
    ui->gfx = gfx;
    ui->layouts = layouts;
    ik_layout_cache_frame(layouts);
    ui->content = content;
    ui->lang = lang ? lang : IK_SOURCE_LANG;
    ui->rtl = rtl;
    ui->text_scale = text_scale > 0 ? text_scale : 1.0f;
    ui->contrast = contrast;
    ui->theme = ik_ui_theme(contrast);
    ui->hit_count = 0;
    ui->scroll_count = 0;
    ui->clip.w = 0;
    ui->offset_y = 0;
    if (gfx)
        ik_gfx_begin(gfx, ui->theme.bg);
}

/* ---- layout ------------------------------------------------------------- */
IkRect ik_ui_mirror(IkRect r, int x, int w, bool rtl)
{
    if (rtl)
        r.x = x + (x + w) - (r.x + r.w);
    return r;
}

IkRect ik_ui_box(const IkUi *ui, int x, int y, int w, int h)
{
    IkRect r = {x, y + ui->offset_y, w, h};
    return ik_ui_mirror(r, 0, IK_CANVAS_W, ui->rtl);
}

IkRect ik_ui_sub(const IkUi *ui, IkRect parent, int x, int y, int w, int h)
{
    IkRect r = {parent.x + x, parent.y + y, w, h};
    return ik_ui_mirror(r, parent.x, parent.w, ui->rtl);
}

IkRect ik_ui_inset(IkRect r, int d)
{
    IkRect o = {r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
    return o;
}

bool ik_ui_contains(IkRect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static bool intersect(IkRect a, IkRect b, IkRect *out)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 <= x0 || y1 <= y0)
        return false;
    out->x = x0;
    out->y = y0;
    out->w = x1 - x0;
    out->h = y1 - y0;
    return true;
}

static bool visible(const IkUi *ui, IkRect r)
{
    IkRect tmp;
    return ui->clip.w == 0 || intersect(r, ui->clip, &tmp);
}

/* ---- hit list ----------------------------------------------------------- */
void ik_ui_hit(IkUi *ui, const char *id, IkRect r)
{
    IkRect shown = r;
    if (ui->clip.w != 0 && !intersect(r, ui->clip, &shown))
        return;
    IkRect canvas = {0, 0, IK_CANVAS_W, IK_CANVAS_H};
    if (!intersect(shown, canvas, &shown))
        return;
    IK_ASSERT(ui->hit_count < IK_UI_MAX_HITS);
    IkHit *h = &ui->hits[ui->hit_count++];
    snprintf(h->id, sizeof h->id, "%s", id);
    h->rect = shown;
}

const IkHit *ik_ui_find(const IkUi *ui, const char *id)
{
    for (size_t i = 0; i < ui->hit_count; i++)
        if (strcmp(ui->hits[i].id, id) == 0)
            return &ui->hits[i];
    return NULL;
}

const IkHit *ik_ui_hit_at(const IkUi *ui, int x, int y)
{
    for (size_t i = ui->hit_count; i-- > 0;)
        if (ik_ui_contains(ui->hits[i].rect, x, y))
            return &ui->hits[i];
    return NULL;
}

/* ---- scroll views ------------------------------------------------------- */
void ik_ui_scroll_begin(IkUi *ui, IkRect r, float *offset)
{
    IK_ASSERT(ui->scroll_count < IK_UI_MAX_SCROLLS);
    if (*offset < 0)
        *offset = 0;
    IkScrollView *v = &ui->scrolls[ui->scroll_count++];
    v->rect = r;
    v->offset = offset;
    v->max = 0;
    ui->clip = r;
    ui->offset_y = -(int)*offset;
    if (ui->gfx)
        ik_gfx_clip(ui->gfx, &r);
}

bool ik_ui_scroll_end(IkUi *ui, int content_h)
{
    IkScrollView *v = &ui->scrolls[ui->scroll_count - 1];
    v->max = content_h > v->rect.h ? (float)(content_h - v->rect.h) : 0;
    ui->clip.w = 0;
    ui->offset_y = 0;
    if (ui->gfx) {
        ik_gfx_clip(ui->gfx, NULL);
        /* A thin bar shows there is more to read. */
        if (v->max > 0) {
            float frac = v->rect.h / (float)content_h;
            int bh = (int)(v->rect.h * frac), by = v->rect.y + (int)((v->rect.h - bh) * (*v->offset / v->max));
            IkRect bar = ik_ui_mirror((IkRect){v->rect.x + v->rect.w - 10, by, 8, bh},
                                      v->rect.x, v->rect.w, ui->rtl);
            ik_gfx_fill_round(ui->gfx, bar, 4, ui->theme.border);
        }
    }
    if (*v->offset > v->max) {
        *v->offset = v->max;
        return true;
    }
    return false;
}

IkScrollView *ik_ui_scroll_at(IkUi *ui, int x, int y)
{
    for (size_t i = 0; i < ui->scroll_count; i++)
        if (ik_ui_contains(ui->scrolls[i].rect, x, y))
            return &ui->scrolls[i];
    return NULL;
}

/* ---- text --------------------------------------------------------------- */
static const int text_px[] = {96, 60, 44, 34, 28, 30};

int ik_ui_px(const IkUi *ui, IkTextSize size)
{
    return (int)lroundf(text_px[size] * ui->text_scale);
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

static const IkLayout *layout_of(IkUi *ui, const char *text, int w, IkTextStyle st)
{
    IK_ASSERT(ui->layouts);
    if (!text)
        return NULL;
    const char *lang = st.lang ? st.lang : ui->lang;
    IkLayoutOptions o = {0};
    o.lang = lang;
    o.size_px = st.px > 0 ? st.px : ik_ui_px(ui, st.size);
    o.width_px = w > 1 ? w : 1;
    if (st.ltr)
        o.dir = IK_DIR_LTR;
    else if (st.lang)
        o.dir = ik_text_lang_rtl(lang) ? IK_DIR_RTL : IK_DIR_LTR;
    else
        o.dir = ui->rtl ? IK_DIR_RTL : IK_DIR_LTR;
    o.align = st.align;
    /* A forced-LTR run (a phone number) still sits at the reading start. */
    if (st.ltr && ui->rtl && st.align == IK_ALIGN_START)
        o.align = IK_ALIGN_END;
    o.max_lines = st.max_lines;
    o.content = st.content || st.ltr;
    const IkLayout *l = ik_layout_cache_get(ui->layouts, text, &o);
    if (!l)
        ik_log(IK_LOG_WARN, "text not laid out: %s", ik_error());
    return l;
}

int ik_ui_text_height(IkUi *ui, const char *text, int w, IkTextStyle st)
{
    return ik_layout_height(layout_of(ui, text, w, st));
}

int ik_ui_text(IkUi *ui, const char *text, IkRect r, IkTextStyle st)
{
    const IkLayout *l = layout_of(ui, text, r.w, st);
    if (!l || !ui->gfx)
        return ik_layout_height(l);
    int h = ik_layout_height(l);
    int y = r.y;
    if (st.center_v)
        y = r.y + (r.h - h) / 2;
    IkRect box = {r.x, y, r.w, h};
    if (visible(ui, box))
        ik_gfx_layout(ui->gfx, l, r.x, y, st.color);
    return h;
}

/* True when every line of l but the last ends at a break opportunity of
 * text (no word was cut to make it fit). */
static bool breaks_at_words(const IkLayout *l, const char *text)
{
    size_t n = ik_layout_line_count(l);
    if (n <= 1)
        return true;
    size_t *offs = NULL, count = 0;
    if (!ik_text_breaks(text, strlen(text), NULL, &offs, &count))
        return true;
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

IkTextStyle ik_ui_fit(IkUi *ui, const char *text, int w, int h, IkTextStyle st)
{
    int base = st.px > 0 ? st.px : ik_ui_px(ui, st.size);
    int floor_px = (int)lroundf(base * IK_UI_FIT_FLOOR);
    st.px = base;
    if (!text || !*text || w <= 0)
        return st;
    int want = st.max_lines;
    for (int px = base; px >= floor_px; px -= px > 40 ? 3 : 2) {
        IkTextStyle probe = st;
        probe.px = px;
        probe.max_lines = 0;
        const IkLayout *l = layout_of(ui, text, w, probe);
        if (!l)
            return st;      /* bad options (logged) */
        int lh = ik_layout_line_height(l);
        int room = lh > 0 ? h / lh : 1;
        if (room < 1)
            room = 1;
        int limit = want > 0 && want < room ? want : room;
        int lines = (int)ik_layout_line_count(l);
        if (lines <= limit && ik_layout_width(l) <= w && breaks_at_words(l, text)) {
            st.px = px;
            st.max_lines = limit;
            return st;
        }
        st.px = px;
        st.max_lines = limit;
    }
    return st;      /* the floor: it wraps and ellipsizes as it can */
}

/* ---- widgets ------------------------------------------------------------ */
void ik_ui_panel(IkUi *ui, IkRect r, SDL_Color c)
{
    if (ui->gfx && visible(ui, r))
        ik_gfx_fill_round(ui->gfx, r, 22, c);
}

void ik_ui_button(IkUi *ui, const char *id, IkRect r, IkIcon icon, const char *label,
                  const char *sub, SDL_Color bg, SDL_Color fg)
{
    ik_ui_hit(ui, id, r);
    if (!visible(ui, r))
        return;
    if (ui->gfx) {
        ik_gfx_fill_round(ui->gfx, r, 22, bg);
        if (ui->contrast)
            ik_gfx_stroke_round(ui->gfx, r, 22, 3, ui->theme.border);
    }
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_LABEL);
    st.color = fg;
    bool tall = r.h > r.w * 3 / 4 && r.h >= 200;
    if (tall) {
        /* Door: pictogram on top, label and sub-label centred below. */
        int is = r.h * 2 / 5;
        if (is > r.w - 40)
            is = r.w - 40;
        st.size = IK_TEXT_HEADING;
        st.align = IK_ALIGN_CENTER;
        st.max_lines = 2;
        st = ik_ui_fit(ui, label, r.w - 40, r.h / 2, st);
        IkTextStyle ss = st;
        ss.px = 0;
        ss.size = IK_TEXT_SMALL;
        ss.max_lines = 3;
        /* The whole door's content sits centred as one block. */
        int total = (icon != IK_ICON_NONE ? is + 30 : 0) + ik_ui_text_height(ui, label, r.w - 40, st) +
                    (sub && *sub ? 12 + ik_ui_text_height(ui, sub, r.w - 48, ss) : 0);
        int y = r.y + (r.h - total) / 2;
        if (y < r.y + 20)
            y = r.y + 20;
        if (icon != IK_ICON_NONE) {
            ik_ui_icon(ui, icon, (IkRect){r.x + (r.w - is) / 2, y, is, is}, fg);
            y += is + 30;
        }
        y += ik_ui_text(ui, label, (IkRect){r.x + 20, y, r.w - 40, 0}, st) + 12;
        if (sub && *sub)
            ik_ui_text(ui, sub, (IkRect){r.x + 24, y, r.w - 48, 0}, ss);
        return;
    }
    int pad = r.h > 100 ? 24 : 14;
    int is = icon != IK_ICON_NONE ? (r.h / 2 < 90 ? r.h / 2 : 90) : 0;
    if (icon != IK_ICON_NONE)
        ik_ui_icon(ui, icon, ik_ui_sub(ui, r, pad, (r.h - is) / 2, is, is), fg);
    int tx = pad + (is ? is + pad : 0);
    int tw = r.w - tx - pad;
    if (!label || !*label || tw < 20)
        return;
    IkRect tr = ik_ui_sub(ui, r, tx, 0, tw, r.h);
    st.max_lines = sub && *sub ? 1 : (r.h > 100 ? 2 : 1);
    st.align = is ? IK_ALIGN_START : IK_ALIGN_CENTER;
    st.size = r.h >= 140 ? IK_TEXT_HEADING : IK_TEXT_LABEL;
    /* A label too long for the box gets smaller before it is cut. */
    st = ik_ui_fit(ui, label, tw, sub && *sub ? r.h / 2 : r.h - 8, st);
    if (sub && *sub) {
        IkTextStyle ss = st;
        ss.px = 0;
        ss.size = IK_TEXT_SMALL;
        ss.max_lines = 2;
        int h1 = ik_ui_text_height(ui, label, tw, st);
        int h2 = ik_ui_text_height(ui, sub, tw, ss);
        int y = tr.y + (r.h - h1 - h2 - 6) / 2;
        ik_ui_text(ui, label, (IkRect){tr.x, y, tw, h1}, st);
        ik_ui_text(ui, sub, (IkRect){tr.x, y + h1 + 6, tw, h2}, ss);
    } else {
        st.center_v = true;
        ik_ui_text(ui, label, tr, st);
    }
}

void ik_ui_chip(IkUi *ui, const char *id, IkRect r, const char *label, bool on)
{
    ik_ui_hit(ui, id, r);
    if (!ui->gfx || !visible(ui, r))
        return;
    const IkTheme *t = &ui->theme;
    ik_gfx_fill_round(ui->gfx, r, r.h / 2.0f, on ? t->accent : t->surface);
    ik_gfx_stroke_round(ui->gfx, r, r.h / 2.0f, 3, on ? t->accent : t->border);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_SMALL);
    st.color = on ? t->on_accent : t->text;
    st.align = IK_ALIGN_CENTER;
    st.center_v = true;
    st.max_lines = 1;
    /* Round ends; a narrow chip (a number) keeps most of its width for text. */
    int end = r.h / 2 < r.w / 5 ? r.h / 2 : r.w / 5;
    int pad = end;
    if (on && r.w >= 2 * r.h) {
        ik_ui_icon(ui, IK_ICON_CHECK, ik_ui_sub(ui, r, 14, (r.h - 30) / 2, 30, 30), st.color);
        pad = 48;
    }
    int tw = r.w - pad - end;
    st = ik_ui_fit(ui, label, tw, r.h, st);
    ik_ui_text(ui, label, ik_ui_sub(ui, r, pad, 0, tw, r.h), st);
}

/* ---- top bar ------------------------------------------------------------ */
void ik_ui_bar(IkUi *ui, const char *title, unsigned flags)
{
    const IkTheme *t = &ui->theme;
    if (ui->gfx) {
        ik_gfx_fill_rect(ui->gfx, (IkRect){0, 0, IK_CANVAS_W, IK_BAR_H}, t->surface);
        ik_gfx_fill_rect(ui->gfx, (IkRect){0, IK_BAR_H - 3, IK_CANVAS_W, 3}, t->border);
    }
    int x = 20;
    if (flags & IK_BAR_BACK) {
        ik_ui_button(ui, "back", ik_ui_box(ui, x, 15, 240, 90), IK_ICON_BACK,
                     ik_ui_str(ui, "common.back"), NULL, t->surface_alt, t->text);
        x += 255;
    }
    if (flags & IK_BAR_HOME) {
        ik_ui_button(ui, "home", ik_ui_box(ui, x, 15, 240, 90), IK_ICON_HOME,
                     ik_ui_str(ui, "common.home"), NULL, t->surface_alt, t->text);
        x += 255;
    }
    int end = IK_CANVAS_W - 20;
    ik_ui_button(ui, "quick-exit", ik_ui_box(ui, end - 250, 15, 250, 90), IK_ICON_EXIT,
                 ik_ui_str(ui, "common.quick_exit"), NULL, t->exit_bg, t->on_exit);
    end -= 265;
    if (flags & IK_BAR_HELP) {
        ik_ui_button(ui, "help", ik_ui_box(ui, end - 250, 15, 250, 90), IK_ICON_HELP,
                     ik_ui_str(ui, "common.help"), NULL, t->help_bg, t->on_help);
        end -= 265;
    }
    ik_ui_button(ui, "contrast", ik_ui_box(ui, end - 100, 15, 100, 90), IK_ICON_CONTRAST,
                 NULL, NULL, t->surface_alt, t->text);
    end -= 115;
    ik_ui_button(ui, "text-size", ik_ui_box(ui, end - 100, 15, 100, 90), IK_ICON_TEXT_SIZE,
                 NULL, NULL, t->surface_alt, t->text);
    end -= 115;
    if (title && end - x > 100) {
        IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
        st.center_v = true;
        st.max_lines = 1;
        ik_ui_text(ui, title, ik_ui_box(ui, x + 10, 0, end - x - 20, IK_BAR_H), st);
    }
}
