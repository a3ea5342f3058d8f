/* Directory search: what stays the same from one keystroke to the next, kept
 * per database connection: the prepared statements, the number of services,
 * the services a filter lets through, the kiosk's own area, the reader's
 * language's number and script, the near spellings of words typed lately,
 * the rows read and ranked lately, the results' texts shown lately. A marker
 * SQL function on the connection owns it: SQLite calls its destructor when
 * the function is deleted (ik_search_forget) or the connection closes. What
 * the data says is emptied when the data changes or when a transaction it was
 * kept in ends; the statements stay (SQLite prepares them again when the
 * schema changes). Searches run on one thread. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "search_internal.h"

typedef struct {
    sqlite3 *db;
    sqlite3_int64 changes;      /* sqlite3_total_changes64 when filled */
    unsigned version;           /* SQLITE_FCNTL_DATA_VERSION when filled */
    bool in_transaction;        /* used inside a transaction, which may yet be rolled back */
    sqlite3_stmt *statements[IK_SEARCH_STATEMENTS];
    IkSearchCache data;
} Slot;

static Slot **slots;            /* one per connection that searched */
static size_t nslots;

static void clear(IkSearchCache *c)
{
    free(c->filter_key);
    free(c->passes);
    free(c->pass_list);
    ik_search_words_free(c->words);
    ik_search_rows_kept_free(c->rows_kept);
    ik_search_found_kept_free(c->found_kept);
    ik_search_runs_kept_free(c->runs_kept);
    ik_search_cards_free(c->cards);
    free(c->all);
    free(c->by_service);
    free(c->found);
    free(c->taken);
    free(c->home_key);
    free(c->home);
    free(c->lang_code);
    ik_search_near_free(c->near);
    memset(c, 0, sizeof *c);
    c->nservice = -2;
    c->source_n = -2;
}

static void destroy(void *p)
{
    Slot *slot = p;
    for (size_t i = 0; i < nslots; i++)
        if (slots[i] == slot)
            slots[i] = slots[--nslots];
    if (!nslots) {
        free(slots);
        slots = NULL;
    }
    for (int i = 0; i < IK_SEARCH_STATEMENTS; i++)
        sqlite3_finalize(slot->statements[i]);
    clear(&slot->data);
    free(slot);
}

static void marker(sqlite3_context *ctx, int n, sqlite3_value **v)
{
    (void)n;
    (void)v;
    sqlite3_result_null(ctx);
}

static Slot *slot_of(sqlite3 *db)
{
    for (size_t i = 0; i < nslots; i++)
        if (slots[i]->db == db)
            return slots[i];
    Slot *slot = ik_xcalloc(1, sizeof *slot);
    slot->db = db;
    slot->changes = -1;
    clear(&slot->data);
    /* on failure SQLite calls the destructor itself */
    if (sqlite3_create_function_v2(db, "ik_search_cache", 0, SQLITE_UTF8, slot, marker, NULL, NULL,
                                   destroy) != SQLITE_OK) {
        ik_fail("search: %s", sqlite3_errmsg(db));
        return NULL;
    }
    slots = ik_xrealloc(slots, nslots + 1, sizeof *slots);
    slots[nslots++] = slot;
    return slot;
}

IkSearchCache *ik_search_cache(sqlite3 *db)
{
    Slot *slot = slot_of(db);
    if (!slot)
        return NULL;
    sqlite3_int64 changes = sqlite3_total_changes64(db);
    unsigned version = 0;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version);
    /* a rollback changes neither count: what was kept inside a transaction
     * goes when it ends (a rollback to a savepoint within it is not seen) */
    bool in_transaction = !sqlite3_get_autocommit(db);
    if (changes != slot->changes || version != slot->version
        || (slot->in_transaction && !in_transaction)) {
        clear(&slot->data);
        slot->changes = changes;
        slot->version = version;
    }
    slot->in_transaction = in_transaction;
    return &slot->data;
}

void ik_search_release(sqlite3 *db)
{
    for (size_t i = 0; db && i < nslots; i++)
        if (slots[i]->db == db) {
            clear(&slots[i]->data);
            slots[i]->changes = -1;
        }
}

sqlite3_stmt *ik_search_stmt(sqlite3 *db, IkSearchStatement id, const char *sql)
{
    Slot *slot = slot_of(db);
    if (!slot)
        return NULL;
    sqlite3_stmt **st = &slot->statements[id];
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return *st;
    }
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
        ik_fail("search: %s", sqlite3_errmsg(db));
        sqlite3_finalize(*st);
        *st = NULL;
    }
    return *st;
}

void ik_search_forget(sqlite3 *db)
{
    for (size_t i = 0; db && i < nslots; i++)
        if (slots[i]->db == db) {
            /* deleting the marker function runs its destructor */
            sqlite3_create_function_v2(db, "ik_search_cache", 0, SQLITE_UTF8, NULL, NULL, NULL,
                                       NULL, NULL);
            return;
        }
}
