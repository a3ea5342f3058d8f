/* Directory: browse by area (list and map) and category (tiles), filter,
 * search as you type on the on-screen keyboard, results as cards. */
#include "common.h"

#include <stdlib.h>

#define NCAT IK_CATEGORY_COUNT
#define NFILTER 4
/* The ages offered by the age filter (HSDS minimum and maximum age). */
#define AGE_MIN 3
#define AGE_MAX 17

static void search(IkKiosk *k)
{
    char key[sizeof k->results_key];
    IkSession *s = &k->s;
    snprintf(key, sizeof key, "%s|%s|%s|%s|%d%d%d|%d", s->lang, s->query, s->area, s->category,
             s->open_now, s->free_only, s->my_language, s->age);
    if (k->results && strcmp(key, k->results_key) == 0)
        return;
    ik_search_results_free(k->results, k->result_count);
    k->results = NULL;
    k->result_count = 0;
    snprintf(k->results_key, sizeof k->results_key, "%s", key);
    if (!k->content)
        return;
    IkSearchFilter f = {0};
    f.area = s->area[0] ? s->area : NULL;
    f.category = s->category[0] ? s->category : NULL;
    f.language = s->my_language ? s->lang : NULL;
    f.open_now = s->open_now;
    f.now = ik_kiosk_wall(k);
    f.free_only = s->free_only;
    f.age = s->age;
    f.home_area = k->config.home_area[0] ? k->config.home_area : NULL;
    f.limit = 60;
    k->results = ik_content_search(k->content, s->lang, s->query, &f, &k->result_count);
    if (!k->results)
        ik_log(IK_LOG_WARN, "search failed: %s", ik_error());
    s->scroll[IK_SCENE_DIRECTORY] = 0;
}

static const char *term_name(IkTerm *terms, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(terms[i].code, code) == 0)
            return terms[i].name;
    return code;
}

static int field_height(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    int h = ik_ui_line_height(ui, ik_ui_style(ui, IK_TEXT_BODY)) + 2 * ik_ui_gap(ui, IK_GAP);
    return h > ik_ui_dp(ui, 96) ? h : ik_ui_dp(ui, 96);
}

static void search_field(IkKiosk *k, IkRect r)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    bool empty = !k->s.query[0];
    IkButton clear = ik_ui_button_of(ui, IK_ICON_NONE, ik_ui_str(ui, "directory.search.clear"), NULL);
    IkSize cs = ik_ui_button_size(ui, &clear, r.w / 3);
    ik_ui_hit(ui, "search", r);
    if (ui->gfx) {
        float rad = (float)ik_ui_dp(ui, 18);
        ik_gfx_fill_round(ui->gfx, r, rad, t->surface);
        ik_gfx_stroke_round(ui->gfx, r, rad, (float)ik_ui_dp(ui, k->s.keyboard_open ? 5 : 3),
                            k->s.keyboard_open ? t->accent : t->border);
    }
    int before = ik_ui_group_begin(ui, "search", r);
    IkRect in = ik_ui_inset2(r, ik_ui_gap(ui, IK_GAP), ik_ui_gap(ui, IK_GAP_SMALL));
    int icon = ik_ui_dp(ui, 52);
    IkRect ib = ik_ui_cut_start(ui, &in, icon, ik_ui_gap(ui, IK_GAP));
    ik_ui_icon(ui, IK_ICON_SEARCH, ik_ui_center(ib, icon, icon), t->muted);
    IkRect cb = {0, 0, 0, 0};
    if (!empty)
        cb = ik_ui_cut_end(ui, &in, cs.w, ik_ui_gap(ui, IK_GAP));
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.center_v = true;
    st.id = "search";
    if (empty) {
        st.color = t->muted;
        ik_ui_text(ui, ik_ui_str(ui, "directory.search.placeholder"), in, st);
    } else {
        /* What was typed: the end of a long query stays in view. */
        st.may_cut = true;
        st.max_lines = 1;
        ik_ui_text(ui, k->s.query, in, st);
    }
    ik_ui_group_end(ui, before);
    if (!empty) {
        int h = cs.h < r.h - 2 * ik_ui_gap(ui, IK_GAP_TIGHT) ? cs.h : r.h - 2 * ik_ui_gap(ui, IK_GAP_TIGHT);
        ik_ui_button_ex(ui, "search-clear", (IkRect){cb.x, r.y + (r.h - h) / 2, cb.w, h}, &clear);
    }
}

/* ---- result cards -------------------------------------------------------- */
typedef struct {
    const char *name, *org;
    char sub[256];
} CardText;

static void card_text(const IkSearchResult *r, IkTerm *areas, size_t na, CardText *c)
{
    const char *area = r->area ? term_name(areas, na, r->area) : "";
    c->name = r->name;
    c->org = r->organization ? r->organization : "";
    if (r->city && *r->city)
        snprintf(c->sub, sizeof c->sub, "%s · %s", r->city, area);
    else
        snprintf(c->sub, sizeof c->sub, "%s", area);
}

/* Height of a card of width w (the name, organisation, town and area all
 * wrap: what tells services apart is never cut). */
static int card_height(IkUi *ui, const CardText *c, int w)
{
    int pad = ik_ui_gap(ui, IK_GAP);
    IkTextStyle ns = ik_ui_style(ui, IK_TEXT_LABEL), ss = ik_ui_style(ui, IK_TEXT_SMALL);
    int tw = w - 2 * pad;
    return 2 * pad + ik_ui_measure(ui, c->name, tw, ns).h + ik_ui_gap(ui, IK_GAP_TIGHT) +
           ik_ui_measure(ui, c->org, tw, ss).h + ik_ui_gap(ui, IK_GAP_TIGHT) / 2 +
           ik_ui_measure(ui, c->sub, tw, ss).h;
}

static void card(IkKiosk *k, const char *id, const CardText *c, IkRect box)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkButton back = ik_ui_button_of(ui, IK_ICON_NONE, NULL, NULL);
    back.bg = t->surface;
    back.outline = ui->contrast;
    ik_ui_button_ex(ui, id, box, &back);
    if (!ik_ui_visible(ui, box))
        return;
    int before = ik_ui_group_begin(ui, id, box);
    IkRect in = ik_ui_inset(box, ik_ui_gap(ui, IK_GAP));
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_LABEL);
    int y = in.y + ik_ui_text(ui, c->name, (IkRect){in.x, in.y, in.w, 0}, st) +
            ik_ui_gap(ui, IK_GAP_TIGHT);
    st = ik_ui_style(ui, IK_TEXT_SMALL);
    st.color = t->muted;
    y += ik_ui_text(ui, c->org, (IkRect){in.x, y, in.w, 0}, st) + ik_ui_gap(ui, IK_GAP_TIGHT) / 2;
    ik_ui_text(ui, c->sub, (IkRect){in.x, y, in.w, 0}, st);
    ik_ui_group_end(ui, before);
}

/* Nothing found: say so, offer to show everything, and the help numbers. */
static int no_results(IkKiosk *k, IkRect c, int y)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    int gap = ik_ui_gap(ui, IK_GAP);
    int y0 = y;
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
    st.id = "directory.results.none";
    y += ik_ui_text(ui, ik_ui_str(ui, "directory.results.none"), (IkRect){c.x, y, c.w, 0}, st) + gap / 2;
    st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = t->muted;
    st.id = "directory.results.none_hint";
    y += ik_ui_text(ui, ik_ui_str(ui, "directory.results.none_hint"), (IkRect){c.x, y, c.w, 0}, st) + gap;
    IkButton all = ik_ui_button_of(ui, IK_ICON_ALL, ik_ui_str(ui, "directory.results.show_all"), NULL);
    all.bg = t->accent;
    all.fg = t->on_accent;
    all.outline = ui->contrast;
    IkSize as = ik_ui_button_size(ui, &all, c.w);
    IkRect row = {c.x, y, c.w, as.h};
    ik_ui_button_ex(ui, "show-all", ik_ui_cut_start(ui, &row, as.w, 0), &all);
    y += as.h + gap;
    /* Nothing found still leaves a way to help. */
    size_t nh = 0;
    IkHelpline *lines = k->content ? ik_content_helplines(k->content, k->s.lang, &nh) : NULL;
    IkTextStyle ns = ik_ui_style(ui, IK_TEXT_LABEL);
    ns.ltr = true;
    ns.color = t->help_bg;
    ns.id = "helpline.number";
    IkTextStyle ds = ik_ui_style(ui, IK_TEXT_SMALL);
    ds.id = "helpline.name";
    int nw = 0;
    for (size_t i = 0; i < nh; i++) {
        int w = ik_ui_measure(ui, lines[i].number, 0, ns).w;
        if (w > nw)
            nw = w;
    }
    for (size_t i = 0; i < nh; i++) {
        IkRect line = {c.x, y, c.w, 0};
        IkRect num = ik_ui_cut_start(ui, &line, nw, gap);
        int h1 = ik_ui_text(ui, lines[i].number, (IkRect){num.x, y, num.w, 0}, ns);
        int h2 = ik_ui_text(ui, lines[i].name, (IkRect){line.x, y, line.w, 0}, ds);
        y += (h1 > h2 ? h1 : h2) + ik_ui_gap(ui, IK_GAP_SMALL);
    }
    ik_helplines_free(lines, nh);
    return y - y0;
}

/* The results from y in c: cards in as many columns as fit. */
static int results(IkKiosk *k, IkRect c, int y, IkTerm *areas, size_t na)
{
    IkUi *ui = &k->ui;
    if (k->result_count == 0)
        return no_results(k, c, y);
    int gap = ik_ui_gap(ui, IK_GAP);
    int cols = ik_ui_grid_columns(c.w, (int)k->result_count, ik_ui_dp(ui, 460 * ui->text_scale), 3, gap);
    int w = (c.w - gap * (cols - 1)) / cols;
    int y0 = y;
    for (size_t first = 0; first < k->result_count; first += (size_t)cols) {
        CardText ct[8];
        int h = 0;
        size_t n = k->result_count - first < (size_t)cols ? k->result_count - first : (size_t)cols;
        for (size_t j = 0; j < n; j++) {
            card_text(&k->results[first + j], areas, na, &ct[j]);
            int ch = card_height(ui, &ct[j], w);
            if (ch > h)
                h = ch;
        }
        IkRect boxes[8];
        ik_ui_grid(ui, (IkRect){c.x, y, c.w, h}, (int)n, cols, h, gap, boxes);
        for (size_t j = 0; j < n; j++) {
            char id[IK_UI_ID_MAX];
            snprintf(id, sizeof id, "result:%zu", first + j);
            card(k, id, &ct[j], boxes[j]);
        }
        y += h + gap;
    }
    return y - y0;
}

/* ---- browsing ------------------------------------------------------------ */
/* The areas: the map at the start, the area chips and the demo ribbon
 * beside it (wide) or under it (narrow). Returns the height used. */
static int areas_section(IkKiosk *k, IkRect r, int max_h, IkTerm *areas, size_t na, bool draw)
{
    IkUi *ui = &k->ui;
    IkSession *s = &k->s;
    int gap = ik_ui_gap(ui, IK_GAP_SMALL);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_LABEL);
    st.id = "directory.areas.title";
    const char *title = ik_ui_str(ui, "directory.areas.title");
    int y = r.y;
    int th = ik_ui_measure(ui, title, r.w, st).h;
    if (draw)
        ik_ui_text(ui, title, (IkRect){r.x, y, r.w, 0}, st);
    y += th + gap;
    const char *names[3];
    char labels[4][200];
    for (int i = 0; i < 3; i++) {
        names[i] = term_name(areas, na, ik_content_areas[i]);
        snprintf(labels[i], sizeof labels[i], "%d  %s", i + 1, names[i]);
    }
    snprintf(labels[3], sizeof labels[3], "%s", ik_ui_str(ui, "directory.areas.all"));
    /* The map needs room for three targets side by side. */
    int map_min = 3 * ik_ui_target(ui) + 2 * gap;
    bool beside = r.w >= map_min + ik_ui_dp(ui, 420);
    int map = beside ? r.w * 2 / 5 : r.w;
    if (map > ik_ui_dp(ui, 420))
        map = ik_ui_dp(ui, 420);
    if (max_h > 0 && !beside) {
        /* In a panel of fixed height the map takes what the chips leave. */
        int chips = 0;
        for (int i = 0; i < 4; i++)
            chips += ik_ui_chip_size(ui, labels[i], r.w).h + gap;
        chips += ik_scene_demo_ribbon_height(k, r.w) + ik_ui_gap(ui, IK_GAP);
        if (map > max_h - (y - r.y) - chips)
            map = max_h - (y - r.y) - chips;
    }
    if (map < map_min)
        map = 0;
    IkRect rest = {r.x, y, r.w, 1 << 20};
    IkRect map_box = {0, 0, 0, 0};
    if (map) {
        map_box = beside ? ik_ui_cut_start(ui, &rest, map, ik_ui_gap(ui, IK_GAP))
                         : ik_ui_cut_top(&rest, map, ik_ui_gap(ui, IK_GAP));
        map_box = ik_ui_center((IkRect){map_box.x, map_box.y, map_box.w, map}, map, map);
    }
    int cy = rest.y;
    for (int i = 0; i < 4; i++) {
        IkSize cs = ik_ui_chip_size(ui, labels[i], rest.w);
        if (draw) {
            char id[IK_UI_ID_MAX];
            snprintf(id, sizeof id, "area:%s", i < 3 ? ik_content_areas[i] : "all");
            bool on = i < 3 ? strcmp(s->area, ik_content_areas[i]) == 0 : !s->area[0];
            ik_ui_chip(ui, id, (IkRect){rest.x, cy, rest.w, cs.h}, labels[i], on);
        }
        cy += cs.h + gap;
    }
    int rh = ik_scene_demo_ribbon_height(k, rest.w);
    if (rh) {
        if (draw)
            ik_scene_demo_ribbon(k, (IkRect){rest.x, cy, rest.w, rh});
        cy += rh + gap;
    }
    if (draw && map)
        ik_ui_map(ui, map_box, s->area, names);
    int end = cy - gap;
    if (map && map_box.y + map_box.h > end)
        end = map_box.y + map_box.h;
    return end - r.y;
}

/* The category tiles: pictogram over the name, one font size for the set.
 * Returns the height used. */
static int categories_section(IkKiosk *k, IkRect r, IkTerm *cats, size_t nc)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkSession *s = &k->s;
    int gap = ik_ui_gap(ui, IK_GAP_SMALL), pad = ik_ui_gap(ui, IK_GAP_SMALL);
    int cols = ik_ui_grid_columns(r.w, NCAT + 1, ik_ui_dp(ui, 170 * ui->text_scale), NCAT + 1, gap);
    if (cols == 4 || cols == 5)
        cols = 3;       /* two even rows rather than a lone tile */
    int tw = (r.w - gap * (cols - 1)) / cols;
    int icon = ik_ui_dp(ui, 72);
    const char *labels[NCAT + 1];
    /* One font size for the whole set: the one the longest word fits at. */
    int tile_px = 0;
    for (int i = 0; i <= NCAT; i++) {
        labels[i] = i < NCAT ? term_name(cats, nc, ik_content_categories[i]) : ik_ui_str(ui, "directory.categories.all");
        IkTextStyle cs = ik_ui_style(ui, IK_TEXT_SMALL);
        cs.align = IK_ALIGN_CENTER;
        cs = ik_ui_fit(ui, labels[i], tw - 2 * pad, 1 << 20, cs);
        if (tile_px == 0 || cs.px < tile_px)
            tile_px = cs.px;
    }
    int label_h = 0;
    for (int i = 0; i <= NCAT; i++) {
        IkTextStyle cs = ik_ui_style(ui, IK_TEXT_SMALL);
        cs.px = tile_px;
        int h = ik_ui_measure(ui, labels[i], tw - 2 * pad, cs).h;
        if (h > label_h)
            label_h = h;
    }
    int th = pad + icon + pad / 2 + label_h + pad;
    IkRect boxes[NCAT + 1];
    int h = ik_ui_grid(ui, r, NCAT + 1, cols, th, gap, boxes);
    for (int i = 0; i <= NCAT; i++) {
        char id[IK_UI_ID_MAX];
        const char *code = i < NCAT ? ik_content_categories[i] : "all";
        snprintf(id, sizeof id, "category:%s", code);
        bool on = i < NCAT ? strcmp(s->category, code) == 0 : !s->category[0];
        IkButton b = ik_ui_button_of(ui, IK_ICON_NONE, NULL, NULL);
        b.bg = on ? t->accent : t->surface;
        b.outline = true;
        ik_ui_button_ex(ui, id, boxes[i], &b);
        if (!ik_ui_visible(ui, boxes[i]))
            continue;
        int before = ik_ui_group_begin(ui, id, boxes[i]);
        SDL_Color fg = on ? t->on_accent : t->text;
        IkRect in = ik_ui_inset(boxes[i], pad);
        ik_ui_icon(ui, i < NCAT ? ik_ui_icon_named(code) : IK_ICON_ALL,
                   ik_ui_center(ik_ui_cut_top(&in, icon, pad / 2), icon, icon), fg);
        IkTextStyle cs = ik_ui_style(ui, IK_TEXT_SMALL);
        cs.color = fg;
        cs.align = IK_ALIGN_CENTER;
        cs.px = tile_px;
        ik_ui_text(ui, labels[i], (IkRect){in.x, in.y, in.w, 0}, cs);
        ik_ui_group_end(ui, before);
    }
    return h;
}

/* Filters (open now, free, my language, age) and the row of ages: chips
 * as wide as their labels, wrapping onto new rows. Returns the height
 * (drawn only when draw). */
static int filters_section(IkKiosk *k, IkRect r, bool draw)
{
    IkUi *ui = &k->ui;
    IkSession *s = &k->s;
    char age_label[96];
    if (s->age >= 0) {
        const char *afmt = k->content ? ik_content_plural(k->content, s->lang,
                                                          "ui:directory.filter.age_value", s->age)
                                      : "%d";
        ik_scene_format(age_label, sizeof age_label, afmt, s->age, 0);
    } else {
        snprintf(age_label, sizeof age_label, "%s", ik_ui_str(ui, "directory.filter.age"));
    }
    enum { NAGES = AGE_MAX - AGE_MIN + 2 };
    struct { char id[IK_UI_ID_MAX]; char label[96]; bool on; } chips[NFILTER + NAGES];
    int n = 0;
    const char *fids[NFILTER] = {"filter:open-now", "filter:free", "filter:my-language", "filter:age"};
    const char *flabels[NFILTER] = {ik_ui_str(ui, "directory.filter.open_now"),
                                    ik_ui_str(ui, "directory.filter.free"),
                                    ik_ui_str(ui, "directory.filter.language"), age_label};
    bool fon[NFILTER] = {s->open_now, s->free_only, s->my_language, s->age >= 0};
    for (int i = 0; i < NFILTER; i++, n++) {
        snprintf(chips[n].id, sizeof chips[n].id, "%s", fids[i]);
        snprintf(chips[n].label, sizeof chips[n].label, "%s", flabels[i]);
        chips[n].on = fon[i];
    }
    int gap = ik_ui_gap(ui, IK_GAP_SMALL);
    int widths[NFILTER + NAGES], row_h = 0;
    IkRect boxes[NFILTER + NAGES];
    for (int i = 0; i < n; i++) {
        IkSize cs = ik_ui_chip_size(ui, chips[i].label, r.w);
        widths[i] = cs.w;
        if (cs.h > row_h)
            row_h = cs.h;
    }
    int h = ik_ui_flow(ui, r, widths, n, row_h, gap, boxes);
    for (int i = 0; i < n && draw; i++)
        ik_ui_chip(ui, chips[i].id, boxes[i], chips[i].label, chips[i].on);
    if (!s->age_open)
        return h;
    /* A row of ages: any age, then one chip per year. */
    int m = 0;
    snprintf(chips[m].id, sizeof chips[m].id, "age:any");
    snprintf(chips[m].label, sizeof chips[m].label, "%s", ik_ui_str(ui, "directory.filter.any_age"));
    chips[m++].on = s->age < 0;
    for (int a = AGE_MIN; a <= AGE_MAX; a++, m++) {
        snprintf(chips[m].id, sizeof chips[m].id, "age:%d", a);
        snprintf(chips[m].label, sizeof chips[m].label, "%d", a);
        chips[m].on = s->age == a;
    }
    int age_h = 0;
    for (int i = 0; i < m; i++) {
        IkSize cs = ik_ui_chip_size(ui, chips[i].label, r.w);
        widths[i] = i == 0 ? cs.w : ik_ui_target(ui) + ik_ui_dp(ui, 16);
        if (cs.h > age_h)
            age_h = cs.h;
    }
    IkRect ar = {r.x, r.y + h + gap, r.w, 0};
    int h2 = ik_ui_flow(ui, ar, widths, m, age_h, gap, boxes);
    for (int i = 0; i < m && draw; i++)
        ik_ui_chip(ui, chips[i].id, boxes[i], chips[i].label, chips[i].on);
    return h + gap + h2;
}

/* Typing: the field on top, the keyboard at the foot, results between. */
static void draw_typing(IkKiosk *k, IkRect body, IkTerm *areas, size_t na)
{
    IkUi *ui = &k->ui;
    IkSession *s = &k->s;
    int gap = ik_ui_gap(ui, IK_GAP);
    search_field(k, ik_ui_cut_top(&body, field_height(k), gap));
    IkKeyboard own = ik_ui_keyboard_for(s->lang), kb = s->keys.latin ? IK_KEYS_LATIN : own;
    int rows = ik_ui_keyboard_rows(own, &s->keys) + 1;
    int key_h = ik_ui_dp(ui, 88);
    if (key_h * rows > body.h * 3 / 5)
        key_h = body.h * 3 / 5 / rows;
    if (key_h < ik_ui_keyboard_key_height(ui, kb))
        key_h = ik_ui_keyboard_key_height(ui, kb);
    /* Never over the field: on a screen too short the keys get smaller
     * (and the checks say if their letters no longer fit). */
    if (rows * (key_h + ik_ui_dp(ui, 8)) + ik_ui_dp(ui, 8) > body.h + ik_ui_gap(ui, IK_GAP))
        key_h = (body.h + ik_ui_gap(ui, IK_GAP) - ik_ui_dp(ui, 8)) / rows - ik_ui_dp(ui, 8);
    /* The keyboard spans the screen's width down to the bar at the
     * foot, if any (help and quick exit stay in reach), else the edge. */
    IkRect screen = ik_ui_canvas(ui);
    int foot = body.y + body.h + ik_ui_gap(ui, IK_GAP);
    int kh = rows * (key_h + ik_ui_dp(ui, 8)) + ik_ui_dp(ui, 8);
    IkRect keys = {screen.x, foot - kh, screen.w, kh};
    body.h = keys.y - body.y - gap;
    IkRect c = ik_ui_scroll_begin(ui, body, &s->scroll[IK_SCENE_DIRECTORY]);
    c.w -= ik_ui_scroll_gutter(ui);
    c = ik_ui_mirror(c, body.x, body.w, ui->rtl);
    int h = results(k, c, c.y, areas, na);
    if (ik_ui_scroll_end(ui, h))
        k->dirty = true;
    ik_ui_keyboard(ui, keys, own, &s->keys, s->query);
}

/* Browsing: the search field, the filters, the areas (a side panel when
 * wide), the categories, the count and the results. */
static void draw_browse(IkKiosk *k, IkRect body, IkTerm *areas, size_t na, IkTerm *cats,
                        size_t nc)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkSession *s = &k->s;
    int gap = ik_ui_gap(ui, IK_GAP);
    /* Wide: the areas in a panel at the start when they fit its height;
     * otherwise (portrait, small screens) they lead the scrolling column. */
    bool side = !ik_ui_portrait(ui);
    int panel_w = body.w * 3 / 10 > ik_ui_dp(ui, 420) ? body.w * 3 / 10 : ik_ui_dp(ui, 420);
    if (side) {
        int pad = ik_ui_gap(ui, IK_GAP);
        IkRect probe = {0, 0, panel_w - 2 * pad, 0};
        side = areas_section(k, probe, body.h - 2 * pad, areas, na, false) + 2 * pad <= body.h &&
               body.w - panel_w >= ik_ui_dp(ui, 700);
        if (side) {
            IkRect panel = ik_ui_cut_start(ui, &body, panel_w, gap);
            ik_ui_panel(ui, panel, t->surface);
            areas_section(k, ik_ui_inset(panel, pad), panel.h - 2 * pad, areas, na, true);
        }
    }
    /* The search field and the filters stay in view; the rest scrolls. The
     * filters scroll too when their rows (Nastaliq in larger text) would
     * take more than half of what is left. */
    search_field(k, ik_ui_cut_top(&body, field_height(k), gap));
    bool filters_fixed = filters_section(k, (IkRect){body.x, body.y, body.w, 0}, false) <= body.h / 2;
    if (filters_fixed)
        ik_ui_cut_top(&body, filters_section(k, (IkRect){body.x, body.y, body.w, 0}, true), gap);
    IkRect c = ik_ui_scroll_begin(ui, body, &s->scroll[IK_SCENE_DIRECTORY]);
    c.w -= ik_ui_scroll_gutter(ui);
    c = ik_ui_mirror(c, body.x, body.w, ui->rtl);
    int y = c.y;
    if (!filters_fixed)
        y += filters_section(k, (IkRect){c.x, y, c.w, 0}, true) + gap;
    if (!side) {
        int pad = ik_ui_gap(ui, IK_GAP);
        int h = areas_section(k, (IkRect){c.x + pad, y + pad, c.w - 2 * pad, 0}, 0, areas, na, false);
        IkRect panel = {c.x, y, c.w, h + 2 * pad};
        ik_ui_panel(ui, panel, t->surface);
        areas_section(k, ik_ui_inset(panel, pad), 0, areas, na, true);
        y += panel.h + gap;
    }
    y += categories_section(k, (IkRect){c.x, y, c.w, 0}, cats, nc) + gap;
    char count[96];
    /* Plural forms follow the language's own rule (PO Plural-Forms). */
    const char *fmt = k->content ? ik_content_plural(k->content, s->lang, "ui:directory.results.count",
                                                     (long)k->result_count)
                                 : "%d";
    ik_scene_format(count, sizeof count, fmt, (int)k->result_count, 0);
    if (k->results_jump && !s->keyboard_open) {
        k->results_jump = false;
        s->scroll[IK_SCENE_DIRECTORY] = (float)(y - c.y);
        k->dirty = true;    /* drawn again at the new offset (clamped by the view) */
    }
    IkTextStyle rs = ik_ui_style(ui, IK_TEXT_SMALL);
    rs.color = t->muted;
    rs.id = "directory.results.count";
    y += ik_ui_text(ui, count, (IkRect){c.x, y, c.w, 0}, rs) + ik_ui_gap(ui, IK_GAP_SMALL);
    y += results(k, c, y, areas, na);
    if (ik_ui_scroll_end(ui, y - c.y))
        k->dirty = true;
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    IkSession *s = &k->s;
    search(k);
    size_t na = 0, nc = 0;
    IkTerm *areas = k->content ? ik_content_terms(k->content, s->lang, "area", &na) : NULL;
    IkTerm *cats = k->content ? ik_content_terms(k->content, s->lang, "category", &nc) : NULL;
    /* While typing the keyboard needs the room a title row would take. */
    IkRect body = ik_ui_bar(ui, ik_ui_str(ui, "directory.title"),
                            IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP |
                                (s->keyboard_open ? IK_BAR_TITLE_IN_BAR_ONLY : 0));
    if (s->keyboard_open)
        draw_typing(k, body, areas, na);
    else
        draw_browse(k, body, areas, na, cats, nc);
    ik_terms_free(areas, na);
    ik_terms_free(cats, nc);
}

static bool press(IkKiosk *k, const char *id)
{
    IkSession *s = &k->s;
    /* A filter chosen: show what it found (the list then starts at the count). */
    k->results_jump = (ik_str_starts_with(id, "filter:") && strcmp(id, "filter:age") != 0) ||
                      ik_str_starts_with(id, "age:") || ik_str_starts_with(id, "area:") ||
                      ik_str_starts_with(id, "category:");
    if (ik_str_starts_with(id, "area:")) {
        const char *a = id + 5;
        snprintf(s->area, sizeof s->area, "%s", strcmp(a, "all") == 0 ? "" : a);
    } else if (ik_str_starts_with(id, "category:")) {
        const char *c = id + 9;
        snprintf(s->category, sizeof s->category, "%s", strcmp(c, "all") == 0 ? "" : c);
    } else if (strcmp(id, "filter:open-now") == 0) {
        s->open_now = !s->open_now;
    } else if (strcmp(id, "filter:free") == 0) {
        s->free_only = !s->free_only;
    } else if (strcmp(id, "filter:my-language") == 0) {
        s->my_language = !s->my_language;
    } else if (strcmp(id, "filter:age") == 0) {
        s->age_open = !s->age_open;
        /* The row of ages comes into view (tall filters scroll). */
        if (s->age_open)
            s->scroll[IK_SCENE_DIRECTORY] = 0;
    } else if (strcmp(id, "age:any") == 0) {
        s->age = -1;
        s->age_open = false;
    } else if (ik_str_starts_with(id, "age:")) {
        int a = ik_scene_index(id, "age:");
        if (a < AGE_MIN || a > AGE_MAX)
            return false;
        s->age = a;
        s->age_open = false;
    } else if (strcmp(id, "search") == 0) {
        s->keyboard_open = true;
    } else if (strcmp(id, "show-all") == 0) {
        s->query[0] = s->area[0] = s->category[0] = '\0';
        s->open_now = s->free_only = s->my_language = s->age_open = false;
        s->age = -1;
    } else if (strcmp(id, "search-clear") == 0) {
        s->query[0] = '\0';
    } else if (strcmp(id, "key:done") == 0) {
        s->keyboard_open = false;
    } else if (ik_ui_keyboard_press(ik_ui_keyboard_for(s->lang), &s->keys, s->query,
                                    sizeof s->query, id)) {
        /* typed */    } else if (ik_str_starts_with(id, "result:")) {
        int i = ik_scene_index(id, "result:");
        if (i < 0 || (size_t)i >= k->result_count)
            return false;
        snprintf(s->service_id, sizeof s->service_id, "%s", k->results[i].id);
        s->scroll[IK_SCENE_SERVICE] = 0;
        ik_kiosk_go(k, IK_SCENE_SERVICE);
    } else {
        return false;
    }
    return true;
}

const IkSceneOps ik_scene_directory = {"directory", draw, press, NULL};
