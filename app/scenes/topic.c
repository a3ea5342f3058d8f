/* The topic reader: one page, scrolled with a finger, kinetic. Lines keep a
 * comfortable reading length however wide the screen is. */
#include "common.h"

#include <stdlib.h>

static void load(IkKiosk *k)
{
    char key[96];
    snprintf(key, sizeof key, "%s|%s", k->s.lang, k->s.topic_id);
    if (k->blocks && strcmp(key, k->blocks_key) == 0)
        return;
    ik_blocks_free(k->blocks, k->block_count);
    k->blocks = NULL;
    k->block_count = 0;
    snprintf(k->blocks_key, sizeof k->blocks_key, "%s", key);
    if (k->content && k->s.topic_id[0])
        k->blocks = ik_content_topic_blocks(k->content, k->s.lang, k->s.topic_id,
                                            &k->block_count, &k->blocks_fallback);
}

/* The page's own direction: an Italian page shown in place of a missing or
 * stale translation reads left to right even in an Arabic interface. */
static bool page_rtl(const IkKiosk *k)
{
    return k->ui.rtl && !k->blocks_fallback;
}

/* The style of the page's text: in Italian when the page is the fallback. */
static IkTextStyle page_style(const IkKiosk *k, IkTextSize size, const char *id)
{
    IkTextStyle st = ik_ui_style(&k->ui, size);
    st.content = true;
    st.id = id;
    if (k->blocks_fallback)
        st.lang = "it";
    return st;
}

/* The room for a bullet or a number at the start of the page's lines. */
static IkRect cut_mark(const IkKiosk *k, IkRect *text, int indent)
{
    return page_rtl(k) == k->ui.rtl ? ik_ui_cut_start(&k->ui, text, indent, 0)
                                    : ik_ui_cut_end(&k->ui, text, indent, 0);
}

/* A bullet centred on the first line of text in mark, whatever the script's
 * line height. */
static void bullet(IkKiosk *k, IkRect mark, int y, int indent, IkTextStyle st)
{
    IkUi *ui = &k->ui;
    int line = ik_ui_line_height(ui, st);
    if (!ui->gfx || !ik_ui_visible(ui, (IkRect){mark.x, y, mark.w, line}))
        return;
    float cx = page_rtl(k) ? mark.x + mark.w - indent / 3.0f : mark.x + indent / 3.0f;
    ik_gfx_fill_circle(ui->gfx, cx, y + line / 2.0f, (float)ik_ui_dp(ui, 8), ui->theme.accent);
}

/* The "what to do now" box: the run of action lines from first, under its
 * heading, on a tinted panel as tall as its text; returns the y below it. */
static int draw_box(IkKiosk *k, size_t first, IkRect c, int y, int indent)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    int pad = ik_ui_gap(ui, IK_GAP), small = ik_ui_gap(ui, IK_GAP_SMALL);
    IkTextStyle hs = ik_ui_style(ui, IK_TEXT_HEADING);
    hs.color = t->accent;
    hs.id = "topic.now";
    IkTextStyle st = page_style(k, IK_TEXT_BODY, "topic.action");
    IkTextStyle heard = st;
    const char *heading = ik_ui_str(ui, "topic.now");
    size_t end = first;
    while (end < k->block_count && k->blocks[end].kind == IK_BLOCK_ACTION)
        end++;
    IkRect inner = ik_ui_inset2(c, pad, 0);
    int h = ik_ui_measure(ui, heading, inner.w, hs).h + small;
    for (size_t i = first; i < end; i++)
        h += ik_ui_measure(ui, k->blocks[i].text, inner.w - indent, st).h + small;
    IkRect panel = {c.x, y, c.w, h + 2 * pad};
    ik_ui_panel(ui, panel, t->surface_alt);
    if (ui->contrast)
        ik_ui_outline(ui, panel, 0);
    int cy = y + pad;
    cy += ik_ui_text(ui, heading, (IkRect){inner.x, cy, inner.w, 0}, hs) + small;
    for (size_t i = first; i < end; i++) {
        IkRect text = {inner.x, cy, inner.w, 0};
        IkRect mark = cut_mark(k, &text, indent);
        bullet(k, mark, cy, indent, st);
        heard = ik_kiosk_heard(k, k->blocks[i].text, st);
        cy += ik_ui_text(ui, k->blocks[i].text, text, heard) + small;
    }
    return y + h + 2 * pad;
}

static void draw(IkKiosk *k)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    load(k);
    const char *title = NULL;
    for (size_t i = 0; i < k->block_count && !title; i++)
        if (k->blocks[i].kind == IK_BLOCK_TITLE)
            title = k->blocks[i].text;
    IkRect body = ik_ui_bar(ui, title, IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);
    /* The scroll hint under the page, as tall as its script needs. */
    IkTextStyle hs = ik_ui_style(ui, IK_TEXT_SMALL);
    hs.color = t->muted;
    hs.align = IK_ALIGN_CENTER;
    hs.id = "topic.scroll_hint";
    const char *hint = ik_ui_str(ui, "topic.scroll_hint");
    IkRect foot = ik_ui_cut_bottom(&body, ik_ui_measure(ui, hint, body.w, hs).h, ik_ui_gap(ui, IK_GAP_SMALL));
    ik_ui_text(ui, hint, foot, hs);
    /* The page: at most a reading measure wide, centred. */
    int measure = ik_ui_dp(ui, 1400 * ui->text_scale);
    IkRect page = ik_ui_center(body, body.w < measure ? body.w : measure, body.h);
    ik_ui_panel(ui, page, t->surface);
    int pad = ik_ui_gap(ui, IK_GAP_LARGE);
    /* The clip sits inside the page so cut lines never show past its edge. */
    IkRect view = ik_ui_inset2(page, 0, ik_ui_gap(ui, IK_GAP));
    IkRect c = ik_ui_scroll_begin(ui, view, &k->s.scroll[IK_SCENE_TOPIC]);
    c = ik_ui_inset2(c, pad, 0);
    c.h = 1 << 20;
    int y = c.y + ik_ui_gap(ui, IK_GAP_SMALL);
    int indent = ik_ui_dp(ui, 60);
    int listen = ik_scene_listen_button(k, (IkRect){c.x, y, c.w, 0});
    y += listen ? listen + ik_ui_gap(ui, IK_GAP) : 0;
    /* Not in the reader's language (missing, or older than a changed Italian
     * page): said above the Italian text. */
    if (k->blocks_fallback) {
        IkTextStyle ns = ik_ui_style(ui, IK_TEXT_SMALL);
        ns.color = t->muted;
        ns.id = "topic.fallback_note";
        y += ik_ui_text(ui, ik_ui_str(ui, "topic.fallback_note"), (IkRect){c.x, y, c.w, 0}, ns) +
             ik_ui_gap(ui, IK_GAP);
    }
    for (size_t i = 0; i < k->block_count; i++) {
        const IkBlock *b = &k->blocks[i];
        if (b->kind == IK_BLOCK_ACTION) {
            y = draw_box(k, i, c, y, indent) + ik_ui_gap(ui, IK_GAP);
            while (i + 1 < k->block_count && k->blocks[i + 1].kind == IK_BLOCK_ACTION)
                i++;
            continue;
        }
        IkTextStyle st = page_style(k, IK_TEXT_BODY, "topic.block");
        bool list = b->kind == IK_BLOCK_BULLET || b->kind == IK_BLOCK_NUMBER;
        switch (b->kind) {
        case IK_BLOCK_TITLE:
            st.size = IK_TEXT_TITLE;
            break;
        case IK_BLOCK_HEADING:
            st.size = IK_TEXT_HEADING;
            st.color = t->accent;
            y += ik_ui_gap(ui, IK_GAP);
            break;
        default:
            break;
        }
        IkRect row = {c.x, y, c.w, 0};
        IkRect text = row;
        if (list) {
            IkRect mark = cut_mark(k, &text, indent);
            if (b->kind == IK_BLOCK_BULLET) {
                bullet(k, mark, y, indent, st);
            } else if (b->kind == IK_BLOCK_NUMBER) {
                char num[16];
                snprintf(num, sizeof num, "%d.", b->number);
                IkTextStyle ns = st;
                ns.id = "topic.number";
                ik_ui_text(ui, num, (IkRect){mark.x, y, mark.w - ik_ui_gap(ui, IK_GAP_SMALL), 0}, ns);
            }
        }
        st = ik_kiosk_heard(k, b->text, st);
        int h = ik_ui_text(ui, b->text, text, st);
        /* The page follows the voice: a sentence out of sight scrolls in. */
        if (st.mark_to > st.mark_from && (y < view.y || y + h > view.y + view.h)) {
            k->s.scroll[IK_SCENE_TOPIC] += (float)(y - view.y - ik_ui_gap(ui, IK_GAP));
            k->dirty = true;
        }
        y += h + ik_ui_gap(ui, b->kind == IK_BLOCK_BULLET ? IK_GAP_SMALL : IK_GAP);
    }
    if (ik_ui_scroll_end(ui, y - c.y + ik_ui_gap(ui, IK_GAP)))
        k->dirty = true;
}

/* Reads the page aloud, in its own language (Italian where it falls back). */
static bool press(IkKiosk *k, const char *id)
{
    if (strcmp(id, "listen") != 0)
        return false;
    load(k);
    IkUtterance *texts = ik_xcalloc(k->block_count + 1, sizeof *texts);
    for (size_t i = 0; i < k->block_count; i++)
        texts[i] = (IkUtterance){k->blocks_fallback ? IK_SOURCE_LANG : k->s.lang, k->blocks[i].text};
    ik_kiosk_listen(k, texts, k->block_count);
    free(texts);
    return true;
}

const IkSceneOps ik_scene_topic = {"topic", draw, press, NULL};
