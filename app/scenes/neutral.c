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

    IkRect body = ik_scene_touch_screen(k, NULL);

    const char *lines[4] = {clock, date, ik_ui_str(ui, "neutral.title"),
                            ik_ui_str(ui, "neutral.subtitle")};
    static const IkTextSize sizes[4] = {IK_TEXT_HUGE, IK_TEXT_HEADING, IK_TEXT_TITLE, IK_TEXT_BODY};
    static const char *const ids[4] = {"neutral.clock", "neutral.date", "neutral.title",
                                       "neutral.subtitle"};
    IkTextStyle st[4];
    int w = body.w * 5 / 6, sun = ik_ui_dp(ui, 160), gap = ik_ui_gap(ui, IK_GAP_LARGE);
    int total = sun + gap;
    for (int i = 0; i < 4; i++) {
        st[i] = ik_ui_style(ui, sizes[i]);
        st[i].align = IK_ALIGN_CENTER;
        st[i].ltr = i < 2;
        st[i].color = i == 1 || i == 3 ? t->muted : t->text;
        st[i].id = ids[i];
        total += ik_ui_measure(ui, lines[i], w, st[i]).h + (i < 3 ? gap : 0);
    }
    /* A short screen: no sun. */
    if (total > body.h) {
        total -= sun + gap;
        sun = 0;
    }
    IkRect block = ik_ui_center(body, w, total);
    if (sun)
        ik_ui_icon(ui, IK_ICON_SUN, ik_ui_center(ik_ui_cut_top(&block, sun, gap), sun, sun), t->ribbon);
    for (int i = 0; i < 4; i++)
        ik_ui_cut_top(&block, ik_ui_text(ui, lines[i], (IkRect){block.x, block.y, block.w, 0}, st[i]),
                      gap);
}

static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "start") == 0) {
        ik_kiosk_reset(k);
        return true;
    }
    if (strcmp(id, "language") == 0) {
        ik_kiosk_reset(k);
        ik_stack_reset(&k->s.stack, IK_SCENE_LANGUAGE);
        return true;
    }
    return false;
}

const IkSceneOps ik_scene_neutral = {"neutral", draw, press, NULL};
