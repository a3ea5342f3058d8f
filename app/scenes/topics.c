/* The list of awareness topics, each with its pictogram. */
#include "common.h"

#include <stdlib.h>

#define MAX_TOPICS 64

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkRect body = ik_ui_bar(ui, ik_ui_str(ui, "topics.title"), IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = t->muted;
    st.id = "topics.subtitle";
    ik_ui_cut_top(&body, ik_ui_text(ui, ik_ui_str(ui, "topics.subtitle"),
                                    (IkRect){body.x, body.y, body.w, 0}, st),
                  ik_ui_gap(ui, IK_GAP));

    size_t n = 0;
    IkTopic *topics = k->content ? ik_content_topics(k->content, k->s.lang, &n) : NULL;
    if (n > MAX_TOPICS)
        n = MAX_TOPICS;
    int gap = ik_ui_gap(ui, IK_GAP);
    int room = body.w - ik_ui_scroll_gutter(ui);
    /* Portrait: one topic a row, the full width for long titles. */
    int cols = ik_ui_portrait(ui) ? 1 : ik_ui_grid_columns(room, (int)n, ik_ui_dp(ui, 560), 2, gap);
    int cell_w = (room - gap * (cols - 1)) / cols;
    int rows = n ? ((int)n + cols - 1) / cols : 1;
    /* Rows share the height the screen has, up to a comfortable size, so a
     * tall screen is not left half empty; when there is room the titles
     * and pictograms grow too. */
    int fill = (body.h - gap * (rows - 1)) / rows;
    if (fill > ik_ui_dp(ui, 190 * ui->text_scale))
        fill = ik_ui_dp(ui, 190 * ui->text_scale);
    IkButton b[MAX_TOPICS];
    int cell_h = 0;
    static const IkTextSize sizes[] = {IK_TEXT_HEADING, IK_TEXT_BODY, IK_TEXT_LABEL};
    static const float icons[] = {72, 56, 0};
    for (int step = 0; step < 3; step++) {
        cell_h = ik_ui_target(ui);
        for (size_t i = 0; i < n; i++) {
            b[i] = ik_ui_button_of(ui, ik_ui_icon_named(topics[i].pictogram), topics[i].title, NULL);
            b[i].bg = t->surface;
            b[i].size = sizes[step];
            b[i].icon_size = icons[step] > 0 ? ik_ui_dp(ui, icons[step] * ui->text_scale) : 0;
            int h = ik_ui_button_size(ui, &b[i], cell_w).h + 2 * ik_ui_gap(ui, IK_GAP_SMALL);
            if (h > cell_h)
                cell_h = h;
        }
        if (cell_h <= fill)
            break;
    }
    /* One height for every card: the tallest title's, or the share. */
    if (cell_h < fill)
        cell_h = fill;
    IkRect c = ik_ui_scroll_begin(ui, body, &k->s.scroll[IK_SCENE_TOPICS]);
    c.w = room;
    c = ik_ui_mirror(c, body.x, body.w, ui->rtl);
    IkRect boxes[MAX_TOPICS];
    int h = ik_ui_grid(ui, c, (int)n, cols, cell_h, gap, boxes);
    for (size_t i = 0; i < n; i++) {
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "topic:%zu", i);
        ik_ui_button_ex(ui, id, boxes[i], &b[i]);
    }
    if (ik_ui_scroll_end(ui, h))
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
