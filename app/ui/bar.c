/* The bars every scene shares: back, home, the title, the language
 * switcher, larger text, contrast, help and quick exit. Landscape puts them
 * in one row at the top; portrait keeps the top row for moving around and
 * puts help and quick exit in a bottom row, within reach of a child or a
 * seated reader. Items are sized by their measured labels; when a row has
 * no room, the title moves to its own row and then the less used buttons
 * become compact (pictogram over a short caption). */
#include "incontro/ui.h"

#include <string.h>

#include "incontro/core.h"

enum { SLOT_BACK, SLOT_HOME, SLOT_LANGUAGE, SLOT_TEXT, SLOT_CONTRAST, SLOT_HELP, SLOT_EXIT,
       SLOT_COUNT };

typedef struct {
    const char *id;
    IkButton b;
    bool shown, end;            /* end: placed from the end edge */
    IkSize natural, compact;
    bool is_compact;
} Slot;

static const char *language_label(const IkUi *ui)
{
    const IkLanguage *l = ui->content ? ik_content_language_find(ui->content, ui->lang) : NULL;
    return l && l->endonym ? l->endonym : ik_ui_str(ui, "common.language");
}

static void slots_init(IkUi *ui, Slot *s, unsigned flags)
{
    const IkTheme *t = &ui->theme;
    static const char *const ids[SLOT_COUNT] = {"back", "home", "language", "text-size",
                                                 "contrast", "help", "quick-exit"};
    static const char *const keys[SLOT_COUNT] = {"common.back", "common.home", NULL,
                                                  "common.text_size", "common.contrast",
                                                  "common.help", "common.quick_exit"};
    static const IkIcon icons[SLOT_COUNT] = {IK_ICON_BACK, IK_ICON_HOME, IK_ICON_GLOBE,
                                             IK_ICON_TEXT_SIZE, IK_ICON_CONTRAST, IK_ICON_HELP,
                                             IK_ICON_EXIT};
    for (int i = 0; i < SLOT_COUNT; i++) {
        const char *label = keys[i] ? ik_ui_str(ui, keys[i]) : language_label(ui);
        s[i].id = ids[i];
        s[i].b = ik_ui_button_of(ui, icons[i], label, NULL);
        s[i].end = i >= SLOT_LANGUAGE;
        s[i].is_compact = false;
    }
    s[SLOT_HELP].b.bg = t->help_bg;
    s[SLOT_HELP].b.fg = t->on_help;
    s[SLOT_HELP].b.outline = ui->contrast;
    s[SLOT_EXIT].b.bg = t->exit_bg;
    s[SLOT_EXIT].b.fg = t->on_exit;
    s[SLOT_EXIT].b.outline = ui->contrast;
    s[SLOT_BACK].shown = flags & IK_BAR_BACK;
    s[SLOT_HOME].shown = flags & IK_BAR_HOME;
    s[SLOT_HELP].shown = flags & IK_BAR_HELP;
    s[SLOT_LANGUAGE].shown = !(flags & IK_BAR_NO_LANGUAGE);
    s[SLOT_TEXT].shown = s[SLOT_CONTRAST].shown = s[SLOT_EXIT].shown = true;
    int caption = ik_ui_dp(ui, 190 * ui->text_scale);
    for (int i = 0; i < SLOT_COUNT; i++) {
        IkButton c = s[i].b;
        c.stacked = true;
        c.size = IK_TEXT_SMALL;
        c.icon_size = ik_ui_dp(ui, 36 * ui->text_scale);
        s[i].natural = ik_ui_button_size(ui, &s[i].b, 0);
        s[i].compact = ik_ui_button_size(ui, &c, caption);
        if (s[i].compact.w > s[i].natural.w)
            s[i].compact = s[i].natural;
    }
    /* Larger text and contrast are always a pictogram over its caption. */
    s[SLOT_TEXT].is_compact = s[SLOT_CONTRAST].is_compact = true;
}

static int slot_w(const Slot *s) { return s->is_compact ? s->compact.w : s->natural.w; }
static int slot_h(const Slot *s) { return s->is_compact ? s->compact.h : s->natural.h; }

static void slot_draw(IkUi *ui, Slot *s, IkRect r)
{
    IkButton b = s->b;
    if (s->is_compact) {
        b.stacked = true;
        b.size = IK_TEXT_SMALL;
        b.icon_size = ik_ui_dp(ui, 36 * ui->text_scale);
    }
    ik_ui_button_ex(ui, s->id, r, &b);
}

/* Lays the shown slots of `which` in a row inside r: start slots from the
 * start edge, end slots from the end edge; returns the room between them. */
static IkRect row_place(IkUi *ui, Slot *s, const int *which, int n, IkRect r, int gap)
{
    IkRect mid = r;
    for (int k = 0; k < n; k++) {
        Slot *x = &s[which[k]];
        if (!x->shown || x->end)
            continue;
        slot_draw(ui, x, ik_ui_cut_start(ui, &mid, slot_w(x), gap));
    }
    for (int k = n - 1; k >= 0; k--) {
        Slot *x = &s[which[k]];
        if (!x->shown || !x->end)
            continue;
        slot_draw(ui, x, ik_ui_cut_end(ui, &mid, slot_w(x), gap));
    }
    return mid;
}

static int row_width(const Slot *s, const int *which, int n, int gap)
{
    int w = 0, count = 0;
    for (int k = 0; k < n; k++)
        if (s[which[k]].shown) {
            w += slot_w(&s[which[k]]);
            count++;
        }
    return w + (count > 0 ? (count - 1) * gap : 0);
}

static int row_height(const Slot *s, const int *which, int n)
{
    int h = 0;
    for (int k = 0; k < n; k++)
        if (s[which[k]].shown && slot_h(&s[which[k]]) > h)
            h = slot_h(&s[which[k]]);
    return h;
}

/* Makes slots compact, least used first, until the row fits in room. */
static void make_room(Slot *s, const int *which, int n, int room, int gap)
{
    static const int order[] = {SLOT_LANGUAGE, SLOT_HOME, SLOT_BACK, SLOT_HELP, SLOT_EXIT};
    for (size_t k = 0; k < sizeof order / sizeof *order && row_width(s, which, n, gap) > room; k++)
        for (int j = 0; j < n; j++)
            if (which[j] == order[k])
                s[order[k]].is_compact = true;
}

/* Buttons still too wide share the row by ik_ui_distribute. */
static void squeeze(Slot *s, const int *which, int n, int room, int gap, const IkUi *ui)
{
    IkSpan spans[SLOT_COUNT];
    int sizes[SLOT_COUNT], idx[SLOT_COUNT], m = 0;
    if (row_width(s, which, n, gap) <= room)
        return;
    for (int k = 0; k < n; k++)
        if (s[which[k]].shown) {
            idx[m] = which[k];
            spans[m] = (IkSpan){slot_w(&s[which[k]]), ik_ui_target(ui), 0, 0};
            m++;
        }
    ik_ui_distribute(room, gap, spans, m, sizes);
    for (int k = 0; k < m; k++) {
        if (s[idx[k]].is_compact)
            s[idx[k]].compact.w = sizes[k];
        else
            s[idx[k]].natural.w = sizes[k];
    }
}

/* Room left in the row widens compact buttons towards a caption on one
 * line, so "Kala-soocnaanta midabka" does not stand three lines tall (and
 * the whole bar with it) beside empty space. */
static void widen(IkUi *ui, Slot *s, const int *which, int n, int room, int gap)
{
    IkSpan spans[SLOT_COUNT];
    int sizes[SLOT_COUNT], idx[SLOT_COUNT], m = 0;
    if (row_width(s, which, n, gap) >= room)
        return;
    for (int k = 0; k < n; k++) {
        Slot *x = &s[which[k]];
        if (!x->shown)
            continue;
        int w = slot_w(x), one = w;
        if (x->is_compact) {
            IkButton c = x->b;
            c.stacked = true;
            c.size = IK_TEXT_SMALL;
            c.icon_size = ik_ui_dp(ui, 36 * ui->text_scale);
            one = ik_ui_button_size(ui, &c, 0).w;
        }
        idx[m] = which[k];
        spans[m++] = (IkSpan){w, w, one > w ? one : w, one > w ? 1.0f : 0.0f};
    }
    ik_ui_distribute(room, gap, spans, m, sizes);
    for (int k = 0; k < m; k++)
        if (s[idx[k]].is_compact)
            s[idx[k]].compact.w = sizes[k];
}

/* Heights once widths are settled: a squeezed label wraps. */
static void settle_heights(IkUi *ui, Slot *s)
{
    for (int i = 0; i < SLOT_COUNT; i++) {
        IkButton b = s[i].b;
        if (s[i].is_compact) {
            b.stacked = true;
            b.size = IK_TEXT_SMALL;
            b.icon_size = ik_ui_dp(ui, 36 * ui->text_scale);
            s[i].compact.h = ik_ui_button_size(ui, &b, s[i].compact.w).h;
        } else {
            s[i].natural.h = ik_ui_button_size(ui, &b, s[i].natural.w).h;
        }
    }
}

IkRect ik_ui_bar(IkUi *ui, const char *title, unsigned flags)
{
    const IkTheme *t = &ui->theme;
    Slot s[SLOT_COUNT];
    slots_init(ui, s, flags);
    IkRect rest = ik_ui_canvas(ui);
    int edge = ik_ui_gap(ui, IK_GAP_SMALL), gap = ik_ui_gap(ui, IK_GAP_SMALL);
    int room = rest.w - 2 * edge;
    static const int all[] = {SLOT_BACK, SLOT_HOME, SLOT_LANGUAGE, SLOT_TEXT, SLOT_CONTRAST,
                              SLOT_HELP, SLOT_EXIT};
    /* Portrait keeps help and quick exit in a row of their own at the
     * foot; so does a screen too narrow for all of them in one row even
     * with compact buttons (a squeezed label would be cut mid-word). */
    bool portrait = ik_ui_portrait(ui);
    if (!portrait) {
        Slot trial[SLOT_COUNT];
        memcpy(trial, s, sizeof trial);
        make_room(trial, all, SLOT_COUNT, room, gap);
        portrait = row_width(trial, all, SLOT_COUNT, gap) > room;
    }
    static const int top_portrait[] = {SLOT_BACK, SLOT_HOME, SLOT_LANGUAGE, SLOT_TEXT,
                                       SLOT_CONTRAST};
    static const int bottom[] = {SLOT_HELP, SLOT_EXIT};
    const int *top = portrait ? top_portrait : all;
    int ntop = portrait ? 5 : 7;

    IkTextStyle ts = ik_ui_style(ui, IK_TEXT_HEADING);
    int title_w = title && *title ? ik_ui_measure(ui, title, 0, ts).w : 0;
    int title_min = title_w > 0 ? (title_w < ik_ui_dp(ui, 360) ? title_w : ik_ui_dp(ui, 360)) : 0;
    /* The title stays in the bar only when it fits there whole. */
    bool title_in_bar = !portrait && title_w > 0 &&
                        row_width(s, top, ntop, gap) + 2 * gap + title_w <= room;
    if (!title_in_bar)
        title_min = 0;
    make_room(s, top, ntop, room - (title_in_bar ? title_min + 2 * gap : 0), gap);
    squeeze(s, top, ntop, room, gap, ui);
    widen(ui, s, top, ntop, room - (title_in_bar ? title_w + 2 * gap : 0), gap);
    if (portrait) {
        /* Help and quick exit share the bottom row, half each. */
        int half = (room - gap) / 2;
        s[SLOT_HELP].natural.w = s[SLOT_HELP].shown ? half : 0;
        s[SLOT_EXIT].natural.w = s[SLOT_HELP].shown ? room - half - gap : room;
        s[SLOT_EXIT].end = true;
        s[SLOT_HELP].end = false;
    }
    settle_heights(ui, s);

    int h = row_height(s, top, ntop);
    /* ...and only when its line is no taller than the bar (a Nastaliq
     * title's line is taller than the buttons). */
    if (title_in_bar && ik_ui_measure(ui, title, 0, ts).h > h)
        title_in_bar = false;
    IkRect bar = ik_ui_cut_top(&rest, h + 2 * edge, 0);
    if (ui->gfx) {
        ik_gfx_fill_rect(ui->gfx, bar, t->surface);
        ik_gfx_fill_rect(ui->gfx, (IkRect){bar.x, bar.y + bar.h - ik_ui_dp(ui, 3), bar.w,
                                           ik_ui_dp(ui, 3)}, t->border);
    }
    IkRect mid = row_place(ui, s, top, ntop, ik_ui_inset(bar, edge), gap);
    if (portrait) {
        int bh = row_height(s, bottom, 2);
        IkRect low = ik_ui_cut_bottom(&rest, bh + 2 * edge, 0);
        if (ui->gfx) {
            ik_gfx_fill_rect(ui->gfx, low, t->surface);
            ik_gfx_fill_rect(ui->gfx, (IkRect){low.x, low.y, low.w, ik_ui_dp(ui, 3)}, t->border);
        }
        row_place(ui, s, bottom, 2, ik_ui_inset(low, edge), gap);
    }
    ts.center_v = true;
    ts.id = "title";
    if (title_in_bar) {
        ik_ui_text(ui, title, ik_ui_inset2(mid, gap, 0), ts);
    } else if (title && *title && !(flags & IK_BAR_TITLE_IN_BAR_ONLY)) {
        /* Its own row under the bar, wrapping as it needs. */
        IkRect row = ik_ui_inset2(rest, ik_ui_gap(ui, IK_GAP_EDGE), 0);
        row.y += ik_ui_gap(ui, IK_GAP);
        ts.center_v = false;
        int th = ik_ui_text(ui, title, (IkRect){row.x, row.y, row.w, 0}, ts);
        ik_ui_cut_top(&rest, th + ik_ui_gap(ui, IK_GAP), 0);
    }
    return ik_ui_inset2(rest, ik_ui_gap(ui, IK_GAP_EDGE), ik_ui_gap(ui, IK_GAP));
}
