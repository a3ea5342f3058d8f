/* SDL window and renderer wrapper with anti-aliased vector primitives
 * (outlines filled by FreeType's rasterizer), so widgets and pictograms need
 * no image files and scale cleanly to any window size. */
#include "incontro/gfx.h"

#include <SDL_image.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

#define ATLAS_BYTES (16u * 1024u * 1024u)
#define OUTLINE_POINTS 1024
#define OUTLINE_CONTOURS 8
#define OUTLINE_LEVELS 16       /* steps of edge coverage, one batch each */
#define FILL_RECTS 256
#define FILL_OPEN 64            /* full spans on one row that may grow down */
#define SHAPE_BUCKETS 1024
#define SHAPE_BYTES (2u << 20)  /* kept spans of shapes; all dropped past this */

typedef struct {
    FT_Vector pts[OUTLINE_POINTS];
    char tags[OUTLINE_POINTS];
    short ends[OUTLINE_CONTOURS];
    int npts, ncont, start;     /* start: first point of the open contour */
} Outline;

typedef struct IkGfx IkGfx;

/* A rectangle of an outline's spans: full coverage (level OUTLINE_LEVELS)
 * or an edge drawn at one of the OUTLINE_LEVELS steps. */
typedef struct {
    int x, y, w, h;
    int level;
} Span;

typedef struct {
    Span *spans;                /* what the rasterizer gave, full rows merged */
    int count, cap;
    int above[FILL_OPEN], nabove;   /* full rectangles ending on the row above */
    int row[FILL_OPEN], nrow;       /* ...and on this row */
    int y;
} Fill;

/* The spans of an outline, kept: its points relative to its whole-pixel
 * corner and its fill rule are the key. */
typedef struct ShapeEntry {
    struct ShapeEntry *next;    /* hash chain */
    uint64_t hash;
    bool even_odd;
    int npts, ncont, nspans;
    FT_Vector *pts;             /* npts, relative (inside this block) */
    short *ends;                /* ncont */
    Span *spans;                /* nspans, relative */
} ShapeEntry;

typedef struct {
    ShapeEntry *buckets[SHAPE_BUCKETS];
    size_t bytes;
} ShapeCache;

static void shapes_clear(ShapeCache *c);

struct IkGfx {
    SDL_Window *window;
    SDL_Renderer *renderer;
    IkFonts *fonts;             /* not owned */
    IkGlyphAtlas *atlas;        /* owned */
    char renderer_name[32];
    int width, height;          /* canvas: the renderer's output in pixels */
    FT_Library ft;              /* owned: its rasterizer fills the shapes */
    Outline outline;
    Fill fill;
    ShapeCache shapes;
    SDL_Rect batch[OUTLINE_LEVELS + 1][FILL_RECTS];
};

bool ik_gfx_gpu_present(const char *dri)
{
    DIR *d = opendir(dri);
    bool found = false;
    for (struct dirent *e; d && !found && (e = readdir(d));)
        found = strncmp(e->d_name, "card", 4) == 0 || strncmp(e->d_name, "renderD", 7) == 0;
    if (d)
        closedir(d);
    return found;
}

/* Software when SDL_RENDER_DRIVER (environment or hint) asks for it, or,
 * when it names no driver, on a machine without a GPU: there GL would be
 * Mesa drawing on the CPU (llvmpipe), slower than SDL's software renderer at
 * our frames, three times slower to start, and 36 MiB of GL driver. */
static bool software_wanted(void)
{
    const char *driver = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (driver && *driver)
        return SDL_strcasecmp(driver, "software") == 0;
    if (ik_gfx_gpu_present("/dev/dri"))
        return false;
    ik_log(IK_LOG_INFO, "no GPU (/dev/dri has none): the software renderer draws");
    return true;
}

/* A GPU's device is there, but GL still draws on the CPU (a GPU without a
 * driver, an X server without DRI such as Xvfb): unless a driver was named. */
static bool gl_on_cpu(SDL_Renderer *renderer)
{
    const char *driver = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    SDL_RendererInfo info;
    if ((driver && *driver) || SDL_GetRendererInfo(renderer, &info) != 0 ||
        strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *(*GetString)(unsigned name);
    GetString get = (GetString)SDL_GL_GetProcAddress("glGetString");
    const char *name = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
    if (!name || !(strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                   strstr(name, "Software Rasterizer")))
        return false;
    ik_log(IK_LOG_INFO, "GL draws on the CPU (%s): the software renderer draws", name);
    return true;
}

/* A software renderer draws into the window surface, which SDL by default
 * backs with a GL texture: that maps the GL driver (Mesa and LLVM, ~36 MiB)
 * for no gain. Asked at normal priority, so SDL's environment variable
 * still wins for whoever wants it. */
static void window_surface_in_memory(void)
{
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
}

/* True on an X server that no window manager runs (none has set the root
 * window's _NET_SUPPORTING_WM_CHECK): there nobody answers a full-screen
 * request, and SDL 2.26 waits 100 ms for the answer before the first frame. */
static bool x11_without_window_manager(void)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!driver || strcmp(driver, "x11") != 0)
        return false;
    Display *d = XOpenDisplay(NULL);
    if (!d)
        return false;
    bool none = true;
    Atom check = XInternAtom(d, "_NET_SUPPORTING_WM_CHECK", True);
    if (check != None) {
        Atom type = None;
        int format = 0;
        unsigned long n = 0, after = 0;
        unsigned char *data = NULL;
        if (XGetWindowProperty(d, DefaultRootWindow(d), check, 0, 1, False, XA_WINDOW, &type,
                               &format, &n, &after, &data) == Success &&
            type == XA_WINDOW && n == 1)
            none = false;
        if (data)
            XFree(data);
    }
    XCloseDisplay(d);
    return none;
}

/* The window as options say: full screen, keyboard kept, or a resizable
 * window for development. */
static SDL_Window *make_window(const IkGfxOptions *options)
{
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    int w = options->width > 0 ? options->width : 1920;
    int h = options->height > 0 ? options->height : 1080;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    SDL_Rect screen;

    if (options->hidden) {
        flags |= SDL_WINDOW_HIDDEN;
    } else if (!options->windowed) {
        /* The keyboard stays with the kiosk: no Alt+Tab to a desktop. */
        flags |= SDL_WINDOW_KEYBOARD_GRABBED;
        /* Without a window manager a borderless window over the whole
         * display is the same screen, without SDL's wait for one. */
        if (x11_without_window_manager() && SDL_GetDisplayBounds(0, &screen) == 0) {
            flags |= SDL_WINDOW_BORDERLESS;
            x = screen.x;
            y = screen.y;
            w = screen.w;
            h = screen.h;
        } else {
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        }
    } else {
        flags |= SDL_WINDOW_RESIZABLE;
    }
    SDL_Window *window = SDL_CreateWindow("INCONTRO", x, y, w, h, flags);
    if (!window)
        ik_fail("cannot create a %dx%d window: %s", w, h, SDL_GetError());
    return window;
}

/* The window and its renderer: accelerated where a GPU draws, else SDL's
 * software renderer on a window made without GL. */
static bool make_renderer(IkGfx *gfx, const IkGfxOptions *options)
{
    bool software = software_wanted();
    gfx->window = make_window(options);
    if (!gfx->window)
        return false;
    if (!software) {
        gfx->renderer = SDL_CreateRenderer(gfx->window, -1,
                                           SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
        if (!gfx->renderer)
            ik_log(IK_LOG_INFO, "no accelerated renderer (%s), using software", SDL_GetError());
        if (gfx->renderer && gl_on_cpu(gfx->renderer)) {
            SDL_DestroyRenderer(gfx->renderer);
            SDL_DestroyWindow(gfx->window);     /* made for GL: made again without */
            gfx->renderer = NULL;
            gfx->window = make_window(options);
            if (!gfx->window)
                return false;
        }
    }
    if (!gfx->renderer) {
        window_surface_in_memory();
        gfx->renderer = SDL_CreateRenderer(gfx->window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!gfx->renderer) {
        /* SDL 2.26 has no window surface in memory on Wayland: there the
         * software renderer's pixels go through a GL texture */
        SDL_ResetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION);
        gfx->renderer = SDL_CreateRenderer(gfx->window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!gfx->renderer && software)
        gfx->renderer = SDL_CreateRenderer(gfx->window, -1, 0);
    if (!gfx->renderer)
        return ik_fail("cannot create a renderer: %s", SDL_GetError());
    return true;
}

IkGfx *ik_gfx_create(const IkGfxOptions *options, IkFonts *fonts)
{
    IkGfx *gfx = ik_xcalloc(1, sizeof *gfx);
    gfx->fonts = fonts;
    if (FT_Init_FreeType(&gfx->ft) != 0) {
        gfx->ft = NULL;
        ik_fail("cannot start FreeType");
        goto fail;
    }
    if (!make_renderer(gfx, options))
        goto fail;
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
    if (gfx->ft)
        FT_Done_FreeType(gfx->ft);
    shapes_clear(&gfx->shapes);
    free(gfx->fill.spans);
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

/* ---- shapes --------------------------------------------------------------
 * Every shape is an outline filled by FreeType's anti-aliasing rasterizer
 * (the one that draws the glyphs), which hands back each row as spans with
 * their coverage. Fully covered spans become rectangles (a run of rows alike
 * is one rectangle, so a software renderer fills a door with a few stores);
 * edge pixels are blended by their coverage in OUTLINE_LEVELS steps, one
 * batch per step. Straight edges on whole pixels get no fringe: a box is
 * exactly the pixels it was before. */

static void outline_reset(Outline *o)
{
    o->npts = o->ncont = 0;
    o->start = 0;
}

static void outline_point(Outline *o, float x, float y)
{
    if (o->npts < OUTLINE_POINTS)
        o->pts[o->npts++] = (FT_Vector){(FT_Pos)lroundf(x * 64), (FT_Pos)lroundf(y * 64)};
}

/* Ends the contour begun after the previous one, turned to one orientation
 * so that overlapping contours (a stroke and its round caps) add up under
 * the non-zero rule instead of cancelling. */
static void outline_close(Outline *o)
{
    int a = o->start, b = o->npts;
    if (b - a < 3 || o->ncont == OUTLINE_CONTOURS) {
        o->npts = a;
        return;
    }
    double area = 0;
    for (int i = a; i < b; i++) {
        const FT_Vector *p = &o->pts[i], *q = &o->pts[i + 1 < b ? i + 1 : a];
        area += (double)p->x * q->y - (double)q->x * p->y;
    }
    for (int i = a, j = b - 1; area < 0 && i < j; i++, j--) {
        FT_Vector t = o->pts[i];
        o->pts[i] = o->pts[j];
        o->pts[j] = t;
    }
    o->ends[o->ncont++] = (short)(b - 1);
    o->start = b;
}

static Uint8 level_alpha(SDL_Color c, int level)
{
    return (Uint8)((c.a * (level + 1) + OUTLINE_LEVELS / 2) / (OUTLINE_LEVELS + 1));
}

static void fill_add(Fill *f, Span s)
{
    if (f->count == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->spans = ik_xrealloc(f->spans, (size_t)f->cap, sizeof *f->spans);
    }
    f->spans[f->count++] = s;
}

static void full_span(Fill *f, int x, int y, int len)
{
    /* Extend the rectangle that ended on the row above at the same columns. */
    for (int i = 0; i < f->nabove; i++) {
        Span *r = &f->spans[f->above[i]];
        if (r->x == x && r->w == len && r->y + r->h == y) {
            r->h++;
            if (f->nrow < FILL_OPEN)
                f->row[f->nrow++] = f->above[i];
            return;
        }
    }
    if (f->nrow < FILL_OPEN)
        f->row[f->nrow++] = f->count;
    fill_add(f, (Span){x, y, len, 1, OUTLINE_LEVELS});
}

static void gray_spans(int y, int count, const FT_Span *spans, void *user)
{
    Fill *f = user;
    if (y != f->y) {
        bool next = y == f->y + 1;
        memcpy(f->above, f->row, sizeof(int) * (size_t)f->nrow);
        f->nabove = next ? f->nrow : 0;
        f->nrow = 0;
        f->y = y;
    }
    for (int i = 0; i < count; i++) {
        const FT_Span *s = &spans[i];
        if (s->coverage == 255) {
            full_span(f, s->x, y, s->len);
            continue;
        }
        int level = s->coverage * OUTLINE_LEVELS / 256;
        if (level == 0 && s->coverage < 8)
            continue;
        fill_add(f, (Span){s->x, y, s->len, 1, level});
    }
}

/* Draws spans moved by (dx, dy): one batch of rectangles per level. The
 * spans of one outline never overlap, so the order of batches is free. */
static void draw_batch(IkGfx *gfx, int level, int *count, SDL_Color c)
{
    Uint8 alpha = level == OUTLINE_LEVELS ? c.a : level_alpha(c, level);
    SDL_SetRenderDrawBlendMode(gfx->renderer, alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(gfx->renderer, c.r, c.g, c.b, alpha);
    SDL_RenderFillRects(gfx->renderer, gfx->batch[level], *count);
    *count = 0;
}

static void draw_spans(IkGfx *gfx, const Span *spans, int n, int dx, int dy, SDL_Color c)
{
    int count[OUTLINE_LEVELS + 1] = {0};
    for (int i = 0; i < n; i++) {
        int l = spans[i].level;
        if (count[l] == FILL_RECTS)
            draw_batch(gfx, l, &count[l], c);
        gfx->batch[l][count[l]++] =
            (SDL_Rect){spans[i].x + dx, spans[i].y + dy, spans[i].w, spans[i].h};
    }
    for (int l = 0; l <= OUTLINE_LEVELS; l++)
        if (count[l])
            draw_batch(gfx, l, &count[l], c);
}

/* Rasterizes the outline into gfx->fill, clipped to the canvas. */
static void rasterize(IkGfx *gfx, FT_Outline *out)
{
    Fill *f = &gfx->fill;
    f->count = f->nabove = f->nrow = 0;
    f->y = INT_MIN;
    FT_Raster_Params params = {0};
    params.source = out;
    params.flags = FT_RASTER_FLAG_AA | FT_RASTER_FLAG_DIRECT | FT_RASTER_FLAG_CLIP;
    params.gray_spans = gray_spans;
    params.user = f;
    params.clip_box = (FT_BBox){0, 0, gfx->width, gfx->height};
    FT_Outline_Render(gfx->ft, out, &params);
}

/* ---- shape cache ---------------------------------------------------------
 * A scrolling frame draws the cards, chips and pictograms of the last one
 * moved by whole pixels. FreeType's rasterizer gives an outline moved by
 * whole pixels the same spans moved likewise, so the spans of an outline
 * inside the canvas (where the clip cuts nothing) are kept under its points
 * relative to its whole-pixel corner, and drawn moved: the same pixels
 * without rasterizing again. Past SHAPE_BYTES everything is dropped (a
 * scene's shapes take a small part of it). */
static uint64_t shape_hash(const FT_Vector *pts, int npts, const short *ends, int ncont,
                           bool even_odd)
{
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)even_odd;
    for (int i = 0; i < npts; i++)
        h = (h ^ (uint64_t)pts[i].x * 0x9E3779B97F4A7C15ull ^ (uint64_t)pts[i].y) * 0x100000001B3ull;
    for (int i = 0; i < ncont; i++)
        h = (h ^ (uint64_t)ends[i]) * 0x100000001B3ull;
    return h;
}

static void shapes_clear(ShapeCache *c)
{
    for (int b = 0; b < SHAPE_BUCKETS; b++) {
        while (c->buckets[b]) {
            ShapeEntry *e = c->buckets[b];
            c->buckets[b] = e->next;
            free(e);
        }
    }
    c->bytes = 0;
}

static ShapeEntry *shapes_find(ShapeCache *c, uint64_t hash, const Outline *o, bool even_odd)
{
    for (ShapeEntry *e = c->buckets[hash % SHAPE_BUCKETS]; e; e = e->next)
        if (e->hash == hash && e->even_odd == even_odd && e->npts == o->npts &&
            e->ncont == o->ncont && memcmp(e->pts, o->pts, sizeof *e->pts * (size_t)o->npts) == 0 &&
            memcmp(e->ends, o->ends, sizeof *e->ends * (size_t)o->ncont) == 0)
            return e;
    return NULL;
}

static ShapeEntry *shapes_add(ShapeCache *c, uint64_t hash, const Outline *o, bool even_odd,
                              const Fill *f)
{
    size_t bytes = sizeof(ShapeEntry) + sizeof(FT_Vector) * (size_t)o->npts +
                   sizeof(Span) * (size_t)f->count + sizeof(short) * (size_t)o->ncont;
    if (c->bytes + bytes > SHAPE_BYTES)
        shapes_clear(c);
    ShapeEntry *e = ik_xmalloc(bytes);
    e->hash = hash;
    e->even_odd = even_odd;
    e->npts = o->npts;
    e->ncont = o->ncont;
    e->nspans = f->count;
    e->pts = (FT_Vector *)(e + 1);
    e->spans = (Span *)(e->pts + o->npts);
    e->ends = (short *)(e->spans + f->count);
    memcpy(e->pts, o->pts, sizeof *e->pts * (size_t)o->npts);
    memcpy(e->spans, f->spans, sizeof *e->spans * (size_t)f->count);
    memcpy(e->ends, o->ends, sizeof *e->ends * (size_t)o->ncont);
    e->next = c->buckets[hash % SHAPE_BUCKETS];
    c->buckets[hash % SHAPE_BUCKETS] = e;
    c->bytes += bytes;
    return e;
}

/* Fills the outline (non-zero rule, or even-odd for shapes with holes). */
static void fill_outline(IkGfx *gfx, bool even_odd, SDL_Color c)
{
    Outline *o = &gfx->outline;
    if (o->ncont == 0 || c.a == 0)
        return;
    memset(o->tags, FT_CURVE_TAG_ON, (size_t)o->npts);
    FT_Outline out = {(short)o->ncont, (short)o->npts, o->pts, o->tags, o->ends,
                      even_odd ? FT_OUTLINE_EVEN_ODD_FILL : FT_OUTLINE_NONE};
    FT_BBox box;
    FT_Outline_Get_CBox(&out, &box);
    if (box.xMin < 0 || box.yMin < 0 || box.xMax > (FT_Pos)gfx->width * 64 ||
        box.yMax > (FT_Pos)gfx->height * 64) {
        rasterize(gfx, &out);
        draw_spans(gfx, gfx->fill.spans, gfx->fill.count, 0, 0, c);
        return;
    }
    /* Inside the canvas: the key is the outline moved to its whole-pixel corner. */
    int dx = (int)(box.xMin / 64), dy = (int)(box.yMin / 64);
    FT_Outline_Translate(&out, -(FT_Pos)dx * 64, -(FT_Pos)dy * 64);
    uint64_t hash = shape_hash(o->pts, o->npts, o->ends, o->ncont, even_odd);
    ShapeEntry *e = shapes_find(&gfx->shapes, hash, o, even_odd);
    if (!e) {
        /* Rasterized where it is drawn, so the canvas clips nothing of it. */
        FT_Outline_Translate(&out, (FT_Pos)dx * 64, (FT_Pos)dy * 64);
        rasterize(gfx, &out);
        FT_Outline_Translate(&out, -(FT_Pos)dx * 64, -(FT_Pos)dy * 64);
        for (int i = 0; i < gfx->fill.count; i++) {
            gfx->fill.spans[i].x -= dx;
            gfx->fill.spans[i].y -= dy;
        }
        e = shapes_add(&gfx->shapes, hash, o, even_odd, &gfx->fill);
    }
    draw_spans(gfx, e->spans, e->nspans, dx, dy, c);
}

static int segments(float radius)
{
    int n = (int)(radius * 0.6f) + 8;
    return n > 96 ? 96 : n;
}

/* Segments per quarter circle: the chord strays from the arc by under a
 * fifth of a pixel. */
static int corner_segments(float radius)
{
    int k = (int)(radius / 3);
    return k < 4 ? 4 : k > 24 ? 24 : k;
}

/* A rounded rectangle as the next contour. */
static void round_contour(Outline *o, IkRect r, float radius)
{
    float rad = radius < 0 ? 0 : radius;
    if (rad * 2 > r.w)
        rad = r.w / 2.0f;
    if (rad * 2 > r.h)
        rad = r.h / 2.0f;
    const float cx[4] = {r.x + r.w - rad, r.x + r.w - rad, r.x + rad, r.x + rad};
    const float cy[4] = {r.y + rad, r.y + r.h - rad, r.y + r.h - rad, r.y + rad};
    int k = rad > 0 ? corner_segments(rad) : 0;
    for (int q = 0; q < 4; q++) {
        float a0 = (float)(-M_PI / 2 + q * M_PI / 2);
        for (int i = 0; i <= k; i++) {
            float a = a0 + (float)(M_PI / 2) * (k ? (float)i / k : 0);
            outline_point(o, cx[q] + rad * cosf(a), cy[q] + rad * sinf(a));
        }
    }
    outline_close(o);
}

static void circle_contour(Outline *o, float cx, float cy, float radius)
{
    int n = segments(radius);
    for (int i = 0; i < n; i++) {
        float a = (float)(2 * M_PI * i / n);
        outline_point(o, cx + radius * cosf(a), cy + radius * sinf(a));
    }
    outline_close(o);
}

void ik_gfx_fill_round(IkGfx *gfx, IkRect r, float radius, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    outline_reset(&gfx->outline);
    round_contour(&gfx->outline, r, radius);
    fill_outline(gfx, false, c);
}

void ik_gfx_stroke_round(IkGfx *gfx, IkRect r, float radius, float width, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    IkRect in = {r.x + (int)width, r.y + (int)width, r.w - 2 * (int)width, r.h - 2 * (int)width};
    if (in.w <= 0 || in.h <= 0) {
        ik_gfx_fill_round(gfx, r, radius, c);
        return;
    }
    outline_reset(&gfx->outline);
    round_contour(&gfx->outline, r, radius);
    round_contour(&gfx->outline, in, radius - width > 0 ? radius - width : 0);
    fill_outline(gfx, true, c);
}

void ik_gfx_fill_circle(IkGfx *gfx, float cx, float cy, float radius, SDL_Color c)
{
    outline_reset(&gfx->outline);
    circle_contour(&gfx->outline, cx, cy, radius);
    fill_outline(gfx, false, c);
}

void ik_gfx_arc(IkGfx *gfx, float cx, float cy, float radius, float width,
                float a0, float a1, SDL_Color c)
{
    int n = segments(radius);
    float ro = radius + width / 2, ri = radius - width / 2;
    Outline *o = &gfx->outline;
    if (ri < 0)
        ri = 0;
    outline_reset(o);
    for (int i = 0; i <= n; i++) {
        float t = a0 + (a1 - a0) * i / n;
        outline_point(o, cx + ro * cosf(t), cy + ro * sinf(t));
    }
    for (int i = n; i >= 0; i--) {
        float t = a0 + (a1 - a0) * i / n;
        outline_point(o, cx + ri * cosf(t), cy + ri * sinf(t));
    }
    outline_close(o);
    fill_outline(gfx, false, c);
}

void ik_gfx_ring(IkGfx *gfx, float cx, float cy, float radius, float width, SDL_Color c)
{
    float ro = radius + width / 2, ri = radius - width / 2;
    outline_reset(&gfx->outline);
    circle_contour(&gfx->outline, cx, cy, ro);
    if (ri > 0)
        circle_contour(&gfx->outline, cx, cy, ri);
    fill_outline(gfx, true, c);
}

void ik_gfx_line(IkGfx *gfx, float x1, float y1, float x2, float y2, float width,
                 SDL_Color c)
{
    float dx = x2 - x1, dy = y2 - y1;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 0.01f)
        return;
    float nx = -dy / len * width / 2, ny = dx / len * width / 2;
    Outline *o = &gfx->outline;
    outline_reset(o);
    outline_point(o, x1 + nx, y1 + ny);
    outline_point(o, x2 + nx, y2 + ny);
    outline_point(o, x2 - nx, y2 - ny);
    outline_point(o, x1 - nx, y1 - ny);
    outline_close(o);
    /* Round caps keep joined strokes of pictograms free of notches. */
    circle_contour(o, x1, y1, width / 2);
    circle_contour(o, x2, y2, width / 2);
    fill_outline(gfx, false, c);
}

void ik_gfx_polygon(IkGfx *gfx, const float *xy, int points, SDL_Color c)
{
    if (points < 3)
        return;
    outline_reset(&gfx->outline);
    for (int i = 0; i < points; i++)
        outline_point(&gfx->outline, xy[2 * i], xy[2 * i + 1]);
    outline_close(&gfx->outline);
    fill_outline(gfx, true, c);
}

void ik_gfx_triangle(IkGfx *gfx, float x1, float y1, float x2, float y2,
                     float x3, float y3, SDL_Color c)
{
    const float xy[] = {x1, y1, x2, y2, x3, y3};
    ik_gfx_polygon(gfx, xy, 3, c);
}

void ik_gfx_layout(IkGfx *gfx, const IkLayout *layout, int x, int y, SDL_Color c)
{
    if (!gfx->atlas || !layout)
        return;
    if (!ik_atlas_draw(gfx->atlas, layout, x, y, c))
        ik_log(IK_LOG_WARN, "text drawing failed: %s", ik_error());
}

/* SDL_image is loaded for the first screenshot: kiosks in service take
 * none, and linked it brings a dozen image codecs to every start-up. */
static int (*save_png)(SDL_Surface *surface, const char *file);

static bool load_sdl_image(void)
{
    static int (*init)(int flags);
    static const char *const names[] = {"IMG_Init", "IMG_SavePNG"};
    void **const slots[] = {(void **)&init, (void **)&save_png};
    if (save_png)
        return true;
    if (!ik_dl_load("libSDL2_image-2.0.so.0", 2, names, slots))
        return false;
    if ((init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
        save_png = NULL;
        return ik_fail("SDL_image cannot write PNG: %s", SDL_GetError());
    }
    return true;
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
    if (!load_sdl_image())
        goto fail;
    if (save_png(s, path) != 0) {
        ik_fail("%s: cannot write PNG: %s", path, SDL_GetError());
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
