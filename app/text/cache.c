/* cache: layouts of (text, options) shaped once and kept under a byte bound,
 * least recently used evicted first. Drawing and measuring (measure.c) both
 * read their layouts from here, so what is measured is what is drawn.
 *
 * [SECTION] types    - entries in a hash table and a recency list
 * [SECTION] public   - create, get, frame */
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

/* ---- [SECTION] types ----------------------------------------------------- */
typedef struct {
    char *key;                  /* options and text; NULL: a free slot */
    IkLayout *layout;
    size_t bytes;               /* key (here and in the map) + layout + entry */
    uint64_t frame;             /* frame of the last use */
    int next_free;              /* free slots' chain, -1 ends */
    int newer, older;           /* recency list, -1 ends */
} Entry;

struct IkLayoutCache {
    IkFonts *fonts;             /* borrowed */
    size_t max_bytes;
    size_t bytes;               /* held by all entries */
    Entry *entries;
    int count, cap;
    int free_slot;              /* a free entry (chained through next_free), -1: none */
    IkMap *slots;               /* key -> index in entries */
    int newest, oldest;         /* ends of the recency list */
    uint64_t frame;
    size_t hits, misses;
};

/* ---- [SECTION] public ---------------------------------------------------- */
IkLayoutCache *ik_layout_cache_create(IkFonts *fonts, size_t max_bytes)
{
    IkLayoutCache *c = ik_xcalloc(1, sizeof *c);
    c->fonts = fonts;
    c->max_bytes = max_bytes;
    c->free_slot = -1;
    c->newest = c->oldest = -1;
    c->slots = ik_map_create();
    c->frame = 1;
    return c;
}

/* Frees every entry and the map of them. */
static void free_entries(IkLayoutCache *c)
{
    for (int i = 0; i < c->count; i++) {
        free(c->entries[i].key);
        ik_layout_destroy(c->entries[i].layout);
    }
    free(c->entries);
    ik_map_destroy(c->slots);
}

void ik_layout_cache_destroy(IkLayoutCache *c)
{
    if (!c)
        return;
    free_entries(c);
    free(c);
}

void ik_layout_cache_clear(IkLayoutCache *c)
{
    if (!c)
        return;
    free_entries(c);
    c->entries = NULL;
    c->count = c->cap = 0;
    c->bytes = 0;
    c->free_slot = -1;
    c->newest = c->oldest = -1;
    c->slots = ik_map_create();
}

void ik_layout_cache_frame(IkLayoutCache *c)
{
    if (c)
        c->frame++;
}

IkFonts *ik_layout_cache_fonts(const IkLayoutCache *c) { return c ? c->fonts : NULL; }
size_t ik_layout_cache_bytes(const IkLayoutCache *c) { return c ? c->bytes : 0; }
size_t ik_layout_cache_hits(const IkLayoutCache *c) { return c ? c->hits : 0; }
size_t ik_layout_cache_misses(const IkLayoutCache *c) { return c ? c->misses : 0; }

static void unlink_recency(IkLayoutCache *c, int i)
{
    Entry *e = &c->entries[i];
    if (e->newer >= 0)
        c->entries[e->newer].older = e->older;
    else
        c->newest = e->older;
    if (e->older >= 0)
        c->entries[e->older].newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = -1;
}

static void make_newest(IkLayoutCache *c, int i)
{
    Entry *e = &c->entries[i];
    e->newer = -1;
    e->older = c->newest;
    if (c->newest >= 0)
        c->entries[c->newest].newer = i;
    c->newest = i;
    if (c->oldest < 0)
        c->oldest = i;
}

static void evict(IkLayoutCache *c, int i)
{
    Entry *e = &c->entries[i];
    ik_map_remove(c->slots, e->key);
    unlink_recency(c, i);
    c->bytes -= e->bytes;
    free(e->key);
    ik_layout_destroy(e->layout);
    memset(e, 0, sizeof *e);
    e->next_free = c->free_slot;
    c->free_slot = i;
}

/* Drops the least recently used layouts until the bound holds or only
 * layouts of this frame (which callers may still hold) are left. */
static void trim(IkLayoutCache *c)
{
    while (c->bytes > c->max_bytes && c->oldest >= 0 &&
           c->entries[c->oldest].frame != c->frame)
        evict(c, c->oldest);
}

static int new_slot(IkLayoutCache *c)
{
    if (c->free_slot >= 0) {
        int i = c->free_slot;
        c->free_slot = c->entries[i].next_free;
        return i;
    }
    if (c->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->entries = ik_xrealloc(c->entries, (size_t)c->cap, sizeof *c->entries);
    }
    return c->count++;
}

/* Appends v in decimal: keys are made for every text of every frame, and
 * printf's general machinery cost a twelfth of a directory frame. */
static void put_int(IkBuf *b, int v)
{
    char digits[16], *p = digits + sizeof digits;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    *--p = '|';
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    ik_buf_append(b, p, (size_t)(digits + sizeof digits - p));
}

/* The key of (text, options): "LANG|SIZE|WIDTH|DIR|ALIGN|LINES|CONTENT|TRIM|TEXT". */
static void make_key(IkBuf *key, const char *text, const IkLayoutOptions *o)
{
    const char *lang = o->lang ? o->lang : "it";
    ik_buf_puts(key, lang);
    ik_buf_append(key, "|", 1);
    const int fields[] = {o->size_px, o->width_px, (int)o->dir, (int)o->align, o->max_lines,
                          (int)o->content, (int)o->trim};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        put_int(key, fields[i]);
    ik_buf_puts(key, text);
}

const IkLayout *ik_layout_cache_get(IkLayoutCache *c, const char *text,
                                    const IkLayoutOptions *o)
{
    if (!c || !text || !o) {
        ik_fail("layout cache: no cache, text or options");
        return NULL;
    }
    IkBuf key = {0};
    make_key(&key, text, o);
    size_t at;
    if (ik_map_get(c->slots, key.data, &at)) {
        Entry *e = &c->entries[at];
        e->frame = c->frame;
        unlink_recency(c, (int)at);
        make_newest(c, (int)at);
        c->hits++;
        ik_buf_free(&key);
        return e->layout;
    }
    c->misses++;
    IkLayout *l = ik_text_layout(c->fonts, text, strlen(text), o);
    if (!l) {
        ik_buf_free(&key);
        return NULL;
    }
    int slot = new_slot(c);
    Entry *e = &c->entries[slot];
    e->key = key.data;
    e->layout = l;
    e->bytes = key.cap + key.len + 1 + ik_layout_bytes(l) + sizeof *e;
    e->frame = c->frame;
    ik_map_put(c->slots, e->key, (size_t)slot, NULL);
    make_newest(c, slot);
    c->bytes += e->bytes;
    trim(c);
    return l;
}
