/* Directory: browse by area (list and map) and category (tiles), filter,
 * search as you type on the on-screen keyboard, results as cards. */
#include "common.h"

#include <stdlib.h>

static const char *const categories[] = {
    "civic-orientation", "education-individual", "education-group",
    "psychological-support", "parenting-support",
};
#define NCAT 5
#define NFILTER 4
/* The ages offered by the age filter (HSDS minimum and maximum age). */
#define AGE_MIN 3
#define AGE_MAX 17

/* Width of a one-line label in style st, as it is drawn. */
static int label_width(IkUi *ui, const char *text, IkTextStyle st)
{
    IkLayoutOptions o = {0};
    IkTextExtent e;
    o.lang = ui->lang;
    o.size_px = ik_ui_px(ui, st.size);
    return ik_text_measure(ui->layouts, text, &o, &e) ? e.width : 0;
}

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

static void search_field(IkKiosk *k, IkRect r)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    ik_ui_hit(ui, "search", r);
    if (ui->gfx) {
        ik_gfx_fill_round(ui->gfx, r, 20, t->surface);
        ik_gfx_stroke_round(ui->gfx, r, 20, k->s.keyboard_open ? 5 : 3,
                            k->s.keyboard_open ? t->accent : t->border);
    }
    ik_ui_icon(ui, IK_ICON_SEARCH, ik_ui_sub(ui, r, 22, (r.h - 56) / 2, 56, 56), t->muted);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.center_v = true;
    st.max_lines = 1;
    bool empty = !k->s.query[0];
    if (empty)
        st.color = t->muted;
    int clear_w = empty ? 0 : 200;
    ik_ui_text(ui, empty ? ik_ui_str(ui, "directory.search.placeholder") : k->s.query,
               ik_ui_sub(ui, r, 96, 0, r.w - 120 - clear_w, r.h), st);
    if (!empty)
        ik_ui_button(ui, "search-clear", ik_ui_sub(ui, r, r.w - clear_w - 10, 10, clear_w, r.h - 20),
                     IK_ICON_NONE, ik_ui_str(ui, "directory.search.clear"), NULL,
                     t->surface_alt, t->text);
}

static void results(IkKiosk *k, IkRect view, int cols, IkTerm *areas, size_t na)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    /* The view is given already mirrored; lay out inside it in reading order. */
    ik_ui_scroll_begin(ui, view, &k->s.scroll[IK_SCENE_DIRECTORY]);
    int off = ui->offset_y;
    const int gap = 20;
    /* Three lines of text: the card grows with larger text. */
    const int h = 44 + ik_ui_text_height(ui, "Ag", 400, ik_ui_style(ui, IK_TEXT_LABEL)) +
                  2 * ik_ui_text_height(ui, "Ag", 400, ik_ui_style(ui, IK_TEXT_SMALL)) + 14;
    int w = (view.w - 20 - gap * (cols - 1)) / cols;   /* 20: scroll bar gutter */
    int y = 0;
    for (size_t i = 0; i < k->result_count; i++) {
        const IkSearchResult *r = &k->results[i];
        int c = (int)i % cols, row = (int)i / cols;
        IkRect box = ik_ui_sub(ui, view, c * (w + gap), off + row * (h + gap), w, h);
        char id[IK_UI_ID_MAX], sub[256];
        snprintf(id, sizeof id, "result:%zu", i);
        const char *area = r->area ? term_name(areas, na, r->area) : "";
        if (r->city && *r->city)
            snprintf(sub, sizeof sub, "%s · %s", r->city, area);
        else
            snprintf(sub, sizeof sub, "%s", area);
        ik_ui_hit(ui, id, box);
        ik_ui_panel(ui, box, t->surface);
        if (ui->gfx && ui->contrast)
            ik_gfx_stroke_round(ui->gfx, box, 22, 3, t->border);
        IkTextStyle st = ik_ui_style(ui, IK_TEXT_LABEL);
        st.max_lines = 1;
        IkRect in = ik_ui_inset(box, 22);
        int hh = ik_ui_text(ui, r->name, in, st);
        st.size = IK_TEXT_SMALL;
        st.color = t->muted;
        in.y += hh + 6;
        hh = ik_ui_text(ui, r->organization ? r->organization : "", in, st);
        in.y += hh + 4;
        ik_ui_text(ui, sub, in, st);
        y = (row + 1) * (h + gap);
    }
    if (k->result_count == 0) {
        IkTextStyle st = ik_ui_style(ui, IK_TEXT_HEADING);
        IkRect in = ik_ui_sub(ui, view, 0, off, view.w, 0);
        y = ik_ui_text(ui, ik_ui_str(ui, "directory.results.none"), in, st) + 10;
        st = ik_ui_style(ui, IK_TEXT_BODY);
        st.color = t->muted;
        in.y += y;
        y += ik_ui_text(ui, ik_ui_str(ui, "directory.results.none_hint"), in, st) + 16;
        ik_ui_button(ui, "show-all", ik_ui_sub(ui, view, 0, off + y, 420, 80), IK_ICON_ALL,
                     ik_ui_str(ui, "directory.results.show_all"), NULL, t->accent, t->on_accent);
        y += 100;
        /* Nothing found still leaves a way to help. */
        size_t nh = 0;
        IkHelpline *lines = k->content ? ik_content_helplines(k->content, k->s.lang, &nh) : NULL;
        for (size_t i = 0; i < nh; i++) {
            IkRect row = ik_ui_sub(ui, view, 0, off + y, view.w, 60);
            IkTextStyle ns = ik_ui_style(ui, IK_TEXT_LABEL);
            ns.ltr = true;
            ns.color = t->help_bg;
            ns.max_lines = 1;
            ik_ui_text(ui, lines[i].number, ik_ui_sub(ui, row, 0, 0, 260, 60), ns);
            IkTextStyle ds = ik_ui_style(ui, IK_TEXT_SMALL);
            ds.max_lines = 1;
            ik_ui_text(ui, lines[i].name, ik_ui_sub(ui, row, 280, 4, view.w - 280, 60), ds);
            y += 64;
        }
        ik_helplines_free(lines, nh);
    }
    if (ik_ui_scroll_end(ui, y))
        k->dirty = true;
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkSession *s = &k->s;
    search(k);
    size_t na = 0, nc = 0;
    IkTerm *areas = k->content ? ik_content_terms(k->content, s->lang, "area", &na) : NULL;
    IkTerm *cats = k->content ? ik_content_terms(k->content, s->lang, "category", &nc) : NULL;
    ik_ui_bar(ui, ik_ui_str(ui, "directory.title"), IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);

    if (s->keyboard_open) {
        search_field(k, ik_ui_box(ui, 30, 140, IK_CANVAS_W - 60, 100));
        results(k, ik_ui_box(ui, 30, 260, IK_CANVAS_W - 60, 360), 3, areas, na);
        IkKeyboard kb = s->keyboard_latin ? IK_KEYS_LATIN : ik_ui_keyboard_for(s->lang);
        ik_ui_keyboard(ui, (IkRect){0, 630, IK_CANVAS_W, IK_CANVAS_H - 630}, kb,
                       ik_ui_keyboard_for(s->lang) != IK_KEYS_LATIN);
        goto done;
    }

    /* Start panel: areas as a map and a list. */
    IkRect panel = ik_ui_box(ui, 30, 140, 560, 920);
    ik_ui_panel(ui, panel, t->surface);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_LABEL);
    st.max_lines = 1;
    ik_ui_text(ui, ik_ui_str(ui, "directory.areas.title"), ik_ui_sub(ui, panel, 24, 18, 512, 50), st);
    const char *names[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++)
        names[i] = term_name(areas, na, ik_ui_area_codes[i]);
    ik_ui_map(ui, ik_ui_sub(ui, panel, 80, 80, 400, 360), s->area, names);
    for (int i = 0; i < 3; i++) {
        char id[IK_UI_ID_MAX], label[200];
        snprintf(id, sizeof id, "area:%s", ik_ui_area_codes[i]);
        snprintf(label, sizeof label, "%d  %s", i + 1, names[i]);
        bool on = strcmp(s->area, ik_ui_area_codes[i]) == 0;
        ik_ui_chip(ui, id, ik_ui_sub(ui, panel, 24, 460 + i * 88, 512, 76), label, on);
    }
    ik_ui_chip(ui, "area:all", ik_ui_sub(ui, panel, 24, 460 + 3 * 88, 512, 76),
               ik_ui_str(ui, "directory.areas.all"), !s->area[0]);
    ik_scene_demo_ribbon(k, ik_ui_sub(ui, panel, 24, 830, 512, 66));

    /* Main panel: search, categories, filters, results. */
    const int mx = 620, mw = IK_CANVAS_W - mx - 30;
    search_field(k, ik_ui_box(ui, mx, 140, mw, 100));
    const int gap = 14, tw = (mw - gap * NCAT) / (NCAT + 1);
    const int is = ui->text_scale > 1.05f ? 64 : 90;     /* pictogram: smaller with larger text */
    /* One font size for the whole row of tiles: the one the longest label
     * fits at, so the tiles read as a set. */
    int tile_px = 0;
    for (int i = 0; i <= NCAT; i++) {
        const char *label = i < NCAT ? term_name(cats, nc, categories[i])
                                     : ik_ui_str(ui, "directory.categories.all");
        IkTextStyle cs = ik_ui_fit(ui, label, tw - 20, 230 - is - 30, ik_ui_style(ui, IK_TEXT_SMALL));
        if (tile_px == 0 || cs.px < tile_px)
            tile_px = cs.px;
    }
    for (int i = 0; i <= NCAT; i++) {
        char id[IK_UI_ID_MAX];
        const char *code = i < NCAT ? categories[i] : "all";
        snprintf(id, sizeof id, "category:%s", code);
        bool on = i < NCAT ? strcmp(s->category, code) == 0 : !s->category[0];
        const char *label = i < NCAT ? term_name(cats, nc, code)
                                     : ik_ui_str(ui, "directory.categories.all");
        IkRect box = ik_ui_box(ui, mx + i * (tw + gap), 260, tw, 230);
        ik_ui_hit(ui, id, box);
        ik_ui_panel(ui, box, on ? t->accent : t->surface);
        if (ui->gfx && (ui->contrast || on))
            ik_gfx_stroke_round(ui->gfx, box, 22, 3, t->border);
        SDL_Color fg = on ? t->on_accent : t->text;
        ik_ui_icon(ui, i < NCAT ? ik_ui_icon_named(code) : IK_ICON_ALL,
                   (IkRect){box.x + (tw - is) / 2, box.y + 14, is, is}, fg);
        IkTextStyle cs = ik_ui_style(ui, IK_TEXT_SMALL);
        cs.color = fg;
        cs.align = IK_ALIGN_CENTER;
        cs.px = tile_px;
        /* As many lines as fit under the pictogram, the font smaller where a
         * word would not fit the tile; past the floor the last line is
         * ellipsized. */
        cs = ik_ui_fit(ui, label, tw - 20, 230 - is - 30, cs);
        ik_ui_text(ui, label, (IkRect){box.x + 10, box.y + is + 22, tw - 20, 0}, cs);
    }
    /* Filters: open now, free, my language, age. The row and everything
     * below it are placed by measured text height (Nastaliq is 1.8x taller). */
    char age_label[96];
    if (s->age >= 0) {
        const char *afmt = k->content ? ik_content_plural(k->content, s->lang,
                                                          "ui:directory.filter.age_value", s->age)
                                      : "%d";
        ik_scene_format(age_label, sizeof age_label, afmt, s->age, 0);
    } else {
        snprintf(age_label, sizeof age_label, "%s", ik_ui_str(ui, "directory.filter.age"));
    }
    const struct { const char *id, *label; bool on; } filters[NFILTER] = {
        {"filter:open-now", ik_ui_str(ui, "directory.filter.open_now"), s->open_now},
        {"filter:free", ik_ui_str(ui, "directory.filter.free"), s->free_only},
        {"filter:my-language", ik_ui_str(ui, "directory.filter.language"), s->my_language},
        {"filter:age", age_label, s->age >= 0},
    };
    IkTextStyle fs = ik_ui_style(ui, IK_TEXT_SMALL);
    const int fgap = 14;
    int ch = ik_ui_text_height(ui, "Ag", 400, fs) + 22;
    if (ch < 70)
        ch = 70;
    int fw[NFILTER], total = 0;
    for (int i = 0; i < NFILTER; i++) {
        fw[i] = label_width(ui, filters[i].label, fs) + ch + 48;   /* ends, check mark */
        total += fw[i];
    }
    int room = mw - fgap * (NFILTER - 1);
    for (int i = 0; i < NFILTER && total > room; i++)
        fw[i] = fw[i] * room / total;     /* too wide together: share the row */
    int y = 510, fx = mx;
    for (int i = 0; i < NFILTER; i++) {
        ik_ui_chip(ui, filters[i].id, ik_ui_box(ui, fx, y, fw[i], ch), filters[i].label, filters[i].on);
        fx += fw[i] + fgap;
    }
    y += ch + 12;
    if (s->age_open) {
        /* A row of ages: any age, then one chip per year. */
        const char *any = ik_ui_str(ui, "directory.filter.any_age");
        int aw = label_width(ui, any, fs) + ch + 48;
        int nw = (mw - aw - fgap * (AGE_MAX - AGE_MIN + 1)) / (AGE_MAX - AGE_MIN + 1);
        if (nw > 96)
            nw = 96;
        if (nw < 56) {
            nw = 56;
            aw = mw - (nw + fgap) * (AGE_MAX - AGE_MIN + 1);
        }
        ik_ui_chip(ui, "age:any", ik_ui_box(ui, mx, y, aw, ch), any, s->age < 0);
        for (int a = AGE_MIN; a <= AGE_MAX; a++) {
            char id[IK_UI_ID_MAX], num[8];
            snprintf(id, sizeof id, "age:%d", a);
            snprintf(num, sizeof num, "%d", a);
            ik_ui_chip(ui, id, ik_ui_box(ui, mx + aw + fgap + (a - AGE_MIN) * (nw + fgap), y, nw, ch),
                       num, s->age == a);
        }
        y += ch + 12;
    }
    char count[96];
    /* Plural forms follow the language's own rule (PO Plural-Forms). */
    const char *fmt = k->content ? ik_content_plural(k->content, s->lang, "ui:directory.results.count",
                                                     (long)k->result_count)
                                 : "%d";
    ik_scene_format(count, sizeof count, fmt, (int)k->result_count, 0);
    IkTextStyle rs = ik_ui_style(ui, IK_TEXT_SMALL);
    rs.color = t->muted;
    rs.max_lines = 1;
    y += ik_ui_text(ui, count, ik_ui_box(ui, mx, y, mw, 0), rs) + 8;
    results(k, ik_ui_box(ui, mx, y, mw, IK_CANVAS_H - y - 20), 2, areas, na);
done:
    ik_terms_free(areas, na);
    ik_terms_free(cats, nc);
}

static void type(IkKiosk *k, const char *letter)
{
    size_t n = strlen(k->s.query), m = strlen(letter);
    if (n + m < sizeof k->s.query)
        memcpy(k->s.query + n, letter, m + 1);
}

static void backspace(char *q)
{
    size_t n = strlen(q);
    while (n > 0 && ((unsigned char)q[n - 1] & 0xC0) == 0x80)
        n--;    /* continuation bytes of the last letter */
    if (n > 0)
        n--;
    q[n] = '\0';
}

static bool press(IkKiosk *k, const char *id)
{
    IkSession *s = &k->s;
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
    } else if (strcmp(id, "key:switch") == 0) {
        s->keyboard_latin = !s->keyboard_latin;
    } else if (strcmp(id, "key:space") == 0) {
        if (s->query[0])
            type(k, " ");
    } else if (strcmp(id, "key:backspace") == 0) {
        backspace(s->query);
    } else if (ik_str_starts_with(id, "key:")) {
        type(k, id + 4);
    } else if (ik_str_starts_with(id, "result:")) {
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
