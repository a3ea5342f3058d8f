/* The kiosk's updater in the test's own thread: packs arriving in the inbox
 * are verified and installed into the store, the shown file is watched, a
 * better pack is taken only between sessions, refusals keep what is shown,
 * and status.json says what is on screen. (The https:// source is tested
 * against a loopback server in tests/updates/.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/kiosk.h"
#include "incontro/pack.h"

#include "scratch.h"
#include "gettextpo_leak.h"

static IkConfig config;

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ik_test_updates_XXXXXX");
    if (!mkdtemp(tmp) || !ik_pack_keygen(at("k"), false) || !ik_pack_keygen(at("other"), false))
        return -1;
    fixture_pack("v100.pack", "100", "k.key");
    fixture_pack("v101.pack", "101", "k.key");
    fixture_pack("v102.pack", "102", "k.key");
    fixture_pack("foreign.pack", "103", "other.key");
    fixture_pack("unsigned.pack", "104", NULL);
    sh("cp '%s' '%s' && printf 'X' | dd of='%s' bs=1 seek=7000 conv=notrunc 2>/dev/null",
       at("v102.pack"), at("flipped.pack"), at("flipped.pack"));
    ik_config_defaults(&config);
    char *text = ik_xasprintf("store = %s\ninbox = %s\nstatus_file = %s\n", at("store"),
                              at("inbox"), at("status.json"));
    char *pub = ik_file_read(at("k.pub"), NULL);
    bool ok = pub && ik_config_parse(&config, "test.conf", pub) &&
              ik_config_parse(&config, "test.conf", text);
    free(pub);
    free(text);
    mkdir(at("inbox"), 0755);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* Steps the updater until it has a pack ready (NULL after enough rounds). */
static IkContent *wait_ready(IkUpdater *u)
{
    for (int i = 0; i < 8; i++) {
        ik_updater_step(u, false);
        IkContent *c = ik_updater_take(u);
        if (c)
            return c;
    }
    return NULL;
}

static char *status(void)
{
    char *s = ik_file_read(at("status.json"), NULL);
    assert_non_null(s);
    return s;
}

static void drop(const char *name)
{
    sh("cp '%s' '%s/'", at(name), at("inbox"));
}

static void test_inbox_to_screen_between_sessions(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, NULL, NULL, &config, 0);
    ik_kiosk_swap(&k, NULL);
    assert_true(k.out_of_service);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_OUT_OF_SERVICE);
    assert_false(ik_kiosk_press(&k, "help"));               /* nothing leads anywhere */
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_OUT_OF_SERVICE);
    IkUpdater *u = ik_updater_create(&config, at("store/current.pack"));
    ik_updater_shown(u, NULL);
    assert_true(ik_updater_write_status(u));
    char *s = status();
    assert_non_null(strstr(s, "\"state\": \"out-of-service\""));
    assert_non_null(strstr(s, "\"pack_version\": null"));
    free(s);

    /* refused packs leave the kiosk out of service, each with its reason */
    drop("unsigned.pack");
    drop("foreign.pack");
    drop("flipped.pack");
    assert_null(wait_ready(u));
    assert_false(ik_file_exists(at("store/current.pack")));
    ik_updater_write_status(u);
    s = status();
    assert_non_null(strstr(s, "\"last_update_result\": \"refused "));
    free(s);

    /* a good pack: installed, and shown at once (nobody is reading) */
    drop("v100.pack");
    IkContent *c = wait_ready(u);
    assert_non_null(c);
    assert_string_equal(ik_content_meta(c, "version"), "100");
    assert_true(ik_content_trusted(c));
    ik_content_close(c);
    /* taken by the kiosk, as the main loop does */
    drop("v101.pack");
    for (int i = 0; i < 8 && !ik_kiosk_take_update(&k, u); i++)
        ik_updater_step(u, false);
    assert_false(k.out_of_service);
    assert_string_equal(ik_content_meta(k.content, "version"), "101");
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    s = status();
    assert_non_null(strstr(s, "\"state\": \"ok\""));
    assert_non_null(strstr(s, "\"pack_version\": \"101\""));
    assert_non_null(strstr(s, "\"last_update_result\": \"installed version 101 from "));
    assert_non_null(strstr(s, "\"free_disk_bytes\": "));
    assert_null(strstr(s, "\"free_disk_bytes\": -1"));
    free(s);
    char *prev = ik_pack_version(at("store/previous.pack"));
    assert_string_equal(prev, "100");
    free(prev);

    /* a reader is in a session: the newer pack waits for its end */
    assert_true(ik_kiosk_press(&k, "start"));
    assert_true(ik_kiosk_set_lang(&k, "en"));
    ik_kiosk_go(&k, IK_SCENE_HOME);
    drop("v102.pack");
    for (int i = 0; i < 8; i++) {
        ik_updater_step(u, false);
        assert_false(ik_kiosk_take_update(&k, u));
    }
    assert_string_equal(ik_content_meta(k.content, "version"), "101");
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_HOME);
    assert_string_equal(k.s.lang, "en");
    ik_kiosk_reset(&k);     /* the session ends (idle or quick exit) */
    assert_true(ik_kiosk_take_update(&k, u));
    assert_string_equal(ik_content_meta(k.content, "version"), "102");

    /* an older pack, or the same again, changes nothing */
    drop("v100.pack");
    sh("touch '%s'", at("inbox/v101.pack"));
    assert_null(wait_ready(u));
    /* an operator's copy over the shown file: refused unless newer and good */
    sh("head -c 20000 /dev/urandom > '%s'", at("store/current.pack"));
    assert_null(wait_ready(u));
    sh("cp '%s' '%s'", at("v101.pack"), at("store/current.pack"));
    assert_null(wait_ready(u));
    assert_string_equal(ik_content_meta(k.content, "version"), "102");

    ik_updater_destroy(u);
    ik_kiosk_release(&k);
    ik_content_close(k.content);
}

/* A pack on screen read from its file (pack_memory_mb = 0), written over in
 * place: its pages can no longer be read, so a pack that verifies takes its
 * place even when older; one renamed over it is judged as any other. */
static void test_shown_file_written_over(void **state)
{
    (void)state;
    IkConfig fc = config;
    assert_true(ik_config_parse(&fc, "test.conf", "pack_memory_mb = 0\n"));
    assert_int_equal(fc.pack_memory_mb, 0);
    fc.inbox[0] = '\0';
    snprintf(fc.store, sizeof fc.store, "%s", at("fstore"));
    sh("rm -rf '%s' && mkdir '%s' && cp '%s' '%s'", at("fstore"), at("fstore"), at("v101.pack"),
       at("fstore/current.pack"));
    IkContent *shown = ik_kiosk_open_pack(&fc, at("fstore/current.pack"), false);
    assert_non_null(shown);
    assert_non_null(ik_content_file_stat(shown));
    IkUpdater *u = ik_updater_create(&fc, at("fstore/current.pack"));
    ik_updater_shown(u, shown);
    assert_null(wait_ready(u));
    /* an older pack renamed over it: the one on screen is intact, refused */
    sh("cp '%s' '%s' && mv '%s' '%s'", at("v100.pack"), at("fstore/new"), at("fstore/new"),
       at("fstore/current.pack"));
    assert_null(wait_ready(u));
    assert_string_equal(ik_content_ui(shown, "en", "home.title"), "How can we help you?");
    ik_updater_destroy(u);
    ik_content_close(shown);

    /* the same, copied over it in place */
    sh("cp '%s' '%s'", at("v101.pack"), at("fstore/current.pack"));
    sh("rm -f '%s' && cp '%s' '%s'", at("fstore/current.pack"), at("v101.pack"),
       at("fstore/current.pack"));
    shown = ik_kiosk_open_pack(&fc, at("fstore/current.pack"), false);
    assert_non_null(shown);
    u = ik_updater_create(&fc, at("fstore/current.pack"));
    ik_updater_shown(u, shown);
    assert_null(wait_ready(u));
    sh("cp '%s' '%s'", at("v100.pack"), at("fstore/current.pack"));
    IkContent *c = wait_ready(u);
    assert_non_null(c);
    assert_string_equal(ik_content_meta(c, "version"), "100");
    ik_content_close(c);
    ik_updater_destroy(u);
    ik_content_close(shown);
    /* a value out of range is refused with its line */
    assert_false(ik_config_parse(&fc, "test.conf", "\npack_memory_mb = -3\n"));
    assert_non_null(strstr(ik_error(), "test.conf:2: pack_memory_mb"));
}

/* the thread does the same on its own */
static void test_thread(void **state)
{
    (void)state;
    IkConfig c = config;
    snprintf(c.store, sizeof c.store, "%s", at("store2"));
    snprintf(c.inbox, sizeof c.inbox, "%s", at("inbox2"));
    mkdir(at("inbox2"), 0755);
    IkUpdater *u = ik_updater_create(&c, at("store2/current.pack"));
    assert_true(ik_updater_start(u));
    sh("cp '%s' '%s/'", at("v100.pack"), at("inbox2"));
    IkContent *got = NULL;
    for (int i = 0; i < 100 && !got; i++) {
        usleep(100000);
        got = ik_updater_take(u);
    }
    assert_non_null(got);
    assert_string_equal(ik_content_meta(got, "version"), "100");
    ik_content_close(got);
    ik_updater_destroy(u);
}

/* How often the updater thread has been woken (voluntary context switches of
 * the thread named "ik-updater"), -1 when there is no such thread. */
static long updater_wakes(void)
{
    DIR *d = opendir("/proc/self/task");
    long wakes = -1;
    for (struct dirent *e; d && wakes < 0 && (e = readdir(d));) {
        char path[300], comm[32] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        bool ours = fgets(comm, sizeof comm, f) && strcmp(comm, "ik-updater\n") == 0;
        fclose(f);
        snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
        char *s = ours ? ik_file_read(path, NULL) : NULL;
        const char *v = s ? strstr(s, "voluntary_ctxt_switches:") : NULL;
        if (v)
            wakes = strtol(v + strlen("voluntary_ctxt_switches:"), NULL, 10);
        free(s);
    }
    if (d)
        closedir(d);
    return wakes;
}

static IkContent *take_within(IkUpdater *u, int tenths)
{
    IkContent *got = NULL;
    for (int i = 0; i < tenths && !got; i++) {
        usleep(100000);
        got = ik_updater_take(u);
    }
    return got;
}

/* An idle kiosk uses no CPU: once what it found at start has settled, the
 * thread sleeps until a watched folder changes, even one that does not
 * exist yet (an inbox created later). */
static void test_thread_sleeps_until_a_change(void **state)
{
    (void)state;
    IkConfig c = config;
    snprintf(c.store, sizeof c.store, "%s", at("store3"));
    snprintf(c.inbox, sizeof c.inbox, "%s", at("later/inbox3"));
    IkUpdater *u = ik_updater_create(&c, at("store3/current.pack"));
    assert_true(ik_updater_start(u));
    sleep(5);
    long before = updater_wakes();
    assert_true(before >= 0);
    sleep(3);
    assert_int_equal(updater_wakes(), before);

    mkdir(at("later"), 0755);
    mkdir(at("later/inbox3"), 0755);
    sh("cp '%s' '%s/'", at("v100.pack"), at("later/inbox3"));
    IkContent *got = take_within(u, 100);
    assert_non_null(got);
    assert_string_equal(ik_content_meta(got, "version"), "100");
    ik_content_close(got);

    /* asleep again, then woken by the next pack */
    sleep(5);
    before = updater_wakes();
    sleep(2);
    assert_int_equal(updater_wakes(), before);
    sh("cp '%s' '%s/'", at("v101.pack"), at("later/inbox3"));
    got = take_within(u, 100);
    assert_non_null(got);
    assert_string_equal(ik_content_meta(got, "version"), "101");
    ik_content_close(got);
    ik_updater_destroy(u);
}

static void test_config_keys(void **state)
{
    (void)state;
    IkConfig c;
    ik_config_defaults(&c);
    assert_int_equal(c.update_interval, 3600);
    char *pub = ik_file_read(at("k.pub"), NULL);
    char *text = ik_xasprintf("%sstore = /var/lib/incontro/store\ninbox = /media/incontro\n"
                              "update_url = https://example.org/incontro.pack\n"
                              "update_ca = /etc/ssl/ca.pem\nupdate_interval = 900\n"
                              "status_file = /run/incontro/status.json\n", pub);
    assert_true(ik_config_parse(&c, "k.conf", text));
    assert_true(c.has_trusted_key);
    assert_string_equal(c.update_url, "https://example.org/incontro.pack");
    assert_int_equal(c.update_interval, 900);
    assert_string_equal(c.inbox, "/media/incontro");
    free(text);
    free(pub);
    static const struct { const char *text, *message; } bad[] = {
        {"trusted_key = 1234\n", "k.conf:1: trusted_key must be the 64 hex digits"},
        {"update_url = http://example.org/p.pack\n", "k.conf:1: update_url must be an https://"},
        {"update_interval = 0\n", "k.conf:1: update_interval must be"},
        {"store = /s\n\ninbox = /media/x\n", "k.conf:3: updates need trusted_key and store"},
        {"update_url = https://x.org/p\nstore = /s\n", "k.conf:1: updates need trusted_key"},
        {"status_file =\n", "k.conf:1: a file or folder path is needed"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ik_config_defaults(&c);
        assert_false(ik_config_parse(&c, "k.conf", bad[i].text));
        if (strncmp(ik_error(), bad[i].message, strlen(bad[i].message)) != 0)
            fail_msg("case %zu: got '%s'", i, ik_error());
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inbox_to_screen_between_sessions),
        cmocka_unit_test(test_thread),
        cmocka_unit_test(test_thread_sleeps_until_a_change),
        cmocka_unit_test(test_config_keys),
        cmocka_unit_test(test_shown_file_written_over),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
