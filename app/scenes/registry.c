/* The table of scenes and small helpers they share. */
#include "common.h"

#include <stdlib.h>

const IkSceneOps *ik_scene_ops(IkSceneId scene)
{
    static const IkSceneOps *const table[IK_SCENE_COUNT] = {
        &ik_scene_attract, &ik_scene_neutral, &ik_scene_language, &ik_scene_home,
        &ik_scene_topics, &ik_scene_topic, &ik_scene_directory, &ik_scene_service,
        &ik_scene_help, &ik_scene_operator, &ik_scene_out_of_service,
    };
    IK_ASSERT(scene < IK_SCENE_COUNT);
    return table[scene];
}

static IkTextStyle ribbon_style(IkKiosk *k)
{
    IkTextStyle st = ik_ui_style(&k->ui, IK_TEXT_LABEL);
    st.color = k->ui.theme.on_ribbon;
    st.align = IK_ALIGN_CENTER;
    st.center_v = true;
    st.id = "demo-ribbon";
    return st;
}

int ik_scene_demo_ribbon_height(IkKiosk *k, int w)
{
    if (!k->content || !ik_content_has_demo(k->content))
        return 0;
    int pad = ik_ui_gap(&k->ui, IK_GAP_SMALL);
    return ik_ui_measure(&k->ui, ik_ui_str(&k->ui, "service.demo_ribbon"), w - 2 * pad,
                         ribbon_style(k)).h + 2 * pad;
}

void ik_scene_demo_ribbon(IkKiosk *k, IkRect r)
{
    if (!k->content || !ik_content_has_demo(k->content))
        return;
    IkUi *ui = &k->ui;
    ik_ui_panel(ui, r, ui->theme.ribbon);
    ik_ui_text(ui, ik_ui_str(ui, "service.demo_ribbon"), ik_ui_inset(r, ik_ui_gap(ui, IK_GAP_SMALL)),
               ribbon_style(k));
}

IkRect ik_scene_touch_screen(IkKiosk *k, int *button_h)
{
    IkUi *ui = &k->ui;
    IkRect screen = ik_ui_canvas(ui);
    ik_ui_hit(ui, "start", screen);
    IkRect body = ik_ui_inset(screen, ik_ui_gap(ui, IK_GAP_EDGE));
    /* The language switcher, for a reader who looks for it first. */
    IkButton lb = ik_ui_button_of(ui, IK_ICON_GLOBE, ik_ui_str(ui, "common.language"), NULL);
    IkSize ls = ik_ui_button_size(ui, &lb, body.w);
    IkRect top = ik_ui_cut_top(&body, ls.h, 0);
    ik_ui_button_ex(ui, "language", ik_ui_cut_end(ui, &top, ls.w, 0), &lb);
    if (button_h)
        *button_h = ls.h;
    return body;
}

const char *ik_scene_endonym(IkKiosk *k, const char *code)
{
    return k->content ? ik_content_language_name(k->content, code) : code;
}

const char *ik_scene_list_sep(const char *lang)
{
    return ik_content_list_separator(lang);
}

int ik_scene_index(const char *id, const char *prefix)
{
    long n;
    if (!ik_str_starts_with(id, prefix))
        return -1;
    if (!ik_parse_int(id + strlen(prefix), 0, 100000, &n))
        return -1;
    return (int)n;
}

void ik_scene_format(char *out, size_t size, const char *fmt, int a, int b)
{
    ik_content_format(out, size, fmt, a, b);
}
