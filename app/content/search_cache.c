/* Directory search: what stays the same from one keystroke to the next, kept
 * per database connection (the number of services, the services a filter
 * lets through, the kiosk's own area, the weekly openings). A marker SQL
 * function on the connection owns the cache: SQLite calls its destructor
 * when the connection closes. The cache is emptied when the data changes. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search_internal.h"

typedef struct {
    sqlite3 *db;
    sqlite3_int64 changes;      /* sqlite3_total_changes64 when filled */
    unsigned version;           /* SQLITE_FCNTL_DATA_VERSION when filled */
    IkSearchCache data;
} Slot;

#define SLOTS_MAX 8
static Slot *slots[SLOTS_MAX];

static void clear(IkSearchCache *c)
{
    free(c->filter_key);
    free(c->passes);
    free(c->home_key);
    free(c->home);
    free(c->openings);
    free(c->first);
    memset(c, 0, sizeof *c);
    c->nservice = -2;
}

static void destroy(void *p)
{
    Slot *slot = p;
    for (int i = 0; i < SLOTS_MAX; i++)
        if (slots[i] == slot)
            slots[i] = NULL;
    clear(&slot->data);
    free(slot);
}

static void marker(sqlite3_context *ctx, int n, sqlite3_value **v)
{
    (void)n;
    (void)v;
    sqlite3_result_null(ctx);
}

IkSearchCache *ik_search_cache(sqlite3 *db)
{
    Slot *slot = NULL;
    int free_at = -1;
    for (int i = 0; i < SLOTS_MAX && !slot; i++) {
        if (slots[i] && slots[i]->db == db)
            slot = slots[i];
        else if (!slots[i] && free_at < 0)
            free_at = i;
    }
    if (!slot) {
        if (free_at < 0)
            return NULL;
        slot = ik_xcalloc(1, sizeof *slot);
        slot->db = db;
        slot->changes = -1;
        clear(&slot->data);
        /* on failure SQLite calls the destructor itself */
        if (sqlite3_create_function_v2(db, "ik_search_cache", 0, SQLITE_UTF8, slot, marker, NULL,
                                       NULL, destroy) != SQLITE_OK)
            return NULL;
        slots[free_at] = slot;
    }
    sqlite3_int64 changes = sqlite3_total_changes64(db);
    unsigned version = 0;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version);
    if (changes != slot->changes || version != slot->version) {
        clear(&slot->data);
        slot->changes = changes;
        slot->version = version;
    }
    return &slot->data;
}
