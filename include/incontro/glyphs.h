/* glyphs (part of gfx): draws IkLayouts with SDL through a glyph atlas
 * texture (FreeType rasterization by glyph id, LRU eviction, memory bound).
 * Layouts are made and cached by text (ik_layout_cache_get). */
#ifndef INCONTRO_GLYPHS_H
#define INCONTRO_GLYPHS_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "incontro/text.h"

typedef struct IkGlyphAtlas IkGlyphAtlas;

/* An atlas for renderer using at most max_bytes of texture memory.
 * NULL with ik_error() when no texture can be created. */
IkGlyphAtlas *ik_atlas_create(SDL_Renderer *renderer, IkFonts *fonts, size_t max_bytes);
void ik_atlas_destroy(IkGlyphAtlas *atlas);
/* Draws layout with its top-left corner at (x, y). False with ik_error()
 * only on a renderer failure; a glyph that cannot be rasterized is skipped. */
bool ik_atlas_draw(IkGlyphAtlas *atlas, const IkLayout *layout, int x, int y,
                   SDL_Color color);
/* Drops every page and glyph: they are made again as they are drawn. */
void ik_atlas_clear(IkGlyphAtlas *atlas);
size_t ik_atlas_bytes(const IkGlyphAtlas *atlas);   /* texture memory in use */
size_t ik_atlas_glyphs(const IkGlyphAtlas *atlas);  /* glyphs resident */

#endif
