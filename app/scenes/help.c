/* Help now: the national numbers, each with what it is for. */
#include "common.h"

#include <stdlib.h>

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    ik_ui_bar(ui, ik_ui_str(ui, "help.title"), IK_BAR_BACK | IK_BAR_HOME);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    st.max_lines = 2;
    int y = 140;
    y += ik_ui_text(ui, ik_ui_str(ui, "help.subtitle"), ik_ui_box(ui, 60, y, 1800, 0), st) + 6;
    st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = t->help_bg;
    st.content = true;
    st.max_lines = 2;
    y += ik_ui_text(ui, ik_ui_str(ui, "help.emergency_hint"), ik_ui_box(ui, 60, y, 1800, 0), st) + 16;

    size_t n = 0;
    IkHelpline *lines = k->content ? ik_content_helplines(k->content, k->s.lang, &n) : NULL;
    int top = y;
    IkRect view = ik_ui_box(ui, 30, top, IK_CANVAS_W - 60, IK_CANVAS_H - top - 20);
    ik_ui_scroll_begin(ui, view, &k->s.scroll[IK_SCENE_HELP]);
    for (size_t i = 0; i < n; i++) {
        const IkHelpline *l = &lines[i];
        IkTextStyle ds = ik_ui_style(ui, IK_TEXT_SMALL);
        ds.content = true;
        IkTextStyle hs = ik_ui_style(ui, IK_TEXT_LABEL);
        hs.max_lines = 1;
        hs.content = true;
        IkTextStyle bs = ik_ui_style(ui, IK_TEXT_SMALL);
        bs.color = t->good;
        bs.max_lines = 2;
        /* Badges at the end side: free, always open, languages. */
        const char *badges[3] = {NULL, NULL, NULL};
        IkBuf langs = {0};
        if (l->free == 1)
            badges[0] = ik_ui_str(ui, "help.free");
        if (l->always_open == 1)
            badges[1] = ik_ui_str(ui, "help.always_open");
        if (l->languages && *l->languages) {
            ik_buf_printf(&langs, "%s ", ik_ui_str(ui, "help.languages"));
            char *codes = ik_xstrdup(l->languages), *save = NULL;
            bool first = true;
            for (char *c = strtok_r(codes, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
                ik_buf_printf(&langs, "%s\u2068%s\u2069", first ? "" : ik_scene_list_sep(k->s.lang),
                              ik_scene_endonym(k, c));
                first = false;
            }
            free(codes);
            badges[2] = langs.data;
        }
        const int bw = 330;
        int th = ik_ui_text_height(ui, l->name, 1000, hs) + 6 + ik_ui_text_height(ui, l->description, 1000, ds);
        int bh = 0;
        for (int b = 0; b < 3; b++)
            if (badges[b]) {
                bs.max_lines = b == 2 ? 4 : 2;
                bh += ik_ui_text_height(ui, badges[b], bw, bs) + 4;
            }
        int h = (th > bh ? th : bh) + 48;
        if (h < 170)
            h = 170;
        IkRect card = ik_ui_box(ui, 30, y, IK_CANVAS_W - 60 - 20, h);   /* 20: bar gutter */
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "helpline:%s", l->id);
        ik_ui_hit(ui, id, card);
        ik_ui_panel(ui, card, t->surface);
        if (ui->gfx && ui->contrast)
            ik_gfx_stroke_round(ui->gfx, card, 22, 3, t->border);
        IkRect num = ik_ui_sub(ui, card, 20, 20, 420, h - 40);
        ik_ui_panel(ui, num, t->help_bg);
        ik_ui_icon(ui, IK_ICON_PHONE, ik_ui_sub(ui, num, 20, (num.h - 60) / 2, 60, 60), t->on_help);
        IkTextStyle ns = ik_ui_style(ui, IK_TEXT_TITLE);
        ns.color = t->on_help;
        ns.ltr = true;
        ns.align = IK_ALIGN_CENTER;
        ns.center_v = true;
        ns.max_lines = 1;
        ik_ui_text(ui, l->number, ik_ui_sub(ui, num, 90, 0, num.w - 100, num.h), ns);
        int ty = 24;
        ty += ik_ui_text(ui, l->name, ik_ui_sub(ui, card, 470, ty, 1000, 0), hs) + 6;
        ik_ui_text(ui, l->description, ik_ui_sub(ui, card, 470, ty, 1000, 0), ds);
        int by = 24;
        for (int b = 0; b < 3; b++) {
            if (!badges[b])
                continue;
            bs.max_lines = b == 2 ? 4 : 2;
            bs.color = b == 2 ? t->muted : t->good;
            by += ik_ui_text(ui, badges[b], ik_ui_sub(ui, card, card.w - bw - 24, by, bw, 0), bs) + 4;
        }
        ik_buf_free(&langs);
        y += h + 16;
    }
    ik_helplines_free(lines, n);
    if (ik_ui_scroll_end(ui, y - top))
        k->dirty = true;
}

const IkSceneOps ik_scene_help = {"help", draw, NULL, NULL};
