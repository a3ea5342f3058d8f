/* Home: three big doors with pictograms, readable without reading. */
#include "common.h"

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    ik_ui_bar(ui, NULL, IK_BAR_BACK | IK_BAR_HELP);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_TITLE);
    st.align = IK_ALIGN_CENTER;
    st.max_lines = 1;
    /* The doors start below the title, however tall its script is. */
    int th = ik_ui_text(ui, ik_ui_str(ui, "home.title"), ik_ui_box(ui, 60, 150, 1800, 80), st);
    int top = 150 + th + 30 > 290 ? 150 + th + 30 : 290;

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
    const int w = 560, gap = 50, x0 = (IK_CANVAS_W - 3 * w - 2 * gap) / 2;
    for (int i = 0; i < 3; i++)
        ik_ui_button(ui, doors[i].id, ik_ui_box(ui, x0 + i * (w + gap), top, w, 1010 - top),
                     doors[i].icon, ik_ui_str(ui, doors[i].label), ik_ui_str(ui, doors[i].sub),
                     bg[i], fg[i]);
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
