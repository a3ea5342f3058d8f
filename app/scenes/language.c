/* Language picker: every language by its own name, in its own script. No
 * flags: a flag names a state, not a language, and can hurt. */
#include "common.h"

/* Only a language the reader picked this session is highlighted: after an
 * idle reset the default (Italian) is no one's choice. */
bool ik_scene_language_current(const IkKiosk *k, const char *code)
{
    return k->s.lang_chosen && strcmp(code, k->s.lang) == 0;
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    ik_ui_bar(ui, ik_ui_str(ui, "language.title"), IK_BAR_HELP);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = t->muted;
    ik_ui_text(ui, ik_ui_str(ui, "language.subtitle"), ik_ui_box(ui, 60, 150, 1800, 50), st);

    size_t n = k->content ? ik_content_language_count(k->content) : 0;
    const int cols = 5, gap = 24;
    int rows = (int)(n + cols - 1) / cols;
    if (rows < 1)
        rows = 1;
    int w = (IK_CANVAS_W - 120 - gap * (cols - 1)) / cols;
    int h = (IK_CANVAS_H - 240 - 40 - gap * (rows - 1)) / rows;
    if (h > 240)
        h = 240;
    for (size_t i = 0; i < n; i++) {
        const IkLanguage *l = ik_content_language(k->content, i);
        int c = (int)i % cols, r = (int)i / cols;
        IkRect box = ik_ui_box(ui, 60 + c * (w + gap), 240 + r * (h + gap), w, h);
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "lang:%s", l->code);
        ik_ui_hit(ui, id, box);
        bool current = ik_scene_language_current(k, l->code);
        ik_ui_panel(ui, box, current ? t->accent : t->surface);
        if (ui->gfx && ui->contrast)
            ik_gfx_stroke_round(ui->gfx, box, 22, 3, t->border);
        IkTextStyle ls = ik_ui_style(ui, IK_TEXT_HEADING);
        ls.lang = l->code;
        ls.align = IK_ALIGN_CENTER;
        ls.center_v = true;
        ls.max_lines = 2;
        ls.color = current ? t->on_accent : t->text;
        IkRect in = ik_ui_inset(box, 16);
        ls = ik_ui_fit(ui, l->endonym, in.w, in.h, ls);
        ik_ui_text(ui, l->endonym, in, ls);
    }
}

static bool press(IkKiosk *k, const char *id)
{
    if (!ik_str_starts_with(id, "lang:"))
        return false;
    if (!ik_kiosk_set_lang(k, id + 5))
        return false;
    ik_kiosk_go(k, IK_SCENE_HOME);
    return true;
}

const IkSceneOps ik_scene_language = {"language", draw, press, NULL};
