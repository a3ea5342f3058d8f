/* Anonymous statistics: how many times each scene was shown per language
 * and day, in a separate SQLite file (never the pack). No time of day, no
 * sequence, no search text: nothing that could tell one reader apart. */
#include "incontro/kiosk.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

#include "incontro/core.h"

struct IkStats {
    sqlite3 *db;
    sqlite3_stmt *bump;
};

IkStats *ik_stats_open(const char *path)
{
    IkStats *s = ik_xcalloc(1, sizeof *s);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        ik_fail("%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 200);
    if (sqlite3_exec(s->db,
                     "CREATE TABLE IF NOT EXISTS daily(day TEXT NOT NULL, event TEXT NOT NULL, "
                     "count INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(day, event)) WITHOUT ROWID",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO daily(day, event, count) VALUES(?1, ?2, 1) "
                           "ON CONFLICT(day, event) DO UPDATE SET count = count + 1",
                           -1, &s->bump, NULL) != SQLITE_OK) {
        ik_fail("%s: %s", path, sqlite3_errmsg(s->db));
        goto fail;
    }
    return s;
fail:
    ik_stats_close(s);
    return NULL;
}

void ik_stats_close(IkStats *s)
{
    if (!s)
        return;
    sqlite3_finalize(s->bump);
    sqlite3_close(s->db);
    free(s);
}

bool ik_stats_count(IkStats *s, time_t when, const char *event)
{
    char day[16];
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    sqlite3_reset(s->bump);
    sqlite3_bind_text(s->bump, 1, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s->bump, 2, event, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s->bump) != SQLITE_DONE)
        return ik_fail("statistics: %s", sqlite3_errmsg(s->db));
    return true;
}

void ik_stats_scene(IkKiosk *k, IkSceneId scene)
{
    char event[64];
    if (!k->stats)
        return;
    /* Attract and neutral belong to nobody; count what readers chose. */
    if (scene == IK_SCENE_ATTRACT || scene == IK_SCENE_NEUTRAL || scene == IK_SCENE_OPERATOR ||
        scene == IK_SCENE_OUT_OF_SERVICE)
        return;
    snprintf(event, sizeof event, "scene:%s:%s", ik_scene_name(scene), k->s.lang);
    if (!ik_stats_count(k->stats, ik_kiosk_wall(k), event))
        ik_log(IK_LOG_WARN, "%s", ik_error());
}
