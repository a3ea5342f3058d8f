/* kiosk: anonymous daily statistics in their own SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "incontro/core.h"
#include "incontro/kiosk.h"
#include "text_fixture.h"

static long count_of(const char *path, const char *event)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long n = -1;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT sum(count) FROM daily WHERE event = ?1", -1,
                                        &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, event, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void counts_add_up_per_day(void **state)
{
    (void)state;
    char path[] = "/tmp/ik-stats-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    IkStats *s = ik_stats_open(path);
    assert_non_null(s);
    time_t day1 = 1767225600, day2 = day1 + 86400 * 2;   /* 2026-01-01, 01-03 */
    for (int i = 0; i < 3; i++)
        assert_true(ik_stats_count(s, day1 + i * 60, "scene:home:ar"));
    assert_true(ik_stats_count(s, day2, "scene:home:ar"));
    ik_stats_close(s);
    s = ik_stats_open(path);                              /* reopening keeps counts */
    assert_true(ik_stats_count(s, day2, "scene:help:it"));
    ik_stats_close(s);
    assert_int_equal(count_of(path, "scene:home:ar"), 4);
    assert_int_equal(count_of(path, "scene:help:it"), 1);
    unlink(path);
    assert_null(ik_stats_open("/nonexistent/dir/stats.db"));
    assert_non_null(strstr(ik_error(), "/nonexistent/dir/stats.db"));
}

static void kiosk_counts_scenes_and_nothing_personal(void **state)
{
    (void)state;
    char path[] = "/tmp/ik-stats-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, NULL, 0);
    k.stats = ik_stats_open(path);
    k.on_scene = ik_stats_scene;
    ik_kiosk_draw(&k);
    ik_kiosk_press(&k, "start");
    ik_kiosk_draw(&k);
    ik_kiosk_set_lang(&k, "uk");
    ik_kiosk_go(&k, IK_SCENE_HOME);
    ik_kiosk_draw(&k);
    ik_kiosk_draw(&k);                                    /* redraw: no new count */
    ik_kiosk_go(&k, IK_SCENE_DIRECTORY);
    ik_kiosk_press(&k, "key:p");
    ik_kiosk_press(&k, "key:s");
    ik_kiosk_draw(&k);
    ik_kiosk_press(&k, "quick-exit");
    ik_kiosk_draw(&k);
    ik_stats_close(k.stats);
    ik_kiosk_release(&k);
    assert_int_equal(count_of(path, "scene:home:uk"), 1);
    assert_int_equal(count_of(path, "scene:directory:uk"), 1);
    assert_int_equal(count_of(path, "scene:language:it"), 1);
    assert_int_equal(count_of(path, "scene:neutral:it"), -1);   /* not counted */
    /* No row holds what was typed. */
    char *cmd = ik_xasprintf("grep -c 'ps' %s > /dev/null", path);
    assert_int_not_equal(system(cmd), 0);
    free(cmd);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_add_up_per_day),
        cmocka_unit_test(kiosk_counts_scenes_and_nothing_personal),
    };
    return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
