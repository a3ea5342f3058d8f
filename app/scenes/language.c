/* Language picker: every language by its own name, in its own script. No
 * flags: a flag names a state, not a language, and can hurt. */
#include "common.h"

#include <math.h>

/* Only a language the reader picked this session is highlighted: after an
 * idle reset the default (Italian) is no one's choice. */
bool ik_scene_language_current(const IkKiosk *k, const char *code)
{
    return k->s.lang_chosen && strcmp(code, k->s.lang) == 0;
}

#define MAX_LANGS 64

/* True when n tiles of height h in cols columns fit a height of room. */
static bool fits(size_t n, int cols, int h, int gap, int room)
{
    int rows = ((int)n + cols - 1) / cols;
    return rows * h + (rows - 1) * gap <= room;
}

/* The least height a tile of width w needs for the tallest name: one line
 * at the smallest size a name may take (IK_UI_FIT_FLOOR: the tile's text
 * grows to the room it gets), each script at its own size. *whole is false
 * when a name fits no line that narrow and wraps. */
static int tile_need(IkKiosk *k, size_t n, int w, int pad, bool *whole)
{
    IkUi *ui = &k->ui;
    int need = ik_ui_target(ui);
    *whole = true;
    for (size_t i = 0; i < n; i++) {
        const IkLanguage *l = ik_content_language(k->content, i);
        IkTextStyle ls = ik_ui_style(ui, IK_TEXT_HEADING);
        ls.lang = l->code;
        ls.px = (int)lroundf(ik_ui_px(ui, IK_TEXT_HEADING) * IK_UI_FIT_FLOOR);
        if (ik_ui_measure(ui, l->endonym, 0, ls).w > w - 2 * pad)
            *whole = false;
        int h = ik_ui_measure(ui, l->endonym, w - 2 * pad, ls).h + 2 * ik_ui_gap(ui, IK_GAP_SMALL);
        if (h > need)
            need = h;
    }
    return need;
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    IkRect body = ik_ui_bar(ui, ik_ui_str(ui, "language.title"), IK_BAR_HELP | IK_BAR_NO_LANGUAGE);
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = t->muted;
    st.id = "language.subtitle";
    int sh = ik_ui_text(ui, ik_ui_str(ui, "language.subtitle"), (IkRect){body.x, body.y, body.w, 0}, st);
    ik_ui_cut_top(&body, sh, ik_ui_gap(ui, IK_GAP));

    size_t n = k->content ? ik_content_language_count(k->content) : 0;
    if (n > MAX_LANGS)
        n = MAX_LANGS;
    int gap = ik_ui_gap(ui, IK_GAP), pad = ik_ui_gap(ui, IK_GAP);
    /* As many columns as tiles of 300 points take; more when that keeps
     * every language on the screen (a reader must not scroll to find their
     * own), as long as each name still fits its tile. */
    int cols0 = ik_ui_grid_columns(body.w, (int)n, ik_ui_dp(ui, 300), 5, gap);
    bool whole;
    int cols = cols0, need = tile_need(k, n, (body.w - gap * (cols0 - 1)) / cols0, pad, &whole);
    for (int c = cols0 + 1; c <= 5 && c <= (int)n && !fits(n, cols, need, gap, body.h); c++) {
        int h = tile_need(k, n, (body.w - gap * (c - 1)) / c, pad, &whole);
        if (whole && fits(n, c, h, gap, body.h)) {
            cols = c;
            need = h;
        }
    }
    int rows = ((int)n + cols - 1) / cols;
    int cell_h = rows > 0 ? (body.h - gap * (rows - 1)) / rows : need;
    if (cell_h > ik_ui_dp(ui, 240))
        cell_h = ik_ui_dp(ui, 240);
    if (cell_h < need)
        cell_h = need;
    IkRect boxes[MAX_LANGS];
    IkRect area = body;
    int total = rows * cell_h + (rows - 1) * gap;
    bool scroll = total > body.h;
    if (scroll) {
        /* Tiles clear of the scroll bar's gutter. */
        area = ik_ui_scroll_begin(ui, body, &k->s.scroll[IK_SCENE_LANGUAGE]);
        area.w -= ik_ui_scroll_gutter(ui);
        area = ik_ui_mirror(area, body.x, body.w, ui->rtl);
    }
    ik_ui_grid(ui, area, (int)n, cols, cell_h, gap, boxes);
    for (size_t i = 0; i < n; i++) {
        const IkLanguage *l = ik_content_language(k->content, i);
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "lang:%s", l->code);
        bool current = ik_scene_language_current(k, l->code);
        IkButton b = ik_ui_button_of(ui, IK_ICON_NONE, NULL, NULL);
        b.bg = current ? t->accent : t->surface;
        b.outline = !current || ui->contrast;
        ik_ui_button_ex(ui, id, boxes[i], &b);
        if (!ik_ui_visible(ui, boxes[i]))
            continue;
        int before = ik_ui_group_begin(ui, id, boxes[i]);
        IkTextStyle ls = ik_ui_style(ui, IK_TEXT_HEADING);
        ls.lang = l->code;
        ls.align = IK_ALIGN_CENTER;
        ls.center_v = true;
        ls.color = current ? t->on_accent : t->text;
        ik_ui_text(ui, l->endonym, ik_ui_inset2(boxes[i], pad, ik_ui_gap(ui, IK_GAP_SMALL)), ls);
        ik_ui_group_end(ui, before);
    }
    if (scroll && ik_ui_scroll_end(ui, total))
        k->dirty = true;
}

static bool press(IkKiosk *k, const char *id)
{
    if (!ik_str_starts_with(id, "lang:"))
        return false;
    if (!ik_kiosk_set_lang(k, id + 5))
        return false;
    /* Reached from a scene through the switcher: back to it, now in the
     * new language; otherwise on to home. */
    IkSceneStack *st = &k->s.stack;
    IkSceneId below = st->count >= 2 ? st->items[st->count - 2] : IK_SCENE_ATTRACT;
    if (below != IK_SCENE_ATTRACT && below != IK_SCENE_NEUTRAL && below != IK_SCENE_LANGUAGE)
        ik_stack_pop(st);
    else
        ik_kiosk_go(k, IK_SCENE_HOME);
    return true;
}

const IkSceneOps ik_scene_language = {"language", draw, press, NULL};
