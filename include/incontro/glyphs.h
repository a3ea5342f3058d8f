/* glyphs (part of gfx): draws IkLayouts with SDL through a glyph atlas
 * texture (FreeType rasterization by glyph id, LRU eviction, memory bound),
 * and caches layouts so an unchanged screen costs no shaping. */
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
size_t ik_atlas_bytes(const IkGlyphAtlas *atlas);   /* texture memory in use */
size_t ik_atlas_glyphs(const IkGlyphAtlas *atlas);  /* glyphs resident */

typedef struct IkLayoutCache IkLayoutCache;

/* Keeps up to capacity layouts, least recently used evicted first. */
IkLayoutCache *ik_layout_cache_create(IkFonts *fonts, size_t capacity);
void ik_layout_cache_destroy(IkLayoutCache *cache);
/* The layout of (text, options), shaped once. Owned by the cache, valid until
 * the next ik_layout_cache_get call that evicts it (at least until the end of
 * the current frame: call ik_layout_cache_frame at each frame start). */
const IkLayout *ik_layout_cache_get(IkLayoutCache *cache, const char *text,
                                    const IkLayoutOptions *options);
void ik_layout_cache_frame(IkLayoutCache *cache);
size_t ik_layout_cache_hits(const IkLayoutCache *cache);
size_t ik_layout_cache_misses(const IkLayoutCache *cache);

#endif
