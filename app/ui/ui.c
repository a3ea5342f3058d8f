/* [SECTION] theme  [SECTION] frame and scale  [SECTION] sizes  [SECTION] hit list
 * [SECTION] scroll views. Layout is in layout.c, widgets in widgets.c, the
 * frame record (dump and checks) in record.c, the top bar in bar.c. */
#include "incontro/ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

static SDL_Color rgb(unsigned v)
{
    SDL_Color c = {(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255};
    return c;
}

/* ---- theme -------------------------------------------------------------- */
IkTheme ik_ui_theme(bool contrast)
{
    IkTheme t;
    if (!contrast) {
        t.bg = rgb(0xF3EFE6);
        t.surface = rgb(0xFFFFFF);
        t.surface_alt = rgb(0xE4EEF2);
        t.text = rgb(0x1E2A32);
        t.muted = rgb(0x4E5D66);
        t.accent = rgb(0x1F6E8C);
        t.on_accent = rgb(0xFFFFFF);
        t.exit_bg = rgb(0x3B4A54);
        t.on_exit = rgb(0xFFFFFF);
        t.help_bg = rgb(0xB8322A);
        t.on_help = rgb(0xFFFFFF);
        t.border = rgb(0x7A7263);       /* controls: at least 3:1 on bg and surface */
        t.ribbon = rgb(0xF2C94C);
        t.on_ribbon = rgb(0x2B2100);
        t.good = rgb(0x2E7D32);
        t.bad = rgb(0x9A2A22);
    } else {
        t.bg = rgb(0x000000);
        t.surface = rgb(0x141414);
        t.surface_alt = rgb(0x1F1F1F);
        t.text = rgb(0xFFFFFF);
        t.muted = rgb(0xF0F0F0);
        t.accent = rgb(0xFFE600);
        t.on_accent = rgb(0x000000);
        t.exit_bg = rgb(0xFFFFFF);
        t.on_exit = rgb(0x000000);
        t.help_bg = rgb(0xFF6B5E);
        t.on_help = rgb(0x000000);
        t.border = rgb(0xFFE600);
        t.ribbon = rgb(0xFFE600);
        t.on_ribbon = rgb(0x000000);
        t.good = rgb(0x7CFF7C);
        t.bad = rgb(0xFF8A80);
    }
    return t;
}

float ik_ui_scale(int width, int height, float screen_inches, float viewing_cm)
{
    int shorter = width < height ? width : height;
    float unit = shorter > 0 ? shorter / 1080.0f : 1.0f;
    if (screen_inches > 0 && width > 0 && height > 0) {
        float px_per_mm = hypotf((float)width, (float)height) / (screen_inches * 25.4f);
        /* A target of 64 points is at least IK_UI_TARGET_MM. */
        float target = IK_UI_TARGET_MM * px_per_mm / 64.0f;
        /* Body text (34 points) at the visual angle of 28 px on a 21-inch
         * 1080p screen seen from 60 cm: 6.78 mm there. */
        float distance = viewing_cm > 0 ? viewing_cm : 60.0f;
        float body = 6.78f * (distance / 60.0f) * px_per_mm / 34.0f;
        float need = target > body ? target : body;
        /* Past half again the window's own scale nothing would fit. */
        if (need > unit)
            unit = need < unit * 1.5f ? need : unit * 1.5f;
    }
    return unit;
}

void ik_ui_screen(IkUi *ui, int width, int height, float unit)
{
    ui->width = width > 0 ? width : 1920;
    ui->height = height > 0 ? height : 1080;
    ui->unit = unit > 0 ? unit : ik_ui_scale(ui->width, ui->height, 0, 0);
}

void ik_ui_begin(IkUi *ui, IkGfx *gfx, IkContent *content, const char *lang,
                 bool rtl, float text_scale, bool contrast)
{
    if (ui->width <= 0 || ui->height <= 0 || ui->unit <= 0)
        ik_ui_screen(ui, 0, 0, 0);
    if (gfx) {
        int w, h;
        ik_gfx_size(gfx, &w, &h);
        if (w != ui->width || h != ui->height)
            ik_ui_screen(ui, w, h, 0);
    }
    ik_layout_cache_frame(ui->layouts);
    ui->gfx = gfx;
    ui->content = content;
    ui->lang = lang ? lang : IK_SOURCE_LANG;
    ui->rtl = rtl;
    ui->text_scale = text_scale > 0 ? text_scale : 1.0f;
    ui->contrast = contrast;
    ui->theme = ik_ui_theme(contrast);
    ui->hit_count = 0;
    ui->scroll_count = 0;
    ui->clip.w = 0;
    ui->offset_y = 0;
    ui->item_count = 0;
    ui->pool_len = 0;
    ui->owner = -1;
    if (gfx)
        ik_gfx_begin(gfx, ui->theme.bg);
}

/* ---- sizes -------------------------------------------------------------- */
int ik_ui_dp(const IkUi *ui, float points)
{
    int v = (int)lroundf(points * ui->unit);
    return points > 0 && v < 1 ? 1 : v;
}

int ik_ui_gap(const IkUi *ui, IkGap gap)
{
    static const float points[] = {6, 12, 20, 32, 40};
    return ik_ui_dp(ui, points[gap]);
}

int ik_ui_target(const IkUi *ui)
{
    return ik_ui_dp(ui, 64);
}

IkRect ik_ui_canvas(const IkUi *ui)
{
    IkRect r = {0, 0, ui->width, ui->height};
    return r;
}

bool ik_ui_portrait(const IkUi *ui)
{
    return ui->height > ui->width;
}


bool ik_ui_visible(const IkUi *ui, IkRect r)
{
    IkRect tmp;
    return ui->clip.w == 0 || ik_ui_intersect(r, ui->clip, &tmp);
}

/* ---- hit list ----------------------------------------------------------- */
void ik_ui_hit(IkUi *ui, const char *id, IkRect r)
{
    IkRect shown = r;
    if (ui->clip.w != 0 && !ik_ui_intersect(r, ui->clip, &shown))
        return;
    /* Recorded before the canvas clips it, so the checks see it off screen. */
    ik_ui_record(ui, IK_ITEM_TARGET, id, r);
    if (!ik_ui_intersect(shown, ik_ui_canvas(ui), &shown))
        return;
    IK_ASSERT(ui->hit_count < IK_UI_MAX_HITS);
    IkHit *h = &ui->hits[ui->hit_count++];
    snprintf(h->id, sizeof h->id, "%s", id);
    h->rect = shown;
}

const IkHit *ik_ui_find(const IkUi *ui, const char *id)
{
    for (size_t i = 0; i < ui->hit_count; i++)
        if (strcmp(ui->hits[i].id, id) == 0)
            return &ui->hits[i];
    return NULL;
}

const IkHit *ik_ui_hit_at(const IkUi *ui, int x, int y)
{
    for (size_t i = ui->hit_count; i-- > 0;)
        if (ik_ui_contains(ui->hits[i].rect, x, y))
            return &ui->hits[i];
    return NULL;
}

/* ---- scroll views ------------------------------------------------------- */
IkRect ik_ui_scroll_begin(IkUi *ui, IkRect r, float *offset)
{
    IK_ASSERT(ui->scroll_count < IK_UI_MAX_SCROLLS);
    if (*offset < 0)
        *offset = 0;
    IkScrollView *v = &ui->scrolls[ui->scroll_count++];
    v->rect = r;
    v->offset = offset;
    v->max = 0;
    ui->clip = r;
    ui->offset_y = -(int)*offset;
    if (ui->gfx)
        ik_gfx_clip(ui->gfx, &r);
    /* The content: as wide as the view, less the scroll bar's gutter. */
    IkRect content = {r.x, r.y - (int)*offset, r.w, 1 << 24};
    return content;
}

int ik_ui_scroll_gutter(const IkUi *ui)
{
    return ik_ui_dp(ui, 16);
}

bool ik_ui_scroll_end(IkUi *ui, int content_h)
{
    IkScrollView *v = &ui->scrolls[ui->scroll_count - 1];
    v->max = content_h > v->rect.h ? (float)(content_h - v->rect.h) : 0;
    ui->clip.w = 0;
    ui->offset_y = 0;
    if (ui->gfx) {
        ik_gfx_clip(ui->gfx, NULL);
        /* A thin bar shows there is more to read. */
        if (v->max > 0) {
            float frac = v->rect.h / (float)content_h;
            int bw = ik_ui_dp(ui, 8);
            int bh = (int)(v->rect.h * frac),
                by = v->rect.y + (int)((v->rect.h - bh) * (*v->offset / v->max));
            IkRect bar = ik_ui_mirror((IkRect){v->rect.x + v->rect.w - bw, by, bw, bh},
                                      v->rect.x, v->rect.w, ui->rtl);
            ik_gfx_fill_round(ui->gfx, bar, bw / 2.0f, ui->theme.muted);
        }
    }
    if (*v->offset > v->max) {
        *v->offset = v->max;
        return true;
    }
    return false;
}

IkScrollView *ik_ui_scroll_at(IkUi *ui, int x, int y)
{
    for (size_t i = 0; i < ui->scroll_count; i++)
        if (ik_ui_contains(ui->scrolls[i].rect, x, y))
            return &ui->scrolls[i];
    return NULL;
}

