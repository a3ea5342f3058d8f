/* Out of service: no pack can be trusted (none, refused, damaged), yet the
 * screen is never empty. It shows the golden help numbers compiled into the
 * kiosk, and in every language at once what this screen is and what to do.
 * Everything here is compiled in: it needs no pack (k->content may be NULL).
 * Nothing to press: the kiosk leaves this scene by itself when a good pack
 * arrives. */
#include "common.h"
#include "fallback.h"

#define MARGIN 60
#define COLUMNS 5

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

static void numbers(IkUi *ui, const IkFallbackText *f, int y, int h)
{
    const IkTheme *t = &ui->theme;
    size_t n;
    const IkGoldenHelpline *g = ik_content_golden_helplines(&n);
    int gap = 24, w = (IK_CANVAS_W - 2 * MARGIN - gap * ((int)n - 1)) / (int)n;
    for (size_t i = 0; i < n; i++) {
        IkRect card = ik_ui_box(ui, MARGIN + (int)i * (w + gap), y, w, h);
        ik_ui_panel(ui, card, t->help_bg);
        ik_ui_icon(ui, IK_ICON_PHONE, ik_ui_sub(ui, card, (w - 56) / 2, 18, 56, 56), t->on_help);
        IkTextStyle ns = ik_ui_style(ui, IK_TEXT_TITLE);
        ns.color = t->on_help;
        ns.ltr = true;
        ns.align = IK_ALIGN_CENTER;
        ns.max_lines = 1;
        ns = ik_ui_fit(ui, g[i].number, w - 24, 80, ns);
        ik_ui_text(ui, g[i].number, ik_ui_sub(ui, card, 12, 84, w - 24, 0), ns);
        IkTextStyle ls = ik_ui_style(ui, IK_TEXT_SMALL);
        ls.color = t->on_help;
        ls.align = IK_ALIGN_CENTER;
        ls.max_lines = 2;
        ls = ik_ui_fit(ui, f->helpline[i], w - 32, h - 166, ls);
        ik_ui_text(ui, f->helpline[i], ik_ui_sub(ui, card, 16, 160, w - 32, 0), ls);
    }
}

/* Every language at once, each in its own script and direction. */
static void languages(IkUi *ui, int y, int h)
{
    const IkTheme *t = &ui->theme;
    int gap = 18, rows = ((int)ik_fallback_text_count + COLUMNS - 1) / COLUMNS;
    int w = (IK_CANVAS_W - 2 * MARGIN - gap * (COLUMNS - 1)) / COLUMNS;
    int ch = (h - gap * (rows - 1)) / rows;
    for (size_t i = 0; i < ik_fallback_text_count; i++) {
        const IkFallbackText *f = &ik_fallback_texts[i];
        int col = (int)i % COLUMNS, row = (int)i / COLUMNS;
        IkRect cell = ik_ui_box(ui, MARGIN + col * (w + gap), y + row * (ch + gap), w, ch);
        ik_ui_panel(ui, cell, t->surface);
        /* each text at the largest size that fits its share of the cell */
        IkRect in = ik_ui_inset(cell, 12);
        IkTextStyle ts = ik_ui_style(ui, IK_TEXT_LABEL);
        ts.lang = f->code;
        ts.max_lines = 2;
        ts = ik_ui_fit(ui, f->text[IK_FALLBACK_TITLE], in.w, in.h * 2 / 5, ts);
        int used = ik_ui_text(ui, f->text[IK_FALLBACK_TITLE], (IkRect){in.x, in.y, in.w, 0}, ts);
        IkTextStyle cs = ik_ui_style(ui, IK_TEXT_SMALL);
        cs.lang = f->code;
        cs.color = t->muted;
        cs.px = ik_ui_px(ui, IK_TEXT_SMALL) * 4 / 5;
        cs = ik_ui_fit(ui, f->text[IK_FALLBACK_CALL], in.w, in.h - used - 4, cs);
        ik_ui_text(ui, f->text[IK_FALLBACK_CALL], (IkRect){in.x, in.y + used + 4, in.w, 0}, cs);
    }
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    const IkFallbackText *f = ik_scene_fallback(k->s.lang);
    ik_ui_icon(ui, IK_ICON_INFO, ik_ui_box(ui, MARGIN, 40, 72, 72), t->accent);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_TITLE);
    st.max_lines = 1;
    ik_ui_text(ui, f->text[IK_FALLBACK_TITLE], ik_ui_box(ui, MARGIN + 100, 40, 1700, 0), st);
    st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = t->muted;
    st.max_lines = 2;
    ik_ui_text(ui, f->text[IK_FALLBACK_CALL], ik_ui_box(ui, MARGIN + 100, 125, 1700, 0), st);
    numbers(ui, f, 200, 236);
    languages(ui, 460, IK_CANVAS_H - 460 - 24);
}

const IkSceneOps ik_scene_out_of_service = {"out-of-service", draw, NULL, NULL};
