/* Operator menu, for staff: reached by a long press in the top-left corner,
 * then the PIN from the configuration. Status, content version, reload, exit. */
#include "common.h"

#include <stdlib.h>

static void pin_pad(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    st.align = IK_ALIGN_CENTER;
    if (ik_kiosk_pin_locked(k)) {
        st.max_lines = 3;
        ik_ui_text(ui, ik_ui_str(ui, "operator.locked"), (IkRect){160, 400, IK_CANVAS_W - 320, 0}, st);
        return;
    }
    ik_ui_text(ui, ik_ui_str(ui, k->s.pin_wrong ? "operator.pin_wrong" : "operator.pin_prompt"),
               (IkRect){0, 150, IK_CANVAS_W, 0}, st);
    char dots[64] = "";
    size_t n = strlen(k->s.pin);
    for (size_t i = 0; i < n && i < 12; i++)
        strcat(dots, "● ");
    st.ltr = true;
    ik_ui_text(ui, n ? dots : "–", (IkRect){0, 230, IK_CANVAS_W, 0}, st);
    /* A phone-style pad: the same in every direction. */
    static const char *const keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9",
                                         "clear", "0", "ok"};
    const int w = 220, h = 150, gap = 20, x0 = (IK_CANVAS_W - 3 * w - 2 * gap) / 2;
    for (int i = 0; i < 12; i++) {
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "pin:%s", keys[i]);
        IkRect r = {x0 + (i % 3) * (w + gap), 330 + (i / 3) * (h + gap), w, h};
        const char *label = keys[i];
        IkIcon icon = IK_ICON_NONE;
        if (i == 9) {
            label = NULL;
            icon = IK_ICON_BACKSPACE;
        } else if (i == 11) {
            label = NULL;
            icon = IK_ICON_CHECK;
        }
        ik_ui_button(ui, id, r, icon, label, NULL, i == 11 ? t->accent : t->surface,
                     i == 11 ? t->on_accent : t->text);
    }
}

static void status(IkKiosk *k)
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
    IkRect panel = ik_ui_box(ui, 60, 150, 1100, 880);
    ik_ui_panel(ui, panel, t->surface);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    int y = ik_ui_text(ui, ik_ui_str(ui, "operator.status"), ik_ui_sub(ui, panel, 40, 30, 1020, 0), st);
    st = ik_ui_style(ui, IK_TEXT_BODY);
    st.content = true;
    ik_ui_text(ui, b.data, ik_ui_sub(ui, panel, 40, 50 + y, 1020, 0), st);
    ik_buf_free(&b);
    const char *ids[3] = {"operator:reload", "operator:close", "operator:exit"};
    const char *labels[3] = {"operator.reload", "operator.close", "operator.exit"};
    for (int i = 0; i < 3; i++)
        ik_ui_button(ui, ids[i], ik_ui_box(ui, 1220, 150 + i * 180, 640, 150), IK_ICON_NONE,
                     ik_ui_str(ui, labels[i]), NULL, i == 2 ? t->exit_bg : t->surface_alt,
                     i == 2 ? t->on_exit : t->text);
}

static void draw(IkKiosk *k)
{
    ik_ui_bar(&k->ui, ik_ui_str(&k->ui, "operator.title"), IK_BAR_BACK);
    if (k->s.operator_open)
        status(k);
    else
        pin_pad(k);
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
