/* The service card: who, what, where (unless confidential), phone, hours
 * with "open now", languages spoken, free or not, and a QR code carrying the
 * contact as a MECARD, which phone cameras offer to save. */
#include "common.h"

#include <stdlib.h>

static void load(IkKiosk *k)
{
    char key[96];
    snprintf(key, sizeof key, "%s|%s", k->s.lang, k->s.service_id);
    if (k->service && strcmp(key, k->service_key) == 0)
        return;
    ik_service_free(k->service);
    k->service = NULL;
    snprintf(k->service_key, sizeof k->service_key, "%s", key);
    if (k->content && k->s.service_id[0]) {
        k->service = ik_content_service(k->content, k->s.lang, k->s.service_id);
        if (!k->service)
            ik_log(IK_LOG_WARN, "service %s: %s", k->s.service_id, ik_error());
    }
}

/* MECARD fields escape \ ; : , with a backslash. */
static void mecard_field(IkBuf *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    ik_buf_puts(b, name);
    ik_buf_puts(b, ":");
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ':' || *p == ',')
            ik_buf_append(b, "\\", 1);
        ik_buf_append(b, p, 1);
    }
    ik_buf_puts(b, ";");
}

char *ik_scene_service_mecard(const IkService *sv);
char *ik_scene_service_mecard(const IkService *sv)
{
    IkBuf b = {0};
    ik_buf_puts(&b, "MECARD:");
    mecard_field(&b, "N", sv->name);
    for (size_t i = 0; i < sv->phone_count; i++)
        mecard_field(&b, "TEL", sv->phones[i].number);
    if (!sv->confidential && sv->address) {
        char adr[512];
        snprintf(adr, sizeof adr, "%s%s%s", sv->address, sv->city ? ", " : "",
                 sv->city ? sv->city : "");
        mecard_field(&b, "ADR", adr);
    }
    mecard_field(&b, "EMAIL", sv->email);
    mecard_field(&b, "URL", sv->url);
    mecard_field(&b, "NOTE", sv->organization);
    ik_buf_puts(&b, ";");
    return b.data;
}

static int row(IkKiosk *k, int x, int y, int w, const char *label, const char *value,
               bool ltr_value, IkTextSize size)
{
    IkUi *ui = &k->ui;
    IkTextStyle ls = ik_ui_style(ui, IK_TEXT_SMALL);
    ls.color = ui->theme.muted;
    int h = ik_ui_text(ui, label, ik_ui_box(ui, x, y, w, 0), ls) + 2;
    IkTextStyle vs = ik_ui_style(ui, size);
    vs.content = true;
    vs.ltr = ltr_value;
    h += ik_ui_text(ui, value, ik_ui_box(ui, x, y + h, w, 0), vs);
    return h + 24;
}

static void hours(IkKiosk *k, const IkService *sv, IkBuf *out)
{
    IkBuf day[7] = {{0}};
    for (int d = 0; d < 7; d++)
        for (size_t i = 0; i < sv->opening_count; i++) {
            const IkOpening *o = &sv->openings[i];
            if (o->weekday != d)
                continue;
            /* Times as an isolated LTR unit keep "09:00 – 13:00" in order. */
            ik_buf_printf(&day[d], "%s\u2066%02d:%02d – %02d:%02d\u2069",
                          day[d].len ? ik_scene_list_sep(k->s.lang) : "",
                          o->opens / 60 % 24, o->opens % 60, o->closes / 60 % 24, o->closes % 60);
        }
    /* Consecutive days with the same hours share a line: "lun – ven 15:00 – 18:00". */
    for (int d = 0; d < 7;) {
        int e = d;
        while (e + 1 < 7 && day[d].len && day[e + 1].len && strcmp(day[d].data, day[e + 1].data) == 0)
            e++;
        if (day[d].len) {
            char key[48];
            if (out->len)
                ik_buf_puts(out, "\n");
            snprintf(key, sizeof key, "common.weekday.%s.short", ik_weekday_key(d));
            ik_buf_puts(out, ik_ui_str(&k->ui, key));
            if (e > d) {
                snprintf(key, sizeof key, "common.weekday.%s.short", ik_weekday_key(e));
                ik_buf_printf(out, " – %s", ik_ui_str(&k->ui, key));
            }
            ik_buf_printf(out, "  %s", day[d].data);
        }
        d = e + 1;
    }
    for (int d = 0; d < 7; d++)
        ik_buf_free(&day[d]);
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    load(k);
    const IkService *sv = k->service;
    ik_ui_bar(ui, sv ? sv->name : NULL, IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    if (!sv)
        return;

    /* End column: QR card, then the badges. */
    IkRect qr = ik_ui_box(ui, 1300, 140, 590, 700);
    ik_ui_panel(ui, qr, t->surface);
    char *card = ik_scene_service_mecard(sv);
    if (card)
        ik_ui_qr(ui, card, (IkRect){qr.x + 75, qr.y + 30, 440, 440});
    free(card);
    IkTextStyle qs = ik_ui_style(ui, IK_TEXT_SMALL);
    qs.align = IK_ALIGN_CENTER;
    qs.max_lines = 3;
    ik_ui_text(ui, ik_ui_str(ui, "service.qr"), (IkRect){qr.x + 30, qr.y + 490, qr.w - 60, 0}, qs);
    int by = 860;
    bool open = ik_service_open_at(sv, ik_kiosk_wall(k));
    IkRect badge = ik_ui_box(ui, 1300, by, 285, 80);
    ik_ui_panel(ui, badge, open ? t->good : t->surface_alt);
    IkTextStyle bs = ik_ui_style(ui, IK_TEXT_SMALL);
    bs.align = IK_ALIGN_CENTER;
    bs.center_v = true;
    bs.max_lines = 2;
    bs.color = open ? t->on_accent : t->text;
    /* Closed now but opening later today: say when ("Apre alle 14:00"). */
    char when[128] = "";
    if (!open) {
        int wd = 0, min = 0, next = -1;
        ik_rome_time(ik_kiosk_wall(k), &wd, &min);
        for (size_t i = 0; i < sv->opening_count; i++) {
            const IkOpening *o = &sv->openings[i];
            if (o->weekday == wd && o->opens > min && (next < 0 || o->opens < next))
                next = o->opens;
        }
        if (next >= 0) {
            char hhmm[16];
            snprintf(hhmm, sizeof hhmm, "\u2066%02d:%02d\u2069", next / 60 % 24, next % 60);
            /* The catalog string is data: substitute its %s by hand. */
            const char *fmt = ik_ui_str(ui, "service.opens_at");
            const char *at = strstr(fmt, "%s");
            if (at)
                snprintf(when, sizeof when, "%.*s%s%s", (int)(at - fmt), fmt, hhmm, at + 2);
        }
    }
    ik_ui_text(ui, when[0] ? when : ik_ui_str(ui, open ? "service.open_now" : "service.closed_now"),
               ik_ui_inset(badge, 8), bs);
    if (sv->free) {
        badge = ik_ui_box(ui, 1605, by, 285, 80);
        ik_ui_panel(ui, badge, t->accent);
        bs.color = t->on_accent;
        ik_ui_text(ui, ik_ui_str(ui, "service.free"), ik_ui_inset(badge, 8), bs);
    }
    if (sv->demo)
        ik_scene_demo_ribbon(k, ik_ui_box(ui, 1300, 960, 590, 80));

    /* Start column, scrollable: the facts. */
    IkRect view = ik_ui_box(ui, 30, 140, 1240, IK_CANVAS_H - 160);
    ik_ui_panel(ui, view, t->surface);
    ik_ui_scroll_begin(ui, view, &k->s.scroll[IK_SCENE_SERVICE]);
    const int x = 70, w = 1160;
    int y = 170;
    IkTextStyle ts = ik_ui_style(ui, IK_TEXT_TITLE);
    y += ik_ui_text(ui, sv->name, ik_ui_box(ui, x, y, w, 0), ts) + 24;
    if (sv->organization)
        y += row(k, x, y, w, ik_ui_str(ui, "service.organization"), sv->organization, false,
                 IK_TEXT_BODY);
    if (sv->description)
        y += row(k, x, y, w, ik_ui_str(ui, "service.description"), sv->description, false,
                 IK_TEXT_BODY);
    for (size_t i = 0; i < sv->phone_count; i++)
        y += row(k, x, y, w, ik_ui_str(ui, "service.phone"), sv->phones[i].number, true,
                 IK_TEXT_TITLE);
    if (sv->confidential || !sv->address) {
        y += row(k, x, y, w, ik_ui_str(ui, "service.address"),
                 ik_ui_str(ui, "service.address_confidential"), false, IK_TEXT_BODY);
    } else {
        char adr[512];
        snprintf(adr, sizeof adr, "%s%s%s", sv->address, sv->city ? ", " : "",
                 sv->city ? sv->city : "");
        y += row(k, x, y, w, ik_ui_str(ui, "service.address"), adr, false, IK_TEXT_BODY);
    }
    if (sv->email)
        y += row(k, x, y, w, ik_ui_str(ui, "service.email"), sv->email, true, IK_TEXT_BODY);
    if (sv->opening_count) {
        IkBuf hb = {0};
        hours(k, sv, &hb);
        y += row(k, x, y, w, ik_ui_str(ui, "service.hours"), hb.data ? hb.data : "", false,
                 IK_TEXT_BODY);
        ik_buf_free(&hb);
    }
    if (sv->language_count) {
        IkBuf lb = {0};
        for (size_t i = 0; i < sv->language_count; i++) {
            if (i)
                ik_buf_puts(&lb, ik_scene_list_sep(k->s.lang));
            /* Each name isolated so scripts of different directions stay apart. */
            ik_buf_printf(&lb, "\u2068%s\u2069", ik_scene_endonym(k, sv->languages[i]));
        }
        y += row(k, x, y, w, ik_ui_str(ui, "service.languages"), lb.data, false, IK_TEXT_BODY);
        ik_buf_free(&lb);
    }
    if (sv->min_age >= 0 && sv->max_age >= 0) {
        char ages[128];
        ik_scene_format(ages, sizeof ages, ik_ui_str(ui, "service.ages"), sv->min_age, sv->max_age);
        IkTextStyle as = ik_ui_style(ui, IK_TEXT_BODY);
        y += ik_ui_text(ui, ages, ik_ui_box(ui, x, y, w, 0), as) + 24;
    }
    if (ik_ui_scroll_end(ui, y - 140 + 20))
        k->dirty = true;
}

const IkSceneOps ik_scene_service = {"service", draw, NULL, NULL};
