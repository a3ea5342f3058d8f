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

    /* body: below the language button's row */
    IkRect body = ik_scene_touch_screen(k, NULL);

    const char *touch = k->content ? ik_content_ui(k->content, lang, "attract.touch") : "";
    const char *sub = k->content ? ik_content_ui(k->content, lang, "attract.subtitle") : "";
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HUGE);
    st.lang = lang;
    st.align = IK_ALIGN_CENTER;
    st.id = "attract.touch";
    IkTextStyle ss = st;
    ss.size = IK_TEXT_HEADING;
    ss.color = t->muted;
    ss.id = "attract.subtitle";
    int w = body.w * 5 / 6;
    int ripple = ik_ui_dp(ui, 200);
    int gap = ik_ui_gap(ui, IK_GAP_LARGE);
    int dots = ik_ui_dp(ui, 20);
    int room = body.h - dots - 2 * gap;
    int th = ik_ui_measure(ui, touch, w, st).h, sh = ik_ui_measure(ui, sub, w, ss).h;
    /* A short screen: the ripple goes, then the text steps down a size. */
    if (ripple + gap + th + gap + sh > room)
        ripple = 0;
    if (th + gap + sh > room) {
        st.size = IK_TEXT_TITLE;
        th = ik_ui_measure(ui, touch, w, st).h;
    }
    /* A tall script (Nastaliq) in larger text: both step down once more. */
    if (th + gap + sh > room) {
        st.size = IK_TEXT_HEADING;
        ss.size = IK_TEXT_BODY;
        th = ik_ui_measure(ui, touch, w, st).h;
        sh = ik_ui_measure(ui, sub, w, ss).h;
    }
    /* Ripple, text and subtitle as one block, centred; dots at the foot. */
    IkRect foot = ik_ui_cut_bottom(&body, dots, 0);
    IkRect block = ik_ui_center(body, w, ripple + gap + th + gap + sh);
    if (ui->gfx && ripple) {
        float cx = block.x + block.w / 2.0f, cy = block.y + ripple / 2.0f;
        ik_gfx_fill_circle(ui->gfx, cx, cy, ripple * 0.15f, t->accent);
        ik_gfx_ring(ui->gfx, cx, cy, ripple * 0.31f, ripple * 0.04f, t->accent);
        ik_gfx_ring(ui->gfx, cx, cy, ripple * 0.47f, ripple * 0.025f, t->border);
    }
    if (ripple)
        ik_ui_cut_top(&block, ripple, gap);
    ik_ui_cut_top(&block, ik_ui_text(ui, touch, (IkRect){block.x, block.y, block.w, 0}, st), gap);
    ik_ui_text(ui, sub, (IkRect){block.x, block.y, block.w, 0}, ss);
    /* One dot per language shows the loop moving on. */
    if (n > 0 && ui->gfx) {
        float step = dots * 2.0f, x0 = foot.x + foot.w / 2.0f - step * (n - 1) / 2.0f;
        for (size_t i = 0; i < n; i++)
            ik_gfx_fill_circle(ui->gfx, x0 + step * i, foot.y + dots / 2.0f, dots * 0.45f,
                               i == k->attract_index % n ? t->accent : t->border);
    }
}

static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "start") != 0 && strcmp(id, "language") != 0)
        return false;
    ik_stack_reset(&k->s.stack, IK_SCENE_LANGUAGE);
    if (k->config.default_lang[0] && strcmp(id, "start") == 0)
        ik_stack_push(&k->s.stack, IK_SCENE_HOME);
    return true;
}

const IkSceneOps ik_scene_attract = {"attract", draw, press, NULL};
