/* Directory search: filters. Which services pass the reader's filter (area,
 * category, language spoken, open now, free, age) is computed once per
 * filter and kept in the per-connection cache while the reader types; the
 * rank function gives the other services' rows no score. (As AND terms in
 * the FTS5 expression, area and category made FTS5 intersect two doclists
 * of a third and a fifth of all rows: slower than the rows they saved.) "Open now" is ik_schedule_open_at's
 * decision (schedule.c), a language spoken ik_lang_related's (core). */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "content_internal.h"
#include "search_internal.h"

bool ik_search_any_filter(const IkSearchFilter *f)
{
    return f->area || f->category || f->language || f->open_now || f->free_only || f->age >= 0;
}

/* the services passing every filter but language spoken and open now */
static bool pass_fields(sqlite3 *db, const IkSearchFilter *f, uint8_t *passes, long nservice)
{
    sqlite3_stmt *st = ik_search_stmt(db, IK_SEARCH_STMT_FILTER_FIELDS,
        "SELECT x.s FROM search_service x WHERE"
        " (?1 IS NULL OR x.area = ?1)"
        " AND (?2 IS NULL OR EXISTS(SELECT 1 FROM service_term t WHERE t.service_id = x.id"
        "  AND t.term = ?2))"
        " AND (NOT ?3 OR x.free)"
        " AND (?4 < 0 OR ((x.min_age IS NULL OR x.min_age <= ?4)"
        "  AND (x.max_age IS NULL OR x.max_age >= ?4)))");
    if (!st)
        return false;
    if (f->area)
        sqlite3_bind_text(st, 1, f->area, -1, SQLITE_STATIC);
    if (f->category)
        sqlite3_bind_text(st, 2, f->category, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, f->free_only);
    sqlite3_bind_int(st, 4, f->age);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long s = (long)sqlite3_column_int64(st, 0);
        if (s > 0 && s <= nservice)
            passes[s] = 1;
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        ik_fail("search: %s", sqlite3_errmsg(db));
    sqlite3_reset(st);
    return ok;
}

/* clears passes[s] for the services where nobody speaks language: BCP 47
 * tags naming it more or less precisely count ("zh" and "zh-Hans", "fa" and
 * "fa-AF"; ik_lang_related) */
static bool pass_language(sqlite3 *db, const char *language, uint8_t *passes, long nservice)
{
    sqlite3_stmt *st = ik_search_stmt(db, IK_SEARCH_STMT_FILTER_LANGUAGE,
        "SELECT x.s, l.code FROM service_language l JOIN search_service x ON x.id = l.service_id");
    if (!st)
        return false;
    uint8_t *speaks = ik_xcalloc((size_t)nservice + 1, 1);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long s = (long)sqlite3_column_int64(st, 0);
        const char *code = (const char *)sqlite3_column_text(st, 1);
        if (s > 0 && s <= nservice && passes[s] && !speaks[s])
            speaks[s] = ik_lang_related(language, code);
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        ik_fail("search: %s", sqlite3_errmsg(db));
    for (long s = 1; s <= nservice; s++)
        passes[s] &= speaks[s];
    free(speaks);
    sqlite3_reset(st);
    return ok;
}

/* clears passes[s] for the services not open at now: each one's openings,
 * read by service number, are ik_schedule_open_at's to judge */
static bool pass_open_now(sqlite3 *db, time_t now, uint8_t *passes, long nservice)
{
    sqlite3_stmt *st = ik_search_stmt(db, IK_SEARCH_STMT_SCHEDULES,
        "SELECT " IK_OPENING_COLUMNS " FROM search_schedule WHERE s = ?");
    if (!st)
        return false;
    IkOpening *openings = NULL;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    for (long s = 1; s <= nservice && rc == SQLITE_DONE; s++) {
        if (!passes[s])
            continue;
        size_t n = 0;
        sqlite3_bind_int64(st, 1, s);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                openings = ik_xrealloc(openings, cap, sizeof *openings);
            }
            ik_opening_read(st, 0, &openings[n++]);
        }
        sqlite3_reset(st);
        passes[s] = ik_schedule_open_at(openings, n, now);
    }
    free(openings);
    if (rc != SQLITE_DONE)
        return ik_fail("search: %s", sqlite3_errmsg(db));
    return true;
}

/* the cache key of f: the same filter in the same minute of the same day
 * passes the same services (rules may hold on some dates only) */
static char *filter_key(const IkSearchFilter *f)
{
    long day = 0;
    int minutes = 0;
    if (f->open_now)
        ik_rome_clock(f->now, &day, NULL, &minutes);
    return ik_xasprintf("%s\x1f%s\x1f%s\x1f%d:%ld:%d\x1f%d\x1f%d", f->area ? f->area : "\x1e",
                        f->category ? f->category : "\x1e", f->language ? f->language : "\x1e",
                        f->open_now, day, minutes, f->free_only, f->age);
}

/* passes[1..nservice] for f, computed */
static bool compute_passes(sqlite3 *db, const IkSearchFilter *f, uint8_t *passes, long nservice)
{
    return pass_fields(db, f, passes, nservice) &&
           (!f->language || pass_language(db, f->language, passes, nservice)) &&
           (!f->open_now || pass_open_now(db, f->now, passes, nservice));
}

const uint8_t *ik_search_filter_passes(sqlite3 *db, const IkSearchFilter *f, long nservice,
                                       uint8_t **owned)
{
    *owned = NULL;
    IkSearchCache *cache = ik_search_cache(db);
    if (!ik_search_any_filter(f)) {
        /* kept apart from the last filter's: readers switch between them */
        uint8_t *all = cache ? cache->all : NULL;
        if (!all) {
            all = ik_xmalloc((size_t)nservice + 1);
            memset(all, 1, (size_t)nservice + 1);
            if (cache)
                cache->all = all;
            else
                *owned = all;
        }
        return all;
    }
    char *key = filter_key(f);
    if (cache && cache->filter_key && !strcmp(cache->filter_key, key)) {
        free(key);
        return cache->passes;
    }
    uint8_t *passes = ik_xcalloc((size_t)nservice + 1, 1);
    if (!compute_passes(db, f, passes, nservice)) {
        free(key);
        free(passes);
        return NULL;
    }
    if (!cache) {
        free(key);
        return *owned = passes;
    }
    free(cache->filter_key);
    free(cache->passes);
    free(cache->pass_list);
    cache->filter_key = key;
    cache->passes = passes;
    cache->pass_list = NULL;
    cache->npass = 0;
    return passes;
}

const long *ik_search_pass_list(sqlite3 *db, const uint8_t *passes, long nservice, size_t *count)
{
    *count = 0;
    IkSearchCache *cache = ik_search_cache(db);
    if (!cache || !passes || passes != cache->passes)
        return NULL;
    if (!cache->pass_list) {
        cache->pass_list = ik_xmalloc(((size_t)nservice + 1) * sizeof *cache->pass_list);
        for (long s = 1; s <= nservice; s++)
            if (passes[s])
                cache->pass_list[cache->npass++] = s;
    }
    *count = cache->npass;
    return cache->pass_list;
}

const uint8_t *ik_search_home_services(sqlite3 *db, const char *area, long nservice,
                                       uint8_t **owned)
{
    *owned = NULL;
    if (!area)
        return NULL;
    IkSearchCache *cache = ik_search_cache(db);
    if (cache && cache->home_key && !strcmp(cache->home_key, area))
        return cache->home;
    uint8_t *home = ik_xcalloc((size_t)nservice + 1, 1);
    sqlite3_stmt *st = ik_search_stmt(db, IK_SEARCH_STMT_HOME,
                                      "SELECT s FROM search_service WHERE area = ?");
    if (st) {   /* else no boost rather than no results */
        sqlite3_bind_text(st, 1, area, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            long s = (long)sqlite3_column_int64(st, 0);
            if (s > 0 && s <= nservice)
                home[s] = 1;
        }
        sqlite3_reset(st);
    }
    if (!cache || !st)
        return *owned = home;
    free(cache->home_key);
    free(cache->home);
    cache->home_key = ik_xstrdup(area);
    cache->home = home;
    return home;
}
