/* Attract loop: calm, large "touch to start" cycling through every language
 * in its own script. Any touch starts a session. */
#include "common.h"

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    const char *lang = k->s.lang;
    size_t n = k->content ? ik_content_language_count(k->content) : 0;
    if (n > 0 && !k->frozen)
        lang = ik_content_language(k->content, k->attract_index % n)->code;

    ik_ui_hit(ui, "start", (IkRect){0, 0, IK_CANVAS_W, IK_CANVAS_H});
    /* A tap ripple: an invitation to touch (a raised palm would read "stop"). */
    if (ui->gfx) {
        ik_gfx_fill_circle(ui->gfx, IK_CANVAS_W / 2.0f, 260, 30, t->accent);
        ik_gfx_ring(ui->gfx, IK_CANVAS_W / 2.0f, 260, 62, 8, t->accent);
        ik_gfx_ring(ui->gfx, IK_CANVAS_W / 2.0f, 260, 94, 5, t->border);
    }
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HUGE);
    st.lang = lang;
    st.align = IK_ALIGN_CENTER;
    st.max_lines = 3;
    const char *touch = k->content ? ik_content_ui(k->content, lang, "attract.touch") : "";
    const char *sub = k->content ? ik_content_ui(k->content, lang, "attract.subtitle") : "";
    int h = ik_ui_text(ui, touch,
                       (IkRect){160, 420, IK_CANVAS_W - 320, 0}, st);
    st.size = IK_TEXT_HEADING;
    st.color = t->muted;
    ik_ui_text(ui, sub,
               (IkRect){260, 460 + h, IK_CANVAS_W - 520, 0}, st);
    /* One dot per language shows the loop moving on. */
    if (n > 0 && ui->gfx) {
        int x0 = IK_CANVAS_W / 2 - (int)n * 20;
        for (size_t i = 0; i < n; i++)
            ik_gfx_fill_circle(ui->gfx, (float)(x0 + 40 * (int)i + 20), 980, 9,
                               i == k->attract_index % n ? t->accent : t->border);
    }
}

static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "start") != 0)
        return false;
    ik_stack_reset(&k->s.stack, IK_SCENE_LANGUAGE);
    if (k->config.default_lang[0])
        ik_stack_push(&k->s.stack, IK_SCENE_HOME);
    return true;
}

const IkSceneOps ik_scene_attract = {"attract", draw, press, NULL};
