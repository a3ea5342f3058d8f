/* Out of service: no pack can be trusted (none, refused, damaged), yet the
 * screen is never empty. It shows the golden help numbers compiled into the
 * kiosk, and in every language at once what this screen is and what to do.
 * Everything here is compiled in: it needs no pack (k->content may be NULL).
 * Nothing to press (there is nowhere to go): the kiosk leaves this scene by
 * itself when a good pack arrives. The languages scroll on a short screen. */
#include "common.h"
#include "fallback.h"

const IkFallbackText *ik_scene_fallback(const char *lang)
{
    const IkFallbackText *it = &ik_fallback_texts[0];
    for (size_t i = 0; i < ik_fallback_text_count; i++) {
        if (lang && strcmp(ik_fallback_texts[i].code, lang) == 0)
            return &ik_fallback_texts[i];
        if (strcmp(ik_fallback_texts[i].code, IK_SOURCE_LANG) == 0)
            it = &ik_fallback_texts[i];
    }
    return it;
}

/* The five numbers as cards, as many a row as fit; returns the height used. */
static int numbers(IkUi *ui, const IkFallbackText *f, IkRect r)
{
    const IkTheme *t = &ui->theme;
    size_t n;
    const IkGoldenHelpline *g = ik_content_golden_helplines(&n);
    int gap = ik_ui_gap(ui, IK_GAP_SMALL), pad = ik_ui_gap(ui, IK_GAP_SMALL);
    int icon = ik_ui_dp(ui, 40);
    IkTextStyle ns = ik_ui_style(ui, IK_TEXT_TITLE), ls = ik_ui_style(ui, IK_TEXT_SMALL);
    ns.color = ls.color = t->on_help;
    ns.ltr = true;
    ns.align = ls.align = IK_ALIGN_CENTER;
    /* a card is never narrower than its number on one line (a number is
     * never broken); all in one row when a smaller size allows it */
    int cols = 0;
    for (int size = IK_TEXT_TITLE; size <= IK_TEXT_HEADING && cols < (int)n; size++) {
        IkTextStyle try = ns;
        try.size = (IkTextSize)size;
        int widest = ik_ui_dp(ui, 200 * ui->text_scale);
        for (size_t i = 0; i < n; i++) {
            int w = ik_ui_measure(ui, g[i].number, 0, try).w + 2 * pad;
            if (w > widest)
                widest = w;
        }
        int c = ik_ui_grid_columns(r.w, (int)n, widest, (int)n, gap);
        if (c > cols) {
            cols = c;
            ns = try;
        }
    }
    int inner = (r.w - gap * (cols - 1)) / cols - 2 * pad;
    ns.max_lines = 1;
    /* every card as tall as the tallest; a name smaller where a bracketed
     * run of the other script would break across lines */
    IkTextStyle names[IK_GOLDEN_HELPLINES];
    int h = 0;
    for (size_t i = 0; i < n; i++) {
        names[i] = ik_ui_fit(ui, f->helpline[i], inner, 1 << 20, ls);
        int ch = icon + ik_ui_measure(ui, g[i].number, inner, ns).h +
                 ik_ui_measure(ui, f->helpline[i], inner, names[i]).h;
        if (ch > h)
            h = ch;
    }
    h += 2 * pad + 2 * ik_ui_gap(ui, IK_GAP_TIGHT);
    IkRect cards[IK_GOLDEN_HELPLINES];
    int used = ik_ui_grid(ui, r, (int)n, cols, h, gap, cards);
    for (size_t i = 0; i < n; i++) {
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "out-of-service.number:%s", g[i].id);
        ik_ui_panel(ui, cards[i], t->help_bg);
        int before = ik_ui_group_begin(ui, id, cards[i]);
        IkRect in = ik_ui_inset(cards[i], pad);
        ik_ui_icon(ui, IK_ICON_PHONE, ik_ui_center(ik_ui_cut_top(&in, icon, ik_ui_gap(ui, IK_GAP_TIGHT)),
                                                   icon, icon), t->on_help);
        ik_ui_cut_top(&in, ik_ui_text(ui, g[i].number, (IkRect){in.x, in.y, in.w, 0}, ns),
                      ik_ui_gap(ui, IK_GAP_TIGHT));
        ik_ui_text(ui, f->helpline[i], (IkRect){in.x, in.y, in.w, 0}, names[i]);
        ik_ui_group_end(ui, before);
    }
    return used;
}

/* Every language at once, each in its own script and direction, from the
 * top of c; returns the height used. */
static int languages(IkUi *ui, IkRect c)
{
    const IkTheme *t = &ui->theme;
    int gap = ik_ui_gap(ui, IK_GAP_SMALL), pad = ik_ui_gap(ui, IK_GAP_SMALL);
    int n = (int)ik_fallback_text_count;
    int cols = ik_ui_grid_columns(c.w, n, ik_ui_dp(ui, 300 * ui->text_scale), 5, gap);
    int inner = (c.w - gap * (cols - 1)) / cols - 2 * pad;
    /* small, so that every language shows at once on a landscape screen */
    IkTextStyle ts = ik_ui_style(ui, IK_TEXT_SMALL), cs = ik_ui_style(ui, IK_TEXT_SMALL);
    cs.color = t->muted;
    cs.px = ik_ui_px(ui, IK_TEXT_SMALL) * 17 / 20;
    IkSpan spans[8];
    IK_ASSERT(cols <= 8);
    for (int j = 0; j < cols; j++)
        spans[j] = (IkSpan){0, 0, 0, 1};
    int y = c.y;
    /* row by row, each as tall as its tallest cell */
    for (int first = 0; first < n; first += cols) {
        int in_row = n - first < cols ? n - first : cols, h = 0;
        for (int i = first; i < first + in_row; i++) {
            const IkFallbackText *f = &ik_fallback_texts[i];
            ts.lang = cs.lang = f->code;
            int ch = ik_ui_measure(ui, f->text[IK_FALLBACK_TITLE], inner, ts).h +
                     ik_ui_gap(ui, IK_GAP_TIGHT) +
                     ik_ui_measure(ui, f->text[IK_FALLBACK_CALL], inner, cs).h;
            if (ch > h)
                h = ch;
        }
        h += 2 * pad;
        IkRect cells[8];
        /* a short last row keeps the columns of the rows above */
        int w = inner * in_row + 2 * pad * in_row + gap * (in_row - 1);
        ik_ui_row(ui, ik_ui_cut_start(ui, &(IkRect){c.x, y, c.w, h}, w, 0), gap, spans, in_row,
                  cells);
        for (int i = first; i < first + in_row; i++) {
            const IkFallbackText *f = &ik_fallback_texts[i];
            char id[IK_UI_ID_MAX];
            snprintf(id, sizeof id, "out-of-service.lang:%s", f->code);
            ik_ui_panel(ui, cells[i - first], t->surface);
            int before = ik_ui_group_begin(ui, id, cells[i - first]);
            IkRect in = ik_ui_inset(cells[i - first], pad);
            ts.lang = cs.lang = f->code;
            ik_ui_cut_top(&in, ik_ui_text(ui, f->text[IK_FALLBACK_TITLE],
                                          (IkRect){in.x, in.y, in.w, 0}, ts),
                          ik_ui_gap(ui, IK_GAP_TIGHT));
            ik_ui_text(ui, f->text[IK_FALLBACK_CALL], (IkRect){in.x, in.y, in.w, 0}, cs);
            ik_ui_group_end(ui, before);
        }
        y += h + gap;
    }
    return y - c.y - gap;
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    const IkFallbackText *f = ik_scene_fallback(k->s.lang);
    IkRect body = ik_ui_inset(ik_ui_canvas(ui), ik_ui_gap(ui, IK_GAP_EDGE));
    int gap = ik_ui_gap(ui, IK_GAP_SMALL), icon = ik_ui_dp(ui, 48);
    IkTextStyle ts = ik_ui_style(ui, IK_TEXT_HEADING);
    ts.id = "out-of-service.title";
    int th = ik_ui_measure(ui, f->text[IK_FALLBACK_TITLE], body.w - icon - gap, ts).h;
    IkRect top = ik_ui_cut_top(&body, th > icon ? th : icon, ik_ui_gap(ui, IK_GAP_SMALL));
    IkRect mark = ik_ui_cut_start(ui, &top, icon, gap);
    ik_ui_icon(ui, IK_ICON_INFO, ik_ui_center(mark, icon, icon), t->accent);
    ik_ui_text(ui, f->text[IK_FALLBACK_TITLE], top, ts);
    IkTextStyle cs = ik_ui_style(ui, IK_TEXT_BODY);
    cs.color = t->muted;
    cs.id = "out-of-service.call";
    ik_ui_cut_top(&body, ik_ui_text(ui, f->text[IK_FALLBACK_CALL],
                                    (IkRect){body.x, body.y, body.w, 0}, cs), gap);
    /* the numbers first, then the languages; all of it scrolls on a short
     * screen */
    IkRect c = ik_ui_scroll_begin(ui, body, &k->s.scroll[IK_SCENE_OUT_OF_SERVICE]);
    c.w -= ik_ui_scroll_gutter(ui);
    c = ik_ui_mirror(c, body.x, body.w, ui->rtl);
    int used = numbers(ui, f, c) + gap;
    used += languages(ui, (IkRect){c.x, c.y + used, c.w, 0});
    if (ik_ui_scroll_end(ui, used))
        k->dirty = true;
}

const IkSceneOps ik_scene_out_of_service = {"out-of-service", draw, NULL, NULL};
