/* The project's one string hash (FNV-1a) and one string -> index map: open
 * addressing with linear probing, at most half full, deletion by shifting
 * the following entries back (no tombstones, so lookups never slow down). */
#include "incontro/core.h"

#include <stdlib.h>
#include <string.h>

struct IkMap {
    char **keys;        /* owned copies; NULL marks an empty slot */
    uint64_t *hashes;   /* of each key, so growing never hashes again */
    size_t *values;
    size_t cap;         /* slots, a power of two (0 before the first put) */
    size_t count;       /* keys present */
};

uint64_t ik_hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

IkMap *ik_map_create(void)
{
    return ik_xcalloc(1, sizeof(IkMap));
}

void ik_map_destroy(IkMap *map)
{
    if (!map)
        return;
    for (size_t i = 0; i < map->cap; i++)
        free(map->keys[i]);
    free(map->keys);
    free(map->hashes);
    free(map->values);
    free(map);
}

size_t ik_map_count(const IkMap *map)
{
    return map->count;
}

/* the slot holding key, or the empty slot where it would go */
static size_t probe(const IkMap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key) != 0))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void grow(IkMap *m)
{
    IkMap old = *m;
    m->cap = old.cap ? 2 * old.cap : 16;
    m->keys = ik_xcalloc(m->cap, sizeof(char *));
    m->hashes = ik_xcalloc(m->cap, sizeof(uint64_t));
    m->values = ik_xcalloc(m->cap, sizeof(size_t));
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.keys[i])
            continue;
        size_t j = (size_t)old.hashes[i] & (m->cap - 1);
        while (m->keys[j])
            j = (j + 1) & (m->cap - 1);
        m->keys[j] = old.keys[i];
        m->hashes[j] = old.hashes[i];
        m->values[j] = old.values[i];
    }
    free(old.keys);
    free(old.hashes);
    free(old.values);
}

bool ik_map_put(IkMap *map, const char *key, size_t value, size_t *old)
{
    if (2 * (map->count + 1) > map->cap)
        grow(map);
    uint64_t h = ik_hash(key, strlen(key));
    size_t i = probe(map, key, h);
    bool present = map->keys[i] != NULL;
    if (present && old)
        *old = map->values[i];
    if (!present) {
        map->keys[i] = ik_xstrdup(key);
        map->hashes[i] = h;
        map->count++;
    }
    map->values[i] = value;
    return present;
}

bool ik_map_get(const IkMap *map, const char *key, size_t *value)
{
    if (!map->count)
        return false;
    size_t i = probe(map, key, ik_hash(key, strlen(key)));
    if (!map->keys[i])
        return false;
    if (value)
        *value = map->values[i];
    return true;
}

bool ik_map_remove(IkMap *map, const char *key)
{
    if (!map->count)
        return false;
    size_t mask = map->cap - 1;
    size_t i = probe(map, key, ik_hash(key, strlen(key)));
    if (!map->keys[i])
        return false;
    free(map->keys[i]);
    map->keys[i] = NULL;
    map->count--;
    /* move back each following entry that the hole now separates from its
     * home slot, so every key stays reachable from its home */
    for (size_t j = (i + 1) & mask; map->keys[j]; j = (j + 1) & mask) {
        size_t home = (size_t)map->hashes[j] & mask;
        bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (between)
            continue;
        map->keys[i] = map->keys[j];
        map->hashes[i] = map->hashes[j];
        map->values[i] = map->values[j];
        map->keys[j] = NULL;
        i = j;
    }
    return true;
}
