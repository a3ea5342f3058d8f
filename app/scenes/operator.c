/* Operator menu, for staff: reached by a long press in the top-left corner,
 * then the PIN from the configuration. Status, content version, reload, exit. */
#include "common.h"

#include <stdlib.h>

static void pin_pad(IkKiosk *k, IkRect body)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    st.align = IK_ALIGN_CENTER;
    if (ik_kiosk_pin_locked(k)) {
        st.id = "operator.locked";
        ik_ui_text(ui, ik_ui_str(ui, "operator.locked"), (IkRect){body.x, body.y, body.w, 0}, st);
        return;
    }
    st.id = "operator.prompt";
    int gap = ik_ui_gap(ui, IK_GAP);
    ik_ui_cut_top(&body, ik_ui_text(ui, ik_ui_str(ui, k->s.pin_wrong ? "operator.pin_wrong"
                                                                     : "operator.pin_prompt"),
                                    (IkRect){body.x, body.y, body.w, 0}, st), gap);
    char dots[64] = "";
    size_t n = strlen(k->s.pin);
    for (size_t i = 0; i < n && i < 12; i++)
        strcat(dots, "● ");
    st.ltr = true;
    st.id = "operator.pin";
    ik_ui_cut_top(&body, ik_ui_text(ui, n ? dots : "–", (IkRect){body.x, body.y, body.w, 0}, st), gap);
    /* A phone-style pad: the same in every direction. */
    static const char *const keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9",
                                         "clear", "0", "ok"};
    int key_h = (body.h - 3 * gap) / 4;
    if (key_h > ik_ui_dp(ui, 150))
        key_h = ik_ui_dp(ui, 150);
    /* Never shorter than a target or a digit's line (tall scripts). */
    IkButton probe = ik_ui_button_of(ui, IK_ICON_NONE, "0", NULL);
    probe.size = IK_TEXT_HEADING;
    int need = ik_ui_button_size(ui, &probe, 0).h;
    if (key_h < need)
        key_h = need;
    int key_w = key_h * 3 / 2;
    if (3 * key_w + 2 * gap > body.w)
        key_w = (body.w - 2 * gap) / 3;
    int pad_h = 4 * key_h + 3 * gap;
    bool scroll = pad_h > body.h;
    IkRect area = body;
    if (scroll)
        area = ik_ui_scroll_begin(ui, body, &k->s.scroll[IK_SCENE_OPERATOR]);
    IkRect pad = {area.x + (area.w - 3 * key_w - 2 * gap) / 2, area.y, 3 * key_w + 2 * gap, pad_h};
    IkRect boxes[12];
    /* Digits keep the telephone's order whatever the reading direction. */
    bool rtl = ui->rtl;
    ui->rtl = false;
    ik_ui_grid(ui, pad, 12, 3, key_h, gap, boxes);
    ui->rtl = rtl;
    for (int i = 0; i < 12; i++) {
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "pin:%s", keys[i]);
        const char *label = keys[i];
        IkIcon icon = IK_ICON_NONE;
        if (i == 9) {
            label = NULL;
            icon = IK_ICON_BACKSPACE;
        } else if (i == 11) {
            label = NULL;
            icon = IK_ICON_CHECK;
        }
        IkButton b = ik_ui_button_of(ui, icon, label, NULL);
        b.bg = i == 11 ? t->accent : t->surface;
        b.fg = i == 11 ? t->on_accent : t->text;
        b.outline = i != 11 || ui->contrast;
        b.size = IK_TEXT_HEADING;
        ik_ui_button_ex(ui, id, boxes[i], &b);
    }
    if (scroll && ik_ui_scroll_end(ui, pad_h))
        k->dirty = true;
}

static void status(IkKiosk *k, IkRect body)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkBuf b = {0};
    const char *version = k->content ? ik_content_meta(k->content, "version") : NULL;
    /* The catalog string is data: substitute its %s by hand. */
    const char *fmt = ik_ui_str(ui, "operator.content_version");
    const char *at = strstr(fmt, "%s");
    if (at)
        ik_buf_printf(&b, "%.*s\u2066%s\u2069%s\n", (int)(at - fmt), fmt,
                      version ? version : "?", at + 2);
    else
        ik_buf_printf(&b, "%s \u2066%s\u2069\n", fmt, version ? version : "?");
    const char *built = k->content ? ik_content_meta(k->content, "built") : NULL;
    if (built)
        ik_buf_printf(&b, "%s: \u2066%s\u2069\n", ik_ui_str(ui, "operator.built"), built);
    if (k->content)
        ik_buf_printf(&b, "%s: %zu\n%s: %zu%s%s%s\n", ik_ui_str(ui, "operator.languages"),
                      ik_content_language_count(k->content), ik_ui_str(ui, "operator.services"),
                      ik_content_service_count(k->content),
                      ik_content_has_demo(k->content) ? " (" : "",
                      ik_content_has_demo(k->content) ? ik_ui_str(ui, "service.demo_ribbon") : "",
                      ik_content_has_demo(k->content) ? ")" : "");
    if (k->content)
        ik_buf_printf(&b, "%s: %zu\n", ik_ui_str(ui, "operator.fallbacks"),
                      ik_content_fallback_count(k->content));
    uint64_t up = (k->now - k->started) / 1000;
    ik_buf_printf(&b, "%s: %llu:%02llu\n", ik_ui_str(ui, "operator.uptime"),
                  (unsigned long long)(up / 3600), (unsigned long long)(up / 60 % 60));
    if (k->gfx)
        ik_buf_printf(&b, "%s: %s\n", ik_ui_str(ui, "operator.renderer"),
                      ik_gfx_renderer_name(k->gfx));
    /* Actions at the end (landscape) or under the status (portrait). */
    const char *ids[3] = {"operator:reload", "operator:close", "operator:exit"};
    const char *labels[3] = {"operator.reload", "operator.close", "operator.exit"};
    IkButton bs[3];
    int gap = ik_ui_gap(ui, IK_GAP);
    bool portrait = ik_ui_portrait(ui);
    int col_w = portrait ? body.w : body.w / 3;
    int actions_h = 0;
    for (int i = 0; i < 3; i++) {
        bs[i] = ik_ui_button_of(ui, IK_ICON_NONE, ik_ui_str(ui, labels[i]), NULL);
        bs[i].bg = i == 2 ? t->exit_bg : t->surface_alt;
        bs[i].fg = i == 2 ? t->on_exit : t->text;
        bs[i].outline = i != 2 || ui->contrast;
        bs[i].size = IK_TEXT_HEADING;
        actions_h += ik_ui_button_size(ui, &bs[i], col_w).h + gap;
    }
    IkRect actions = portrait ? ik_ui_cut_bottom(&body, actions_h - gap, gap)
                              : ik_ui_cut_end(ui, &body, col_w, gap);
    for (int i = 0; i < 3; i++) {
        int h = ik_ui_button_size(ui, &bs[i], actions.w).h;
        ik_ui_button_ex(ui, ids[i], ik_ui_cut_top(&actions, h, gap), &bs[i]);
    }
    ik_ui_panel(ui, body, t->surface);
    IkRect c = ik_ui_scroll_begin(ui, body, &k->s.scroll[IK_SCENE_OPERATOR]);
    c = ik_ui_inset(c, ik_ui_gap(ui, IK_GAP_LARGE));
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    st.id = "operator.status";
    int y = ik_ui_text(ui, ik_ui_str(ui, "operator.status"), (IkRect){c.x, c.y, c.w, 0}, st) + gap;
    st = ik_ui_style(ui, IK_TEXT_BODY);
    st.content = true;
    st.id = "operator.facts";
    y += ik_ui_text(ui, b.data, (IkRect){c.x, c.y + y, c.w, 0}, st);
    ik_buf_free(&b);
    if (ik_ui_scroll_end(ui, y + 2 * ik_ui_gap(ui, IK_GAP_LARGE)))
        k->dirty = true;
}

static void draw(IkKiosk *k)
{
    IkRect body = ik_ui_bar(&k->ui, ik_ui_str(&k->ui, "operator.title"), IK_BAR_BACK);
    if (k->s.operator_open)
        status(k, body);
    else
        pin_pad(k, body);
}

static bool press(IkKiosk *k, const char *id)
{
    IkSession *s = &k->s;
    if (ik_str_starts_with(id, "pin:")) {
        const char *key = id + 4;
        size_t n = strlen(s->pin);
        if (strcmp(key, "clear") == 0) {
            if (n > 0)
                s->pin[n - 1] = '\0';
        } else if (strcmp(key, "ok") == 0) {
            s->operator_open = ik_kiosk_pin_check(k, s->pin);
            s->pin_wrong = !s->operator_open;
            memset(s->pin, 0, sizeof s->pin);
        } else if (key[0] >= '0' && key[0] <= '9' && !key[1] && n + 1 < sizeof s->pin) {
            s->pin[n] = key[0];
            s->pin[n + 1] = '\0';
        }
        return true;
    }
    if (!s->operator_open)
        return false;
    if (strcmp(id, "operator:reload") == 0)
        k->reload = true;
    else if (strcmp(id, "operator:exit") == 0)
        k->quit = true;
    else if (strcmp(id, "operator:close") == 0)
        ik_kiosk_reset(k);
    else
        return false;
    return true;
}

const IkSceneOps ik_scene_operator = {"operator", draw, press, NULL};
