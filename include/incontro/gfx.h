/* gfx: the SDL window and renderer, a canvas of the window's own pixels
 * (layout adapts to it; nothing is letterboxed), vector primitives (rounded boxes, circles, thick lines, polygons)
 * for widgets and pictograms, and screenshots. Text goes through glyphs.h. */
#ifndef INCONTRO_GFX_H
#define INCONTRO_GFX_H

#include <SDL.h>
#include <stdbool.h>

#include "incontro/glyphs.h"
#include "incontro/text.h"

typedef struct {
    int x, y, w, h;
} IkRect;

typedef struct IkGfx IkGfx;

typedef struct {
    int width, height;      /* window size in pixels (0 = 1920 x 1080) */
    bool windowed;          /* false = full screen desktop */
    bool hidden;            /* headless runs: never shown */
} IkGfxOptions;

/* Opens the window and its renderer: the one SDL_RENDER_DRIVER names, else
 * an accelerated one where a GPU draws, else software (no GPU device in
 * /dev/dri, or GL drawing on the CPU). Takes no ownership of fonts (which
 * must outlive the result). NULL with ik_error() when no window or renderer
 * can be created. */
IkGfx *ik_gfx_create(const IkGfxOptions *options, IkFonts *fonts);
void ik_gfx_destroy(IkGfx *gfx);
/* True when the folder dri (normally /dev/dri) holds a GPU's device. */
bool ik_gfx_gpu_present(const char *dri);

SDL_Renderer *ik_gfx_renderer(IkGfx *gfx);
IkGlyphAtlas *ik_gfx_atlas(IkGfx *gfx);         /* owned by gfx */
IkFonts *ik_gfx_fonts(IkGfx *gfx);
const char *ik_gfx_renderer_name(IkGfx *gfx);   /* "opengl", "software" ... */
/* The canvas size in pixels: the renderer's output, which scenes lay out on. */
void ik_gfx_size(const IkGfx *gfx, int *w, int *h);
/* Takes the window's new size as the canvas (after SDL_WINDOWEVENT_SIZE_CHANGED). */
void ik_gfx_resized(IkGfx *gfx);

/* Starts a frame cleared to bg; ik_gfx_present shows it. */
void ik_gfx_begin(IkGfx *gfx, SDL_Color bg);
void ik_gfx_present(IkGfx *gfx);

/* Clipping in canvas coordinates; NULL removes it. */
void ik_gfx_clip(IkGfx *gfx, const IkRect *rect);

void ik_gfx_fill_rect(IkGfx *gfx, IkRect r, SDL_Color c);
void ik_gfx_fill_round(IkGfx *gfx, IkRect r, float radius, SDL_Color c);
void ik_gfx_stroke_round(IkGfx *gfx, IkRect r, float radius, float width, SDL_Color c);
void ik_gfx_fill_circle(IkGfx *gfx, float cx, float cy, float radius, SDL_Color c);
void ik_gfx_ring(IkGfx *gfx, float cx, float cy, float radius, float width, SDL_Color c);
/* Arc of a ring from angle a0 to a1 (radians, 0 = east, clockwise on screen). */
void ik_gfx_arc(IkGfx *gfx, float cx, float cy, float radius, float width,
                float a0, float a1, SDL_Color c);
void ik_gfx_line(IkGfx *gfx, float x1, float y1, float x2, float y2, float width,
                 SDL_Color c);
/* A polygon that is star-shaped around its first point's centroid (fan). */
void ik_gfx_polygon(IkGfx *gfx, const float *xy, int points, SDL_Color c);
void ik_gfx_triangle(IkGfx *gfx, float x1, float y1, float x2, float y2,
                     float x3, float y3, SDL_Color c);

/* Draws a layout with its top-left corner at (x, y). */
void ik_gfx_layout(IkGfx *gfx, const IkLayout *layout, int x, int y, SDL_Color c);

/* Writes what the last frame drew as a PNG; false with ik_error(). */
bool ik_gfx_save_png(IkGfx *gfx, const char *path);

/* Converts a touch position as SDL reports it (0..1 of the logical
 * viewport, once a renderer with a logical size exists) to the canvas. */
void ik_gfx_touch_to_canvas(IkGfx *gfx, float nx, float ny, int *x, int *y);

#endif
