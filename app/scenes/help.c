/* Help now: the national numbers, each with what it is for. Each card puts
 * the number first (never cut, read left to right in every language), then
 * its name and description, then badges: three blocks beside each other on
 * a wide screen; the number beside the text with the badges under it on a
 * portrait one (so a totem shows several numbers at once); one under the
 * other on a narrow one. */
#include "common.h"

#include <stdlib.h>

typedef struct {
    const IkHelpline *line;
    const char *badges[3];
    IkBuf langs;
} Card;

static void badges_of(IkKiosk *k, Card *c)
{
    IkUi *ui = &k->ui;
    const IkHelpline *l = c->line;
    memset(c->badges, 0, sizeof c->badges);
    memset(&c->langs, 0, sizeof c->langs);
    if (l->free == 1)
        c->badges[0] = ik_ui_str(ui, "help.free");
    if (l->always_open == 1)
        c->badges[1] = ik_ui_str(ui, "help.always_open");
    if (l->languages && *l->languages) {
        ik_buf_printf(&c->langs, "%s ", ik_ui_str(ui, "help.languages"));
        char *codes = ik_xstrdup(l->languages), *save = NULL;
        bool first = true;
        for (char *s = strtok_r(codes, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
            ik_buf_printf(&c->langs, "%s\u2068%s\u2069", first ? "" : ik_scene_list_sep(k->s.lang),
                          ik_scene_endonym(k, s));
            first = false;
        }
        free(codes);
        c->badges[2] = c->langs.data;
    }
}

typedef enum {
    BESIDE,                     /* number, text, badges side by side */
    UNDER,                      /* number beside the text, badges under the text */
    STACKED                     /* narrow: one under the other */
} Arrangement;

typedef struct {
    IkTextStyle number, name, desc, badge;
    int number_w;               /* the number block, as wide as the widest number */
    Arrangement arrange;
    int badge_w;
} Styles;

/* Lays out (draw false: only measures) one card at r.w; returns its height. */
static int card(IkKiosk *k, const Card *c, const Styles *s, IkRect r, bool draw)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    int pad = ik_ui_gap(ui, IK_GAP), gap = ik_ui_gap(ui, IK_GAP);
    IkRect in = ik_ui_inset(r, pad);
    in.h = 1 << 20;
    int icon = ik_ui_dp(ui, 48);
    int num_h = ik_ui_measure(ui, c->line->number, 0, s->number).h + 2 * ik_ui_gap(ui, IK_GAP_SMALL);
    if (num_h < ik_ui_target(ui))
        num_h = ik_ui_target(ui);
    IkRect num, text, badges;
    bool stacked = s->arrange == STACKED;
    if (stacked) {
        num = ik_ui_cut_top(&in, num_h, gap);
        text = in;
        badges = in;
    } else {
        num = ik_ui_cut_start(ui, &in, s->number_w, gap);
        badges = s->arrange == BESIDE ? ik_ui_cut_end(ui, &in, s->badge_w, gap) : in;
        text = in;
    }
    int name_h = ik_ui_measure(ui, c->line->name, text.w, s->name).h;
    int desc_h = ik_ui_measure(ui, c->line->description, text.w, s->desc).h;
    int text_h = name_h + ik_ui_gap(ui, IK_GAP_TIGHT) + desc_h;
    int badge_h = 0;
    for (int b = 0; b < 3; b++)
        if (c->badges[b])
            badge_h += ik_ui_measure(ui, c->badges[b], badges.w, s->badge).h +
                       ik_ui_gap(ui, IK_GAP_TIGHT);
    int h = stacked             ? num_h + gap + text_h + (badge_h ? gap + badge_h : 0)
            : s->arrange == UNDER ? text_h + (badge_h ? gap + badge_h : 0)
                                  : (text_h > badge_h ? text_h : badge_h);
    if (!stacked && h < num_h)
        h = num_h;
    h += 2 * pad;
    if (!draw)
        return h;
    r.h = h;
    char id[IK_UI_ID_MAX];
    snprintf(id, sizeof id, "helpline:%s", c->line->id);
    IkButton back = ik_ui_button_of(ui, IK_ICON_NONE, NULL, NULL);
    back.bg = t->surface;
    back.outline = ui->contrast;
    ik_ui_button_ex(ui, id, r, &back);
    int before = ik_ui_group_begin(ui, id, r);
    num.h = stacked ? num_h : h - 2 * pad;
    ik_ui_panel(ui, num, t->help_bg);
    IkRect nin = ik_ui_inset2(num, ik_ui_gap(ui, IK_GAP_SMALL), 0);
    IkRect ib = ik_ui_cut_start(ui, &nin, icon, ik_ui_gap(ui, IK_GAP_SMALL));
    ik_ui_icon(ui, IK_ICON_PHONE, ik_ui_center(ib, icon, icon), t->on_help);
    IkTextStyle ns = ik_kiosk_heard(k, c->line->number, s->number);
    ns.center_v = true;
    ik_ui_text(ui, c->line->number, nin, ns);
    int y = stacked ? num.y + num.h + gap : text.y;
    y += ik_ui_text(ui, c->line->name, (IkRect){text.x, y, text.w, 0},
                    ik_kiosk_heard(k, c->line->name, s->name)) + ik_ui_gap(ui, IK_GAP_TIGHT);
    y += ik_ui_text(ui, c->line->description, (IkRect){text.x, y, text.w, 0},
                    ik_kiosk_heard(k, c->line->description, s->desc));
    int by = s->arrange == BESIDE ? badges.y : y + gap;
    for (int b = 0; b < 3; b++) {
        if (!c->badges[b])
            continue;
        IkTextStyle bs = s->badge;
        bs.color = b == 2 ? t->muted : t->good;
        by += ik_ui_text(ui, c->badges[b], (IkRect){badges.x, by, badges.w, 0}, bs) +
              ik_ui_gap(ui, IK_GAP_TIGHT);
    }
    ik_ui_group_end(ui, before);
    return h;
}

/* The subtitle and the emergency hint at the top of r; returns the height
 * they take with the gap after them (drawn only when draw). */
static int head(IkKiosk *k, IkRect r, bool draw)
{
    IkUi *ui = &k->ui;
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING), hs = ik_ui_style(ui, IK_TEXT_BODY);
    st.id = "help.subtitle";
    hs.color = ui->theme.help_bg;
    hs.content = true;
    hs.id = "help.emergency_hint";
    const char *sub = ik_ui_str(ui, "help.subtitle"), *hint = ik_ui_str(ui, "help.emergency_hint");
    int h = draw ? ik_ui_text(ui, sub, r, ik_kiosk_heard(k, sub, st))
                 : ik_ui_measure(ui, sub, r.w, st).h;
    h += ik_ui_gap(ui, IK_GAP_TIGHT);
    IkRect below = {r.x, r.y + h, r.w, 0};
    h += draw ? ik_ui_text(ui, hint, below, ik_kiosk_heard(k, hint, hs))
              : ik_ui_measure(ui, hint, r.w, hs).h;
    return h + ik_ui_gap(ui, IK_GAP);
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkRect body = ik_ui_bar(ui, ik_ui_str(ui, "help.title"), IK_BAR_BACK | IK_BAR_HOME);
    /* The head stays in view unless its lines are so tall (Nastaliq in
     * larger text) that the numbers would get less than half the room:
     * then it scrolls with them. */
    bool head_fixed = head(k, (IkRect){body.x, body.y, body.w, 0}, false) <= body.h / 2;
    if (head_fixed)
        ik_ui_cut_top(&body, head(k, (IkRect){body.x, body.y, body.w, 0}, true), 0);
    int listen = ik_scene_listen_button(k, body);
    if (listen)
        ik_ui_cut_top(&body, listen, ik_ui_gap(ui, IK_GAP));

    size_t n = 0;
    IkHelpline *lines = k->content ? ik_content_helplines(k->content, k->s.lang, &n) : NULL;
    Styles s;
    s.number = ik_ui_style(ui, IK_TEXT_TITLE);
    s.number.color = t->on_help;
    s.number.ltr = true;
    s.number.align = IK_ALIGN_CENTER;
    s.name = ik_ui_style(ui, IK_TEXT_LABEL);
    s.name.content = true;
    s.desc = ik_ui_style(ui, IK_TEXT_SMALL);
    s.desc.content = true;
    s.badge = ik_ui_style(ui, IK_TEXT_SMALL);
    /* The number block fits the longest number on one line. */
    int widest = 0;
    for (size_t i = 0; i < n; i++) {
        int w = ik_ui_measure(ui, lines[i].number, 0, s.number).w;
        if (w > widest)
            widest = w;
    }
    s.number_w = widest + ik_ui_dp(ui, 48) + 3 * ik_ui_gap(ui, IK_GAP_SMALL);
    int inner = body.w - ik_ui_scroll_gutter(ui) - 2 * ik_ui_gap(ui, IK_GAP);
    s.badge_w = ik_ui_dp(ui, 330);
    /* Side by side only when the name and description keep a fair width. */
    int fair = ik_ui_dp(ui, 480 * ui->text_scale);
    s.arrange = inner - s.number_w - s.badge_w - 2 * ik_ui_gap(ui, IK_GAP) >= fair ? BESIDE
              : inner - s.number_w - ik_ui_gap(ui, IK_GAP) >= fair          ? UNDER
                                                                             : STACKED;

    IkRect c = ik_ui_scroll_begin(ui, body, &k->s.scroll[IK_SCENE_HELP]);
    c.w -= ik_ui_scroll_gutter(ui);
    c = ik_ui_mirror(c, body.x, body.w, ui->rtl);
    int y = 0, gap = ik_ui_gap(ui, IK_GAP);
    if (!head_fixed)
        y = head(k, (IkRect){c.x, c.y, c.w, 0}, true);
    for (size_t i = 0; i < n; i++) {
        Card cd = {&lines[i], {NULL, NULL, NULL}, {0}};
        badges_of(k, &cd);
        int h = card(k, &cd, &s, (IkRect){c.x, c.y + y, c.w, 0}, false);
        card(k, &cd, &s, (IkRect){c.x, c.y + y, c.w, h}, true);
        ik_buf_free(&cd.langs);
        y += h + gap;
    }
    ik_helplines_free(lines, n);
    if (ik_ui_scroll_end(ui, y))
        k->dirty = true;
}

/* Reads the help page aloud: what it is, then each number and what it is for. */
static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "listen") != 0)
        return false;
    size_t n = 0;
    IkHelpline *lines = k->content ? ik_content_helplines(k->content, k->s.lang, &n) : NULL;
    IkUtterance *texts = ik_xcalloc(2 + 3 * n, sizeof *texts);
    size_t count = 0;
    texts[count++] = (IkUtterance){k->s.lang, ik_ui_str(&k->ui, "help.subtitle")};
    texts[count++] = (IkUtterance){k->s.lang, ik_ui_str(&k->ui, "help.emergency_hint")};
    for (size_t i = 0; i < n; i++) {
        texts[count++] = (IkUtterance){k->s.lang, lines[i].name};
        texts[count++] = (IkUtterance){k->s.lang, lines[i].number};
        texts[count++] = (IkUtterance){k->s.lang, lines[i].description};
    }
    ik_kiosk_listen(k, texts, count);
    free(texts);
    ik_helplines_free(lines, n);
    return true;
}

const IkSceneOps ik_scene_help = {"help", draw, press, NULL};
