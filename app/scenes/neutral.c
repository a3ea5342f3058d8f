/* Where quick exit lands: a clock and a greeting. Nothing on it hints at
 * violence, help or this project, so a glance over a shoulder shows nothing. */
#include "common.h"

#include <time.h>

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    time_t now = ik_kiosk_wall(k);
    struct tm tm;
    char clock[16], date[32];
    /* Italian wall time whatever the machine's TZ says. */
    int wd, min;
    time_t local = now + ik_rome_time(now, &wd, &min);
    gmtime_r(&local, &tm);
    strftime(clock, sizeof clock, "%H:%M", &tm);
    strftime(date, sizeof date, "%d/%m/%Y", &tm);

    ik_ui_hit(ui, "start", (IkRect){0, 0, IK_CANVAS_W, IK_CANVAS_H});
    ik_ui_icon(ui, IK_ICON_SUN, (IkRect){IK_CANVAS_W / 2 - 80, 140, 160, 160}, t->ribbon);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HUGE);
    st.align = IK_ALIGN_CENTER;
    st.ltr = true;
    st.size = IK_TEXT_HUGE;
    ik_ui_text(ui, clock, (IkRect){0, 340, IK_CANVAS_W, 0}, st);
    st.size = IK_TEXT_HEADING;
    st.color = t->muted;
    ik_ui_text(ui, date, (IkRect){0, 480, IK_CANVAS_W, 0}, st);
    st = ik_ui_style(ui, IK_TEXT_TITLE);
    st.align = IK_ALIGN_CENTER;
    ik_ui_text(ui, ik_ui_str(ui, "neutral.title"), (IkRect){200, 620, IK_CANVAS_W - 400, 0}, st);
    st.size = IK_TEXT_BODY;
    st.color = t->muted;
    ik_ui_text(ui, ik_ui_str(ui, "neutral.subtitle"), (IkRect){200, 740, IK_CANVAS_W - 400, 0},
               st);
}

static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "start") != 0)
        return false;
    ik_kiosk_reset(k);
    return true;
}

const IkSceneOps ik_scene_neutral = {"neutral", draw, press, NULL};
