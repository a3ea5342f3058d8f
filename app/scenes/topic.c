/* The topic reader: one page, scrolled with a finger, kinetic. */
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

/* The "what to do now" box: the run of action lines from first, under a
 * heading, on a tinted panel as tall as its text; returns the y below it. */
static int draw_box(IkKiosk *k, size_t first, int x, int y, int w)
{
    IkUi *ui = &k->ui;
    const IkTheme *t = &ui->theme;
    const int pad = 24, indent = 60;
    IkTextStyle hs = ik_ui_style(ui, IK_TEXT_HEADING);
    hs.color = t->accent;
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.content = true;
    const char *heading = ik_ui_str(ui, "topic.now");
    size_t end = first;
    while (end < k->block_count && k->blocks[end].kind == IK_BLOCK_ACTION)
        end++;
    int h = ik_ui_text_height(ui, heading, w, hs) + 12;
    for (size_t i = first; i < end; i++)
        h += ik_ui_text_height(ui, k->blocks[i].text, w - indent, st) + 12;
    ik_ui_panel(ui, ik_ui_box(ui, x - pad, y, w + 2 * pad, h + 2 * pad), t->surface_alt);
    int cy = y + pad;
    cy += ik_ui_text(ui, heading, ik_ui_box(ui, x, cy, w, 0), hs) + 12;
    for (size_t i = first; i < end; i++) {
        if (ui->gfx) {
            int line = ik_ui_text_height(ui, "Ag", w, st);
            IkRect d = ik_ui_box(ui, x + 20, cy + line / 2 - 8, 16, 16);
            ik_gfx_fill_circle(ui->gfx, d.x + 8.0f, d.y + 8.0f, 8, t->accent);
        }
        cy += ik_ui_text(ui, k->blocks[i].text, ik_ui_box(ui, x + indent, cy, w - indent, 0), st) + 12;
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
    ik_ui_bar(ui, title, IK_BAR_BACK | IK_BAR_HOME | IK_BAR_HELP);

    const int x = 260, w = IK_CANVAS_W - 2 * x, top = IK_BAR_H + 20;
    /* The scroll hint under the page, as tall as its script needs. */
    IkTextStyle hs = ik_ui_style(ui, IK_TEXT_SMALL);
    hs.color = t->muted;
    hs.align = IK_ALIGN_CENTER;
    hs.max_lines = 1;
    const char *hint = ik_ui_str(ui, "topic.scroll_hint");
    int hint_h = ik_ui_text_height(ui, hint, IK_CANVAS_W, hs);
    int page_h = IK_CANVAS_H - top - hint_h - 30;
    /* The clip sits inside the page so cut lines never show past its edge. */
    IkRect view = ik_ui_box(ui, 40, top + 16, IK_CANVAS_W - 80, page_h - 32);
    ik_ui_panel(ui, ik_ui_box(ui, x - 60, top, w + 120, page_h), t->surface);
    ik_ui_scroll_begin(ui, view, &k->s.scroll[IK_SCENE_TOPIC]);
    int y = top + 30;
    /* Not in the reader's language (missing, or out of date with a changed
     * Italian page): say so above the Italian text. */
    if (k->blocks_fallback) {
        IkTextStyle ns = ik_ui_style(ui, IK_TEXT_SMALL);
        ns.color = t->muted;
        y += ik_ui_text(ui, ik_ui_str(ui, "topic.fallback_note"), ik_ui_box(ui, x, y, w, 0), ns) + 16;
    }
    for (size_t i = 0; i < k->block_count; i++) {
        const IkBlock *b = &k->blocks[i];
        IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
        st.content = true;
        if (b->kind == IK_BLOCK_ACTION) {
            y = draw_box(k, i, x, y, w) + 28;
            while (i + 1 < k->block_count && k->blocks[i + 1].kind == IK_BLOCK_ACTION)
                i++;
            continue;
        }
        int indent = 0;
        switch (b->kind) {
        case IK_BLOCK_TITLE:
            st.size = IK_TEXT_TITLE;
            break;
        case IK_BLOCK_HEADING:
            st.size = IK_TEXT_HEADING;
            st.color = t->accent;
            y += 20;
            break;
        case IK_BLOCK_BULLET:
        case IK_BLOCK_NUMBER:
            indent = 60;
            break;
        case IK_BLOCK_PARAGRAPH:
        case IK_BLOCK_ACTION:
            break;
        }
        IkRect box = ik_ui_box(ui, x + indent, y, w - indent, 0);
        if (b->kind == IK_BLOCK_BULLET && ui->gfx) {
            /* Centred on the first line, whatever the script's line height. */
            int line = ik_ui_text_height(ui, "Ag", w, st);
            IkRect d = ik_ui_box(ui, x + 20, y + line / 2 - 8, 16, 16);
            ik_gfx_fill_circle(ui->gfx, d.x + 8.0f, d.y + 8.0f, 8, t->accent);
        } else if (b->kind == IK_BLOCK_NUMBER) {
            char num[16];
            snprintf(num, sizeof num, "%d.", b->number);
            ik_ui_text(ui, num, ik_ui_box(ui, x, y, 56, 0), st);
        }
        y += ik_ui_text(ui, b->text, box, st) + (b->kind == IK_BLOCK_BULLET ? 12 : 28);
    }
    if (ik_ui_scroll_end(ui, y - top + 40))
        k->dirty = true;
    ik_ui_text(ui, hint, ik_ui_box(ui, 0, top + page_h + 12, IK_CANVAS_W, hint_h), hs);
}

const IkSceneOps ik_scene_topic = {"topic", draw, NULL, NULL};
