/* SDL window and renderer wrapper with vector primitives drawn as triangle
 * geometry (SDL_RenderGeometry), so widgets and pictograms need no image
 * files and scale cleanly to any window size. */
#include "incontro/gfx.h"

#include <SDL_image.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

#define ATLAS_BYTES (16u * 1024u * 1024u)
#define MAX_VERTS 512

struct IkGfx {
    SDL_Window *window;
    SDL_Renderer *renderer;
    IkFonts *fonts;             /* not owned */
    IkGlyphAtlas *atlas;        /* owned */
    char renderer_name[32];
    int width, height;          /* canvas: the renderer's output in pixels */
    SDL_Vertex verts[MAX_VERTS * 3];
};

/* True when SDL_RENDER_DRIVER (environment or hint) asks for software. */
static bool software_wanted(void)
{
    const char *driver = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    return driver && SDL_strcasecmp(driver, "software") == 0;
}

/* A software renderer draws into the window surface, which SDL by default
 * backs with a GL texture: that maps the GL driver (Mesa and LLVM, ~36 MiB)
 * for no gain. Asked at normal priority, so SDL's environment variable
 * still wins for whoever wants it. */
static void window_surface_in_memory(void)
{
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
}

IkGfx *ik_gfx_create(const IkGfxOptions *options, IkFonts *fonts)
{
    IkGfx *gfx = ik_xcalloc(1, sizeof *gfx);
    int w = options->width > 0 ? options->width : 1920;
    int h = options->height > 0 ? options->height : 1080;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    bool software = software_wanted();

    if (options->hidden)
        flags |= SDL_WINDOW_HIDDEN;
    else if (!options->windowed)
        /* The keyboard stays with the kiosk: no Alt+Tab to a desktop. */
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_KEYBOARD_GRABBED;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    gfx->fonts = fonts;
    gfx->window = SDL_CreateWindow("INCONTRO", SDL_WINDOWPOS_CENTERED,
                                   SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!gfx->window) {
        ik_fail("cannot create a %dx%d window: %s", w, h, SDL_GetError());
        goto fail;
    }
    if (!software)
        gfx->renderer = SDL_CreateRenderer(gfx->window, -1,
                                           SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!gfx->renderer) {
        if (!software)
            ik_log(IK_LOG_INFO, "no accelerated renderer (%s), using software", SDL_GetError());
        window_surface_in_memory();
        gfx->renderer = SDL_CreateRenderer(gfx->window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!gfx->renderer) {
        ik_fail("cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(gfx->renderer, &info) == 0)
        snprintf(gfx->renderer_name, sizeof gfx->renderer_name, "%s", info.name);
    ik_gfx_resized(gfx);
    SDL_SetRenderDrawBlendMode(gfx->renderer, SDL_BLENDMODE_BLEND);
    if (fonts) {
        gfx->atlas = ik_atlas_create(gfx->renderer, fonts, ATLAS_BYTES);
        if (!gfx->atlas)
            goto fail;
    }
    return gfx;
fail:
    ik_gfx_destroy(gfx);
    return NULL;
}

void ik_gfx_destroy(IkGfx *gfx)
{
    if (!gfx)
        return;
    ik_atlas_destroy(gfx->atlas);
    if (gfx->renderer)
        SDL_DestroyRenderer(gfx->renderer);
    if (gfx->window)
        SDL_DestroyWindow(gfx->window);
    free(gfx);
}

SDL_Renderer *ik_gfx_renderer(IkGfx *gfx) { return gfx->renderer; }
IkGlyphAtlas *ik_gfx_atlas(IkGfx *gfx) { return gfx->atlas; }
IkFonts *ik_gfx_fonts(IkGfx *gfx) { return gfx->fonts; }
const char *ik_gfx_renderer_name(IkGfx *gfx) { return gfx->renderer_name; }

void ik_gfx_size(const IkGfx *gfx, int *w, int *h)
{
    *w = gfx->width;
    *h = gfx->height;
}

void ik_gfx_resized(IkGfx *gfx)
{
    int w = 0, h = 0;
    /* The canvas is the window's own pixels: one logical pixel per device
     * pixel (high-DPI too), so layout, not scaling, adapts to the screen. */
    if (SDL_GetRendererOutputSize(gfx->renderer, &w, &h) != 0 || w <= 0 || h <= 0)
        SDL_GetWindowSize(gfx->window, &w, &h);
    gfx->width = w;
    gfx->height = h;
    SDL_RenderSetLogicalSize(gfx->renderer, w, h);
}

void ik_gfx_begin(IkGfx *gfx, SDL_Color bg)
{
    SDL_RenderSetClipRect(gfx->renderer, NULL);
    SDL_SetRenderDrawColor(gfx->renderer, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(gfx->renderer);
}

void ik_gfx_present(IkGfx *gfx)
{
    SDL_RenderPresent(gfx->renderer);
}

void ik_gfx_clip(IkGfx *gfx, const IkRect *rect)
{
    if (!rect) {
        SDL_RenderSetClipRect(gfx->renderer, NULL);
        return;
    }
    SDL_Rect r = {rect->x, rect->y, rect->w, rect->h};
    SDL_RenderSetClipRect(gfx->renderer, &r);
}

/* Opaque colours draw without blending: the same pixels, and SDL's
 * software renderer fills them up to 40 times faster (a plain store). */
static void blend_for(IkGfx *gfx, SDL_Color c)
{
    SDL_SetRenderDrawBlendMode(gfx->renderer, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

void ik_gfx_fill_rect(IkGfx *gfx, IkRect r, SDL_Color c)
{
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    blend_for(gfx, c);
    SDL_SetRenderDrawColor(gfx->renderer, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(gfx->renderer, &sr);
}

static SDL_Vertex vert(float x, float y, SDL_Color c)
{
    SDL_Vertex v = {{x, y}, c, {0, 0}};
    return v;
}

typedef struct {
    SDL_Rect rects[256];
    int count;
} Spans;

static void spans_flush(IkGfx *gfx, Spans *s)
{
    if (s->count)
        SDL_RenderFillRects(gfx->renderer, s->rects, s->count);
    s->count = 0;
}

/* An opaque polygon (closed outline xy[0..n)) as one span per row and
 * crossing pair, sampled at pixel centres (even-odd): cheaper for a
 * software rasterizer than the triangles, with the same coverage. */
static void polygon_spans(IkGfx *gfx, const float *xy, int n, SDL_Color c)
{
    Spans s;
    float ymin = xy[1], ymax = xy[1], cross[MAX_VERTS];
    s.count = 0;
    for (int i = 1; i < n; i++) {
        ymin = xy[2 * i + 1] < ymin ? xy[2 * i + 1] : ymin;
        ymax = xy[2 * i + 1] > ymax ? xy[2 * i + 1] : ymax;
    }
    blend_for(gfx, c);
    SDL_SetRenderDrawColor(gfx->renderer, c.r, c.g, c.b, c.a);
    for (int y = (int)floorf(ymin); y < (int)ceilf(ymax); y++) {
        float yc = y + 0.5f;
        int m = 0;
        for (int i = 0; i < n && m < MAX_VERTS; i++) {
            int j = (i + 1) % n;
            float y0 = xy[2 * i + 1], y1 = xy[2 * j + 1];
            if ((y0 <= yc) == (y1 <= yc))
                continue;
            float x = xy[2 * i] + (yc - y0) * (xy[2 * j] - xy[2 * i]) / (y1 - y0);
            int k = m++;
            while (k > 0 && cross[k - 1] > x) {   /* insertion: few crossings */
                cross[k] = cross[k - 1];
                k--;
            }
            cross[k] = x;
        }
        for (int i = 0; i + 1 < m; i += 2) {
            int x0 = (int)ceilf(cross[i] - 0.5f), x1 = (int)ceilf(cross[i + 1] - 0.5f);
            if (x1 <= x0)
                continue;
            if (s.count == (int)(sizeof s.rects / sizeof s.rects[0]))
                spans_flush(gfx, &s);
            s.rects[s.count++] = (SDL_Rect){x0, y, x1 - x0, 1};
        }
    }
    spans_flush(gfx, &s);
}

/* Fan of triangles from (cx, cy) through the outline xy[0..n) (closed). */
static void fan(IkGfx *gfx, float cx, float cy, const float *xy, int n, SDL_Color c)
{
    int nv = 0;
    if (c.a == 255) {
        polygon_spans(gfx, xy, n, c);
        return;
    }
    for (int i = 0; i < n && nv + 3 <= MAX_VERTS * 3; i++) {
        int j = (i + 1) % n;
        gfx->verts[nv++] = vert(cx, cy, c);
        gfx->verts[nv++] = vert(xy[2 * i], xy[2 * i + 1], c);
        gfx->verts[nv++] = vert(xy[2 * j], xy[2 * j + 1], c);
    }
    blend_for(gfx, c);
    SDL_RenderGeometry(gfx->renderer, NULL, gfx->verts, nv, NULL, 0);
}

static int segments(float radius)
{
    int n = (int)(radius * 0.6f) + 8;
    return n > 96 ? 96 : n;
}

/* Segments per quarter circle: the chord strays from the arc by under a
 * fifth of a pixel, and each triangle costs a software rasterizer a setup. */
static int corner_segments(float radius)
{
    int k = (int)(radius / 3);
    return k < 4 ? 4 : k > 24 ? 24 : k;
}

/* Outline of a rounded rectangle into xy (room for 4*(k+1) points). */
static int round_outline(IkRect r, float radius, float *xy, int k)
{
    float rad = radius;
    if (rad * 2 > r.w)
        rad = r.w / 2.0f;
    if (rad * 2 > r.h)
        rad = r.h / 2.0f;
    const float cx[4] = {r.x + r.w - rad, r.x + r.w - rad, r.x + rad, r.x + rad};
    const float cy[4] = {r.y + rad, r.y + r.h - rad, r.y + r.h - rad, r.y + rad};
    int n = 0;
    for (int q = 0; q < 4; q++) {
        float a0 = (float)(-M_PI / 2 + q * M_PI / 2);
        for (int i = 0; i <= k; i++) {
            float a = a0 + (float)(M_PI / 2) * i / k;
            xy[2 * n] = cx[q] + rad * cosf(a);
            xy[2 * n + 1] = cy[q] + rad * sinf(a);
            n++;
        }
    }
    return n;
}

/* Opaque rounded boxes are drawn as horizontal spans, one rectangle per
 * distinct row (rows alike merge into one): a fan of triangles makes a
 * software rasterizer set up and scan every triangle's bounding box, ~40
 * times the work for a 560x720 door. Translucent ones stay one fan (spans
 * never overlap, but a fan's coverage is what they always looked like). */
static int clamp_radius(IkRect r, float radius)
{
    int rad = (int)lroundf(radius);
    if (rad * 2 > r.w)
        rad = r.w / 2;
    if (rad * 2 > r.h)
        rad = r.h / 2;
    return rad < 0 ? 0 : rad;
}

/* The columns [*x0, *x1) a rounded box covers on its row `row`. */
static void row_extent(IkRect r, int rad, int row, int *x0, int *x1)
{
    float d = row < rad ? rad - row - 0.5f : row >= r.h - rad ? row + 0.5f - (r.h - rad) : -1;
    int inset = d < 0 ? 0 : (int)lroundf(rad - sqrtf((float)rad * rad - d * d));
    *x0 = r.x + inset;
    *x1 = r.x + r.w - inset;
}

/* Fills r (rounded by rad) less `hole` (rounded by hole_rad; w <= 0: none). */
static void fill_spans(IkGfx *gfx, IkRect r, int rad, IkRect hole, int hole_rad, SDL_Color c)
{
    Spans s;
    int seg[4], prev[4] = {0}, nprev = 0, start = r.y;
    s.count = 0;
    blend_for(gfx, c);
    SDL_SetRenderDrawColor(gfx->renderer, c.r, c.g, c.b, c.a);
    for (int y = r.y; y <= r.y + r.h; y++) {
        int n = 0;
        if (y < r.y + r.h) {
            row_extent(r, rad, y - r.y, &seg[0], &seg[1]);
            n = 2;
            if (hole.w > 0 && y >= hole.y && y < hole.y + hole.h) {
                int h0, h1;
                row_extent(hole, hole_rad, y - hole.y, &h0, &h1);
                seg[3] = seg[1];
                seg[1] = h0;
                seg[2] = h1;
                n = 4;
            }
        }
        if (n == nprev && memcmp(seg, prev, sizeof(int) * (size_t)n) == 0)
            continue;
        /* The rows from start up to y were alike: one rectangle per segment. */
        for (int i = 0; i + 1 < nprev; i += 2) {
            if (prev[i + 1] <= prev[i])
                continue;
            if (s.count == (int)(sizeof s.rects / sizeof s.rects[0]))
                spans_flush(gfx, &s);
            s.rects[s.count++] = (SDL_Rect){prev[i], start, prev[i + 1] - prev[i], y - start};
        }
        memcpy(prev, seg, sizeof(int) * (size_t)n);
        nprev = n;
        start = y;
    }
    spans_flush(gfx, &s);
}

void ik_gfx_fill_round(IkGfx *gfx, IkRect r, float radius, SDL_Color c)
{
    float xy[2 * 4 * 25];
    if (r.w <= 0 || r.h <= 0)
        return;
    if (c.a == 255) {
        fill_spans(gfx, r, clamp_radius(r, radius), (IkRect){0, 0, 0, 0}, 0, c);
        return;
    }
    int n = round_outline(r, radius, xy, corner_segments(radius));
    fan(gfx, r.x + r.w / 2.0f, r.y + r.h / 2.0f, xy, n, c);
}

void ik_gfx_stroke_round(IkGfx *gfx, IkRect r, float radius, float width, SDL_Color c)
{
    float outer[2 * 4 * 25], inner[2 * 4 * 25];
    if (r.w <= 0 || r.h <= 0)
        return;
    int k = corner_segments(radius);
    IkRect in = {r.x + (int)width, r.y + (int)width, r.w - 2 * (int)width, r.h - 2 * (int)width};
    float rin = radius - width > 0 ? radius - width : 0;
    if (in.w <= 0 || in.h <= 0) {
        ik_gfx_fill_round(gfx, r, radius, c);
        return;
    }
    if (c.a == 255) {
        fill_spans(gfx, r, clamp_radius(r, radius), in, clamp_radius(in, rin), c);
        return;
    }
    int n = round_outline(r, radius, outer, k);
    round_outline(in, rin, inner, k);
    int nv = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        SDL_Vertex *v = gfx->verts + nv;
        v[0] = vert(outer[2 * i], outer[2 * i + 1], c);
        v[1] = vert(outer[2 * j], outer[2 * j + 1], c);
        v[2] = vert(inner[2 * i], inner[2 * i + 1], c);
        v[3] = vert(inner[2 * i], inner[2 * i + 1], c);
        v[4] = vert(outer[2 * j], outer[2 * j + 1], c);
        v[5] = vert(inner[2 * j], inner[2 * j + 1], c);
        nv += 6;
    }
    blend_for(gfx, c);
    SDL_RenderGeometry(gfx->renderer, NULL, gfx->verts, nv, NULL, 0);
}

void ik_gfx_fill_circle(IkGfx *gfx, float cx, float cy, float radius, SDL_Color c)
{
    float xy[2 * 96];
    int n = segments(radius);
    for (int i = 0; i < n; i++) {
        float a = (float)(2 * M_PI * i / n);
        xy[2 * i] = cx + radius * cosf(a);
        xy[2 * i + 1] = cy + radius * sinf(a);
    }
    fan(gfx, cx, cy, xy, n, c);
}

void ik_gfx_arc(IkGfx *gfx, float cx, float cy, float radius, float width,
                float a0, float a1, SDL_Color c)
{
    int n = segments(radius);
    float ro = radius + width / 2, ri = radius - width / 2;
    int nv = 0;
    if (ri < 0)
        ri = 0;
    for (int i = 0; i < n; i++) {
        float t0 = a0 + (a1 - a0) * i / n, t1 = a0 + (a1 - a0) * (i + 1) / n;
        SDL_Vertex *v = gfx->verts + nv;
        v[0] = vert(cx + ro * cosf(t0), cy + ro * sinf(t0), c);
        v[1] = vert(cx + ro * cosf(t1), cy + ro * sinf(t1), c);
        v[2] = vert(cx + ri * cosf(t0), cy + ri * sinf(t0), c);
        v[3] = v[2];
        v[4] = v[1];
        v[5] = vert(cx + ri * cosf(t1), cy + ri * sinf(t1), c);
        nv += 6;
    }
    blend_for(gfx, c);
    SDL_RenderGeometry(gfx->renderer, NULL, gfx->verts, nv, NULL, 0);
}

void ik_gfx_ring(IkGfx *gfx, float cx, float cy, float radius, float width, SDL_Color c)
{
    ik_gfx_arc(gfx, cx, cy, radius, width, 0, (float)(2 * M_PI), c);
}

void ik_gfx_line(IkGfx *gfx, float x1, float y1, float x2, float y2, float width,
                 SDL_Color c)
{
    float dx = x2 - x1, dy = y2 - y1;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 0.01f)
        return;
    float nx = -dy / len * width / 2, ny = dx / len * width / 2;
    SDL_Vertex *v = gfx->verts;
    v[0] = vert(x1 + nx, y1 + ny, c);
    v[1] = vert(x2 + nx, y2 + ny, c);
    v[2] = vert(x1 - nx, y1 - ny, c);
    v[3] = v[2];
    v[4] = v[1];
    v[5] = vert(x2 - nx, y2 - ny, c);
    blend_for(gfx, c);
    SDL_RenderGeometry(gfx->renderer, NULL, v, 6, NULL, 0);
    /* Round caps keep joined strokes of pictograms free of notches. */
    ik_gfx_fill_circle(gfx, x1, y1, width / 2, c);
    ik_gfx_fill_circle(gfx, x2, y2, width / 2, c);
}

void ik_gfx_polygon(IkGfx *gfx, const float *xy, int points, SDL_Color c)
{
    float cx = 0, cy = 0;
    if (points < 3)
        return;
    for (int i = 0; i < points; i++) {
        cx += xy[2 * i];
        cy += xy[2 * i + 1];
    }
    fan(gfx, cx / points, cy / points, xy, points, c);
}

void ik_gfx_triangle(IkGfx *gfx, float x1, float y1, float x2, float y2,
                     float x3, float y3, SDL_Color c)
{
    SDL_Vertex v[3] = {vert(x1, y1, c), vert(x2, y2, c), vert(x3, y3, c)};
    blend_for(gfx, c);
    SDL_RenderGeometry(gfx->renderer, NULL, v, 3, NULL, 0);
}

void ik_gfx_layout(IkGfx *gfx, const IkLayout *layout, int x, int y, SDL_Color c)
{
    if (!gfx->atlas || !layout)
        return;
    if (!ik_atlas_draw(gfx->atlas, layout, x, y, c))
        ik_log(IK_LOG_WARN, "text drawing failed: %s", ik_error());
}

bool ik_gfx_save_png(IkGfx *gfx, const char *path)
{
    int w = 0, h = 0;
    bool ok = false;
    SDL_Surface *s = NULL;

    if (SDL_GetRendererOutputSize(gfx->renderer, &w, &h) != 0)
        return ik_fail("%s: %s", path, SDL_GetError());
    s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ABGR8888);
    if (!s) {
        ik_fail("%s: %s", path, SDL_GetError());
        goto fail;
    }
    /* NULL reads the scaled viewport, which fits inside the output. */
    SDL_RenderSetClipRect(gfx->renderer, NULL);
    if (SDL_RenderReadPixels(gfx->renderer, NULL, SDL_PIXELFORMAT_ABGR8888, s->pixels,
                             s->pitch) != 0) {
        ik_fail("%s: cannot read pixels: %s", path, SDL_GetError());
        goto fail;
    }
    if (IMG_SavePNG(s, path) != 0) {
        ik_fail("%s: cannot write PNG: %s", path, IMG_GetError());
        goto fail;
    }
    ok = true;
fail:
    SDL_FreeSurface(s);
    return ok;
}

void ik_gfx_touch_to_canvas(IkGfx *gfx, float nx, float ny, int *x, int *y)
{
    /* With a logical size set, SDL's renderer already normalizes finger
     * positions to the logical viewport (letterbox bars clamped away). */
    *x = (int)(nx * gfx->width);
    *y = (int)(ny * gfx->height);
    if (*x >= gfx->width)
        *x = gfx->width - 1;
    if (*y >= gfx->height)
        *y = gfx->height - 1;
}
