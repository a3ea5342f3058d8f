/* The list of awareness topics, each with its pictogram. */
#include "common.h"

#include <stdlib.h>

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    ik_ui_bar(ui, ik_ui_str(ui, "topics.title"), IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = t->muted;
    st.max_lines = 2;
    /* The list starts below the subtitle as tall as it is (Nastaliq: 1.8x). */
    int top = 145 + ik_ui_text(ui, ik_ui_str(ui, "topics.subtitle"), ik_ui_box(ui, 60, 145, 1800, 0), st) + 10;

    size_t n = 0;
    IkTopic *topics = k->content ? ik_content_topics(k->content, k->s.lang, &n) : NULL;
    IkRect view = ik_ui_box(ui, 40, top, IK_CANVAS_W - 80, IK_CANVAS_H - top - 20);
    ik_ui_scroll_begin(ui, view, &k->s.scroll[IK_SCENE_TOPICS]);
    /* The last 20 px of the view are the scroll bar's gutter. */
    const int w = (IK_CANVAS_W - 80 - 30 - 20) / 2, h = 150, gap = 24;
    for (size_t i = 0; i < n; i++) {
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "topic:%zu", i);
        int c = (int)i % 2, r = (int)i / 2;
        IkRect box = ik_ui_box(ui, 40 + c * (w + 30), top + r * (h + gap), w, h);
        ik_ui_button(ui, id, box, ik_ui_icon_named(topics[i].pictogram), topics[i].title, NULL,
                     t->surface, t->text);
    }
    int rows = (int)(n + 1) / 2;
    if (ik_ui_scroll_end(ui, rows * (h + gap)))
        k->dirty = true;
    ik_topics_free(topics, n);
}

static bool press(IkKiosk *k, const char *id)
{
    int i = ik_scene_index(id, "topic:");
    size_t n = 0;
    if (i < 0 || !k->content)
        return false;
    IkTopic *topics = ik_content_topics(k->content, k->s.lang, &n);
    bool ok = (size_t)i < n;
    if (ok) {
        snprintf(k->s.topic_id, sizeof k->s.topic_id, "%s", topics[i].id);
        k->s.scroll[IK_SCENE_TOPIC] = 0;
        ik_kiosk_go(k, IK_SCENE_TOPIC);
    }
    ik_topics_free(topics, n);
    return ok;
}

const IkSceneOps ik_scene_topics = {"topics", draw, press, NULL};
