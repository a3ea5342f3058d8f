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

void ik_scene_demo_ribbon(IkKiosk *k, IkRect r)
{
    if (!k->content || !ik_content_has_demo(k->content))
        return;
    IkUi *ui = &k->ui;
    ik_ui_panel(ui, r, ui->theme.ribbon);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_LABEL);
    st.color = ui->theme.on_ribbon;
    st.align = IK_ALIGN_CENTER;
    st.center_v = true;
    st.max_lines = 1;
    ik_ui_text(ui, ik_ui_str(ui, "service.demo_ribbon"), ik_ui_inset(r, 10), st);
}

const char *ik_scene_endonym(IkKiosk *k, const char *code)
{
    return k->content ? ik_content_language_name(k->content, code) : code;
}

const char *ik_scene_list_sep(const char *lang)
{
    /* Languages written in the Arabic script use the Arabic comma. */
    static const char *const arabic[] = {"ar", "fa", "ps", "ur", "ckb", "sd", "ug"};
    for (size_t i = 0; lang && i < sizeof arabic / sizeof *arabic; i++) {
        size_t n = strlen(arabic[i]);
        if (strncmp(lang, arabic[i], n) == 0 && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
            return "\u060C ";
    }
    return ", ";
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
    size_t n = 0;
    int used = 0;
    if (size == 0)
        return;
    for (const char *p = fmt; *p && n + 1 < size; p++) {
        if (p[0] == '%' && p[1] == 'd') {
            char num[16];
            snprintf(num, sizeof num, "%d", used++ == 0 ? a : b);
            for (const char *q = num; *q && n + 1 < size; q++)
                out[n++] = *q;
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            out[n++] = '%';
            p++;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}
