/* The service card: who, what, where (unless confidential), phone, hours
 * with "open now", languages spoken, free or not, and a QR code carrying a
 * contact that reveals nothing (ik_service_takeaway). */
#include "common.h"

#include <math.h>
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

/* A labelled fact (label small and muted, value below it) from y in c;
 * returns the height used. */
static int row(IkKiosk *k, IkRect c, int y, const char *id, const char *label, const char *value,
               bool ltr_value, IkTextSize size)
{
    IkUi *ui = &k->ui;
    IkTextStyle ls = ik_ui_style(ui, IK_TEXT_SMALL);
    ls.color = ui->theme.muted;
    ls.id = id;
    int h = ik_ui_text(ui, label, (IkRect){c.x, y, c.w, 0}, ls) + ik_ui_gap(ui, IK_GAP_TIGHT) / 2;
    IkTextStyle vs = ik_ui_style(ui, size);
    vs.content = true;
    vs.ltr = ltr_value;
    vs.id = id;
    h += ik_ui_text(ui, value, (IkRect){c.x, y + h, c.w, 0}, ik_kiosk_heard(k, value, vs));
    return h + ik_ui_gap(ui, IK_GAP);
}

/* "Closed now" or, opening later today, when ("Apre alle 14:00"). */
static void open_state(IkKiosk *k, const IkService *sv, bool open, char *out, size_t size)
{
    IkUi *ui = &k->ui;
    snprintf(out, size, "%s", ik_ui_str(ui, open ? "service.open_now" : "service.closed_now"));
    if (open)
        return;
    int next = ik_schedule_opens_later(sv->openings, sv->opening_count, ik_kiosk_wall(k));
    if (next < 0)
        return;
    char hhmm[16];
    snprintf(hhmm, sizeof hhmm, "\u2066%02d:%02d\u2069", next / 60 % 24, next % 60);
    /* The catalog string is data: substitute its %s by hand. */
    const char *fmt = ik_ui_str(ui, "service.opens_at");
    const char *at = strstr(fmt, "%s");
    if (at)
        snprintf(out, size, "%.*s%s%s", (int)(at - fmt), fmt, hhmm, at + 2);
}

/* The badges (open now, free, demo) flowing in a row; returns the height. */
static int badges(IkKiosk *k, const IkService *sv, IkRect r, bool draw)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    bool open = ik_service_open_at(sv, ik_kiosk_wall(k));
    char when[160];
    open_state(k, sv, open, when, sizeof when);
    const char *texts[3] = {when, sv->free ? ik_ui_str(ui, "service.free") : NULL,
                            sv->demo ? ik_ui_str(ui, "service.demo_ribbon") : NULL};
    SDL_Color bg[3] = {open ? t->good : t->surface_alt, t->accent, t->ribbon};
    SDL_Color fg[3] = {open ? t->on_accent : t->text, t->on_accent, t->on_ribbon};
    static const char *const ids[3] = {"service.open", "service.free", "demo-ribbon"};
    IkTextStyle bs = ik_ui_style(ui, IK_TEXT_SMALL);
    bs.align = IK_ALIGN_CENTER;
    bs.center_v = true;
    int pad = ik_ui_gap(ui, IK_GAP_SMALL), n = 0, widths[3], which[3];
    int line = 0;
    for (int i = 0; i < 3; i++) {
        if (!texts[i])
            continue;
        IkSize s = ik_ui_measure(ui, texts[i], r.w - 2 * pad, bs);
        widths[n] = s.w + 2 * pad + ik_ui_dp(ui, 16);
        if (s.h + 2 * pad > line)
            line = s.h + 2 * pad;
        which[n++] = i;
    }
    IkRect boxes[3];
    int h = ik_ui_flow(ui, r, widths, n, line, ik_ui_gap(ui, IK_GAP_SMALL), boxes);
    for (int j = 0; draw && j < n; j++) {
        int i = which[j];
        ik_ui_panel(ui, boxes[j], bg[i]);
        int before = ik_ui_group_begin(ui, ids[i], boxes[j]);
        bs.color = fg[i];
        ik_ui_text(ui, texts[i], ik_ui_inset(boxes[j], pad), bs);
        ik_ui_group_end(ui, before);
    }
    return h;
}

/* The QR card: the code, what it is for, and exactly what the phone will
 * keep (a neutral name and the numbers), so the reader knows it reveals
 * nothing. */
static int qr_card(IkKiosk *k, const IkService *sv, IkRect r, bool draw)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    int pad = ik_ui_gap(ui, IK_GAP), small = pad / 2;
    int side = r.w - 2 * pad < ik_ui_dp(ui, 280) ? r.w - 2 * pad : ik_ui_dp(ui, 280);
    IkTextStyle qs = ik_ui_style(ui, IK_TEXT_SMALL);
    qs.align = IK_ALIGN_CENTER;
    qs.id = "service.qr";
    const char *hint = ik_ui_str(ui, "service.qr");
    const char *shows_label = ik_ui_str(ui, "service.qr_shows");
    const char *contact = sv->contact && *sv->contact ? sv->contact
                                                      : ik_ui_str(ui, "service.qr_contact");
    IkBuf shows = {0};
    ik_buf_printf(&shows, "\u2068%s\u2069\n", contact);
    for (size_t i = 0; i < sv->phone_count; i++) {
        /* A number never breaks across lines (no-break spaces inside it). */
        ik_buf_puts(&shows, i ? "   \u2066" : "\u2066");
        for (const char *p = sv->phones[i].number; *p; p++)
            ik_buf_puts(&shows, *p == ' ' ? "\u00A0" : (char[2]){*p, '\0'});
        ik_buf_puts(&shows, "\u2069");
    }
    int tw = r.w - 2 * pad;
    int hh = ik_ui_measure(ui, hint, tw, qs).h;
    IkTextStyle ls = qs;
    ls.color = t->muted;
    ls.id = "service.qr_shows";
    int lh = ik_ui_measure(ui, shows_label, tw, ls).h;
    IkTextStyle cs = qs;
    cs.id = "service.qr_contact";
    int ch = ik_ui_measure(ui, shows.data, tw - 2 * pad, cs).h + 2 * small;
    int h = pad + side + pad + hh + pad + lh + small + ch + pad;
    if (draw) {
        r.h = h;
        ik_ui_panel(ui, r, t->surface);
        char *card = ik_service_takeaway(sv, contact);
        if (card)
            ik_ui_qr(ui, card, (IkRect){r.x + (r.w - side) / 2, r.y + pad, side, side});
        free(card);
        int y = r.y + 2 * pad + side;
        ik_ui_text(ui, hint, (IkRect){r.x + pad, y, tw, 0}, qs);
        y += hh + pad;
        ik_ui_text(ui, shows_label, (IkRect){r.x + pad, y, tw, 0}, ls);
        y += lh + small;
        IkRect box = {r.x + pad, y, tw, ch};
        ik_ui_panel(ui, box, t->surface_alt);
        ik_ui_text(ui, shows.data, ik_ui_inset2(box, pad, small), cs);
    }
    ik_buf_free(&shows);
    return h;
}

/* The street address with its city. */
static void address(const IkService *sv, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s", sv->address ? sv->address : "", sv->city ? ", " : "",
             sv->city ? sv->city : "");
}

/* The facts, from y in c; returns the height used. */
static int facts(IkKiosk *k, const IkService *sv, IkRect c, int y)
{
    IkUi *ui = &k->ui;
    int y0 = y;
    if (sv->organization)
        y += row(k, c, y, "service.organization", ik_ui_str(ui, "service.organization"),
                 sv->organization, false, IK_TEXT_BODY);
    for (size_t i = 0; i < sv->phone_count; i++)
        y += row(k, c, y, "service.phone", ik_ui_str(ui, "service.phone"), sv->phones[i].number,
                 true, IK_TEXT_TITLE);
    if (sv->description)
        y += row(k, c, y, "service.description", ik_ui_str(ui, "service.description"),
                 sv->description, false, IK_TEXT_BODY);
    if (sv->confidential || !sv->address) {
        y += row(k, c, y, "service.address", ik_ui_str(ui, "service.address"),
                 ik_ui_str(ui, "service.address_confidential"), false, IK_TEXT_BODY);
    } else {
        char adr[512];
        address(sv, adr, sizeof adr);
        y += row(k, c, y, "service.address", ik_ui_str(ui, "service.address"), adr, false,
                 IK_TEXT_BODY);
    }
    if (sv->email)
        y += row(k, c, y, "service.email", ik_ui_str(ui, "service.email"), sv->email, true,
                 IK_TEXT_BODY);
    if (sv->opening_count || sv->hours_note_count) {
        char *hours = ik_content_hours(k->content, k->s.lang, sv);
        y += row(k, c, y, "service.hours", ik_ui_str(ui, "service.hours"), hours, false,
                 IK_TEXT_BODY);
        free(hours);
    }
    if (sv->language_count) {
        IkBuf lb = {0};
        for (size_t i = 0; i < sv->language_count; i++) {
            if (i)
                ik_buf_puts(&lb, ik_scene_list_sep(k->s.lang));
            /* Each name isolated so scripts of different directions stay apart. */
            ik_buf_printf(&lb, "\u2068%s\u2069", ik_scene_endonym(k, sv->languages[i]));
        }
        y += row(k, c, y, "service.languages", ik_ui_str(ui, "service.languages"), lb.data, false,
                 IK_TEXT_BODY);
        ik_buf_free(&lb);
    }
    if (sv->min_age >= 0 && sv->max_age >= 0) {
        char ages[128];
        ik_scene_format(ages, sizeof ages, ik_ui_str(ui, "service.ages"), sv->min_age, sv->max_age);
        IkTextStyle as = ik_ui_style(ui, IK_TEXT_BODY);
        as.id = "service.ages";
        y += ik_ui_text(ui, ages, (IkRect){c.x, y, c.w, 0}, as) + ik_ui_gap(ui, IK_GAP);
    }
    char date[96];
    if (sv->checked && ik_content_date(k->s.lang, sv->checked, date, sizeof date)) {
        /* when the directory last checked what the card says */
        char line[256];
        const char *fmt = ik_ui_str(ui, "service.checked"), *at = strstr(fmt, "%s");
        snprintf(line, sizeof line, "%.*s%s%s", at ? (int)(at - fmt) : (int)strlen(fmt), fmt,
                 at ? date : "", at ? at + 2 : "");
        IkTextStyle cs = ik_ui_style(ui, IK_TEXT_SMALL);
        cs.color = ui->theme.muted;
        cs.id = "service.checked";
        y += ik_ui_text(ui, line, (IkRect){c.x, y, c.w, 0}, cs) + ik_ui_gap(ui, IK_GAP);
    }
    return y - y0;
}

/* True when every phone number fits a facts column of width w on one line,
 * at the smallest its style may shrink to (a number is never broken). */
static bool phones_fit(IkKiosk *k, const IkService *sv, int w)
{
    IkUi *ui = &k->ui;
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_TITLE);
    st.ltr = st.content = true;
    st.px = (int)lroundf(ik_ui_px(ui, IK_TEXT_TITLE) * IK_UI_FIT_FLOOR);
    for (size_t i = 0; i < sv->phone_count; i++)
        if (ik_ui_measure(ui, sv->phones[i].number, 0, st).w > w - ik_ui_scroll_gutter(ui))
            return false;
    return true;
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    load(k);
    const IkService *sv = k->service;
    IkRect body = ik_ui_bar(ui, NULL, IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    if (!sv)
        return;
    int gap = ik_ui_gap(ui, IK_GAP), pad = ik_ui_gap(ui, IK_GAP_LARGE);
    /* The end column holds the QR card and the badges beside the facts
     * when they fit there; otherwise they follow the facts (portrait). */
    bool portrait = ik_ui_portrait(ui);
    if (!portrait) {
        int sw = body.w * 3 / 10 > ik_ui_dp(ui, 460) ? body.w * 3 / 10 : ik_ui_dp(ui, 460);
        IkRect side = {body.x, body.y, sw, body.h};
        int qh = qr_card(k, sv, side, false), bh = badges(k, sv, side, false);
        portrait = qh + gap + bh > body.h || !phones_fit(k, sv, body.w - sw - gap - 2 * pad);
        if (!portrait) {
            side = ik_ui_cut_end(ui, &body, sw, gap);
            qr_card(k, sv, ik_ui_cut_top(&side, qh, gap), true);
            badges(k, sv, side, true);
        }
    }
    /* The facts, scrollable: name first, never cut. */
    ik_ui_panel(ui, body, t->surface);
    IkRect view = ik_ui_inset2(body, 0, gap);
    IkRect c = ik_ui_scroll_begin(ui, view, &k->s.scroll[IK_SCENE_SERVICE]);
    c = ik_ui_inset2(c, pad, 0);
    c.w -= ik_ui_scroll_gutter(ui);
    c = ik_ui_mirror(c, view.x + pad, view.w - 2 * pad, ui->rtl);
    c.h = 1 << 20;
    int y = c.y;
    IkTextStyle ts = ik_ui_style(ui, IK_TEXT_TITLE);
    ts.id = "service.name";
    y += ik_ui_text(ui, sv->name, (IkRect){c.x, y, c.w, 0}, ik_kiosk_heard(k, sv->name, ts)) + gap;
    int listen = ik_scene_listen_button(k, (IkRect){c.x, y, c.w, 0});
    y += listen ? listen + gap : 0;
    if (portrait)
        y += badges(k, sv, (IkRect){c.x, y, c.w, 0}, true) + gap;
    y += facts(k, sv, c, y);
    if (portrait) {
        int qw = c.w < ik_ui_dp(ui, 600) ? c.w : ik_ui_dp(ui, 600);
        y += qr_card(k, sv, (IkRect){c.x + (c.w - qw) / 2, y, qw, 0}, true) + gap;
    }
    if (ik_ui_scroll_end(ui, y - c.y + gap))
        k->dirty = true;
}

/* The language a text of the service is shown in: the reader's, or Italian
 * where it is not translated (read with the Italian voice, not misread). */
static const char *text_lang(IkKiosk *k, const IkService *sv, const char *field)
{
    char key[200];
    snprintf(key, sizeof key, "service:%s:%s", sv->id, field);
    return !k->content || ik_content_has_text(k->content, k->s.lang, key) ? k->s.lang
                                                                          : IK_SOURCE_LANG;
}

/* Reads the card aloud: name, who offers it, phone numbers, what it offers,
 * where (or that the address is told by phone). */
static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "listen") != 0)
        return false;
    load(k);
    const IkService *sv = k->service;
    if (!sv)
        return false;
    IkUtterance *texts = ik_xcalloc(5 + sv->phone_count, sizeof *texts);
    size_t n = 0;
    char adr[512];
    const char *lang = k->s.lang;
    texts[n++] = (IkUtterance){text_lang(k, sv, "name"), sv->name};
    if (sv->organization)
        texts[n++] = (IkUtterance){lang, sv->organization};
    for (size_t i = 0; i < sv->phone_count; i++)
        texts[n++] = (IkUtterance){lang, sv->phones[i].number};
    if (sv->description)
        texts[n++] = (IkUtterance){text_lang(k, sv, "description"), sv->description};
    if (sv->confidential || !sv->address) {
        texts[n++] = (IkUtterance){lang, ik_ui_str(&k->ui, "service.address_confidential")};
    } else {
        address(sv, adr, sizeof adr);
        texts[n++] = (IkUtterance){lang, adr};
    }
    ik_kiosk_listen(k, texts, n);
    free(texts);
    return true;
}

const IkSceneOps ik_scene_service = {"service", draw, press, NULL};
