/* Home: three big doors with pictograms, readable without reading. Side by
 * side on a landscape screen, one above the other on a portrait one. */
#include "common.h"

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkRect body = ik_ui_bar(ui, NULL, IK_BAR_BACK | IK_BAR_HELP);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_TITLE);
    st.align = IK_ALIGN_CENTER;
    st.id = "home.title";
    const char *title = ik_ui_str(ui, "home.title");
    int th = ik_ui_text(ui, title, (IkRect){body.x, body.y, body.w, 0}, st);
    ik_ui_cut_top(&body, th, ik_ui_gap(ui, IK_GAP_LARGE));

    static const struct {
        const char *id, *label, *sub;
        IkIcon icon;
    } doors[3] = {
        {"door:learn", "home.door.learn", "home.door.learn.subtitle", IK_ICON_LEARN},
        {"door:directory", "home.door.directory", "home.door.directory.subtitle",
         IK_ICON_DIRECTORY},
        {"door:help", "home.door.help", "home.door.help.subtitle", IK_ICON_PHONE},
    };
    SDL_Color bg[3] = {t->accent, t->good, t->help_bg};
    SDL_Color fg[3] = {t->on_accent, t->on_accent, t->on_help};
    if (ui->contrast) {
        bg[1] = t->accent;
        fg[1] = t->on_accent;
    }
    bool portrait = ik_ui_portrait(ui);
    int gap = ik_ui_gap(ui, IK_GAP_LARGE);
    IkButton b[3];
    IkSpan spans[3];
    IkRect boxes[3];
    /* Landscape: tall doors, pictogram above the label. Portrait: wide
     * doors, pictogram at the start. */
    int door_w = portrait ? body.w : (body.w - 2 * gap) / 3;
    if (!portrait && door_w > ik_ui_dp(ui, 600))
        door_w = ik_ui_dp(ui, 600);
    for (int i = 0; i < 3; i++) {
        b[i] = ik_ui_button_of(ui, doors[i].icon, ik_ui_str(ui, doors[i].label),
                               ik_ui_str(ui, doors[i].sub));
        b[i].bg = bg[i];
        b[i].fg = fg[i];
        b[i].outline = ui->contrast;
        b[i].size = IK_TEXT_HEADING;
        b[i].stacked = true;
        b[i].icon_size = ik_ui_dp(ui, portrait ? 150 : 200);
        IkSize need = ik_ui_button_size(ui, &b[i], door_w);
        spans[i] = (IkSpan){need.h, need.h, 0, 1};
    }
    if (portrait) {
        int h = ik_ui_column(body, gap, spans, 3, boxes);
        if (h > body.h) {
            /* Larger text on a small screen: the doors scroll. */
            IkRect c = ik_ui_scroll_begin(ui, body, &k->s.scroll[IK_SCENE_HOME]);
            c.h = h;
            ik_ui_column(c, gap, spans, 3, boxes);
        }
        for (int i = 0; i < 3; i++)
            ik_ui_button_ex(ui, doors[i].id, boxes[i], &b[i]);
        if (h > body.h && ik_ui_scroll_end(ui, h))
            k->dirty = true;
        return;
    }
    int need = 0;
    for (int i = 0; i < 3; i++)
        if (spans[i].basis > need)
            need = spans[i].basis;
    IkRect row = ik_ui_center(body, 3 * door_w + 2 * gap, body.h);
    bool scroll = need > row.h;
    if (scroll) {
        IkRect c = ik_ui_scroll_begin(ui, row, &k->s.scroll[IK_SCENE_HOME]);
        row = (IkRect){c.x, c.y, c.w, need};
    }
    IkSpan cols[3] = {{door_w, 0, 0, 1}, {door_w, 0, 0, 1}, {door_w, 0, 0, 1}};
    ik_ui_row(ui, row, gap, cols, 3, boxes);
    for (int i = 0; i < 3; i++)
        ik_ui_button_ex(ui, doors[i].id, boxes[i], &b[i]);
    if (scroll && ik_ui_scroll_end(ui, need))
        k->dirty = true;
}

static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "door:learn") == 0)
        ik_kiosk_go(k, IK_SCENE_TOPICS);
    else if (strcmp(id, "door:directory") == 0)
        ik_kiosk_go(k, IK_SCENE_DIRECTORY);
    else if (strcmp(id, "door:help") == 0)
        ik_kiosk_go(k, IK_SCENE_HELP);
    else
        return false;
    return true;
}

const IkSceneOps ik_scene_home = {"home", draw, press, NULL};
