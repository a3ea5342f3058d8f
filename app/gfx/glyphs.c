/* glyphs: the glyph atlas (FreeType bitmaps of HarfBuzz glyph ids on SDL
 * textures, least recently used page evicted under a byte bound). Layouts
 * come from text's layout cache; this file only draws them.
 *
 * [SECTION] atlas   - pages, shelves, entries, eviction
 * [SECTION] direct  - software windows: glyphs blended into the window's pixels
 * [SECTION] draw    - ik_atlas_draw */
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "incontro/core.h"
#include "incontro/glyphs.h"

/* ---- [SECTION] atlas ----------------------------------------------------- */
#define MAX_PAGES 64
#define MAX_SHELVES 128
#define BUCKETS 4096
#define PAD 1

typedef struct {
    int y, height, x;           /* a row of glyphs: top, height, next free x */
} Shelf;

typedef struct {
    SDL_Texture *texture;
    unsigned char *coverage;    /* direct drawing: the glyphs' 8-bit coverage, as the texture */
    Shelf shelves[MAX_SHELVES];
    int shelf_count;
    int next_y;                 /* top of the space no shelf uses yet */
    uint64_t last_used;         /* draw stamp of its most recent use */
} Page;

typedef struct {
    uint64_t key;               /* font << 48 | size << 32 | glyph id */
    int page;                   /* -1: no bitmap (a space) */
    SDL_Rect rect;              /* where in the page */
    int left, top;              /* bitmap offset from the pen position */
    int next;                   /* hash chain, -1 ends */
    bool used;
} Entry;

struct IkGlyphAtlas {
    SDL_Renderer *renderer;
    IkFonts *fonts;
    int page_size;              /* pages are page_size x page_size ARGB */
    int max_pages;
    Page pages[MAX_PAGES];
    int page_count;
    Entry *entries;
    int entry_count, entry_cap;
    int free_list;              /* reusable entries (chained through next) */
    int buckets[BUCKETS];
    size_t resident;            /* entries in use */
    uint64_t stamp;             /* one per draw call */
    SDL_Window *direct;         /* a software renderer's window: glyphs blended directly */
};

IkGlyphAtlas *ik_atlas_create(SDL_Renderer *renderer, IkFonts *fonts, size_t max_bytes)
{
    if (!renderer || !fonts) {
        ik_fail("glyph atlas: no renderer or no fonts");
        return NULL;
    }
    IkGlyphAtlas *a = ik_xcalloc(1, sizeof *a);
    a->renderer = renderer;
    a->fonts = fonts;
    /* Pages of 1024 px when the bound allows two of them, smaller otherwise. */
    a->page_size = 1024;
    while (a->page_size > 128 && (size_t)a->page_size * a->page_size * 4 * 2 > max_bytes)
        a->page_size /= 2;
    size_t page_bytes = (size_t)a->page_size * a->page_size * 4;
    a->max_pages = (int)(max_bytes / page_bytes);
    if (a->max_pages < 1)
        a->max_pages = 1;
    if (a->max_pages > MAX_PAGES)
        a->max_pages = MAX_PAGES;
    a->free_list = -1;
    for (int i = 0; i < BUCKETS; i++)
        a->buckets[i] = -1;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE))
        a->direct = SDL_RenderGetWindow(renderer);
    return a;
}

/* Frees every page and the glyph entries. */
static void free_pages(IkGlyphAtlas *a)
{
    for (int i = 0; i < a->page_count; i++) {
        if (a->pages[i].texture)
            SDL_DestroyTexture(a->pages[i].texture);
        free(a->pages[i].coverage);
    }
    free(a->entries);
}

void ik_atlas_destroy(IkGlyphAtlas *a)
{
    if (!a)
        return;
    free_pages(a);
    free(a);
}

void ik_atlas_clear(IkGlyphAtlas *a)
{
    if (!a)
        return;
    free_pages(a);
    a->page_count = 0;
    a->entries = NULL;
    a->entry_count = a->entry_cap = 0;
    a->free_list = -1;
    for (int i = 0; i < BUCKETS; i++)
        a->buckets[i] = -1;
    a->resident = 0;
}

size_t ik_atlas_bytes(const IkGlyphAtlas *a)
{
    /* Direct drawing keeps a byte of coverage per texel beside the texture. */
    return a ? (size_t)a->page_count * a->page_size * a->page_size * (a->direct ? 5 : 4) : 0;
}

size_t ik_atlas_glyphs(const IkGlyphAtlas *a) { return a ? a->resident : 0; }

static unsigned bucket_of(uint64_t key)
{
    key ^= key >> 29;
    key *= 0xBF58476D1CE4E5B9ull;
    key ^= key >> 32;
    return (unsigned)(key & (BUCKETS - 1));
}

static Entry *lookup(IkGlyphAtlas *a, uint64_t key)
{
    for (int i = a->buckets[bucket_of(key)]; i >= 0; i = a->entries[i].next)
        if (a->entries[i].key == key)
            return &a->entries[i];
    return NULL;
}

static Entry *insert(IkGlyphAtlas *a, uint64_t key)
{
    int i = a->free_list;
    if (i >= 0) {
        a->free_list = a->entries[i].next;
    } else {
        if (a->entry_count == a->entry_cap) {
            a->entry_cap = a->entry_cap ? a->entry_cap * 2 : 1024;
            a->entries = ik_xrealloc(a->entries, (size_t)a->entry_cap, sizeof *a->entries);
        }
        i = a->entry_count++;
    }
    Entry *e = &a->entries[i];
    memset(e, 0, sizeof *e);
    e->key = key;
    e->used = true;
    unsigned b = bucket_of(key);
    e->next = a->buckets[b];
    a->buckets[b] = i;
    a->resident++;
    return e;
}

/* Forgets every glyph on page p and empties it (the least recently used). */
static void clear_page(IkGlyphAtlas *a, int p)
{
    for (int b = 0; b < BUCKETS; b++) {
        int *link = &a->buckets[b];
        while (*link >= 0) {
            Entry *e = &a->entries[*link];
            if (e->page == p) {
                int dead = *link;
                *link = e->next;
                e->used = false;
                e->next = a->free_list;
                a->free_list = dead;
                a->resident--;
            } else {
                link = &e->next;
            }
        }
    }
    a->pages[p].shelf_count = 0;
    a->pages[p].next_y = 0;
}

static bool place_on(IkGlyphAtlas *a, int p, int w, int h, SDL_Rect *out)
{
    Page *page = &a->pages[p];
    for (int i = 0; i < page->shelf_count; i++) {
        Shelf *s = &page->shelves[i];
        if (h <= s->height && h * 3 >= s->height * 2 && s->x + w <= a->page_size) {
            *out = (SDL_Rect){s->x, s->y, w, h};
            s->x += w + PAD;
            return true;
        }
    }
    if (page->shelf_count < MAX_SHELVES && page->next_y + h <= a->page_size &&
        w <= a->page_size) {
        Shelf *s = &page->shelves[page->shelf_count++];
        *s = (Shelf){page->next_y, h, w + PAD};
        page->next_y += h + PAD;
        *out = (SDL_Rect){0, s->y, w, h};
        return true;
    }
    return false;
}

static int new_page(IkGlyphAtlas *a)
{
    SDL_Texture *t = SDL_CreateTexture(a->renderer, SDL_PIXELFORMAT_ARGB8888,
                                       SDL_TEXTUREACCESS_STATIC, a->page_size, a->page_size);
    if (!t)
        return -1;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    Page *page = &a->pages[a->page_count];
    memset(page, 0, sizeof *page);
    page->texture = t;
    if (a->direct)
        page->coverage = ik_xcalloc((size_t)a->page_size * a->page_size, 1);
    return a->page_count++;
}

/* A page with room for w x h: a current one, a new one, or the least
 * recently used one emptied. -1 when the glyph cannot fit at all. */
static int find_room(IkGlyphAtlas *a, int w, int h, SDL_Rect *out)
{
    if (w > a->page_size || h > a->page_size)
        return -1;
    for (int p = a->page_count - 1; p >= 0; p--)
        if (place_on(a, p, w, h, out))
            return p;
    if (a->page_count < a->max_pages) {
        int p = new_page(a);
        if (p >= 0 && place_on(a, p, w, h, out))
            return p;
        if (p < 0 && a->page_count == 0)
            return -1;
    }
    int lru = 0;
    for (int p = 1; p < a->page_count; p++)
        if (a->pages[p].last_used < a->pages[lru].last_used)
            lru = p;
    clear_page(a, lru);
    return place_on(a, lru, w, h, out) ? lru : -1;
}

static Entry *rasterize(IkGlyphAtlas *a, uint64_t key, int font, int size, uint32_t id)
{
    FT_Face face = ik_fonts_face(a->fonts, font, size);
    if (!face || FT_Load_Glyph(face, id, FT_LOAD_TARGET_LIGHT) != 0 ||
        FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0)
        return NULL;
    FT_Bitmap *bm = &face->glyph->bitmap;
    int w = (int)bm->width, h = (int)bm->rows;
    SDL_Rect r = {0, 0, 0, 0};
    int p = -1;
    if (w > 0 && h > 0) {
        if (bm->pixel_mode != FT_PIXEL_MODE_GRAY)
            return NULL;
        p = find_room(a, w, h, &r);
        if (p < 0)
            return NULL;
        uint32_t *pixels = ik_xmalloc((size_t)w * h * 4);
        unsigned char *coverage = a->pages[p].coverage;
        for (int y = 0; y < h; y++) {
            const unsigned char *row = bm->buffer + (ptrdiff_t)y * bm->pitch;
            for (int x = 0; x < w; x++)
                pixels[y * w + x] = ((uint32_t)row[x] << 24) | 0xFFFFFFu;
            if (coverage)
                memcpy(coverage + (size_t)(r.y + y) * a->page_size + r.x, row, (size_t)w);
        }
        int rc = SDL_UpdateTexture(a->pages[p].texture, &r, pixels, w * 4);
        free(pixels);
        if (rc != 0)
            return NULL;
    }
    Entry *e = insert(a, key);
    e->page = p;
    e->rect = r;
    e->left = face->glyph->bitmap_left;
    e->top = face->glyph->bitmap_top;
    return e;
}

/* ---- [SECTION] direct ---------------------------------------------------- */
/* SDL's software renderer blends a colour-modulated glyph with its generic
 * per-pixel blitter, which visits every texel of the glyph's box, most of
 * them empty: over half of a software frame. Here the coverage is blended
 * into the window's pixels with that blitter's very arithmetic (SDL's
 * ARGB8888 Modulate_Blend, divisions by 255 included), so the pixels are
 * the same, and an empty texel (which that arithmetic leaves unchanged) is
 * skipped. Only where SDL would use that blitter: a colour other than
 * white, into an XRGB8888 or ARGB8888 window at scale 1. */
typedef struct {
    SDL_Surface *surface;
    SDL_Rect clip;              /* the pixels that may change */
    bool alpha;                 /* the surface keeps alpha (ARGB8888) */
    uint8_t src[256][4];        /* by coverage: A, R, G, B as blended (modulated, premultiplied) */
    uint32_t opaque;            /* the pixel where A is 255 */
} Direct;

static bool direct_begin(IkGlyphAtlas *a, SDL_Color c, Direct *d)
{
    if (!a->direct || (c.r == 255 && c.g == 255 && c.b == 255))
        return false;
    float sx = 0, sy = 0;
    SDL_Rect view;
    SDL_RenderGetScale(a->renderer, &sx, &sy);
    SDL_RenderGetViewport(a->renderer, &view);
    if (sx != 1.0f || sy != 1.0f || view.x != 0 || view.y != 0)
        return false;
    SDL_Surface *s = SDL_GetWindowSurface(a->direct);
    if (!s || SDL_MUSTLOCK(s) || (s->format->format != SDL_PIXELFORMAT_XRGB8888 &&
                                  s->format->format != SDL_PIXELFORMAT_ARGB8888))
        return false;
    /* What the renderer has queued lies under this text. */
    if (SDL_RenderFlush(a->renderer) != 0)
        return false;
    d->surface = s;
    d->alpha = s->format->format == SDL_PIXELFORMAT_ARGB8888;
    d->clip = (SDL_Rect){0, 0, s->w, s->h};
    if (SDL_RenderIsClipEnabled(a->renderer)) {
        SDL_Rect r;
        SDL_RenderGetClipRect(a->renderer, &r);
        if (!SDL_IntersectRect(&d->clip, &r, &d->clip))
            d->clip = (SDL_Rect){0, 0, 0, 0};
    }
    for (int k = 0; k < 256; k++) {
        /* The texel is white with alpha k; modulated, then premultiplied. */
        unsigned sa = (unsigned)k * c.a / 255, rgb[3] = {c.r, c.g, c.b};
        d->src[k][0] = (uint8_t)sa;
        for (int ch = 0; ch < 3; ch++)
            d->src[k][1 + ch] = (uint8_t)(sa < 255 ? rgb[ch] * sa / 255 : rgb[ch]);
    }
    d->opaque = (d->alpha ? 0xFF000000u : 0) | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
    return true;
}

/* Blends the glyph e at (dx, dy) into the surface, clipped. */
static void direct_glyph(const IkGlyphAtlas *a, const Direct *d, const Entry *e, int dx, int dy)
{
    SDL_Rect box = {dx, dy, e->rect.w, e->rect.h}, out;
    if (!SDL_IntersectRect(&box, &d->clip, &out))
        return;
    const unsigned char *cov = a->pages[e->page].coverage +
                               (size_t)(e->rect.y + out.y - dy) * a->page_size +
                               (e->rect.x + out.x - dx);
    for (int row = 0; row < out.h; row++, cov += a->page_size) {
        uint32_t *px = (uint32_t *)((char *)d->surface->pixels +
                                    (ptrdiff_t)(out.y + row) * d->surface->pitch) + out.x;
        for (int col = 0; col < out.w; col++) {
            if (!cov[col])
                continue;
            const uint8_t *s = d->src[cov[col]];
            if (s[0] == 255) {      /* opaque: the arithmetic below keeps nothing of px */
                px[col] = d->opaque;
                continue;
            }
            unsigned keep = 255u - s[0], p = px[col];
            unsigned r = s[1] + keep * ((p >> 16) & 0xFF) / 255;
            unsigned g = s[2] + keep * ((p >> 8) & 0xFF) / 255;
            unsigned b = s[3] + keep * (p & 0xFF) / 255;
            unsigned alpha = d->alpha ? s[0] + keep * (p >> 24) / 255 : 0;
            px[col] = alpha << 24 | r << 16 | g << 8 | b;
        }
    }
}

/* ---- [SECTION] draw ------------------------------------------------------ */
static void modulate_pages(IkGlyphAtlas *a, int from, SDL_Color c)
{
    for (int p = from; p < a->page_count; p++) {
        SDL_SetTextureColorMod(a->pages[p].texture, c.r, c.g, c.b);
        SDL_SetTextureAlphaMod(a->pages[p].texture, c.a);
    }
}

bool ik_atlas_draw(IkGlyphAtlas *a, const IkLayout *layout, int x, int y, SDL_Color color)
{
    if (!a || !layout)
        return true;
    a->stamp++;
    const IkGlyph *g = ik_layout_glyphs(layout);
    size_t n = ik_layout_glyph_count(layout);
    Direct direct;
    bool is_direct = direct_begin(a, color, &direct);
    if (!is_direct)
        modulate_pages(a, 0, color);
    for (size_t i = 0; i < n; i++) {
        uint64_t key = (uint64_t)g[i].font << 48 | (uint64_t)g[i].size << 32 | g[i].id;
        Entry *e = lookup(a, key);
        if (!e) {
            int pages = a->page_count;
            e = rasterize(a, key, g[i].font, g[i].size, g[i].id);
            if (!e)
                continue;
            if (!is_direct)
                modulate_pages(a, pages, color);
        }
        if (e->page < 0)
            continue;
        a->pages[e->page].last_used = a->stamp;
        SDL_Rect dst = {x + g[i].x + e->left, y + g[i].y - e->top, e->rect.w, e->rect.h};
        if (is_direct)
            direct_glyph(a, &direct, e, dst.x, dst.y);
        else if (SDL_RenderCopy(a->renderer, a->pages[e->page].texture, &e->rect, &dst) != 0)
            return ik_fail("drawing a glyph: %s", SDL_GetError());
    }
    return true;
}
